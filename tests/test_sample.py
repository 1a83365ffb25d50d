"""The demo's sample years: they follow the calendar, say they are sample data, and read back
through the readers with the counts and statuses their plans ask for."""

from __future__ import annotations

from datetime import date

import pytest

from ita.read.formats import read_report
from ita.read.normalise import normalise
from ita.read.organisations import parse_title
from ita.read.records import DONE, IN_PROGRESS, NOT_STARTED, ImportRefused
from ita.read.status import parse_status
from synth.sample import SAMPLE_MARKER, current_fiscal_year, demo_reports, demo_years, items_year, year_plan

import seed_oracle as oracle
from conftest import SAMPLES, SEED

TODAY = date(2026, 11, 27)  # fiscal year 2570
ORG = "เทศบาลตำบลหนองจอก"
SEED_ACTIONS_NOT_OIT = oracle.MEASURES - len(oracle.OIT_CODES)  # IIT and EIT rows carry over every year


@pytest.mark.parametrize(
    ("today", "fiscal_year"),
    [
        (date(2026, 11, 27), 2570),
        (date(2026, 10, 1), 2570),
        (date(2026, 9, 30), 2569),
        (date(2026, 1, 1), 2569),
        (date(2024, 10, 1), 2568),
    ],
)
def test_the_fiscal_year_starts_on_the_first_of_october(today, fiscal_year):
    assert current_fiscal_year(today) == fiscal_year


def test_sample_years_reach_the_current_fiscal_year():
    assert demo_years(2564, today=TODAY) == [2565, 2566, 2567, 2568, 2569, 2570]
    assert demo_years(2564, years=3, today=TODAY) == [2568, 2569, 2570]
    assert demo_years(2564, years=1, today=date(2025, 9, 30)) == [2568]
    assert demo_years(2564, years=8, today=TODAY) == [2563, 2565, 2566, 2567, 2568, 2569, 2570]  # never the seed's


@pytest.fixture(scope="module")
def reports(framework, directory):
    return demo_reports(SEED, framework, directory, today=TODAY)


def test_demo_reports_are_deterministic(reports, framework, directory):
    assert demo_reports(SEED, framework, directory, today=TODAY) == reports


def test_one_report_per_year_each_titled_as_sample_data(reports):
    assert sorted(reports) == [f"nongchok_{year}_sample.txt" for year in range(2565, 2571)]
    for name, text in reports.items():
        title_line = text.split("\n")[2]
        assert title_line.startswith(SAMPLE_MARKER)
        title = parse_title(title_line)
        assert (title.organisation, title.fiscal_year, title.is_sample) == (ORG, int(name.split("_")[1]), True)


def test_each_year_reads_back_with_its_plan(reports):
    """Statuses as the plan says: round(completion × measures) done, the rest open, every wording known."""
    for name, text in reports.items():
        raw = read_report(name, text.encode("utf-8"))
        plan = year_plan(raw.fiscal_year)
        assert (raw.organisation, raw.is_sample) == (ORG, True)
        statuses = [parse_status(row.cells["status"])[0] for row in raw.rows]
        assert set(statuses) <= {DONE, IN_PROGRESS, NOT_STARTED}
        assert statuses.count(DONE) == round(plan.completion * len(statuses))
        # The seed's IIT/EIT rows (less those dropped) and the added items' rows are all there.
        seed_actions = {row.cells["action"] for row in read_report(SEED.name, SEED.read_bytes()).rows}
        carried = [row for row in raw.rows if row.cells["action"] in seed_actions]
        added = [row for row in raw.rows if row.cells["action"] not in seed_actions]
        assert len(added) == plan.added and all(row.cells["item"] and row.cells["indicator"] for row in added)
        assert SEED_ACTIONS_NOT_OIT - plan.dropped <= len(carried) <= oracle.MEASURES - plan.dropped
        assert all(thai_year(raw.fiscal_year) in row.cells["period"] for row in added)


def thai_year(year: int) -> str:
    return str(year).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


def test_years_with_a_framework_import_as_sample_with_every_row_a_measure(reports, framework, directory):
    for name, text in reports.items():
        raw = read_report(name, text.encode("utf-8"))
        if raw.fiscal_year not in framework.years:
            continue
        report = normalise(raw, framework, directory)
        assert report.is_sample and len(report.measures) == len(raw.rows)
        assert not [f for f in report.findings if f.code in ("unknown_status", "unknown_indicator", "oit_unmatched")]


def test_years_with_a_partial_or_missing_framework_are_written(reports, framework):
    """A year whose framework is not published yet (2570) writes OIT rows with the items of the nearest
    earlier year that lists them; a year that lists its own OIT items (2568, 2569: partial) uses its own."""
    assert 2570 not in framework.years
    for year in (2568, 2569, 2570):
        source_year = items_year(framework, year).fiscal_year
        assert source_year == (year if year in framework.years else max(framework.years))
        names = {item.topic or item.name for item in framework.for_year(source_year).items.values()}
        raw = read_report(f"{year}.txt", reports[f"nongchok_{year}_sample.txt"].encode("utf-8"))
        oit_rows = [row for row in raw.rows if row.cells["item"] in names]
        assert oit_rows and len(raw.rows) >= SEED_ACTIONS_NOT_OIT - year_plan(year).dropped


def test_committed_sample_files_are_sample_years_after_the_seed_that_import(framework, directory):
    years = []
    for path in SAMPLES:
        raw = read_report(path.name, path.read_bytes())
        assert raw.is_sample and raw.organisation == ORG and SAMPLE_MARKER in raw.title
        try:
            report = normalise(raw, framework, directory)
        except ImportRefused as refused:  # pragma: no cover - names the file that should not be committed
            pytest.fail(str(refused))
        assert report.measures
        years.append(raw.fiscal_year)
    assert years == list(range(2565, 2565 + len(years)))


def test_the_sample_command_writes_the_years_up_to_the_given_day(tmp_path, capsys):
    from ita.cli import main

    assert main(["sample", "--years", "2", "--today", "2025-09-30", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nongchok_2567_sample.txt", "nongchok_2568_sample.txt"]
    assert "nongchok_2568_sample.txt" in capsys.readouterr().out

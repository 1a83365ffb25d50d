"""Deadlines end to end: period dates read on import, stored, migrated, counted as overdue, shown.

The oracle is tests/data/deadlines_2567.txt, a report in the seed's text layout written for these
tests: 14 measures of fiscal year 2567 (1 Oct 2023 – 30 Sep 2024) whose periods are written in
every form the period parser reads, in Thai and Arabic digits, plus two it cannot read. Every
number below is counted by hand from the table ROWS.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date

import duckdb
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ita.analytics import metrics
from ita.analytics.filters import Filters
from ita.present.labels import finding_text, format_date
from ita.present.pdf_report import summary_html
from ita.read.formats import read_report
from ita.read.normalise import UNREADABLE_LINES_LISTED, normalise
from ita.read.records import RawRow
from ita.store.imports import ingest_paths
from ita.store.reader import StoreReader

from conftest import REPO

REPORT = REPO / "tests" / "data" / "deadlines_2567.txt"
ORG = "เทศบาลตำบลบ้านทดสอบ"

D = date
# source line → (period as written, status, period_start, period_end), in report order.
# Lines 6–9 name กองคลัง or its section งานพัสดุ; lines 12–25 are shared by every division.
ROWS = {
    6: ("ตลอดปีงบประมาณ ๒๕๖๗", "in_progress", D(2023, 10, 1), D(2024, 9, 30)),
    7: ("ไตรมาสที่ 1", "in_progress", D(2023, 10, 1), D(2023, 12, 31)),
    8: ("ไตรมาสที่ ๒", "not_started", D(2024, 1, 1), D(2024, 3, 31)),
    9: ("ไตรมาส 3-4", "in_progress", D(2024, 4, 1), D(2024, 9, 30)),
    12: ("ต.ค. 66 - ธ.ค. 66", "done", D(2023, 10, 1), D(2023, 12, 31)),
    13: ("ต.ค. ๖๖ - ธ.ค. ๖๖", "in_progress", D(2023, 10, 1), D(2023, 12, 31)),
    14: ("ก.ย. 2567", "not_started", D(2024, 9, 1), D(2024, 9, 30)),
    15: ("ภายในเดือนมกราคม 2567", "in_progress", D(2023, 10, 1), D(2024, 1, 31)),
    18: ("ภายในเดือนมิถุนายน ๒๕๖๗", "not_started", D(2023, 10, 1), D(2024, 6, 30)),
    19: ("1 ต.ค. 2566 – 31 ธ.ค. 2566", "done", D(2023, 10, 1), D(2023, 12, 31)),
    20: ("1 ต.ค. 2566 – 15 ก.พ. 2567", "in_progress", D(2023, 10, 1), D(2024, 2, 15)),
    21: ("ทุกเดือน (รายงานทุกวันที่ 5)", "in_progress", D(2023, 10, 1), D(2024, 9, 30)),
    24: ("ตามความเหมาะสม", "in_progress", None, None),  # unreadable: never overdue
    25: ("ตามแผนงาน", "done", None, None),  # unreadable
}
MEASURES, OPEN = 14, 11

# As of 15 Feb 2024: lines 7 and 13 (ended 31 Dec 2023) and 15 (31 Jan 2024) = 3. Line 20 ends that
# very day, so it is due, not late; line 12 also ended 31 Dec but is done.
MID_YEAR, OVERDUE_MID_YEAR = D(2024, 2, 15), 3
# The day after, line 20 is late too: 3 + 1 = 4.
DAY_AFTER, OVERDUE_DAY_AFTER = D(2024, 2, 16), 4
# As of 1 Jul 2024: lines 7, 13, 15, 20, then 8 (31 Mar) and 18 (30 Jun, one day late) = 6. Not:
# 6, 9, 14, 21 (end 30 Sep 2024), 24 (unreadable), and the done 12, 19, 25.
JULY, OVERDUE_JULY = D(2024, 7, 1), 6
# Days late on 1 Jul 2024, most first (2024 is a leap year); ties in report order:
# 31 Dec → 183 (lines 7, 13), 31 Jan → 152 (15), 15 Feb → 137 (20), 31 Mar → 92 (8), 30 Jun → 1 (18).
DAYS_LATE_JULY = [(7, 183), (13, 183), (15, 152), (20, 137), (8, 92), (18, 1)]
# Today (after 30 Sep 2024) every open measure with a readable period is late: 11 open − line 24 = 10.
OVERDUE_NOW = 10


@pytest.fixture(scope="module")
def report(framework, directory):
    return normalise(read_report(REPORT.name, REPORT.read_bytes()), framework, directory)


@pytest.fixture(scope="module")
def deadlines_master(tmp_path_factory):
    store = tmp_path_factory.mktemp("deadlines") / "ita.duckdb"
    results = ingest_paths([REPORT], store, actor="test")
    assert results[0].refused is None, str(results[0].refused)
    return store


@pytest.fixture
def deadlines_store(deadlines_master, tmp_path):
    path = tmp_path / "ita.duckdb"
    shutil.copyfile(deadlines_master, path)
    return path


def _stored_periods(store):
    with duckdb.connect(str(store), read_only=True) as con:
        rows = con.execute("SELECT source_line, period, status, period_start, period_end FROM measures "
                           "ORDER BY seq").fetchall()
    return {line: rest for line, *rest in rows}


def _expected_periods():
    return {line: [text, status, start, end] for line, (text, status, start, end) in ROWS.items()}


# --- reading -------------------------------------------------------------------------------------


def test_every_period_form_is_read_and_its_text_kept(report):
    got = {m.line: [m.period, m.status, m.period_start, m.period_end] for m in report.measures}
    assert got == _expected_periods()


def test_unreadable_periods_make_one_warning_per_import(report):
    assert [f.code for f in report.findings] == ["unreadable_periods"]
    finding = report.findings[0]
    assert finding.args == ("2", "24, 25", "ตามความเหมาะสม")
    assert finding.line == 24 and finding.seq is None  # found at the first line, about no one measure
    assert "2" in finding_text(finding.code, finding.args, "th") and "24, 25" in finding_text(
        finding.code, finding.args, "en")


def test_many_unreadable_periods_are_counted_and_the_first_lines_listed(framework, directory):
    raw = read_report(REPORT.name, REPORT.read_bytes())
    raw.rows = [RawRow(r.line, {**r.cells, "period": "ตามความเหมาะสม"}) for r in raw.rows]
    findings = [f for f in normalise(raw, framework, directory).findings if f.code == "unreadable_periods"]
    assert len(findings) == 1
    count, lines, wording = findings[0].args
    assert count == str(MEASURES)
    listed = sorted(ROWS)[:UNREADABLE_LINES_LISTED]
    assert lines == ", ".join(map(str, listed)) + ", …"
    assert wording == "ตามความเหมาะสม"


def test_readable_or_empty_periods_give_no_warning(framework, directory):
    raw = read_report(REPORT.name, REPORT.read_bytes())
    raw.rows = [replace(r, cells={**r.cells, "period": "" if r.line == 24 else r.cells["period"]})
                for r in raw.rows if r.line != 25]
    report = normalise(raw, framework, directory)
    assert report.findings == []
    assert next(m for m in report.measures if m.line == 24).period_end is None


# --- storing and migrating -----------------------------------------------------------------------


def test_the_store_holds_the_dates_beside_the_text(deadlines_store):
    assert _stored_periods(deadlines_store) == _expected_periods()
    with duckdb.connect(str(deadlines_store), read_only=True) as con:
        warnings = con.execute("SELECT code, line, args FROM import_findings").fetchall()
    assert warnings == [("unreadable_periods", 24, ["2", "24, 25", "ตามความเหมาะสม"])]


def test_a_store_from_schema_2_is_migrated_and_its_dates_read(deadlines_store):
    from ita.store.check import check_store
    from ita.store.session import SCHEMA_VERSION, migrate_store

    with duckdb.connect(str(deadlines_store)) as con:  # make it look as release 2 left it
        con.execute("DROP MACRO days_late")
        con.execute("DROP MACRO is_overdue")
        con.execute("ALTER TABLE measures DROP COLUMN period_start")
        con.execute("ALTER TABLE measures DROP COLUMN period_end")
        con.execute("UPDATE store_meta SET value = '2' WHERE key = 'schema_version'")
        con.execute("DELETE FROM store_meta WHERE key = 'views_sha256'")
    assert not check_store(deadlines_store).ok
    assert migrate_store(deadlines_store)
    assert check_store(deadlines_store).ok
    assert _stored_periods(deadlines_store) == _expected_periods()
    with duckdb.connect(str(deadlines_store), read_only=True) as con:
        version = con.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()[0]
    assert int(version) == SCHEMA_VERSION
    assert metrics.totals(StoreReader(deadlines_store), Filters(), JULY)["overdue"] == OVERDUE_JULY
    assert not migrate_store(deadlines_store)


def test_a_report_whose_periods_are_all_unreadable_is_stored(deadlines_store, tmp_path):
    # Every date None: the writer's column has no type of its own and must still land as DATE.
    text = REPORT.read_text(encoding="utf-8")
    for period, *_ in ROWS.values():
        text = text.replace(f"\t{period}\t", "\tตามความเหมาะสม\t")
    changed = tmp_path / "unreadable.txt"
    changed.write_text(text, encoding="utf-8")
    outcome = ingest_paths([changed], deadlines_store)[0].outcome
    assert outcome.state == "stored"
    assert [f.args[0] for f in outcome.findings if f.code == "unreadable_periods"] == [str(MEASURES)]
    assert metrics.totals(StoreReader(deadlines_store), Filters(), JULY)["overdue"] == 0


# --- counting --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("as_of", "overdue"), [
    (MID_YEAR, OVERDUE_MID_YEAR), (DAY_AFTER, OVERDUE_DAY_AFTER), (JULY, OVERDUE_JULY),
])
def test_overdue_counts_by_hand(deadlines_store, as_of, overdue):
    totals = metrics.totals(StoreReader(deadlines_store), Filters(), as_of)
    assert (totals["measures"], totals["measures"] - totals["done"]) == (MEASURES, OPEN)
    assert totals["overdue"] == overdue


def test_overdue_follows_the_filters(deadlines_store):
    reader = StoreReader(deadlines_store)
    # กองคลัง with its section: lines 6–9, of which 7 and 8 are late in July.
    assert metrics.totals(reader, Filters(divisions=("กองคลัง",)), JULY)["overdue"] == 2
    assert metrics.totals(reader, Filters(statuses=("not_started",)), JULY)["overdue"] == 2  # lines 8, 18
    assert metrics.totals(reader, Filters(statuses=("done",)), JULY)["overdue"] == 0


def test_overdue_measures_most_days_late_first(deadlines_store):
    frame = metrics.overdue_measures(StoreReader(deadlines_store), Filters(), JULY)
    with duckdb.connect(str(deadlines_store), read_only=True) as con:
        line_of = dict(con.execute("SELECT measure_id, source_line FROM measures").fetchall())
    got = [(line_of[m], int(d)) for m, d in zip(frame["measure_id"], frame["days_late"], strict=True)]
    assert got == DAYS_LATE_JULY
    assert [d.date() for d in frame["period_end"]] == [ROWS[line][3] for line, _ in DAYS_LATE_JULY]


def test_summary_json_with_as_of(deadlines_store):
    def summary(*args):
        env = dict(os.environ, ITA_DB=str(deadlines_store))
        result = subprocess.run([sys.executable, "-m", "ita", "summary", "--json", *args], cwd=REPO, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    mid_year = summary("--as-of", MID_YEAR.isoformat())
    assert (mid_year["org"], mid_year["fiscal_year"], mid_year["measures"]) == (ORG, 2567, MEASURES)
    assert (mid_year["as_of"], mid_year["overdue"]) == ("2024-02-15", OVERDUE_MID_YEAR)
    assert summary("--as-of", JULY.isoformat())["overdue"] == OVERDUE_JULY
    now = summary()
    assert now["overdue"] == OVERDUE_NOW
    assert len(now["warnings"]) == 1 and "24, 25" in now["warnings"][0]


def test_summary_refuses_a_date_it_cannot_read(deadlines_store):
    env = dict(os.environ, ITA_DB=str(deadlines_store))
    result = subprocess.run([sys.executable, "-m", "ita", "summary", "--as-of", "15/02/2024"], cwd=REPO, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 2 and "--as-of" in result.stderr


# --- showing --------------------------------------------------------------------------------------


def test_the_pdf_names_the_overdue_measures_with_days_late(deadlines_store):
    html = summary_html(StoreReader(deadlines_store), Filters(), "th", as_of=JULY)
    section = html[html.index('<section class="overdue">'):html.index('<section class="measures">')]
    assert f"เกินกำหนด ({OVERDUE_JULY})" in section and "1 ก.ค. 2567" in section
    assert [int(d) for d in re.findall(r'class="days-late">([\d,]+)<', section)] == [d for _, d in DAYS_LATE_JULY]
    assert "31 ธ.ค. 2566" in section  # due dates in Buddhist Era
    assert "ตามความเหมาะสม" not in section
    early = summary_html(StoreReader(deadlines_store), Filters(), "en", as_of=D(2023, 11, 1))
    assert "No measure is overdue" in early


@pytest.fixture
def app_on(deadlines_store, monkeypatch):
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("ITA_DB", str(deadlines_store))

    def run(page=None):
        at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    yield run
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_overview_shows_overdue_as_a_kpi_card(app_on):
    before = date.today()
    at = app_on()
    after = date.today()
    card = next(m for m in at.metric if m.label == "เกินกำหนด")
    assert card.value == str(OVERDUE_NOW)
    assert any(format_date(day, "th") in card.help for day in {before, after})
    assert "ยังไม่แล้วเสร็จ" in card.help


def test_the_open_items_page_lists_overdue_measures_first(app_on):
    at = app_on("pages/in_progress.py")
    assert next(m for m in at.metric if m.label.startswith("เกินกำหนด ณ วันที่")).value == str(OVERDUE_NOW)
    tables = [d.value for d in at.dataframe if "days_late" in d.value.columns]
    by_lines = {tuple(frame["source_line"]): frame for frame in tables}
    # กองคลัง (lines 6–9, all open): ended 31 Dec 2023 (7), 31 Mar 2024 (8), then 30 Sep 2024 (6, 9).
    finance = by_lines[(7, 8, 6, 9)]
    # Shared by every division, open: 13 (31 Dec), 15 (31 Jan), 20 (15 Feb), 18 (30 Jun), 14 and 21
    # (30 Sep), and last 24, whose period cannot be read.
    shared = by_lines[(13, 15, 20, 18, 14, 21, 24)]
    assert len(by_lines) == 2
    due = list(shared["due_date"])
    assert due[:-1] == ["31 ธ.ค. 2566", "31 ม.ค. 2567", "15 ก.พ. 2567", "30 มิ.ย. 2567", "30 ก.ย. 2567",
                        "30 ก.ย. 2567"]
    assert pd.isna(due[-1])
    late = list(shared["days_late"])
    assert pd.isna(late[-1]) and not any(pd.isna(d) for d in late[:-1])
    # Days late differ exactly as the due dates do, whatever today is: 31, 15, 136, 92, 0 days apart.
    assert [a - b for a, b in itertools.pairwise(late[:-1])] == [31, 15, 136, 92, 0]
    assert [a - b for a, b in itertools.pairwise(list(finance["days_late"]))] == [91, 183, 0]

"""The synthetic national data set: deterministic, Thailand's mix of agencies, and read back by the
normal import path exactly as it was written."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from ita.read.formats import read_report
from ita.read.normalise import normalise
from ita.read.organisations import SAMPLE_MARKERS, parse_title
from ita.read.records import DONE, IN_PROGRESS, NOT_STARTED, UNKNOWN
from ita.read.status import parse_status
from ita.read.thai import compact
from synth import national
from synth.national import (
    SYNTHETIC_MARKER,
    UNREADABLE_STATUSES,
    agencies,
    kind_counts,
    load_provinces,
    national_reports,
    plan_report,
    render,
    report_for,
    wrap_cell,
)

NATIONAL = 8317


@pytest.fixture(scope="module")
def population():
    return agencies(NATIONAL)


def _mixed_sample(population, framework, size, rng):
    """(agency, year) pairs covering every year and, when rare, CSV and XLSX reports."""
    want = {"text": size * 3 // 4, "csv": size // 6, "xlsx": max(2, size // 15)}
    got, picked = Counter(), []
    candidates = rng.sample(population, 3000)
    for index, agency in enumerate(candidates):
        year = framework.years[index % len(framework.years)]
        kind = plan_report(agency, year, framework).kind
        if got[kind] < want[kind]:
            got[kind] += 1
            picked.append((agency, year))
        if got == Counter(want):
            break
    assert got == Counter(want), got
    return picked


def test_the_marker_makes_every_import_a_sample(population, framework):
    assert any(marker in SYNTHETIC_MARKER for marker in SAMPLE_MARKERS)
    plan = plan_report(population[0], 2566, framework)
    assert plan.title.startswith(SYNTHETIC_MARKER)


def test_same_inputs_same_bytes_and_seeds_differ(population, framework):
    assert agencies(300) == agencies(300)
    assert agencies(300, seed=1) != agencies(300)
    rng = random.Random(7)
    sample = [(a, framework.years[i % 5]) for i, a in enumerate(rng.sample(population, 15))]
    first = [report_for(a, y, framework) for a, y in sample]
    again = [report_for(a, y, framework) for a, y in reversed(sample)][::-1]  # order must not matter
    assert first == again
    other = [report_for(a, y, framework, seed=3) for a, y in sample]
    assert sum(a[1] != b[1] for a, b in zip(first, other, strict=True)) == len(sample)


def test_agency_mix_is_thailands(population):
    assert len(population) == NATIONAL
    assert len({a.name for a in population}) == NATIONAL
    counts = Counter(a.org_type for a in population)
    assert counts["อบจ."] == 76
    assert counts["กรุงเทพมหานคร"] == counts["เมืองพัทยา"] == 1
    # The uncapped kinds keep Thailand's ratios (30 : 195 : 2,247 : 5,300).
    assert counts["อบต."] / counts["เทศบาลตำบล"] == pytest.approx(5300 / 2247, rel=0.01)
    assert counts["เทศบาลเมือง"] / counts["เทศบาลตำบล"] == pytest.approx(195 / 2247, rel=0.02)
    assert 28 <= counts["เทศบาลนคร"] <= 34
    assert {a.province for a in population} == {p.name for p in load_provinces()}
    assert len(load_provinces()) == 77
    pao = [a for a in population if a.org_type == "อบจ."]
    assert len({a.province for a in pao}) == 76 and "กรุงเทพมหานคร" not in {a.province for a in pao}
    for agency in population:
        province = next(p for p in load_provinces() if p.name == agency.province)
        assert agency.district in province.districts


@pytest.mark.parametrize("count", [1, 10, 77, 500, 2000])
def test_smaller_counts_keep_the_proportions(count):
    made = agencies(count)
    assert len(made) == len({a.name for a in made}) == count
    counts = kind_counts(count)
    assert sum(counts.values()) == count
    total = sum(k.national for k in national._KINDS)
    for kind in national._KINDS:
        assert abs(counts[kind.prefix] - count * kind.national / total) < 1.5


def test_titles_parse_back_to_the_agency(population, framework):
    rng = random.Random(3)
    special = [a for a in population if a.org_type not in ("อบต.", "เทศบาลตำบล")]
    for index, agency in enumerate(special + rng.sample(population, 400)):
        year = framework.years[index % len(framework.years)]
        title = parse_title(plan_report(agency, year, framework).title)
        assert (title.organisation, title.fiscal_year, title.is_sample, title.district, title.province) == (
            agency.name, year, True, agency.district, agency.province,
        )


def test_reports_reimport_as_written(population, framework, directory):
    rng = random.Random(11)
    sample = _mixed_sample(population, framework, 40, rng)
    oit_rows = oit_matched = 0
    kinds, forms = Counter(), Counter()
    for agency, year in sample:
        plan = plan_report(agency, year, framework)
        forms["numbered indicator"] += any(r.cells["indicator"].startswith("ตัวชี้วัดที่") for r in plan.rows)
        forms["wording with percent"] += any("(" in r.cells["status"] for r in plan.rows)
        name, data = report_for(agency, year, framework)
        kinds[name.rsplit(".", 1)[1]] += 1
        report = normalise(read_report(name, data), framework, directory)
        assert (report.organisation, report.fiscal_year, report.province, report.district, report.is_sample) == (
            agency.name, year, agency.province, agency.district, True,
        )
        assert len(report.measures) == len(plan.rows), name
        assert Counter(m.status for m in report.measures) == Counter(r.status for r in plan.rows), name
        for measure, row in zip(report.measures, plan.rows, strict=True):
            assert measure.indicator_no == row.indicator_no, (name, measure.indicator_as_written)
            if row.tool == "OIT":
                oit_rows += 1
                oit_matched += measure.item_code == row.item_code
            else:
                assert measure.item_code == row.item_code, (name, measure.item_text)
        # The only warnings are the mistakes written on purpose.
        unknown = sum(r.problem == "unknown_status" for r in plan.rows)
        assert Counter(f.code for f in report.findings)["unknown_status"] == unknown
        # … and, for a year whose framework is partial (2568, 2569), the one warning saying so.
        assert {f.code for f in report.findings} <= {"unknown_status", "item_wrong_indicator",
                                                     "framework_partial"}, report.findings
        assert Counter(f.code for f in report.findings)["framework_partial"] <= 1
    assert set(kinds) == {"txt", "csv", "xlsx"}
    assert min(forms.values()) > 0 and len(forms) == 2, forms  # the sample holds the harder forms too
    print(f"OIT rows matched to the intended item: {oit_matched}/{oit_rows} = {oit_matched / oit_rows:.1%}")
    assert oit_matched / oit_rows >= 0.95


def test_reports_vary_like_real_ones(population, framework):
    rng = random.Random(5)
    sizes, statuses, problems, completion = [], Counter(), Counter(), []
    for index, agency in enumerate(rng.sample(population, 400)):
        plan = plan_report(agency, framework.years[index % 5], framework)
        sizes.append(len(plan.rows))
        statuses.update(r.status for r in plan.rows)
        problems.update(r.problem for r in plan.rows)
        completion.append(sum(r.status == DONE for r in plan.rows) / len(plan.rows))
    assert min(sizes) >= 15 and max(sizes) <= 45 and max(sizes) - min(sizes) >= 20
    rows = sum(sizes)
    assert 0.7 < statuses[DONE] / rows < 0.9
    assert statuses[IN_PROGRESS] > statuses[NOT_STARTED] > statuses[UNKNOWN] > 0
    assert 0.004 < (rows - problems[""]) / rows < 0.02
    assert {"unknown_status", "indicator_typo", "wrong_indicator"} <= set(problems)
    assert min(completion) < 0.6 and max(completion) == 1.0  # weak agencies and strong ones


def test_completion_drifts_over_the_years(population, framework):
    rng = random.Random(9)
    changes = []
    for agency in rng.sample(population, 200):
        done = []
        for year in (2564, 2568):
            rows = plan_report(agency, year, framework).rows
            done.append(sum(r.status == DONE for r in rows) / len(rows))
        changes.append(done[1] - done[0])
    assert sum(c > 0.1 for c in changes) >= 20  # some improve …
    assert sum(c < -0.1 for c in changes) >= 10  # … and some decline


def test_measures_carry_over_between_years(population, framework):
    agency = population[4000]
    first = {r.item_code for r in plan_report(agency, 2565, framework).rows if r.tool != "OIT"}
    second = {r.item_code for r in plan_report(agency, 2566, framework).rows if r.tool != "OIT"}
    assert len(first & second) >= 0.5 * min(len(first), len(second))


def test_formats_and_encodings_mix(population, framework):
    rng = random.Random(13)
    kinds, encodings = Counter(), Counter()
    for index, agency in enumerate(rng.sample(population, 2500)):
        plan = plan_report(agency, framework.years[index % 5], framework)
        kinds[plan.kind] += 1
        if plan.kind == "csv" and len(encodings) < 2:
            encodings["bom" if render(plan, agency).startswith(b"\xef\xbb\xbf") else "cp874"] += 1
    assert 0.8 < kinds["text"] / 2500 < 0.9
    assert 0.09 < kinds["csv"] / 2500 < 0.18
    assert 0 < kinds["xlsx"] / 2500 < 0.03
    assert set(encodings) == {"bom", "cp874"}


def test_every_wording_reads_as_meant():
    for status, words in national._STATUS_WORDS.items():
        for word in words:
            assert parse_status(word)[0] == status, word
    for word in UNREADABLE_STATUSES:
        assert parse_status(word)[0] == UNKNOWN, word


def test_wrapping_only_adds_spaces_between_syllables():
    # The seed report's own wraps come out of the same cells.
    assert wrap_cell("ตลอดปีงบประมาณ ๒๕๖๔", 9) == "ตลอด ปีงบประมาณ ๒๕๖๔"
    assert wrap_cell("ระหว่างดำเนินการ", 9) == "ระหว่าง ดำเนินการ"
    assert wrap_cell("การใช้ทรัพย์สินของราชการ", 10) == "การใช้ ทรัพย์สินของ ราชการ"
    assert wrap_cell("ทุกสำนัก/กอง", 9) == "ทุกสำนัก/ กอง"
    assert wrap_cell("คุณภาพการดำเนินงาน", 10) == "คุณภาพการ ดำเนินงาน"
    assert wrap_cell("สำนักปลัด", 20) == "สำนักปลัด"
    marks = "ัิีึืุู่้๊๋็์าำะ"
    for text in ("การใช้ทรัพย์สินของราชการ", "เผยแพร่/ประชาสัมพันธ์ประกาศ ข้อปฏิบัติในการขอยืมทรัพย์สิน", "ต.ค. ๒๕๖๓ - ก.ย. ๒๕๖๔"):
        for width in (5, 9, 14):
            wrapped = wrap_cell(text, width)
            assert compact(wrapped) == compact(text)
            assert not any(word[0] in marks for word in wrapped.split(" ") if word)
            assert "๒ ๕" not in wrapped


def test_national_reports_go_year_by_year(framework):
    last_two = [str(y) for y in framework.years[-2:]]  # the shipped reference's newest years
    reports = list(national_reports(3, 2, framework))
    assert [name.split("_")[1] for name, _ in reports] == [last_two[0]] * 3 + [last_two[1]] * 3
    firsts = list(national_reports(2, 1, framework, first_year=2564))
    assert [name.split("_")[1] for name, _ in firsts] == ["2564", "2564"]
    with pytest.raises(ValueError):
        list(national_reports(2, len(framework.years) + 1, framework))
    with pytest.raises(ValueError):
        list(national_reports(2, 2, framework, first_year=framework.years[-1]))


def test_national_reports_give_every_agency_a_report_each_year(framework):
    # How fast they are generated is measured in bench/, not asserted here.
    names = [name for name, _ in national_reports(300, 5, framework)]
    assert len(names) == len(set(names)) == 300 * 5

"""The seed report read end to end, against its hand count."""

from collections import Counter

import pytest

from ita.present.labels import finding_message
from ita.read.formats import read_report
from ita.read.normalise import normalise

import seed_oracle as oracle


@pytest.fixture(scope="module")
def seed_report(seed_bytes, framework, directory):
    return normalise(read_report("nongchok_2564.txt", seed_bytes), framework, directory)


def test_title_gives_organisation_and_year(seed_report):
    assert seed_report.organisation == "เทศบาลตำบลหนองจอก"
    assert seed_report.fiscal_year == 2564
    assert seed_report.org_type == "เทศบาลตำบล"
    assert not seed_report.is_sample


def test_counts_match_the_hand_count(seed_report):
    statuses = Counter(m.status for m in seed_report.measures)
    assert len(seed_report.measures) == oracle.MEASURES
    assert statuses == {"done": oracle.DONE, "in_progress": oracle.IN_PROGRESS}


def test_indicators_are_official_names(seed_report):
    counts = Counter(m.indicator for m in seed_report.measures)
    open_counts = Counter(m.indicator for m in seed_report.measures if m.status != "done")
    assert {name: (counts[name], open_counts[name]) for name in counts} == oracle.INDICATORS


def test_responsible_divisions(seed_report):
    written = Counter(m.responsible_text for m in seed_report.measures)
    assert written == oracle.RESPONSIBLE_AS_WRITTEN
    section = next(m for m in seed_report.measures if m.responsible_text == "งานพัสดุ กองคลัง")
    assert [(d.name, d.parent) for d in section.divisions] == [("งานพัสดุ", "กองคลัง")]
    shared = next(m for m in seed_report.measures if m.responsible_text.startswith("ทุกสำนัก"))
    assert shared.divisions[0].is_shared
    assert {m.responsible_text for m in seed_report.measures if m.status != "done"} == {"สำนักปลัด"}


def test_item_codes_from_thai_digits_and_letters(seed_report):
    codes = [m.item_code for m in seed_report.measures if m.tool in ("IIT", "EIT")]
    assert codes == ["i12", "i20", "i21", "i23", "e1", "e2", "e3", "e5", "e6", "e7", "e8", "e11", "e12", "e14", "e15"]
    assert all(m.item_match == "code" for m in seed_report.measures if m.tool in ("IIT", "EIT"))


def test_oit_rows_named_by_topic_are_matched_with_a_confidence(seed_report):
    oit = [m for m in seed_report.measures if m.tool == "OIT"]
    assert [m.item_code for m in oit] == oracle.OIT_CODES
    assert all(0 < m.match_confidence <= 0.9 for m in oit)
    assert {m.item_match for m in oit} <= {"topic", "topic_text"}


def test_the_only_warning_is_i20_under_the_budget_indicator(seed_report):
    assert [(f.code, f.line, f.args[0]) for f in seed_report.findings] == [("item_wrong_indicator", 7, "i20")]
    first = seed_report.findings[0]
    message = finding_message("nongchok_2564.txt", first.line, first.code, first.args, "en")
    assert "line 7" in message and "i20" in message and "การใช้ทรัพย์สินของราชการ" in message


def test_text_keeps_its_wording_without_wrap_artefacts(seed_report):
    first = seed_report.measures[0]
    assert first.indicator_as_written == "การใช้งบประมาณ"
    assert first.period == "ตลอดปีงบประมาณ ๒๕๖๔"  # Thai digits kept as written
    assert "มีส่วนร่วม" in first.item_text
    assert first.item_text.startswith("๑๒ หน่วยงานของท่าน เปิดโอกาสให้ท่าน")
    assert seed_report.measures[-1].status_text == "ดำเนินการแล้ว"
    assert any(m.status_text == "ระหว่างดำเนินการ" for m in seed_report.measures)


def test_every_measure_points_at_its_source_line(seed_report, seed_bytes):
    lines = seed_bytes.decode("utf-8").split("\n")
    for measure in seed_report.measures:
        assert lines[measure.line - 1].split("\t")[3].replace(" ", "") == measure.responsible_text.replace(" ", "")

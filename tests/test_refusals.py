"""A refused file is explained in the reader's language: Thai in the Thai view, with file and line."""

import io
import re

import pytest
from openpyxl import Workbook

from ita.present.refusals import reason_text, refusal_message
from ita.read.formats import read_report
from ita.read.normalise import normalise
from ita.read.records import ImportRefused

THAI = re.compile(r"[\u0e00-\u0e7f]")
HEADER = "ตัวชี้วัด\tข้อ/ชื่อ\tวิธีดำเนินการ\tผู้รับผิดชอบ\tระยะเวลาดำเนินการ\tการติดตามผล\tผลการดำเนินงาน\n"


def _xlsx_header_only() -> bytes:
    book = Workbook()
    book.active.append(HEADER.strip().split("\t"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BAD_FILES = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 4,
    "page.xls": b"<!doctype html><html><body>not a sheet</body></html>",
    "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
    "header_only.txt": HEADER.encode(),
    "header_only.xlsx": _xlsx_header_only(),
    "cp874.txt": "ตัวชี้วัด ข้อ".encode("cp874") + b"\x80\xff\xfe" * 50 + b"\n",
    "no_title.csv": (HEADER.replace("\t", ",") + "การใช้งบประมาณ,๒๐ ข้อ,ทำ,กองคลัง,ตลอดปี,ติดตาม,ดำเนินการแล้ว\n")
    .encode(),
}


def _refusal(name: str, data: bytes, framework, directory) -> ImportRefused:
    with pytest.raises(ImportRefused) as refused:
        normalise(read_report(name, data), framework, directory)
    return refused.value


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_every_refusal_reads_in_thai_in_the_thai_view(name, framework, directory):
    refused = _refusal(name, BAD_FILES[name], framework, directory)
    thai = refusal_message(refused, "th")
    assert thai.startswith(name) and THAI.search(thai)
    assert not thai.split(": ", 1)[1].startswith("อ่านไฟล์ไม่ได้: "), f"untranslated: {refused.reason}"
    assert refusal_message(refused, "en").endswith(refused.reason)  # English keeps the reader's words


def test_the_refusals_named_in_the_issue_are_thai():
    assert reason_text("cannot be read as cp874 text (binary data?)") == "อ่านเป็นข้อความ cp874 ไม่ได้ (อาจเป็นข้อมูลไบนารี)"
    assert reason_text("the table has a header but no measures") == "ตารางมีหัวตารางแต่ไม่มีมาตรการ"
    assert reason_text("cannot tell the organisation: add a title line such as 'x', or give them when importing") \
        .startswith("ระบุหน่วยงานไม่ได้")


def test_an_unknown_reason_keeps_its_words_after_a_thai_lead_in():
    assert reason_text("something new went wrong") == "อ่านไฟล์ไม่ได้: something new went wrong"


def test_a_refusal_names_its_file_once_at_the_boundary_and_pickles_whole():
    import pickle

    refused = ImportRefused("the table has a header but no measures", 4)
    assert str(refused) == "line 4: the table has a header but no measures"  # a reader's: reason and line
    assert refused.naming("a.txt").naming("b.txt") is refused  # the nearest boundary's name stands
    again = pickle.loads(pickle.dumps(refused))
    assert (again.file_name, again.line, again.reason) == ("a.txt", 4, refused.reason)
    assert str(again) == "a.txt, line 4: the table has a header but no measures"
    assert refusal_message(again, "en") == str(again)


TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ของเทศบาลตำบลหนองจอก ประจำปีงบประมาณ 2564\n"
ROW = "การใช้งบประมาณ\t๒๐ ข้อ\t{action}\t{division}\tตลอดปี\tติดตาม\tดำเนินการแล้ว\n"
TEXT_RULE_FILES = {  # refused by the rule for every file's text (ita/read/text_rules.py), after reading
    "control.txt": TITLE + HEADER + ROW.format(action="ทำ\u0085แผน", division="กองคลัง"),
    "long_action.txt": TITLE + HEADER + ROW.format(action="ก" * 2001, division="กองคลัง"),
    "long_division.txt": TITLE + HEADER + ROW.format(action="ทำแผน", division="ก" * 301),
}


@pytest.mark.parametrize("name", sorted(TEXT_RULE_FILES))
def test_the_text_rule_refusals_read_in_thai(name, framework, directory):
    from ita.read.prepared import prepare

    with pytest.raises(ImportRefused) as refused:
        prepare(name, TEXT_RULE_FILES[name].encode(), framework, directory)
    thai = refusal_message(refused.value, "th")
    assert thai.startswith(f"{name} บรรทัด 3: ช่อง"), thai
    assert not thai.split(": ", 1)[1].startswith("อ่านไฟล์ไม่ได้: "), f"untranslated: {refused.value.reason}"

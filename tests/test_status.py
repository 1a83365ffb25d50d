import pytest

from ita.read.status import parse_status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ดำเนินการแล้ว", ("done", None)),
        ("แล้วเสร็จ", ("done", None)),
        ("เสร็จสิ้น", ("done", None)),
        ("ดำเนินการ แล้ว", ("done", None)),
        ("ดำเนินการเเล้ว", ("done", None)),  # เเ typed for แ
        ("ระหว่างดำเนินการ", ("in_progress", None)),
        ("ระหว่าง ดำเนินการ", ("in_progress", None)),
        ("อยู่ระหว่างดำเนินการ", ("in_progress", None)),
        ("ยังไม่ดำเนินการ", ("not_started", None)),
        ("ยังไม่ได้ดำเนินการ", ("not_started", None)),
        ("100 %", ("done", 100.0)),
        ("๑๐๐%", ("done", 100.0)),
        ("45%", ("in_progress", 45.0)),
        ("ร้อยละ 0", ("not_started", 0.0)),
        ("0%", ("not_started", 0.0)),
        ("In progress", ("in_progress", None)),
        ("Done", ("done", None)),
        ("ดำเนนการแล้ว", ("done", None)),  # a missing vowel is still close enough
        ("ดำเนินการแล้ว (100%)", ("done", 100.0)),
        ("ระหว่างดำเนินการ ๕๐ %", ("in_progress", 50.0)),
        ("ยังไม่ดำเนินการ ร้อยละ 0", ("not_started", 0.0)),
    ],
)
def test_known_wordings(text, expected):
    assert parse_status(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "ดำเนินการ", "ไม่ทราบ", "150%", "xyz", "xyz 50%", "50% 60%",
     "ดำเนินการแล้ว 50%"],  # a wording and a percentage that disagree are for a person to settle
)
def test_unreadable_status_is_unknown(text):
    assert parse_status(text)[0] == "unknown"

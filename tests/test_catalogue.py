import pytest

from ita.read.catalogue import parse_item_code


@pytest.mark.parametrize(
    ("text", "tool", "code"),
    [
        ("๑๒ หน่วยงานของท่าน", "IIT", "i12"),
        ("๒๐ ขั้นตอนการขอ", "IIT", "i20"),
        ("12 question", "IIT", "i12"),
        ("E๑ เจ้าหน้าที่ของ", "EIT", "e1"),
        ("E๑๕ หน่วยงาน", "EIT", "e15"),
        ("e3 text", None, "e3"),
        ("O๔๒ มาตรการ", "OIT", "o42"),
        ("0๔๒ มาตรการ", "OIT", "o42"),
        ("o42", None, "o42"),
        ("ข้อ ๕ ตัวอย่าง", "EIT", "e5"),
        ("การปฏิสัมพันธ์ข้อมูล", "OIT", None),
        ("๑๒ question", None, None),  # a bare number needs the indicator's tool
        ("2564 ทั้งปี", "IIT", None),  # four digits are a year, not an item
    ],
)
def test_item_codes(text, tool, code):
    assert parse_item_code(text, tool) == code


def test_indicator_names_are_normalised_to_the_year(framework):
    year = framework.for_year(2564)
    assert year.find_indicator("การปรับปรุง การทำงาน", framework.aliases).name_th == "การปรับปรุงระบบการทำงาน"
    assert year.find_indicator("การใช้ ทรัพย์สินของ ราชการ", framework.aliases).no == 4
    assert year.find_indicator("คุณภาพการ ดำเนินงาน", framework.aliases).tool == "EIT"
    assert year.find_indicator("ไม่มีตัวชี้วัดนี้", framework.aliases) is None


@pytest.mark.parametrize(
    ("written", "number"),
    [("ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล", 9), ("ตัวชี้วัดที่ 10", 10), ("9. การเปิดเผย ข้อมูล", 9),
     ("Indicator 9", 9), ("ตัวชี้วัดที่ 99", None), ("ตัวชี้วัดที่ 9 ไม่มีตัวชี้วัดนี้", None)],
)
def test_numbered_indicators(framework, written, number):
    found = framework.for_year(2564).find_indicator(written, framework.aliases)
    assert (found.no if found else None) == number


def test_year_without_indicator_names_borrows_the_nearest(framework):
    year = framework.for_year(2568)
    assert year.indicators_assumed
    assert year.find_indicator("การเปิดเผยข้อมูล", framework.aliases).no == 9


def test_items_are_keyed_by_year(framework):
    assert framework.for_year(2564).items["o10"].name == "แผนดำเนินงานประจำปี"
    assert framework.for_year(2566).items["o10"].name == "นโยบายคุ้มครองข้อมูลส่วนบุคคล"

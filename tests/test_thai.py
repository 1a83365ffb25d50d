from hypothesis import given
from hypothesis import strategies as st

from ita.read.thai import WrapRepairer, compact, fix_characters, to_arabic_digits


def test_thai_digits_become_arabic():
    assert to_arabic_digits("ปีงบประมาณ ๒๕๖๔ ข้อ ๑๒") == "ปีงบประมาณ 2564 ข้อ 12"


def test_decomposed_sara_am_is_joined_with_its_tone_mark_first():
    # น + ้ + ํ + า (as some PDF extractors emit น้ำ) → น้ำ
    assert fix_characters("\u0e19\u0e49\u0e4d\u0e32") == "น้ำ"
    assert fix_characters("ดํา") == "ดำ"


def test_double_sara_e_is_sara_ae():
    assert fix_characters("ดำเนินการเเล้ว") == "ดำเนินการแล้ว"


def test_compact_removes_every_blank():
    assert compact(" การใช้ \u00a0งบประมาณ\n") == "การใช้งบประมาณ"


def test_wrapped_words_are_rejoined(framework):
    repair = WrapRepairer(framework.domain_terms() | {"ตลอดปีงบประมาณ", "ระหว่างดำเนินการ"})
    assert repair("การใช้ งบประมาณ") == "การใช้งบประมาณ"
    assert repair("ระหว่าง ดำเนินการ") == "ระหว่างดำเนินการ"
    assert repair("ตลอด ปีงบประมาณ ๒๕๖๔") == "ตลอดปีงบประมาณ ๒๕๖๔"
    assert repair("มีส่วน ร่วม ในการตรวจสอบการ ใช้จ่าย") == "มีส่วนร่วม ในการตรวจสอบการใช้จ่าย"


def test_spaces_between_phrases_are_kept(framework):
    repair = WrapRepairer(framework.domain_terms())
    assert repair("หน่วยงานของท่าน เปิดโอกาสให้ท่าน") == "หน่วยงานของท่าน เปิดโอกาสให้ท่าน"
    # mai yamok is written after a space on purpose
    assert repair("ผู้มาติดต่ออื่น ๆ อย่างเท่าเทียมกัน") == "ผู้มาติดต่ออื่น ๆ อย่างเท่าเทียมกัน"
    # the tokenizer's alternative split (ปฏิบัติ|งานการ) is not a wrapped word
    assert repair("การประเมินผลการปฏิบัติงาน การส่งเสริมจริยธรรม") == "การประเมินผลการปฏิบัติงาน การส่งเสริมจริยธรรม"


@given(st.text(alphabet="กขคงการใช้งบประมาณ ๑๒3ab", max_size=40))
def test_wrap_repair_only_removes_spaces(text):
    fixed = fix_characters(text)  # readers repair characters before spaces
    assert compact(_REPAIR(fixed)) == compact(text)


_REPAIR = WrapRepairer(["การใช้งบประมาณ"])

"""The period column (ระยะเวลาดำเนินการ) read into dates, and when a measure is overdue."""

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita.read.periods import Period, is_overdue, parse_period
from ita.read.thai import THAI_DIGITS, to_arabic_digits

FY2569 = (date(2025, 10, 1), date(2026, 9, 30))
FY2568 = (date(2024, 10, 1), date(2025, 9, 30))
FY2564 = (date(2020, 10, 1), date(2021, 9, 30))
Q1_2569 = (date(2025, 10, 1), date(2025, 12, 31))
UNREADABLE = None

# (wording, report's fiscal year, expected (start, end) or None)
CASES = [
    # the whole fiscal year
    ("ตลอดปีงบประมาณ", 2569, FY2569),
    ("ตลอดปีงบประมาณ 2569", 2569, FY2569),
    ("ตลอดปีงบประมาณ ๒๕๖๙", 2569, FY2569),
    ("ตลอดปี งบประมาณ", 2569, FY2569),
    ("ตลอด ปีงบ ประมาณ  ๒๕๖๙", 2569, FY2569),
    ("ตลอดปี", 2569, FY2569),
    ("ตลอดทั้งปี", 2569, FY2569),
    ("ปีงบประมาณ พ.ศ. ๒๕๖๙", 2569, FY2569),
    ("ตลอดปีงบประมาณ 2568", 2569, FY2568),  # a year written wins over the report's year
    ("ตลอดปี งบประมาณ ๒๕๖๔", 2569, FY2564),
    ("ตลอดปีงบประมาณ ๒๕๖๔", 2564, FY2564),
    ("ตลอดปีงบประมาณ", 2564, FY2564),
    ("ตลอดปีงบประมาณ ๒๕๖๙ (ต.ค. ๖๘ - ก.ย. ๖๙)", 2569, FY2569),
    # quarters
    ("ไตรมาสที่ 2", 2569, (date(2026, 1, 1), date(2026, 3, 31))),
    ("ไตรมาส 2", 2569, (date(2026, 1, 1), date(2026, 3, 31))),
    ("ไตรมาส 3-4", 2569, (date(2026, 4, 1), date(2026, 9, 30))),
    ("ไตรมาสที่ 1 - 2", 2569, (date(2025, 10, 1), date(2026, 3, 31))),
    ("ไตรมาส ๔", 2569, (date(2026, 7, 1), date(2026, 9, 30))),
    ("ไตรมาสที่ ๑", 2569, Q1_2569),
    ("ไตร มาสที่ 3", 2569, (date(2026, 4, 1), date(2026, 6, 30))),
    ("ไตรมาสที่ 1 - ไตรมาสที่ 4", 2569, FY2569),
    ("ไตรมาสที่ 1 (ต.ค. - ธ.ค. 68)", 2569, Q1_2569),
    ("ไตรมาส 2/2570", 2569, (date(2027, 1, 1), date(2027, 3, 31))),
    ("ไตรมาส 1", 2564, (date(2020, 10, 1), date(2020, 12, 31))),
    ("ไตรมาสที่ ๓ - ๔", 2564, (date(2021, 4, 1), date(2021, 9, 30))),
    # month ranges
    ("ต.ค. 68 - ธ.ค. 68", 2569, Q1_2569),
    ("ตุลาคม 2568 – ธันวาคม 2568", 2569, Q1_2569),
    ("ม.ค.-มี.ค. 69", 2569, (date(2026, 1, 1), date(2026, 3, 31))),
    ("ต.ค. 68 – ก.ย. 69", 2569, FY2569),
    ("ต.ค.๖๘ - ก.ย.๖๙", 2569, FY2569),
    ("เม.ย. - มิ.ย", 2569, (date(2026, 4, 1), date(2026, 6, 30))),
    ("กค - สค 69", 2569, (date(2026, 7, 1), date(2026, 8, 31))),
    ("พฤศจิกายน 2568 ถึง กุมภาพันธ์ 2569", 2569, (date(2025, 11, 1), date(2026, 2, 28))),
    ("ระหว่างเดือน ตุลา - ธันวา 68", 2569, Q1_2569),
    ("ต.ค. - ธ.ค.", 2564, (date(2020, 10, 1), date(2020, 12, 31))),
    # single months
    ("ก.ย. 2569", 2569, (date(2026, 9, 1), date(2026, 9, 30))),
    ("เดือนมีนาคม 2569", 2569, (date(2026, 3, 1), date(2026, 3, 31))),
    ("ก.พ.", 2569, (date(2026, 2, 1), date(2026, 2, 28))),
    ("ธันวาคม", 2569, (date(2025, 12, 1), date(2025, 12, 31))),
    ("ม.ค. ๖๔", 2564, (date(2021, 1, 1), date(2021, 1, 31))),
    # deadlines: they start with the fiscal year the deadline falls in
    ("ภายในเดือนธันวาคม 2568", 2569, Q1_2569),
    ("ภายใน 31 มีนาคม 2569", 2569, (date(2025, 10, 1), date(2026, 3, 31))),
    ("ภายในวันที่ 15 ม.ค. 69", 2569, (date(2025, 10, 1), date(2026, 1, 15))),
    ("ภายในเดือน ก.ย.", 2569, FY2569),
    ("ภายในเดือนมีนาคม", 2564, (date(2020, 10, 1), date(2021, 3, 31))),
    ("ภายในไตรมาสที่ 2", 2569, (date(2025, 10, 1), date(2026, 3, 31))),
    # full dates
    ("1 ต.ค. 2568 – 31 ธ.ค. 2568", 2569, Q1_2569),
    ("1 ตุลาคม 2568 ถึง 31 ธันวาคม 2568", 2569, Q1_2569),
    ("๑ ต.ค. ๒๕๖๘ — ๓๑ ธ.ค. ๒๕๖๘", 2569, Q1_2569),
    ("1 ม.ค. 69 to 15 ก.พ. 69", 2569, (date(2026, 1, 1), date(2026, 2, 15))),
    ("ตั้งแต่วันที่ 1 พฤศจิกายน 2568 ถึงวันที่ 30 เมษายน 2569", 2569, (date(2025, 11, 1), date(2026, 4, 30))),
    ("1 - 15 ต.ค. 68", 2569, (date(2025, 10, 1), date(2025, 10, 15))),
    ("29 ก.พ. 2567", 2569, (date(2024, 2, 29), date(2024, 2, 29))),
    ("1/10/2568 – 31/12/2568", 2569, Q1_2569),
    ("๑/๑/๒๕๖๙ - ๓๑/๓/๒๕๖๙", 2569, (date(2026, 1, 1), date(2026, 3, 31))),
    # recurring work
    ("ทุกเดือน (รายงานผลภายในวันที่ 5 ของเดือนถัดไป)", 2569, FY2569),
    ("ทุกไตรมาส", 2569, FY2569),
    ("เป็นประจำทุกเดือน", 2569, FY2569),
    ("ทุกเดือน", 2564, FY2564),
    # unreadable
    ("", 2569, UNREADABLE),
    ("-", 2569, UNREADABLE),
    ("ตามแผน", 2569, UNREADABLE),
    ("ตามแผนปฏิบัติงานประจำปี", 2569, UNREADABLE),
    ("ดำเนินการแล้ว", 2569, UNREADABLE),
    ("ต.ค. 68 เป็นต้นไป", 2569, UNREADABLE),
    ("31 ก.พ. 2569", 2569, UNREADABLE),  # no such date: nothing is clamped
    ("29 ก.พ. 2569", 2569, UNREADABLE),
    ("0 ส.ค. 69", 2569, UNREADABLE),
    ("0 - 15 ต.ค. 68", 2569, UNREADABLE),
    ("1 ต.ค. 68 - 0 ธ.ค. 68", 2569, UNREADABLE),
    ("31/02/2569", 2569, UNREADABLE),
    ("1/13/2568", 2569, UNREADABLE),
    ("ไตรมาส 5", 2569, UNREADABLE),
    ("ไตรมาส 4-1", 2569, UNREADABLE),
    ("ธ.ค. 68 - ต.ค. 68", 2569, UNREADABLE),  # ends before it starts
    ("1 ต.ค. 2025", 2569, UNREADABLE),  # a C.E. year is not guessed at
    ("ภายใน 30 วัน", 2569, UNREADABLE),
    ("ต.ค. 25 68", 2569, UNREADABLE),  # a blank inside a number is not read across
    ("ปี 2569", 2569, UNREADABLE),
    ("2569", 2569, UNREADABLE),
    ("ต.ค. 68 ธ.ค. 68", 2569, UNREADABLE),  # two months with nothing between them
    ("xyz ไตรมาส", 2569, UNREADABLE),
]


@pytest.mark.parametrize(("text", "fiscal_year", "expected"), CASES, ids=[f"{c[0]!r}@{c[1]}" for c in CASES])
def test_wordings(text, fiscal_year, expected):
    assert parse_period(text, fiscal_year) == (Period(*expected) if expected else None)


def test_the_table_covers_enough_wordings():
    assert len(CASES) >= 30
    assert sum(1 for _, year, _ in CASES if year == 2564) >= 5


def test_absurd_fiscal_years_give_none_not_an_error():
    assert parse_period("ตลอดปีงบประมาณ", 0) is None
    assert parse_period("ไตรมาส 1", 10**9) is None
    assert parse_period("ต.ค. - ธ.ค.", -5) is None


# --- properties -----------------------------------------------------------------------------

_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
MONTH_FORMS = {
    1: ["มกราคม", "มกรา", "ม.ค.", "มค", "ม.ค"],
    2: ["กุมภาพันธ์", "กุมภา", "ก.พ.", "กพ"],
    3: ["มีนาคม", "มีนา", "มี.ค.", "มีค", "มี.ค"],
    4: ["เมษายน", "เมษา", "เม.ย.", "เมย", "เม.ย"],
    5: ["พฤษภาคม", "พฤษภา", "พ.ค.", "พค"],
    6: ["มิถุนายน", "มิถุนา", "มิ.ย.", "มิย", "มิ.ย"],
    7: ["กรกฎาคม", "กรกฏาคม", "กรกฎา", "ก.ค.", "กค"],
    8: ["สิงหาคม", "สิงหา", "ส.ค.", "สค"],
    9: ["กันยายน", "กันยา", "ก.ย.", "กย"],
    10: ["ตุลาคม", "ตุลา", "ต.ค.", "ตค"],
    11: ["พฤศจิกายน", "พฤศจิกา", "พ.ย.", "พย"],
    12: ["ธันวาคม", "ธันวา", "ธ.ค.", "ธค"],
}
SEPARATORS = ["-", " - ", "–", " – ", "—", " ถึง ", "ถึง", " to ", " จนถึง "]
BLANKS = st.sampled_from(["", " ", "  ", "\u00a0"])
# Pieces agencies' period cells are made of, to build texts close to the grammar.
VOCABULARY = [
    "ตลอด", "ปี", "งบประมาณ", "ไตรมาส", "ที่", "ภายใน", "เดือน", "วันที่", "ทุก", "เป็นประจำ", "ถึง", "to",
    "พ.ศ.", "-", "–", "/", "(", ")", ",", ".", " ", "  ", "ฯ", "และ", "ตั้งแต่", "ระหว่าง",
    *[form for forms in MONTH_FORMS.values() for form in forms],
    *[str(n) for n in (0, 1, 2, 3, 4, 5, 12, 15, 28, 29, 30, 31, 64, 68, 69, 2564, 2568, 2569, 2025)],
    *"0123456789",
]
fiscal_years = st.integers(min_value=2450, max_value=2650)
period_like = st.lists(st.sampled_from(VOCABULARY), max_size=12).map("".join)


def thai(text: str) -> str:
    return text.translate(_TO_THAI)


@given(text=st.one_of(st.text(max_size=60), period_like), fiscal_year=st.integers(min_value=2300, max_value=2800))
def test_never_raises_and_never_ends_before_it_starts(text, fiscal_year):
    period = parse_period(text, fiscal_year)
    assert period is None or isinstance(period, Period)
    if period is not None and period.start is not None and period.end is not None:
        assert period.start <= period.end


def _month_in_fiscal_year(offset: int, fiscal_year: int) -> tuple[int, int]:
    """(C.E. year, month) of the month `offset` months after the fiscal year's October."""
    months = (fiscal_year - 544) * 12 + 9 + offset
    return months // 12, months % 12 + 1


@given(
    data=st.data(),
    fiscal_year=fiscal_years,
    first=st.integers(1, 4),
    span=st.integers(0, 3),
    thai_digits=st.booleans(),
)
def test_quarter_ranges_match_the_arithmetic(data, fiscal_year, first, span, thai_digits):
    last = min(first + span, 4)
    word = data.draw(st.sampled_from(["ไตรมาส", "ไตรมาสที่", "ไตร มาสที่"]))
    blank = data.draw(BLANKS)
    text = f"{word}{blank}{first}"
    if last != first:
        again = data.draw(st.sampled_from(["", "ไตรมาสที่ ", "ไตรมาส"]))
        text += f"{data.draw(st.sampled_from(SEPARATORS))}{again}{last}"
    if thai_digits:
        text = thai(text)
    start_year, start_month = _month_in_fiscal_year(3 * (first - 1), fiscal_year)
    end_year, end_month = _month_in_fiscal_year(3 * last - 1, fiscal_year)
    end_day = calendar.monthrange(end_year, end_month)[1]
    expected = Period(date(start_year, start_month, 1), date(end_year, end_month, end_day))
    assert parse_period(text, fiscal_year) == expected


def _written_year(data: st.DataObject, year_be: int) -> str:
    form = data.draw(st.sampled_from(["2", "4", "4be"]))
    if form == "2":
        return f"{year_be % 100:02d}"
    return f"{'พ.ศ. ' if form == '4be' else ''}{year_be}"


@given(
    data=st.data(),
    first=st.tuples(st.integers(2500, 2599), st.integers(1, 12)),
    length=st.integers(0, 30),
    with_days=st.booleans(),
    thai_digits=st.booleans(),
)
def test_month_ranges_match_the_arithmetic(data, first, length, with_days, thai_digits):
    first_year, first_month = first
    last_index = first_year * 12 + first_month - 1 + length
    last_year, last_month = divmod(last_index, 12)
    last_month += 1
    if last_year > 2599:
        return
    last_day_of_month = calendar.monthrange(last_year - 543, last_month)[1]
    start_day = data.draw(st.integers(1, calendar.monthrange(first_year - 543, first_month)[1])) if with_days else 1
    end_day = data.draw(st.integers(1, last_day_of_month)) if with_days else last_day_of_month
    start, end = date(first_year - 543, first_month, start_day), date(last_year - 543, last_month, end_day)
    if start > end:
        return

    def side(day: int, month: int, year_be: int) -> str:
        days = f"{day}{data.draw(BLANKS)}" if with_days else ""
        month_word = data.draw(st.sampled_from(MONTH_FORMS[month]))
        return f"{days}{month_word}{data.draw(BLANKS)}{_written_year(data, year_be)}"

    text = (
        side(start_day, first_month, first_year)
        + data.draw(st.sampled_from(SEPARATORS))
        + side(end_day, last_month, last_year)
    )
    if thai_digits:
        text = thai(text)
    # The report's fiscal year plays no part when both ends carry a year.
    assert parse_period(text, data.draw(fiscal_years)) == Period(start, end)


@given(data=st.data(), fiscal_year=fiscal_years)
def test_thai_and_arabic_digits_parse_the_same(data, fiscal_year):
    text = data.draw(st.one_of(period_like, st.sampled_from([case[0] for case in CASES])))
    arabic = to_arabic_digits(text)
    assert parse_period(thai(arabic), fiscal_year) == parse_period(arabic, fiscal_year)
    assert parse_period(text, fiscal_year) == parse_period(arabic, fiscal_year)


# Vowels and marks written after their consonant never begin a line, so a PDF never leaves a
# blank before one (and a blank before sara aa is read by ita.thai as a lost nikhahit: ด าเนิน).
_FOLLOWING_MARKS = set("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45") | {
    chr(c) for c in range(0x0E47, 0x0E4F)
}


@given(data=st.data())
def test_blanks_a_pdf_leaves_inside_words_change_nothing(data):
    text, fiscal_year, expected = data.draw(st.sampled_from([case for case in CASES if case[2]]))
    chars = list(text)
    for position in sorted(data.draw(st.lists(st.integers(1, max(len(chars) - 1, 1)), max_size=4)), reverse=True):
        if position >= len(chars) or chars[position] in _FOLLOWING_MARKS:
            continue
        if not (chars[position - 1].isdigit() and chars[position].isdigit()):
            chars.insert(position, " ")
    assert parse_period("".join(chars), fiscal_year) == Period(*expected)


# --- overdue --------------------------------------------------------------------------------

TODAY = date(2026, 3, 15)


@pytest.mark.parametrize(
    ("end", "status", "overdue"),
    [
        (date(2026, 1, 31), "done", False),  # done is never overdue
        (date(2026, 1, 31), "in_progress", True),
        (date(2026, 1, 31), "not_started", True),
        (date(2026, 1, 31), "unknown", True),
        (date(2026, 3, 14), "in_progress", True),
        (TODAY, "in_progress", False),  # due today is not yet late
        (TODAY, "not_started", False),
        (date(2026, 9, 30), "not_started", False),
        (None, "not_started", False),  # no end date, no deadline
        (None, "done", False),
    ],
)
def test_is_overdue(end, status, overdue):
    assert is_overdue(end, status, TODAY) is overdue


def test_overdue_follows_a_parsed_period():
    quarter = parse_period("ไตรมาสที่ 1", 2569)
    assert quarter is not None
    assert is_overdue(quarter.end, "in_progress", date(2026, 1, 1))
    assert not is_overdue(quarter.end, "done", date(2026, 1, 1))
    assert not is_overdue(quarter.end, "in_progress", date(2025, 12, 31))

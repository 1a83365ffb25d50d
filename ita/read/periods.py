"""Reading the period column (ระยะเวลาดำเนินการ) of agencies' reports into start and end dates.

Agencies write a measure's period in free text: the whole fiscal year (ตลอดปีงบประมาณ ๒๕๖๔),
quarters (ไตรมาส 3-4), month ranges (ต.ค. 68 - ธ.ค. 68), deadlines (ภายในเดือนธันวาคม 2568),
full dates (1/10/2568 – 31/12/2568), or recurring work (ทุกเดือน). `parse_period` turns the
forms it knows into dates and gives None for anything else: a period it cannot read is left
for a person, never guessed. `is_overdue` says whether a measure not done is past its end.

Pure functions only; the regexes are compiled once and results cached, because a national
import parses about 1.2 million cells that repeat the same few wordings.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ita.read.records import DONE
from ita.read.thai import fix_characters, to_arabic_digits

# B.E. (Buddhist Era) year minus this is the C.E. year.
BE_OFFSET = 543


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date | None


# Every written form of each month, as agencies type them: the full name, the colloquial short
# name (ตุลา) and the abbreviation. Abbreviations are matched with each dot optional, so ต.ค.,
# ตค, ต.ค and ต ค. (a dot a PDF turned into a space) all read as October.
_MONTH_FORMS: dict[int, tuple[str, ...]] = {
    1: ("มกราคม", "มกรา", "ม.ค."),
    2: ("กุมภาพันธ์", "กุมภาพันธ", "กุมภา", "ก.พ."),
    3: ("มีนาคม", "มีนา", "มี.ค."),
    4: ("เมษายน", "เมษา", "เม.ย."),
    5: ("พฤษภาคม", "พฤษภา", "พ.ค."),
    6: ("มิถุนายน", "มิถุนา", "มิ.ย."),
    7: ("กรกฎาคม", "กรกฏาคม", "กรกฎา", "กรกฏา", "ก.ค."),
    8: ("สิงหาคม", "สิงหา", "ส.ค."),
    9: ("กันยายน", "กันยา", "ก.ย."),
    10: ("ตุลาคม", "ตุลา", "ต.ค."),
    11: ("พฤศจิกายน", "พฤษจิกายน", "พฤศจิกา", "พ.ย."),
    12: ("ธันวาคม", "ธันวา", "ธ.ค."),
}
# Looked up with the dots removed.
_MONTHS = {form.replace(".", ""): month for month, forms in _MONTH_FORMS.items() for form in forms}


def _form_pattern(form: str) -> str:
    if "." not in form:
        return re.escape(form)
    return "".join(re.escape(part) + r"\.?" for part in form.split(".") if part)


# Longest first, so that a full name is tried before its short form.
_MONTH = "(?:" + "|".join(
    _form_pattern(form) for form in sorted((f for fs in _MONTH_FORMS.values() for f in fs), key=len, reverse=True)
) + ")"

# The patterns below run on text with every blank removed (see `_key`), which is how spaces a
# PDF left inside words (ตลอดปี งบประมาณ) stop mattering. They are compiled with re.ASCII so
# that a digit means 0-9 (Thai digits are converted first; other scripts' digits are not read).
_BE = r"(?:พ\.?ศ\.?)"
_YEAR_DIGITS = r"(?:\d{4}|\d{2})"
# Hyphen, the dashes Word substitutes for it, minus, tilde, "ถึง"/"จนถึง" (until), "to"; "และ" (and)
# and commas list endpoints, which are read as the span from the first to the last.
_SEP = r"(?:[-\u2010-\u2015\u2212~]|จนถึง|ถึง|to|และ|,)"
_BUDGET_YEAR = r"(?:ปีงบ(?:ประมาณ)?ฯ?)"
# "ปี" alone (year) is not enough: "ปี 2569" may mean the calendar year.
_WHOLE_YEAR_WORDS = rf"(?:(?:ตลอด(?:ทั้ง)?|ทั้ง)(?:{_BUDGET_YEAR}|ปี)|{_BUDGET_YEAR})"
# Recurring work (ทุกเดือน, เป็นประจำทุกไตรมาส, รายเดือน) happens throughout the year.
_RECURRING = r"(?:(?:เป็น)?(?:ประจำ)?(?:ทุก\d*|ราย)(?:เดือน|ไตรมาส|สัปดาห์|วัน|ปี))"
_WITHIN = r"(?:ภายใน|ไม่เกิน)"
# A fiscal year written after a quarter: "/2569", "ปีงบประมาณ 2569", "ปี 2569", "พ.ศ. 2569" (quarters
# are counted in fiscal years, so any year there is one). After months and dates only the
# budget-year words mark a fiscal year: "ธ.ค. ปี 2568" is December of the calendar year 2568.
_QUARTER_YEAR = rf"(?:(?:/|{_BUDGET_YEAR}{_BE}?|ปี{_BE}?|{_BE})(?P<fy>{_YEAR_DIGITS}))"
_FISCAL_SUFFIX = rf"(?:{_BUDGET_YEAR}{_BE}?(?P<fy>{_YEAR_DIGITS}))"

_WHOLE = re.compile(
    rf"{_WITHIN}?(?:{_WHOLE_YEAR_WORDS}|{_RECURRING}{_WHOLE_YEAR_WORDS}?)(?:{_BE}?(?P<fy>{_YEAR_DIGITS}))?",
    re.ASCII,
)
_QUARTER_WORD = r"(?:ไตรมาส(?:ที่)?|q)"
_QUARTERS = re.compile(
    rf"(?P<within>{_WITHIN})?{_QUARTER_WORD}(?P<quarters>\d(?:{_SEP}{_QUARTER_WORD}?\d)*){_QUARTER_YEAR}?",
    re.ASCII,
)


def _endpoint(name: str, bare_day: bool = False) -> str:
    """One end of a range: 1/10/2568, or [day] month [year] (1 ต.ค. 68, เดือนตุลาคม 2568, ต.ค.)."""
    numeric = rf"(?:วันที่)?(?P<{name}_nd>\d{{1,2}})/(?P<{name}_nm>\d{{1,2}})/(?P<{name}_ny>{_YEAR_DIGITS})"
    worded = (
        rf"(?:(?:วันที่)?(?P<{name}_d>\d{{1,2}}))?(?:เดือน)?(?P<{name}_m>{_MONTH})"
        rf"(?:(?:ปี)?{_BE}?(?P<{name}_y>{_YEAR_DIGITS}))?"
    )
    # "1 - 15 ต.ค. 68": a start written as a day alone takes the end's month and year.
    bare = rf"|(?:วันที่)?(?P<{name}_bd>\d{{1,2}})" if bare_day else ""
    return f"(?:{numeric}|{worded}{bare})"


_RANGE = re.compile(
    rf"(?:ระหว่าง|ตั้งแต่|ช่วง(?:เวลา)?|ห้วง)?{_endpoint('a', bare_day=True)}(?:{_SEP}{_endpoint('b')})?"
    rf"{_FISCAL_SUFFIX}?",
    re.ASCII,
)
_DEADLINE = re.compile(rf"{_WITHIN}{_endpoint('b')}{_FISCAL_SUFFIX}?", re.ASCII)

_PARENTHESES = re.compile(r"[(\[（][^()\[\]（）]*[)\]）]")
# A blank between two digits is kept (as a character no pattern accepts): "25 69" is not 2569.
_DIGIT_GAP = re.compile(r"(?<=\d)\s+(?=\d)")
_BLANKS = re.compile(r"\s+")


def _key(text: str) -> str:
    """The text as the patterns read it: Thai digits as Arabic, lower case, no notes in
    parentheses (ทุกเดือน (รายงานทุกวันที่ 5)), no blanks, no bullets or trailing punctuation."""
    text = to_arabic_digits(fix_characters(text)).lower()
    without_notes = _PARENTHESES.sub(" ", text)
    # A period written entirely in parentheses is still the period.
    text = without_notes if without_notes.strip() else re.sub(r"[()\[\]（）]", " ", text)
    text = _BLANKS.sub("", _DIGIT_GAP.sub("#", text))
    return text.lstrip("-•*·").rstrip(".,;:")


def _be_year(digits: str | None) -> int | None:
    """A written B.E. year; two digits are 25xx (68 → 2568). Four digits outside 2400–2699
    are a C.E. year or a typo, and are not guessed at."""
    if digits is None:
        return None
    year = int(digits)
    if len(digits) == 2:
        return 2500 + year
    return year if 2400 <= year < 2700 else None


def _day(year_be: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (31 ก.พ.): nothing is clamped."""
    try:
        return date(year_be - BE_OFFSET, month, day)
    except (ValueError, OverflowError):
        return None


def _last_day(year_be: int, month: int) -> date | None:
    year = year_be - BE_OFFSET
    if not 1 <= year <= 9999:
        return None
    return _day(year_be, month, calendar.monthrange(year, month)[1])


def _fiscal_year(fiscal_year_be: int) -> Period | None:
    # Fiscal year B.E. Y runs from 1 October of B.E. Y-1 to 30 September of B.E. Y.
    start, end = _day(fiscal_year_be - 1, 10, 1), _day(fiscal_year_be, 9, 30)
    return Period(start, end) if start and end else None


def _year_in_fiscal_year(month: int, fiscal_year_be: int) -> int:
    """The B.E. year a month falls in within the fiscal year: Oct–Dec are in the year before."""
    return fiscal_year_be - 1 if month >= 10 else fiscal_year_be


def _quarter_months(quarter: int, fiscal_year_be: int) -> tuple[int, int, int]:
    """(B.E. year, first month, last month) of a fiscal quarter; Q1 is October–December."""
    first = 10 + 3 * (quarter - 1)
    year = fiscal_year_be - 1
    if first > 12:
        first -= 12
        year += 1
    return year, first, first + 2


@dataclass
class _End:
    day: int | None
    month: int
    year: int | None  # B.E.


def _read_endpoint(match: re.Match[str], name: str) -> _End | None:
    """The endpoint `name` of a match; None when absent or its month or year is impossible (days are checked later)."""
    if match.group(f"{name}_nd"):
        month = int(match.group(f"{name}_nm"))
        year = _be_year(match.group(f"{name}_ny"))
        if not 1 <= month <= 12 or year is None:
            return None
        return _End(int(match.group(f"{name}_nd")), month, year)
    if match.group(f"{name}_m"):
        written_year = match.group(f"{name}_y")
        year = _be_year(written_year)
        if written_year and year is None:
            return None
        day = match.group(f"{name}_d")
        return _End(int(day) if day else None, _MONTHS[match.group(f"{name}_m").replace(".", "")], year)
    return None


def _start_of(point: _End) -> date | None:
    """The written day, or the first of the month when only a month is written."""
    assert point.year is not None
    return _day(point.year, point.month, 1 if point.day is None else point.day)


def _end_of(point: _End) -> date | None:
    """The written day, or the last of the month when only a month is written."""
    assert point.year is not None
    return _last_day(point.year, point.month) if point.day is None else _day(point.year, point.month, point.day)


def _or(day: int | None, default: int) -> int:
    # Not `day or default`: a written day 0 must stay 0 and be refused, not read as missing.
    return default if day is None else day


def _span(start: date | None, end: date | None) -> Period | None:
    if start is None or end is None or start > end:
        return None
    return Period(start, end)


def _fiscal_year_from(match: re.Match[str], fiscal_year_be: int) -> int | None:
    written = match.group("fy")
    # A year written in the cell wins over the report's year.
    return _be_year(written) if written else fiscal_year_be


def _read_quarters(match: re.Match[str], fiscal_year_be: int) -> Period | None:
    fiscal_year = _fiscal_year_from(match, fiscal_year_be)
    quarters = [int(q) for q in re.findall(r"\d", match.group("quarters"))]
    if fiscal_year is None or not all(1 <= q <= 4 for q in quarters) or quarters != sorted(quarters):
        return None
    first_year, first_month, _ = _quarter_months(quarters[0], fiscal_year)
    last_year, _, last_month = _quarter_months(quarters[-1], fiscal_year)
    end = _last_day(last_year, last_month)
    if match.group("within"):
        # "ภายในไตรมาส 2" is a deadline: like ภายในเดือน…, it starts with the fiscal year.
        whole = _fiscal_year(fiscal_year)
        return _span(whole.start if whole else None, end)
    return _span(_day(first_year, first_month, 1), end)


def _read_range(match: re.Match[str], fiscal_year_be: int) -> Period | None:
    fiscal_year = _fiscal_year_from(match, fiscal_year_be)
    if fiscal_year is None:
        return None
    end = _read_endpoint(match, "b")
    bare_day = match.group("a_bd")
    if bare_day:
        if end is None or end.day is None:
            return None
        start = _End(int(bare_day), end.month, end.year)
    else:
        start = _read_endpoint(match, "a")
        if start is None:
            return None
    if end is None:  # a single month or date
        if start.year is None:
            start.year = _year_in_fiscal_year(start.month, fiscal_year)
        return _span(_start_of(start), _end_of(start))
    # A range reads forward: an endpoint without a year takes the year that puts it on the
    # right side of the other one (ม.ค.-มี.ค. 69 is January 2569; ต.ค.-ก.ย. 69 starts in
    # October 2568). Only when neither end has a year does the report's fiscal year decide.
    if start.year is None and end.year is None:
        start.year = _year_in_fiscal_year(start.month, fiscal_year)
    if end.year is None:
        assert start.year is not None
        later = (end.month, _or(end.day, 31)) >= (start.month, _or(start.day, 1))
        end.year = start.year if later else start.year + 1
    if start.year is None:
        earlier = (start.month, _or(start.day, 1)) <= (end.month, _or(end.day, 31))
        start.year = end.year if earlier else end.year - 1
    return _span(_start_of(start), _end_of(end))


def _read_deadline(match: re.Match[str], fiscal_year_be: int) -> Period | None:
    fiscal_year = _fiscal_year_from(match, fiscal_year_be)
    end = _read_endpoint(match, "b")
    if fiscal_year is None or end is None:
        return None
    if end.year is None:
        end.year = _year_in_fiscal_year(end.month, fiscal_year)
    last = _end_of(end)
    if last is None:
        return None
    # A deadline (ภายใน…) starts with the fiscal year the deadline falls in rather than being
    # open: measures are planned per fiscal year, so that is when the work could begin, and a
    # start lets these rows be filtered and charted with every other dated row.
    own_year = last.year + BE_OFFSET + (1 if last.month >= 10 else 0)
    whole = _fiscal_year(own_year)
    return _span(whole.start if whole else None, last)


@lru_cache(maxsize=100_000)
def parse_period(text: str, fiscal_year_be: int) -> Period | None:
    """Start and end dates of a period as agencies write it, or None when the wording cannot be read.

    `fiscal_year_be` is the report's fiscal year (B.E.), used for wordings that name no year
    (ไตรมาส 2, ทุกเดือน, ม.ค.-มี.ค.). Cached: a report repeats its period on most rows.
    """
    key = _key(text)
    if not key:
        return None
    if match := _WHOLE.fullmatch(key):
        fiscal_year = _fiscal_year_from(match, fiscal_year_be)
        return _fiscal_year(fiscal_year) if fiscal_year is not None else None
    if match := _QUARTERS.fullmatch(key):
        return _read_quarters(match, fiscal_year_be)
    if match := _DEADLINE.fullmatch(key):
        return _read_deadline(match, fiscal_year_be)
    if match := _RANGE.fullmatch(key):
        return _read_range(match, fiscal_year_be)
    return None


def is_overdue(end: date | None, status: str, as_of: date) -> bool:
    """A measure not done ('done' is the status code) whose end date has passed."""
    # Due on its end date, so overdue only from the day after; no end date, no deadline.
    return status != DONE and end is not None and end < as_of

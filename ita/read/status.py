"""Reading a status cell (ผลการดำเนินงาน) into done / in progress / not started."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from ita.read.records import DONE, IN_PROGRESS, NOT_STARTED, UNKNOWN
from ita.read.thai import compact, to_arabic_digits

# Written forms seen in agencies' reports, compared with all blanks removed.
_WORDS = {
    "ดำเนินการแล้ว": DONE,
    "ดำเนินการแล้วเสร็จ": DONE,
    "ดำเนินการเสร็จแล้ว": DONE,
    "ดำเนินการเสร็จสิ้น": DONE,
    "ดำเนินการเรียบร้อยแล้ว": DONE,
    "แล้วเสร็จ": DONE,
    "เสร็จสิ้น": DONE,
    "เสร็จแล้ว": DONE,
    "เรียบร้อยแล้ว": DONE,
    "ครบถ้วน": DONE,
    "done": DONE,
    "completed": DONE,
    "complete": DONE,
    "ระหว่างดำเนินการ": IN_PROGRESS,
    "อยู่ระหว่างดำเนินการ": IN_PROGRESS,
    "กำลังดำเนินการ": IN_PROGRESS,
    "อยู่ในระหว่างดำเนินการ": IN_PROGRESS,
    "ดำเนินการบางส่วน": IN_PROGRESS,
    "inprogress": IN_PROGRESS,
    "ongoing": IN_PROGRESS,
    "ยังไม่ดำเนินการ": NOT_STARTED,
    "ยังไม่ได้ดำเนินการ": NOT_STARTED,
    "ไม่ได้ดำเนินการ": NOT_STARTED,
    "ยังไม่เริ่มดำเนินการ": NOT_STARTED,
    "notstarted": NOT_STARTED,
    "notyetstarted": NOT_STARTED,
}
_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)%|ร้อยละ(\d{1,3}(?:\.\d+)?)")
_FUZZY_CUTOFF = 88


@lru_cache(maxsize=10_000)
def parse_status(text: str) -> tuple[str, float | None]:
    """Return (status, progress percent or None). Unreadable text gives UNKNOWN.

    A cell may hold a wording, a percentage, or both ("ดำเนินการแล้ว (100%)"). When both are
    there and disagree, the status is UNKNOWN: a person decides, the parser does not guess.
    Typos are tolerated (fuzzy match ≥ 88 % against the known wordings), because staff
    type these cells by hand; anything further away is left UNKNOWN for a person to decide.
    Cached: a handful of wordings fill every report.
    """
    key = compact(to_arabic_digits(text)).lower().replace("-", "").replace("_", "")
    percents = _PERCENT.findall(key)
    words = _PERCENT.sub("", key).strip("()[]:,.")
    if len(percents) > 1:
        return UNKNOWN, None
    by_words = _status_of_words(words) if words else None
    if not percents:
        return by_words or UNKNOWN, None
    status, value = _status_of_percent(percents[0])
    if status == UNKNOWN or (words and by_words != status):
        return UNKNOWN, None
    return status, value


def _status_of_percent(match: tuple[str, str]) -> tuple[str, float | None]:
    value = float(match[0] or match[1])
    if value > 100:
        return UNKNOWN, None
    if value == 100:
        return DONE, value
    return (NOT_STARTED if value == 0 else IN_PROGRESS), value


def _status_of_words(key: str) -> str | None:
    if key in _WORDS:
        return _WORDS[key]
    best = process.extractOne(key, _WORDS.keys(), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    return None if best is None else _WORDS[best[0]]

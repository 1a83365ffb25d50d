"""Organisations: reading a report's title, and telling a municipality from an อบต."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ita.read.thai import squash_spaces, to_arabic_digits

# Longest prefix first: เทศบาลนคร before เทศบาล.
ORG_TYPES = (
    ("เทศบาลนคร", "เทศบาลนคร"),
    ("เทศบาลเมือง", "เทศบาลเมือง"),
    ("เทศบาลตำบล", "เทศบาลตำบล"),
    ("องค์การบริหารส่วนจังหวัด", "อบจ."),
    ("อบจ.", "อบจ."),
    ("องค์การบริหารส่วนตำบล", "อบต."),
    ("อบต.", "อบต."),
    ("กรุงเทพมหานคร", "กรุงเทพมหานคร"),
    ("เมืองพัทยา", "เมืองพัทยา"),
)
OTHER_TYPE = "อื่น ๆ"

_YEAR = r"(?:พ\.\s*ศ\.\s*|ค\.\s*ศ\.\s*)?(?P<year>\d{4})"
_TITLE = re.compile(
    r"(?:ของ|:)\s*(?P<org>.+?)\s*(?:ประจำ)?\s*ปี\s*งบประมาณ\s*" + _YEAR
    + r"|(?P<org2>(?:" + "|".join(re.escape(p) for p, _ in ORG_TYPES) + r")\S*(?:\s(?!ปี|ประจำ|พ\.)\S+)?)"
)
_ANY_YEAR = re.compile(r"(?:ปี\s*งบประมาณ|ปี|พ\.\s*ศ\.|fiscal year|FY)\s*" + _YEAR, re.IGNORECASE)
# "อำเภอ… จังหวัด…" anywhere but Bangkok, whose districts are เขต: "เขตพระนคร กรุงเทพมหานคร".
_PLACE = re.compile(
    r"\s*(?:(?:อำเภอ|อ\.)\s*(?P<district>\S+)\s*(?:จังหวัด|จ\.)\s*(?P<province>\S+)"
    r"|เขต\s*(?P<khet>\S+)\s*(?:จังหวัด)?(?P<bangkok>กรุงเทพมหานคร))\s*$"
)
SAMPLE_MARKERS = ("ข้อมูลตัวอย่าง", "[sample]", "(sample)", "ข้อมูลสังเคราะห์", "[synthetic]")
# Compiled once: every report's title goes through them.
_SAMPLE_MARKER_PATTERNS = tuple(re.compile(re.escape(marker), re.IGNORECASE) for marker in SAMPLE_MARKERS)


def to_buddhist_year(year: int) -> int:
    """Years before 2400 are taken as C.E. (2021 → 2564)."""
    return year + 543 if year < 2400 else year


@dataclass(frozen=True)
class Title:
    organisation: str | None
    fiscal_year: int | None
    is_sample: bool
    district: str | None = None
    province: str | None = None


def parse_title(title: str) -> Title:
    """What a report's title line says: organisation, fiscal year B.E., district, province, sample."""
    text = squash_spaces(to_arabic_digits(title))
    lowered = text.lower()
    is_sample = any(marker.lower() in lowered for marker in SAMPLE_MARKERS)
    for marker in _SAMPLE_MARKER_PATTERNS:
        text = marker.sub("", text).strip()
    org, year = None, None
    match = _TITLE.search(text)
    if match:
        org = (match.group("org") or match.group("org2") or "").strip(" :-") or None
        if match.group("year"):
            year = to_buddhist_year(int(match.group("year")))
    if year is None:
        any_year = _ANY_YEAR.search(text)
        if any_year:
            year = to_buddhist_year(int(any_year.group("year")))
    district = province = None
    if org:
        place = _PLACE.search(org)
        if place:
            district = place.group("district") or place.group("khet")
            province = place.group("province") or place.group("bangkok")
            org = org[: place.start()].strip() or org
    return Title(org, year, is_sample, district, province)


def org_type(name: str) -> str:
    for prefix, kind in ORG_TYPES:
        if name.startswith(prefix):
            return kind
    return OTHER_TYPE

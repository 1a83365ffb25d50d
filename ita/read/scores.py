"""ITA scores as data: reading a scores file, the rating rules, and which assessment meets which year.

NACC announces each agency's ITA result every August: a total, one score per instrument (IIT,
EIT, OIT) and one per indicator (1–10). A scores file has one row per organisation and
assessment year, in English headers (`organisation, year, total, iit, eit, oit, indicator_1` …
`indicator_10`) or the Thai ones of the template; every column but organisation, year and total
may be blank. Reading is pure: rows come back checked against the rating rules (a year without
rules is refused); whether the organisation exists is the store's question (ita/store/scores.py).

The rating of a total is reference data (data/reference/ita_rating_rules.csv), not code: each
rule names its years, its rank (1 = best), the lowest total it takes and, where NACC asks for it,
the lowest score each instrument must reach.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ita.read.records import ImportRefused

TOOLS = ("iit", "eit", "oit")
INDICATORS = tuple(range(1, 11))
PASS_LINE = 85.0  # the pass line of every year's rules (ita_rating_rules.csv): what charts draw
SCORE_COLUMNS = ("organisation", "year", "total", *TOOLS, *(f"indicator_{n}" for n in INDICATORS))
# The template's Thai headers, in the order of SCORE_COLUMNS.
THAI_COLUMNS = ("หน่วยงาน", "ปีที่ประเมิน", "คะแนนรวม", "IIT", "EIT", "OIT",
                *(f"ตัวชี้วัดที่ {n}" for n in INDICATORS))
# Extra columns a file may carry and that are not read: the rating is always worked out again
# from the rules (an exported file has it).
IGNORED_COLUMNS = ("rating", "ผลการประเมิน", "ระดับผลการประเมิน")
# Every agency of the country for a few assessment years (8,317 in 2568) in one workbook.
MAX_SCORE_ROWS = 50_000


# ---------------------------------------------------------------- which year meets which
@dataclass(frozen=True)
class AssessmentYears:
    """The two assessments a fiscal year's measures meet."""

    planned_from: int  # the result the measures were planned from
    judged_by: int  # the assessment that judges them


def assessments_for(fiscal_year: int) -> AssessmentYears:
    """The measures of fiscal year Y were planned from the result of assessment Y−1 (announced in
    August of Y−1, just before Y began) and are judged by assessment Y (announced in August of Y).
    Every part of the app that sets scores beside measures asks this function."""
    return AssessmentYears(planned_from=fiscal_year - 1, judged_by=fiscal_year)


# ---------------------------------------------------------------- the rating rules
@dataclass(frozen=True)
class RatingRule:
    first_year: int
    last_year: int | None  # None: still in force
    rank: int  # 1 = the best rating of its years
    rating: str  # as NACC writes it (AA … F; ผ่านดีเยี่ยม … ต้องปรับปรุงโดยด่วน)
    rating_en: str
    min_total: float
    min_each_tool: float | None  # None: the instruments do not matter

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


@dataclass(frozen=True)
class Capped:
    """The instrument that keeps a total from the better rating it would otherwise get."""

    tool: str  # IIT, EIT or OIT
    score: float
    rating: str  # the rating it keeps the total at
    better: str  # the rating the total alone would reach
    needs: float  # what each instrument must reach for `better`


class Rules:
    """The rating rules of every year; a year without rules has no rating (and its scores are refused)."""

    def __init__(self, rules: Iterable[RatingRule]) -> None:
        self.rules = sorted(rules, key=lambda r: (r.first_year, r.rank))

    def of_year(self, year: int) -> list[RatingRule]:
        return sorted((r for r in self.rules if r.covers(year)), key=lambda r: r.rank)

    def knows(self, year: int) -> bool:
        return bool(self.of_year(year))

    def rating(self, year: int, total: float, tools: Mapping[str, float | None]) -> str | None:
        """The rating of a total and its instruments (`tools`: iit, eit, oit, None when not known) in
        `year`: the best rule the total and, where the rule asks, every instrument reach. None when
        the year has no rules, or when the rating depends on an instrument that is not known."""
        for rule in self.of_year(year):
            if total < rule.min_total:
                continue
            if rule.min_each_tool is None:
                return rule.rating
            values = [tools.get(t) for t in TOOLS]
            if any(v is None for v in values):
                return None  # the total reaches this rule; only the instruments could say
            if all(v >= rule.min_each_tool for v in values):  # type: ignore[operator]
                return rule.rating
        return None

    def capped(self, year: int, total: float, tools: Mapping[str, float | None]) -> Capped | None:
        """The lowest instrument below what a better rule asks, when it alone keeps the rating down."""
        rating = self.rating(year, total, tools)
        if rating is None:
            return None
        for rule in self.of_year(year):
            if rule.rating == rating:
                return None
            if total >= rule.min_total and rule.min_each_tool is not None:
                below = [(tools[t], t) for t in TOOLS if tools.get(t) is not None and tools[t] < rule.min_each_tool]
                if below:
                    score, tool = min(below)
                    return Capped(tool.upper(), float(score), rating, rule.rating, rule.min_each_tool)
        return None

    def english(self, rating: str | None) -> str | None:
        return next((r.rating_en for r in self.rules if r.rating == rating), rating)


def read_rules(path: Path) -> Rules:
    """The rating rules of data/reference/ita_rating_rules.csv (or a file of the same columns)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return Rules(
        RatingRule(int(r["first_year"]), int(r["last_year"]) if r["last_year"].strip() else None, int(r["rank"]),
                   r["rating"].strip(), r["rating_en"].strip() or r["rating"].strip(), float(r["min_total"]),
                   float(r["min_each_tool"]) if r["min_each_tool"].strip() else None)
        for r in rows if r.get("rating", "").strip()
    )


# ---------------------------------------------------------------- a scores file
@dataclass(frozen=True)
class ScoreRow:
    """One organisation's result of one assessment year, as read (scores rounded to 2 decimals)."""

    line: int
    organisation: str
    year: int
    total: float
    tools: dict[str, float | None] = field(default_factory=dict)  # iit, eit, oit
    indicators: dict[int, float] = field(default_factory=dict)  # indicator number -> score (blank ones left out)


@dataclass(frozen=True)
class ScoreRefused:
    """A row not taken: its line (1 = the header), why (a stable code, worded by ita.present.labels
    as `score_row_<code>`) and the values at fault."""

    line: int
    code: str
    args: tuple[str, ...] = ()


def _header_key(text: str) -> str:
    return re.sub(r"[\s_.]+", "", str(text).strip().lstrip("\ufeff").lower())


_HEADERS = {_header_key(name): column for column, name in zip(SCORE_COLUMNS, THAI_COLUMNS, strict=True)}
_HEADERS.update({_header_key(column): column for column in SCORE_COLUMNS})
_HEADERS.update({_header_key(alias): column for alias, column in (
    ("org", "organisation"), ("organization", "organisation"), ("ชื่อหน่วยงาน", "organisation"),
    ("ปี", "year"), ("ปีการประเมิน", "year"), ("ปีงบประมาณ", "year"), ("assessment_year", "year"),
    ("คะแนน", "total"), ("คะแนนITA", "total"), ("score", "total"),
)})
_HEADERS.update({_header_key(f"ตัวชี้วัด {n}"): f"indicator_{n}" for n in INDICATORS})
_INDICATOR_LIKE = re.compile(r"^(?:indicator|ตัวชี้วัดที่|ตัวชี้วัด)(\d+)$")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def parse_scores_file(file_name: str, data: bytes, rules: Rules) -> tuple[list[ScoreRow], list[ScoreRefused]]:
    """The rows of a scores file (CSV or XLSX) and the rows refused, each with its line and reason.

    Raises `ImportRefused` (naming the file) for a file that is not a scores table at all."""
    from ita.read.formats.decode import sniff_kind

    try:
        return scores_from_grid(_grid(sniff_kind(file_name, data), data), rules)
    except ImportRefused as refused:
        refused.naming(file_name)
        raise


def scores_from_grid(grid: Sequence[tuple[int, Sequence[object]]],
                     rules: Rules) -> tuple[list[ScoreRow], list[ScoreRefused]]:
    """Rows and refusals from (line, cells) pairs whose first pair is the header (also what the manage
    page's typed table is turned into)."""
    if not grid:
        raise ImportRefused("the file is empty")
    header_line, header = grid[0]
    columns: list[str | None] = []
    refused: list[ScoreRefused] = []
    for cell in header:
        key = _header_key(_text(cell))
        column = _HEADERS.get(key)
        indicator = _INDICATOR_LIKE.match(key.translate(_THAI_DIGITS))
        if column is None and indicator:
            refused.append(ScoreRefused(header_line, "unknown_indicator", (_text(cell),)))
        elif column is None and key and key not in {_header_key(c) for c in IGNORED_COLUMNS}:
            refused.append(ScoreRefused(header_line, "unknown_column", (_text(cell),)))
        columns.append(column)
    missing = [c for c in ("organisation", "year", "total") if c not in columns]
    if missing:
        raise ImportRefused(f"missing columns: {', '.join(missing)}", header_line)
    rows: list[ScoreRow] = []
    seen: dict[tuple[str, int], int] = {}
    for line, cells in grid[1:]:
        values = {c: _text(cells[i]) for i, c in enumerate(columns) if c and i < len(cells)}
        if not any(values.values()):
            continue
        row, why = _score_row(line, values, rules)
        if why is not None:
            refused.append(why)
            continue
        key = (row.organisation, row.year)
        if key in seen:
            refused.append(ScoreRefused(line, "duplicate", (row.organisation, str(row.year), str(seen[key]))))
            continue
        seen[key] = line
        rows.append(row)
    return rows, refused


def _score_row(line: int, values: dict[str, str], rules: Rules) -> tuple[ScoreRow, None] | tuple[None, ScoreRefused]:
    organisation = values.get("organisation", "")
    if not organisation:
        return None, ScoreRefused(line, "no_organisation")
    year_text = values.get("year", "").translate(_THAI_DIGITS)
    if not re.fullmatch(r"\d{4}", year_text):
        return None, ScoreRefused(line, "year_not_number", (values.get("year", ""),))
    year = int(year_text)
    if not rules.knows(year):
        return None, ScoreRefused(line, "year_without_rules", (str(year),))
    scores: dict[str, float | None] = {}
    for column in ("total", *TOOLS, *(f"indicator_{n}" for n in INDICATORS)):
        text = values.get(column, "")
        if not text:
            if column == "total":
                return None, ScoreRefused(line, "no_total")
            scores[column] = None
            continue
        score = _score(text)
        if score is None:
            return None, ScoreRefused(line, "not_a_score", (_column_name(column), text))
        if not 0 <= score <= 100:
            return None, ScoreRefused(line, "out_of_range", (_column_name(column), text))
        scores[column] = score
    total = scores.pop("total")
    tools = {t: scores.pop(t) for t in TOOLS}
    indicators = {int(c.split("_")[1]): v for c, v in scores.items() if v is not None}
    return ScoreRow(line, organisation, year, float(total), tools, indicators), None  # type: ignore[arg-type]


def _column_name(column: str) -> str:
    return column.upper() if column in TOOLS else column


def _score(text: str) -> float | None:
    try:
        value = float(text.translate(_THAI_DIGITS).replace(",", "."))
    except ValueError:
        return None
    return round(value, 2) if math.isfinite(value) else None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    return "" if text.lower() in ("nan", "none") else text


def _grid(kind: str, data: bytes) -> list[tuple[int, list[object]]]:
    from ita.read.formats.decode import decode_text
    from ita.read.formats.limits import MAX_COLUMNS, check_size

    check_size(len(data))  # the same 20 MB as a report: a national file of 8,317 agencies is about 1 MB a year
    if kind == "xlsx":
        import zipfile

        from openpyxl import load_workbook

        from ita.read.formats.package import check_package

        # Read in the app's process, so bounded first as a report's workbook is: a cell at XFD1048576
        # or a bomb of a part is refused before openpyxl sizes the sheet by it.
        check_package(data, ".xlsx", max_rows=MAX_SCORE_ROWS)
        try:
            book = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
            rows = book.worksheets[0].iter_rows(values_only=True, max_row=MAX_SCORE_ROWS, max_col=MAX_COLUMNS)
            return [(line, list(row)) for line, row in enumerate(rows, start=1)]
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            raise ImportRefused(f"not a readable .xlsx workbook ({type(error).__name__})") from None
    if kind not in ("csv", "text"):
        raise ImportRefused("missing columns: organisation, year, total")
    text = decode_text(data)
    first = text.split("\n", 1)[0]
    dialect = "excel-tab" if first.count("\t") > first.count(",") else "excel"
    return [(line, list(row)) for line, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect=dialect),
                                                           start=1)]

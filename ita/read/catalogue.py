"""The ITA framework by fiscal year: indicators, items, and matching report rows to them.

The framework is data (`data/reference/ita_framework.csv`, copied into the store), never
code: a new year's list arrives every year and users correct it. Items are keyed by
(fiscal year, item code) because codes move between years.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import permutations
from operator import lt
from pathlib import Path
from typing import TypeVar

from rapidfuzz import fuzz

from ita.read.records import ImportRefused
from ita.read.thai import compact, to_arabic_digits

T = TypeVar("T")
_NOT_YET = object()  # `remember`: no answer kept yet (None may be an answer)
TOOLS = ("IIT", "EIT", "OIT")
_PREFIX_BY_TOOL = {"IIT": "i", "EIT": "e", "OIT": "o"}
_TOOL_BY_PREFIX = {v: k for k, v in _PREFIX_BY_TOOL.items()}

# An item code at the start of the item cell: ๑๒ / 12 / E๑ / e1 / O๔๒ / 0๔๒ / o42 / I5.
# A zero before a Thai digit is a mistyped letter O, as in the seed's 0๔๒.
_CODE = re.compile(r"^\s*(?:ข้อ\s*)?(?P<prefix>[IiEeOo0]?)\s*\.?\s*(?P<num>[0-9๐-๙]{1,2})(?![0-9๐-๙])")

# "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล", "9. การเปิดเผยข้อมูล", "Indicator 9" (read on the compacted cell).
_NUMBERED_INDICATOR = re.compile(r"^(?:ตัวชี้วัด(?:ที่)?|indicator)?(?P<no>\d{1,2})(?:[.:)]|(?=\D)|$)(?P<name>.*)$",
                                 re.IGNORECASE)

_NAME_CUTOFF = 85
_TEXT_CUTOFF = 60


@dataclass(frozen=True)
class Indicator:
    fiscal_year: int
    no: int
    tool: str
    name_th: str
    name_en: str


@dataclass(frozen=True)
class Item:
    fiscal_year: int
    code: str
    tool: str
    indicator_no: int | None
    sub_indicator: str
    topic: str
    name: str
    confidence: str


@dataclass(frozen=True)
class ItemMatch:
    code: str | None
    method: str  # code, topic, topic_text, name, none
    confidence: float


@dataclass(frozen=True)
class Coverage:
    """How much of a fiscal year's framework the store knows, for the one warning an import gets.

    state: complete (the year lists its own indicators and items of every tool), partial (it has
    rows, but no indicator list of its own or no items of some tool) or missing (no rows at all).
    """

    fiscal_year: int
    state: str
    indicators_from: int | None  # the year whose indicator names were used; None when none is known
    tools_without_items: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.state == "complete"


@dataclass
class YearFramework:
    """One fiscal year's framework, with the lookups a report's rows need precomputed.

    A national import reads tens of thousands of reports against the same few years, so names
    are compacted once here and answers to repeated questions are remembered.
    """

    fiscal_year: int
    indicators: dict[int, Indicator]
    items: dict[str, Item]
    # True when this year's list names no indicators and they were borrowed from the nearest year.
    indicators_assumed: bool = False
    keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._indicator_by_key: dict[str, Indicator] = {compact(i.name_th): i for i in self.indicators.values()}
        self._indicator_by_key.update({compact(i.name_en).lower(): i for i in self.indicators.values()})
        self._tools = {item.tool for item in self.items.values()}
        self._keywords = {name: tuple(compact(k).lower() for k in words) for name, words in self.keywords.items()}
        self._remembered: dict[tuple, object] = {}
        self._oit_by_text: dict[tuple[str, int | None], tuple[list[Item], str]] = {}

    def remember(self, key: tuple, compute: Callable[[], T]) -> T:
        # One look-up, not `in` and then `[]`: a tuple's hash is not kept, and some keys are
        # large (an OIT topic's whole score table), hashed on every report that names the topic.
        found = self._remembered.get(key, _NOT_YET)
        if found is _NOT_YET:
            found = self._remembered[key] = compute()
        return found  # type: ignore[return-value]

    def find_indicator(self, written: str, aliases: Mapping[str, str]) -> Indicator | None:
        """The official indicator for a name as written, or None when nothing is close enough."""
        return self.remember(("indicator", written), lambda: self._find_indicator(written, aliases))

    def _find_indicator(self, written: str, aliases: Mapping[str, str]) -> Indicator | None:
        key = compact(to_arabic_digits(written))
        numbered = _NUMBERED_INDICATOR.match(key)
        if numbered:
            # The name decides when there is one; a number alone is read in this year's numbering.
            if numbered["name"]:
                return self._indicator_by_name(numbered["name"], aliases)
            return self.indicators.get(int(numbered["no"]))
        return self._indicator_by_name(key, aliases)

    def _indicator_by_name(self, key: str, aliases: Mapping[str, str]) -> Indicator | None:
        key = compact(aliases.get(key, key))
        found = self._indicator_by_key.get(key) or self._indicator_by_key.get(key.lower())
        if found is not None:
            return found
        best, best_score = None, 0.0
        for name, indicator in self._indicator_by_key.items():
            score = fuzz.ratio(key, name)
            if score > best_score:
                best, best_score = indicator, score
        return best if best_score >= _NAME_CUTOFF else None

    def tools_with_items(self) -> set[str]:
        return self._tools

    def oit_candidates(self, item_text: str, indicator_no: int | None) -> tuple[list[Item], str]:
        """Items an OIT row may answer, found by topic, then by item name."""
        # By the text as written first (one look-up for most rows), then by its compact form.
        found = self._oit_by_text.get((item_text, indicator_no))
        if found is None:
            key = compact(item_text)
            found = self.remember(("oit", key, indicator_no), lambda: self._oit_candidates(key, indicator_no))
            self._oit_by_text[(item_text, indicator_no)] = found
        return found

    def _oit_candidates(self, key: str, indicator_no: int | None) -> tuple[list[Item], str]:
        oit = [
            i
            for i in self.items.values()
            if i.tool == "OIT" and (indicator_no is None or i.indicator_no in (None, indicator_no))
        ]
        if not key:
            return [], "none"
        for attribute, method in (("topic", "topic"), ("name", "name")):
            scored: dict[str, float] = {}
            for item in oit:
                label = compact(getattr(item, attribute))
                if label:
                    scored[label] = max(scored.get(label, 0.0), _label_score(key, label))
            if not scored:
                continue
            best_label = max(scored, key=scored.__getitem__)
            if scored[best_label] >= _NAME_CUTOFF:
                return [i for i in oit if compact(getattr(i, attribute)) == best_label], method
        return [], "none"

    def text_score(self, item: Item, text: str) -> float:
        """0–100: how well a row's text describes an item, by its name and its keywords.

        Only the part of the name that tells the item from its topic's other items counts
        (ข้อมูลเชิงสถิติ in ข้อมูลเชิงสถิติการให้บริการ), since every row under a topic
        repeats the topic's words. An item named exactly like its topic is the topic's
        general item and scores 75; a keyword found in the text scores 100.
        """
        return self.remember(("text", item.code, text), lambda: self._text_score(item, text))

    def _text_score(self, item: Item, text: str) -> float:
        body = compact(text).lower()
        if any(k in body for k in self._keywords.get(compact(item.name), ())):
            return 100.0
        name, topic = compact(item.name).lower(), compact(item.topic).lower()
        specific = name.replace(topic, "") if topic and topic != name else name
        if not specific or name == topic:
            return 75.0
        return fuzz.partial_ratio(specific, body)


def _label_score(key: str, label: str) -> float:
    score = fuzz.ratio(key, label)
    if min(len(key), len(label)) >= 10:
        score = max(score, fuzz.partial_ratio(key, label) - 5)
    return score


def parse_item_code(item_text: str, tool: str | None) -> str | None:
    """The ITA item code written at the start of an item cell, or None.

    A bare number takes the prefix of the indicator's tool (๑๒ under an IIT indicator is i12).
    """
    match = _CODE.match(to_arabic_digits(item_text[:16]))  # a code is at the very start
    if not match:
        return None
    prefix = match.group("prefix").lower().replace("0", "o")
    number = int(match.group("num"))
    if number == 0:
        return None
    if not prefix:
        if tool not in _PREFIX_BY_TOOL:
            return None
        prefix = _PREFIX_BY_TOOL[tool]
    # A number alone must be followed by text: a cell holding only "2564" is not an item code.
    return f"{prefix}{number}"


def tool_of_code(code: str) -> str:
    return _TOOL_BY_PREFIX[code[0]]


def assign_oit_items(
    framework: YearFramework, rows: list[tuple[int, str]], candidates: list[Item]
) -> dict[int, ItemMatch]:
    """Match rows that named the same topic to that topic's items, one item per row.

    `rows` are (row key, row text). Rows are assigned to distinct items to maximise how well
    texts and item names agree; among equal choices, report order follows framework order,
    as agencies list the items in that order. More rows than items reuse the best item.
    """
    if not rows or not candidates:
        return {}
    if len(candidates) == 1:
        return {key: ItemMatch(candidates[0].code, "topic", 0.9) for key, _ in rows}
    # The answer depends only on the score table (each row's score against each item), and the
    # scores of a row only on its text: reports repeat a topic's row texts in ever new
    # combinations, so each text is scored once per topic and each table assigned once.
    codes = tuple(c.code for c in candidates)
    score_rows: dict[tuple[tuple[str, ...], str], tuple[float, ...]] = framework.remember(("score rows",), dict)
    table = []
    for _, text in rows:
        scored = score_rows.get((codes, text))
        if scored is None:
            scored = score_rows[(codes, text)] = tuple(framework.text_score(item, text) for item in candidates)
        table.append(scored)
    scores = tuple(table)
    matches = framework.remember(("assign", codes, scores), lambda: _assign(scores, candidates))
    return {key: match for (key, _), match in zip(rows, matches, strict=True)}


def _assign(scores: tuple[tuple[float, ...], ...], candidates: list[Item]) -> list[ItemMatch]:
    result = []
    for row_scores, pick in zip(scores, _picks(scores), strict=True):
        score = row_scores[pick]
        confidence = round(min(0.9, 0.3 + 0.6 * score / 100), 2)
        method = "topic_text" if score >= _TEXT_CUTOFF else "topic_order"
        result.append(ItemMatch(candidates[pick].code, method, confidence))
    return result


def _picks(scores: tuple[tuple[float, ...], ...]) -> list[int]:
    """Each row's item (an index into its scores): distinct items with the best total score."""
    rows, items = len(scores), len(scores[0])
    if rows > items:
        picks = [max(range(items), key=row.__getitem__) for row in scores]
    elif _permutation_count(items, rows) <= _MAX_PERMUTATIONS:
        # scores[r][p[r]] summed in row order, as a generator would, through map: the same floats, faster.
        picks = list(
            max(
                permutations(range(items), rows),
                key=lambda p: (sum(map(tuple.__getitem__, scores, p)), _in_order(p)),
            )
        )
    else:
        picks = _greedy(scores)
    return picks


_MAX_PERMUTATIONS = 120  # beyond this many, the best pairs are taken greedily instead


def _permutation_count(items: int, rows: int) -> int:
    count = 1
    for value in range(items - rows + 1, items + 1):
        count *= value
    return count


def _greedy(scores: Sequence[Sequence[float]]) -> list[int]:
    """Distinct items for rows, best-scoring pairs first (earlier rows and items win ties)."""
    pairs = sorted(((-score, row, item) for row, line in enumerate(scores) for item, score in enumerate(line)))
    picks: dict[int, int] = {}
    taken: set[int] = set()
    for _, row, item in pairs:
        if row not in picks and item not in taken:
            picks[row] = item
            taken.add(item)
    return [picks[row] for row in range(len(scores))]


def _in_order(picks: tuple[int, ...]) -> int:
    # How many neighbours are in framework order: the count of a < b over pairwise(picks).
    return sum(map(lt, picks, picks[1:]))


@dataclass
class Framework:
    """Every year's framework, plus the name aliases and item keywords used for matching."""

    indicators: list[Indicator]
    items: list[Item]
    aliases: dict[str, str] = field(default_factory=dict)
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)

    _by_year: dict[int, YearFramework] = field(default_factory=dict, repr=False, compare=False)
    # Answers that depend on the whole framework (years, coverage, domain terms), asked once per
    # report: worked out once, since a framework is not changed after it is built (as `_by_year`).
    _answers: dict[tuple, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def years(self) -> list[int]:
        if "years" not in self._answers:
            named = {i.fiscal_year for i in self.indicators} | {i.fiscal_year for i in self.items}
            self._answers["years"] = sorted(named)
        return list(self._answers["years"])  # type: ignore[call-overload]

    def for_year(self, fiscal_year: int) -> YearFramework:
        if fiscal_year not in self._by_year:
            self._by_year[fiscal_year] = self._year(fiscal_year)
        return self._by_year[fiscal_year]

    def _year(self, fiscal_year: int) -> YearFramework:
        items = {i.code: i for i in self.items if i.fiscal_year == fiscal_year}
        indicators = {i.no: i for i in self.indicators if i.fiscal_year == fiscal_year}
        assumed = False
        if not indicators:
            # Years whose list names no indicators (2568) borrow the nearest year's names.
            years = sorted({i.fiscal_year for i in self.indicators}, key=lambda y: (abs(y - fiscal_year), -y))
            if years:
                indicators = {i.no: i for i in self.indicators if i.fiscal_year == years[0]}
                assumed = True
        return YearFramework(fiscal_year, indicators, items, assumed, self.keywords)

    def coverage(self, fiscal_year: int) -> Coverage:
        """What this framework knows of `fiscal_year`: complete, partial or missing."""
        key = ("coverage", fiscal_year)
        if key not in self._answers:
            self._answers[key] = self._coverage(fiscal_year)
        return self._answers[key]  # type: ignore[return-value]

    def _coverage(self, fiscal_year: int) -> Coverage:
        year = self.for_year(fiscal_year)
        known = fiscal_year in self.years
        without = tuple(tool for tool in TOOLS if tool not in year.tools_with_items())
        indicators_from = next(iter(year.indicators.values())).fiscal_year if year.indicators else None
        if not known:
            state = "missing"
        elif year.indicators_assumed or not year.indicators or len(without) == len(TOOLS):
            state = "partial"
        else:
            # A year that lists its indicators but only some tools' items (2565–2567 list no IIT/EIT
            # questions) is complete enough: codes of the other tools are kept and marked unverified.
            state = "complete"
        return Coverage(fiscal_year, state, indicators_from, without)

    def domain_terms(self) -> set[str]:
        """Names a PDF may wrap: used to recognise wrapped words."""
        if "terms" not in self._answers:
            terms = {i.name_th for i in self.indicators} | set(self.aliases)
            terms |= {i.topic for i in self.items if i.topic} | {i.name for i in self.items if len(i.name) < 60}
            self._answers["terms"] = frozenset(terms)
        return set(self._answers["terms"])  # type: ignore[arg-type]

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[Mapping[str, object]],
        aliases: Mapping[str, str] | None = None,
        keywords: Mapping[str, Iterable[str]] | None = None,
    ) -> Framework:
        indicators: dict[tuple[int, int], Indicator] = {}
        items: list[Item] = []
        for row in rows:
            year = int(str(row["fiscal_year_be"]))
            tool = str(row["tool"]).strip()
            number = _int_or_none(row.get("indicator_no"))
            name = _text(row.get("indicator_th"))
            if number is not None and name:
                indicators.setdefault(
                    (year, number), Indicator(year, number, tool, name, _text(row.get("indicator_en")) or name)
                )
            code = _text(row.get("item_code")).lower()
            if code:
                items.append(
                    Item(
                        year,
                        code,
                        tool,
                        number,
                        _text(row.get("sub_indicator_th")),
                        _text(row.get("topic_th")),
                        _text(row.get("item_name_th")),
                        _text(row.get("confidence")),
                    )
                )
        alias_map = {compact(k): v for k, v in (aliases or {}).items()}
        keyword_map = {compact(k): tuple(v) for k, v in (keywords or {}).items()}
        return cls(sorted(indicators.values(), key=lambda i: (i.fiscal_year, i.no)), items, alias_map, keyword_map)


def _int_or_none(value: object) -> int | None:
    text = _text(value)
    try:
        return int(float(text)) if text else None
    except (ValueError, OverflowError):  # "1E310" reads as infinity
        return None


def _text(value: object) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.lower() in ("nan", "none") else text


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------- a framework file an editor brings
FRAMEWORK_COLUMNS = (
    "fiscal_year_be", "tool", "indicator_no", "indicator_th", "indicator_en", "sub_indicator_th", "topic_th",
    "item_code", "item_name_th", "confidence", "note",
)
CONFIDENCES = ("high", "medium", "low", "unknown", "")
_ITEM_CODE = re.compile(r"^[ieo][1-9][0-9]?$")
MAX_FRAMEWORK_ROWS = 2000


@dataclass(frozen=True)
class RowRefused:
    """A row of a framework file that was not taken: its line (1 = the header), why (a stable code,
    worded by ita.present.labels as `fw_row_<code>`) and the values at fault."""

    line: int
    code: str
    args: tuple[str, ...] = ()


def parse_framework_file(
    file_name: str, data: bytes, fiscal_year: int | None = None
) -> tuple[list[dict[str, object]], list[RowRefused]]:
    """The rows of a framework file (CSV or XLSX in the columns of ita_framework.csv), checked.

    Returns (rows taken, rows refused). `fiscal_year` fills an empty year and refuses rows of any
    other year. A row with a tool but neither item nor indicator is kept: it records that a tool
    exists in a year whose items are not known (2568's IIT and EIT). Raises `ImportRefused` for a
    file that is not a framework at all (unreadable, or without the columns), naming the file.
    """
    from ita.read.formats.decode import sniff_kind

    try:
        return _framework_rows(_framework_grid(sniff_kind(file_name, data), data), fiscal_year)
    except ImportRefused as refused:
        refused.naming(file_name)
        raise


def _framework_rows(
    grid: list[tuple[int, list[str]]], fiscal_year: int | None
) -> tuple[list[dict[str, object]], list[RowRefused]]:
    if not grid:
        raise ImportRefused("the file is empty")
    header_line, header = grid[0]
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    required = {"tool", "item_code"} | (set() if fiscal_year else {"fiscal_year_be"})
    missing = sorted(required - set(names))
    if missing:
        raise ImportRefused(
            f"missing column(s) {', '.join(missing)}; use the columns of ita_framework.csv: "
            + ", ".join(FRAMEWORK_COLUMNS), header_line,
        )
    if len(grid) - 1 > MAX_FRAMEWORK_ROWS:
        raise ImportRefused(f"more than {MAX_FRAMEWORK_ROWS} rows: is this a framework?")
    rows: list[dict[str, object]] = []
    refused: list[RowRefused] = []
    seen: dict[tuple[int, str], int] = {}
    for line, cells in grid[1:]:
        values = {name: _text(cells[i]) if i < len(cells) else "" for i, name in enumerate(names)}
        if not any(values.values()):
            continue
        row, problem = _framework_row(values, fiscal_year)
        if problem:
            refused.append(RowRefused(line, problem[0], problem[1:]))
            continue
        assert row is not None
        key = (int(row["fiscal_year_be"]), str(row["item_code"]))
        if row["item_code"] and key in seen:
            refused.append(RowRefused(line, "duplicate_item", (key[1], str(key[0]), str(seen[key]))))
            continue
        seen[key] = line
        row["line"] = line
        rows.append(row)
    return rows, refused


def _framework_row(
    values: Mapping[str, str], fiscal_year: int | None
) -> tuple[dict[str, object] | None, tuple[str, ...]]:
    """The row as stored, or None and (problem code, values at fault)."""
    year_text = to_arabic_digits(values.get("fiscal_year_be", ""))
    if not year_text and fiscal_year:
        year_text = str(fiscal_year)
    try:
        year = int(float(year_text))
    except (ValueError, OverflowError):  # "1E310" reads as infinity
        return None, ("year_not_number", year_text)
    if not 2500 <= year <= 2700:
        return None, ("year_out_of_range", str(year))
    if fiscal_year and year != fiscal_year:
        return None, ("year_other", str(year), str(fiscal_year))
    tool = values.get("tool", "").upper()
    if tool not in TOOLS:
        return None, ("tool_unknown", values.get("tool", ""))
    number_text = to_arabic_digits(values.get("indicator_no", ""))
    number = _int_or_none(number_text)
    if number_text and number is None:
        return None, ("indicator_not_number", number_text)
    code = to_arabic_digits(values.get("item_code", "")).lower().replace(" ", "")
    if code and not _ITEM_CODE.match(code):
        return None, ("item_code_invalid", values.get("item_code", ""))
    if code and _TOOL_BY_PREFIX[code[0]] != tool:
        return None, ("item_code_tool", code, _TOOL_BY_PREFIX[code[0]], tool)
    if number is not None and not values.get("indicator_th"):
        return None, ("indicator_unnamed", str(number))
    confidence = values.get("confidence", "").lower()
    if confidence not in CONFIDENCES:
        return None, ("confidence_unknown", confidence)
    row: dict[str, object] = {name: values.get(name, "") for name in FRAMEWORK_COLUMNS}
    row.update(fiscal_year_be=year, tool=tool, indicator_no=number, item_code=code, confidence=confidence)
    return row, ()


def _framework_grid(kind: str, data: bytes) -> list[tuple[int, list[str]]]:
    from ita.read.formats.decode import decode_text

    if kind == "xlsx":
        import zipfile

        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            raise ImportRefused(f"not a readable .xlsx workbook ({type(error).__name__})") from None
        sheet = book.worksheets[0]
        return [
            (line, [_text(v) if not isinstance(v, float) or not v.is_integer() else str(int(v)) for v in row])
            for line, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    if kind not in ("csv", "text"):
        raise ImportRefused("a framework is a .csv or .xlsx file in the columns of ita_framework.csv")
    text = decode_text(data)
    dialect = "excel-tab" if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",") else "excel"
    reader = csv.reader(io.StringIO(text, newline=""), dialect=dialect)
    return [(line, row) for line, row in enumerate(reader, start=1)]


def framework_rows_sha256(rows: Iterable[Mapping[str, object]]) -> str:
    """A fingerprint of a year's rows, whatever their order, line numbers or cell types."""
    canonical = sorted(json.dumps([canonical_cell(c, row.get(c)) for c in FRAMEWORK_COLUMNS], ensure_ascii=False)
                       for row in rows)
    return hashlib.sha256("\n".join(canonical).encode()).hexdigest()


def canonical_cell(column: str, value: object) -> str:
    """A framework cell as text: numbers without a decimal point, no NULL/NaN, no outer spaces."""
    if column in ("fiscal_year_be", "indicator_no"):
        number = _int_or_none(value)
        return "" if number is None else str(number)
    return _text(value)

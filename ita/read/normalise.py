"""From a `RawReport` (cells as written) to a `Report` of measures tied to the ITA framework.

Pure: the framework and the division directory come in as arguments. Every judgement
that a user may want to check becomes a `Finding` with the file's line number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import fields
from functools import lru_cache

from ita.read.catalogue import (
    Coverage,
    Framework,
    Indicator,
    YearFramework,
    assign_oit_items,
    parse_item_code,
    tool_of_code,
)
from ita.read.divisions import DivisionDirectory
from ita.read.organisations import org_type
from ita.read.periods import parse_period
from ita.read.records import UNKNOWN, Finding, ImportRefused, Measure, RawReport, RawRow, Report
from ita.read.status import parse_status
from ita.read.text_rules import is_web_address
from ita.read.thai import WrapRepairer

_STATUS_TERMS = ("ดำเนินการแล้ว", "ระหว่างดำเนินการ", "อยู่ระหว่างดำเนินการ", "ยังไม่ดำเนินการ", "ตลอดปีงบประมาณ")


@lru_cache(maxsize=4)
def _repairer(terms: frozenset[str]) -> WrapRepairer:
    return WrapRepairer(terms)


# The last framework and directory asked about, with their repairer: a bulk import asks once
# per report with the same two objects, and gathering the vocabulary took longer than a report's rows.
_last: tuple[Framework, DivisionDirectory, WrapRepairer] | None = None


def repairer_for(framework: Framework, directory: DivisionDirectory) -> WrapRepairer:
    """One wrap repairer per vocabulary, shared across reports (its cache is the speed-up)."""
    global _last
    if _last is not None and _last[0] is framework and _last[1] is directory:
        return _last[2]
    terms = framework.domain_terms() | {d.name for d in directory.known.values()} | set(_STATUS_TERMS)
    repairer = _repairer(frozenset(terms))
    _last = (framework, directory, repairer)
    return repairer


# A measure as a row: a list of its values in the order of `Measure`'s fields (`Measure(*row)`
# makes the object). Normalising works on rows, so that a bulk import's worker can turn a
# report's rows into columns without making (and then taking apart) an object per measure.
MEASURE_ROW = (
    "seq", "line", "indicator_as_written", "indicator", "indicator_no", "tool", "item_text", "item_code",
    "item_match", "match_confidence", "action", "responsible_text", "divisions", "period", "follow_up",
    "status", "status_text", "progress_pct", "evidence_url", "note", "period_start", "period_end",
)
(SEQ, LINE, INDICATOR_AS_WRITTEN, INDICATOR, INDICATOR_NO, TOOL, ITEM_TEXT, ITEM_CODE, ITEM_MATCH,
 MATCH_CONFIDENCE, ACTION, RESPONSIBLE_TEXT, DIVISIONS, PERIOD, FOLLOW_UP, STATUS, STATUS_TEXT,
 PROGRESS_PCT, EVIDENCE_URL, NOTE, PERIOD_START, PERIOD_END) = range(len(MEASURE_ROW))
if tuple(f.name for f in fields(Measure)) != MEASURE_ROW:
    raise ImportError("normalise.MEASURE_ROW no longer lists Measure's fields in their order")


def normalise(
    raw: RawReport,
    framework: Framework,
    directory: DivisionDirectory,
    *,
    organisation: str | None = None,
    fiscal_year: int | None = None,
) -> Report:
    """Tie every row to the framework of the report's year; refuse when org or year is unknown.

    `organisation` and `fiscal_year` override what the file says (for files with no title).
    """
    report, rows = normalise_rows(raw, framework, directory, organisation=organisation, fiscal_year=fiscal_year)
    report.measures = [Measure(*row) for row in rows]
    return report


def normalise_rows(
    raw: RawReport,
    framework: Framework,
    directory: DivisionDirectory,
    *,
    organisation: str | None = None,
    fiscal_year: int | None = None,
) -> tuple[Report, list[list]]:
    """As `normalise`, with the measures as rows (see `MEASURE_ROW`) and `Report.measures` empty.

    A row's divisions are its own list of the directory's remembered `Division` objects: a
    caller must not change those objects (`normalise` hands them on as every measure's own).
    """
    org = organisation or raw.organisation
    year = fiscal_year or raw.fiscal_year
    if not org or not year:
        missing = " and ".join(n for n, v in (("organisation", org), ("fiscal year", year)) if not v)
        raise ImportRefused(
            f"cannot tell the {missing}: add a title line such as "
            "'รายงานผล... ของเทศบาลตำบลหนองจอก ประจำปีงบประมาณ 2564', or give them when importing",
            file_name=raw.file_name,
        )
    if not 2500 <= year <= 2700:
        raise ImportRefused(f"fiscal year {year} is not a Buddhist-Era year between 2500 and 2700",
                            file_name=raw.file_name)
    # A report is never refused for its year: NACC changes the assessment every year and the
    # framework arrives later (as data). What cannot be checked is marked and warned about once.
    coverage = framework.coverage(year)
    year_framework = framework.for_year(year)
    repair = repairer_for(framework, directory).repair_cell
    # Indicator, tool and item code depend only on three cells and the year, which repeat
    # across a national import's reports: worked out once per combination (see `_tie_row`).
    ties: dict[tuple[str, str, str], _RowTie] = year_framework.remember(("row ties",), dict)
    findings: list[Finding] = []
    rows = [
        _measure(seq, row, year_framework, framework, directory, repair, ties, findings)
        for seq, row in enumerate(raw.rows, start=1)
    ]
    _match_oit_topics(rows, year_framework, findings)
    findings = _mark_unverified(rows, year_framework, coverage, findings)
    findings.extend(unreadable_periods(rows))
    report = Report(
        file_name=raw.file_name,
        source_kind=raw.source_kind,
        organisation=org,
        fiscal_year=year,
        measures=[],
        findings=sorted(findings, key=lambda f: (f.line or 0, f.code)),
        is_sample=raw.is_sample,
        org_type=org_type(org),
        province=raw.province,
        district=raw.district,
    )
    return report, rows


def _measure(
    seq: int,
    row: RawRow,
    year: YearFramework,
    framework: Framework,
    directory: DivisionDirectory,
    repair: Callable[[str], str],
    ties: dict[tuple[str, str, str], _RowTie],
    findings: list[Finding],
) -> list:
    """One row of the report as a measure row (see `MEASURE_ROW`); its warnings go to `findings`."""
    cells = row.cells
    get = cells.get
    # Each cell through the wrap repairer (cached per cell text): the same for every column.
    written_indicator = repair(get("indicator", ""))
    item_text = repair(get("item", ""))
    item_code_cell = repair(get("item_code", ""))
    status_text = repair(get("status", ""))
    responsible = repair(get("responsible", ""))
    period = repair(get("period", ""))
    line = row.line
    key = (written_indicator, item_code_cell, item_text)
    tie = ties.get(key)
    if tie is None:
        if len(ties) >= _TIES_KEPT:
            ties.clear()  # bounded: free-text item cells need not repeat
        tie = ties[key] = _tie_row(year, framework, written_indicator, item_code_cell, item_text)
    indicator, tool, code, notes = tie
    for note, args in notes:
        findings.append(Finding(note, line, args, seq))
    status, percent = parse_status(status_text)
    if status == UNKNOWN:
        findings.append(Finding("unknown_status", line, (status_text,), seq))
    named, unknown = directory.parse_remembered(responsible)
    divisions = list(named)  # this measure's own list, of the remembered (unchanged) divisions
    if unknown:
        reported = {f.args[0] for f in findings if f.code == "new_division"}
        findings.extend(Finding("new_division", line, (name,), seq) for name in unknown if name not in reported)
    # The text stays as written; the dates are what can be read from it (None: left for a person).
    dates = parse_period(period, year.fiscal_year) if period.strip() else None
    evidence = get("evidence_url", "").strip()
    if evidence and not is_web_address(evidence):
        # Dropped with a warning, as the edit tab refuses it: a link that is no web address
        # (javascript:, data:, a file path) must never be stored to be clicked, but the measure
        # it sits on is still a measure, like one whose status cannot be read.
        findings.append(Finding("evidence_not_web", line, (_shortened(evidence),), seq))
        evidence = ""
    # In MEASURE_ROW's order (a list literal: several times cheaper than a Measure's 22 keywords).
    return [
        seq,
        line,
        written_indicator,
        indicator.name_th if indicator else written_indicator,
        indicator.no if indicator else None,
        tool,
        item_text,
        code,
        "code" if code else "none",
        1.0 if code else 0.0,
        repair(get("action", "")),
        responsible,
        divisions,
        period,
        repair(get("follow_up", "")),
        status,
        status_text,
        percent,
        evidence,
        repair(get("note", "")),
        dates.start if dates else None,
        dates.end if dates else None,
    ]


# A dropped link's text, as a warning quotes it: enough to find it in the file.
_QUOTED = 80


def _shortened(text: str) -> str:
    return text if len(text) <= _QUOTED else text[:_QUOTED] + "…"


# Row ties remembered per fiscal year; past this many the memory starts again (a few MB).
_TIES_KEPT = 50_000
_RowTie = tuple[Indicator | None, str | None, str | None, tuple[tuple[str, tuple[str, ...]], ...]]


def _tie_row(
    year: YearFramework, framework: Framework, written_indicator: str, item_code_cell: str, item_text: str
) -> _RowTie:
    """A row's indicator, tool and item code, and the warnings (code, args) they raise."""
    notes: list[tuple[str, tuple[str, ...]]] = []
    indicator = year.find_indicator(written_indicator, framework.aliases) if written_indicator else None
    tool = indicator.tool if indicator else None
    code = parse_item_code(item_code_cell, tool) if item_code_cell else None
    code = code or parse_item_code(item_text, tool)
    if code:
        tool = tool or tool_of_code(code)
        item = year.items.get(code)
        if item is None and tool_of_code(code) in year.tools_with_items():
            notes.append(("item_not_in_framework", (code, str(year.fiscal_year))))
        elif item is not None and indicator is None and item.indicator_no in year.indicators:
            indicator = year.indicators[item.indicator_no]
        elif item is not None and indicator is not None and item.indicator_no not in (None, indicator.no):
            expected = year.indicators.get(item.indicator_no) if item.indicator_no else None
            notes.append(
                (
                    "item_wrong_indicator",
                    (code, indicator.name_th, expected.name_th if expected else "?", str(year.fiscal_year)),
                )
            )
    if indicator is None and written_indicator:
        notes.append(("unknown_indicator", (written_indicator, str(year.fiscal_year))))
    return indicator, tool, code, tuple(notes)


# Lines named in the one warning about unreadable periods; the rest are counted, not listed.
UNREADABLE_LINES_LISTED = 5


def unreadable_periods(rows: list[list]) -> list[Finding]:
    """One warning for all the periods written but not readable as dates, or none (`rows` as `MEASURE_ROW`).

    One per report rather than one per row: a report usually repeats the same wording on every
    row, and forty identical warnings would bury the others. Its args are the count, the first
    lines and the first such wording, so a person can find and fix them.
    """
    unread = [r for r in rows if r[PERIOD].strip() and r[PERIOD_END] is None]
    if not unread:
        return []
    lines = ", ".join(str(r[LINE]) for r in unread[:UNREADABLE_LINES_LISTED])
    if len(unread) > UNREADABLE_LINES_LISTED:
        lines += ", …"
    # At the first such line (where a reader starts looking), but about no one measure.
    return [Finding("unreadable_periods", unread[0][LINE], (str(len(unread)), lines, unread[0][PERIOD]))]


def _match_oit_topics(rows: list[list], year: YearFramework, findings: list[Finding]) -> None:
    """OIT rows name a topic rather than an item: match each topic's rows to its items together."""
    groups: dict[tuple[str, ...], list[list]] = defaultdict(list)
    candidates_by_group = {}
    for row in rows:
        if row[TOOL] != "OIT" or row[ITEM_CODE]:
            continue
        candidates, method = year.oit_candidates(row[ITEM_TEXT], row[INDICATOR_NO])
        if not candidates:
            findings.append(Finding("oit_unmatched", row[LINE], (row[ITEM_TEXT],), row[SEQ]))
            continue
        key = tuple(c.code for c in candidates)
        groups[key].append(row)
        candidates_by_group[key] = (candidates, method)
    for key, group in groups.items():
        candidates, method = candidates_by_group[key]
        # The item cell names the topic, so only the action tells the topic's items apart.
        matches = assign_oit_items(year, [(r[SEQ], r[ACTION]) for r in group], candidates)
        for row in group:
            match = matches[row[SEQ]]
            row[ITEM_CODE] = match.code
            row[ITEM_MATCH] = "name" if method == "name" and len(candidates) == 1 else match.method
            row[MATCH_CONFIDENCE] = 0.95 if row[ITEM_MATCH] == "name" else match.confidence


# Per-row warnings that only say "this year's framework does not list it": in a year whose
# framework is missing or partial they are one warning for the whole import instead.
_FRAMEWORK_GAP_FINDINGS = ("item_not_in_framework", "oit_unmatched")
UNVERIFIED_CONFIDENCE = 0.5


def _mark_unverified(
    rows: list[list], year: YearFramework, coverage: Coverage, findings: list[Finding]
) -> list[Finding]:
    """Keep item codes the year's framework does not list as written, marked `unverified`.

    In a year whose framework is missing or partial, the per-row warnings about such items
    become ONE `framework_missing` / `framework_partial` warning naming the year, the year whose
    indicator names were used, the tools without items and how many rows are unverified.
    """
    unverified: list[list] = []
    for row in rows:
        if row[ITEM_CODE] and row[ITEM_CODE] not in year.items:
            row[ITEM_MATCH] = "unverified"
            row[MATCH_CONFIDENCE] = UNVERIFIED_CONFIDENCE
            unverified.append(row)
        elif not coverage.complete and row[TOOL] == "OIT" and not row[ITEM_CODE]:
            row[ITEM_MATCH] = "unverified"
            row[MATCH_CONFIDENCE] = 0.0
            unverified.append(row)
    if coverage.complete:
        return findings
    kept = [f for f in findings if f.code not in _FRAMEWORK_GAP_FINDINGS]
    borrowed = str(coverage.indicators_from) if coverage.indicators_from else "-"
    tools = " ".join(coverage.tools_without_items) or "-"
    code = "framework_missing" if coverage.state == "missing" else "framework_partial"
    # It points at the first row it concerns, so that it reads like every other warning.
    first = unverified[0][LINE] if unverified else (rows[0][LINE] if rows else None)
    warning = Finding(code, first, (str(coverage.fiscal_year), borrowed, tools, str(len(unverified))))
    return [warning, *kept]

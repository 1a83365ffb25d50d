"""The shapes that flow from a source file to the store.

A reader turns a file into a `RawReport` (cells as written, with line numbers); `normalise`
turns that into a `Report` of `Measure`s plus `Finding`s (warnings a user can act on).
`ImportRefused` is the one error a reader raises for a file it cannot read at all: the reader says
why and where (the line), the function that reads one file names the file (`ImportRefused.naming`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Column keys shared by every reader, in the order the agencies' reports print them.
COLUMNS = ("indicator", "item", "action", "responsible", "period", "follow_up", "status")

DONE, IN_PROGRESS, NOT_STARTED, UNKNOWN = "done", "in_progress", "not_started", "unknown"
STATUSES = (DONE, IN_PROGRESS, NOT_STARTED, UNKNOWN)


class ImportRefused(Exception):
    """A file that cannot be read at all: why (`reason`) and, where known, the `line`.

    Readers raise it with the reason and line only; the boundary that reads one file (say
    `formats.read_report`, `prepared.prepare`) names the file once with `naming`, so no reader
    needs the file's name to explain itself. The message then names the file and the line.
    """

    def __init__(self, reason: str, line: int | None = None, *, file_name: str = "") -> None:
        # args are (reason, line) and file_name is an attribute, so a refusal pickles whole
        # (from a parsing worker to the storing process) with the name its boundary gave it.
        super().__init__(reason, line)
        self.reason = reason
        self.line = line
        self.file_name = file_name

    def naming(self, file_name: str) -> ImportRefused:
        """This refusal, naming its file (unless a boundary nearer the file named it already)."""
        if not self.file_name:
            self.file_name = file_name
        return self

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.file_name, f"line {self.line}" if self.line else "") if part)
        return f"{where}: {self.reason}" if where else self.reason


@dataclass(frozen=True)
class RawRow:
    """One table row as written; `cells` maps column keys to text."""

    line: int
    cells: dict[str, str]


@dataclass
class RawReport:
    file_name: str
    title: str
    rows: list[RawRow]
    source_kind: str  # "text", "csv", "xlsx", "docx", "pdf"
    organisation: str | None = None
    fiscal_year: int | None = None
    is_sample: bool = False
    district: str | None = None
    province: str | None = None


@dataclass(frozen=True)
class Finding:
    """A warning about one line of a file: `code` is stable, `args` name the values at fault."""

    code: str
    line: int | None
    args: tuple[str, ...] = ()
    seq: int | None = None  # the measure it concerns, by position in the report


@dataclass
class Division:
    name: str
    parent: str | None = None
    is_shared: bool = False


@dataclass
class Measure:
    seq: int
    line: int
    indicator_as_written: str
    indicator: str  # official name in that year's framework, or as written when unknown
    indicator_no: int | None
    tool: str | None
    item_text: str
    item_code: str | None
    item_match: str  # code, topic, topic_text, name, manual, none
    match_confidence: float
    action: str
    responsible_text: str
    divisions: list[Division]
    period: str  # as written; the dates below are what `ita.read.periods` reads from it
    follow_up: str
    status: str
    status_text: str
    progress_pct: float | None = None
    evidence_url: str = ""
    note: str = ""
    # None when the period names no dates or cannot be read (then normalise warns once per report).
    period_start: date | None = None
    period_end: date | None = None


@dataclass
class Report:
    file_name: str
    source_kind: str
    organisation: str
    fiscal_year: int
    measures: list[Measure]
    findings: list[Finding] = field(default_factory=list)
    is_sample: bool = False
    org_type: str | None = None
    province: str | None = None
    district: str | None = None

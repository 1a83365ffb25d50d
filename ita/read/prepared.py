"""A report read and normalised, ready to store: what a parsing process hands to the storing one.

Pure: no store here, so a parsing worker imports only the readers (not DuckDB, Arrow or
pandas, a hundred MB per process). `Prepared.pack` turns the measures into columns of plain
values, which cross between processes several times faster than measure objects.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from ita.read.catalogue import Framework
from ita.read.divisions import DivisionDirectory
from ita.read.formats import read_report
from ita.read.normalise import DIVISIONS, MEASURE_ROW, normalise, normalise_rows
from ita.read.records import Division, Measure, RawReport, Report
from ita.read.text_rules import check_report


@dataclass
class Prepared:
    """A report read and normalised, not yet stored.

    `packed` holds its measures by column, as `pack` leaves them; `report.measures` is then empty.
    """

    report: Report
    sha256: str
    packed: PackedMeasures | None = None

    @property
    def measure_count(self) -> int:
        return len(self.packed.seq) if self.packed is not None else len(self.report.measures)

    def pack(self) -> Prepared:
        """The same report with its measures as columns: what a parsing worker sends back.

        Columns of plain values pickle and unpickle several times faster than measure objects,
        and the process that stores them only extends lists: at national scale that process
        stores what two workers read, so its share of each report bounds the import's speed.
        """
        if self.packed is not None:
            return self
        # The report's fields but its measures (not dataclasses.replace: several times slower).
        report = Report(**{**vars(self.report), "measures": []})
        return Prepared(report, self.sha256, pack_measures(self.report.measures))


# Measure attribute → measures column, for the columns a report decides (ids come from the store).
MEASURE_FIELDS = {
    "seq": "seq", "line": "source_line", "indicator_as_written": "indicator_as_written", "indicator": "indicator",
    "indicator_no": "indicator_no", "tool": "tool", "item_text": "item_text", "item_code": "item_code",
    "item_match": "item_match", "match_confidence": "match_confidence", "action": "action",
    "responsible_text": "responsible_text", "period": "period", "period_start": "period_start",
    "period_end": "period_end", "follow_up": "follow_up", "status": "status", "status_text": "status_text",
    "progress_pct": "progress_pct", "evidence_url": "evidence_url", "note": "note",
}
# A measure's values in MEASURE_ROW's order; the positions of MEASURE_FIELDS' columns in it.
_ROW_VALUES = attrgetter(*MEASURE_ROW)
_COLUMN_AT = tuple((column, MEASURE_ROW.index(field)) for field, column in MEASURE_FIELDS.items())


@dataclass
class PackedMeasures:
    """A report's measures by column (named as in the measures table), plus their divisions."""

    columns: dict[str, list]
    # Per measure: its divisions as (name, parent, kind), the kind a new division is stored with.
    divisions: list[tuple[tuple[str, str | None, str], ...]]

    @property
    def seq(self) -> list[int]:
        return self.columns["seq"]


def pack_measures(measures: Sequence[Measure]) -> PackedMeasures:
    """Measures as columns: the values `store_prepared` writes, without the store's ids."""
    # One attrgetter call per measure: far fewer Python steps than a getattr per field and measure.
    return pack_rows(list(map(_ROW_VALUES, measures)))


def pack_rows(rows: Sequence[Sequence]) -> PackedMeasures:
    """Measure rows (`normalise.MEASURE_ROW`) as columns: what `pack_measures` makes of measures.

    A bulk import's worker packs the rows `normalise_rows` leaves, with no measure objects between.
    """
    # Transposed once, then each column picked by its position in a row.
    by_position = list(zip(*rows, strict=True)) if rows else [()] * len(MEASURE_ROW)
    columns: dict[str, list] = {column: list(by_position[at]) for column, at in _COLUMN_AT}
    keys: list[list[str]] = []
    shared: list[bool] = []
    divisions: list[tuple[tuple[str, str | None, str], ...]] = []
    # A report's measures name a few division sets between them: each set is worked out once
    # (the measures of a set share its key list, which pickling keeps as one object).
    # Keyed by the divisions' identities: measures read from equal cells hold the same division
    # objects (`DivisionDirectory.parse_remembered`), and every measure keeps its divisions alive
    # while this runs, so equal keys are the same divisions; equal divisions that are other
    # objects are merely worked out again.
    seen: dict[tuple[int, ...], tuple[list[str], bool, tuple[tuple[str, str | None, str], ...]]] = {}
    for named in by_position[DIVISIONS]:
        identity = tuple(map(id, named))
        packed = seen.get(identity)
        if packed is None:
            packed = seen[identity] = (division_keys(named), any(d.is_shared for d in named),
                                       tuple((d.name, d.parent, division_kind(d)) for d in named))
        keys.append(packed[0])
        shared.append(packed[1])
        divisions.append(packed[2])
    columns["division_keys"] = keys
    columns["shared"] = shared
    return PackedMeasures(columns, divisions)


def division_kind(division: Division) -> str:
    return "shared" if division.is_shared else ("section" if division.parent else "division")



def prepare(
    file_name: str,
    data: bytes,
    framework: Framework,
    directory: DivisionDirectory,
    *,
    organisation: str | None = None,
    fiscal_year: int | None = None,
) -> Prepared:
    """Read and normalise one file; raises `ImportRefused` for a file that cannot be read."""
    raw = read_checked(file_name, data)
    report = normalise(raw, framework, directory, organisation=organisation, fiscal_year=fiscal_year)
    return Prepared(report, hashlib.sha256(data).hexdigest())


def prepare_packed(file_name: str, data: bytes, framework: Framework, directory: DivisionDirectory) -> Prepared:
    """As `prepare(...).pack()`, in one pass: the rows normalised go to columns with no measure objects.

    What a bulk import's parsing worker runs for each report (`ita.read.parallel.read_item`).
    """
    raw = read_checked(file_name, data)
    report, rows = normalise_rows(raw, framework, directory)
    return Prepared(report, hashlib.sha256(data).hexdigest(), pack_rows(rows))


def read_checked(file_name: str, data: bytes) -> RawReport:
    """One file read, its text held to the rule for every imported file's text (`ita.read.text_rules`).

    Here rather than in `normalise`: every reader's cells pass this point, while `normalise` also
    matches text already stored again (a new framework), which must not be refused afterwards.
    """
    raw = read_report(file_name, data)
    check_report(raw)
    return raw


def division_keys(divisions: Sequence[Division]) -> list[str]:
    """Every division name a measure answers to: those it names and the divisions of its sections."""
    return sorted({d.name for d in divisions} | {d.parent for d in divisions if d.parent})

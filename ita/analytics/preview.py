"""What an import would do, shown before anything is stored: the report read, its warnings,
and how it differs from the report already stored for that organisation and year.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from ita.read.catalogue import Framework
from ita.read.divisions import DivisionDirectory
from ita.read.records import Report
from ita.read.sandbox import prepare_untrusted
from ita.store import sql
from ita.store.imports import Prepared
from ita.store.reader import StoreMissing, StoreReader
from ita.store.reference import directory_from_store, framework_from_store, reference_store

# A measure's identity within an organisation-year: the key of the one rule for "the same measure"
# (measure_item_key in queries/schema/framework_views.sql, also used by status_changes.sql) and
# the repeat number of that key in report order.
KEY_COLUMNS = ("item_key", "nth")


@dataclass
class Preview:
    prepared: Prepared
    state: str  # new (no report for that organisation and year), replace, unchanged
    current_import_id: int | None
    diff: pd.DataFrame  # change, indicator, item_code, item_text, action, status_before, status_after

    @property
    def report(self) -> Report:
        return self.prepared.report

    def counts(self) -> dict[str, int]:
        return {c: int((self.diff["change"] == c).sum()) for c in ("appeared", "disappeared", "status_changed")}


def reference(reader: StoreReader) -> tuple[Framework, DivisionDirectory]:
    """The framework and divisions from the store; when there is no store yet, those a new store starts
    with (data/reference, seeded into a store in memory by the same migration)."""
    try:
        with reader.cursor() as cursor:
            return framework_from_store(cursor), directory_from_store(cursor)
    except StoreMissing:
        con = reference_store()
        try:
            return framework_from_store(con), directory_from_store(con)
        finally:
            con.close()


def build_preview(reader: StoreReader, file_name: str, data: bytes, *, organisation: str | None = None,
                  fiscal_year: int | None = None) -> Preview:
    """Read a file and compare it with the stored report; raises `ImportRefused` like `prepare`.

    The file is read in a worker process under memory and time limits (`ita.read.sandbox`): an
    upload's parser must not be able to take the app server down with it."""
    framework, directory = reference(reader)
    prepared = prepare_untrusted(file_name, data, framework, directory, organisation=organisation,
                                 fiscal_year=fiscal_year)
    report = prepared.report
    current = _current(reader, report.organisation, report.fiscal_year)
    if current is None:
        return Preview(prepared, "new", None, diff_measures(pd.DataFrame(), _frame(report)))
    import_id, sha256, measures = current
    state = "unchanged" if sha256 == prepared.sha256 else "replace"
    with reader.cursor() as cursor:
        before, after = keyed(cursor, measures), keyed(cursor, _frame(report))
    return Preview(prepared, state, import_id, diff_measures(before, after))


def _current(reader: StoreReader, organisation: str, year: int) -> tuple[int, str, pd.DataFrame] | None:
    try:
        imports = reader.query("import_history", orgs=[organisation], years=[year])
    except StoreMissing:
        return None
    active = imports[imports["state"] == "active"]
    if active.empty:
        return None
    row = active.iloc[0]
    measures = reader.query("import_measures", import_id=int(row["import_id"]))
    return int(row["import_id"]), str(row["sha256"]), measures


def _frame(report: Report) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"seq": m.seq, "indicator": m.indicator, "item_code": m.item_code, "item_text": m.item_text,
             "action": m.action, "status": m.status}
            for m in report.measures
        ],
        columns=["seq", "indicator", "item_code", "item_text", "action", "status"],
    )


def keyed(cursor: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` (seq, indicator, item_code, item_text, …) with each measure's item_key and nth, worked
    out by the store's SQL so that a preview and the status-change query never disagree."""
    if frame.empty:
        return frame.assign(item_key=pd.Series(dtype=object), nth=pd.Series(dtype="int64"))
    cursor.register("report_measures", frame[["seq", "indicator", "item_code", "item_text"]])
    try:
        keys = sql.run(cursor, "framework/measure_item_keys")
    finally:
        cursor.unregister("report_measures")
    return frame.merge(keys, on="seq", how="left")


def diff_measures(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Measures added, removed, or with a changed status, between two versions of a report.

    Both frames carry item_key and nth (see `keyed`) unless `before` is empty.
    """
    columns = ["change", "indicator", "item_code", "item_text", "action", "status_before", "status_after"]
    if before.empty and after.empty:
        return pd.DataFrame(columns=columns)
    if before.empty:
        # Nothing stored to compare with: every measure appears (no key is needed to say so).
        return pd.DataFrame(
            [{"change": "appeared", "indicator": r.indicator, "item_code": r.item_code, "item_text": r.item_text,
              "action": r.action, "status_before": None, "status_after": r.status} for r in after.itertuples()],
            columns=columns,
        )
    empty = pd.DataFrame(columns=["seq", "indicator", "item_code", "item_text", "action", "status", *KEY_COLUMNS])
    old = before
    new = after if not after.empty else empty
    merged = old.merge(new, on=list(KEY_COLUMNS), how="outer", suffixes=("_before", "_after"), indicator=True)
    rows = []
    for _, row in merged.iterrows():
        if row["_merge"] == "left_only":
            change = "disappeared"
        elif row["_merge"] == "right_only":
            change = "appeared"
        elif row["status_before"] != row["status_after"]:
            change = "status_changed"
        else:
            continue
        side = "_after" if change != "disappeared" else "_before"
        rows.append({
            "change": change,
            "indicator": row[f"indicator{side}"],
            "item_code": row[f"item_code{side}"],
            "item_text": row[f"item_text{side}"],
            "action": row[f"action{side}"],
            "status_before": row.get("status_before") if change != "appeared" else None,
            "status_after": row.get("status_after") if change != "disappeared" else None,
        })
    return pd.DataFrame(rows, columns=columns)


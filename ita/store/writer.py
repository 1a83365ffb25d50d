"""The write primitives every change of the store is made of: rows in, audit rows, scope checks.

The store's write operations (imports.py, edits.py, framework.py) are independent of one
another (an import-linter contract holds them so); what they share lives here, over the one
write path `session.write_session`. Every row they write goes through `insert_rows` /
`insert_columns` and every change they make is audited through `audit_row`; a change for an
organisation outside the actor's scope is refused by `check_scope` inside `scoped_write`,
which discards the change and audits the refusal (`record_refusal`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from ita.read.prepared import division_kind
from ita.read.records import Division, Report
from ita.store import sql
from ita.store.access import EditorScope, NotAllowed
from ita.store.session import next_ids, write_session

log = logging.getLogger(__name__)


class DivisionKeys:
    """Division name → key for linking measures, adding divisions the store has not seen."""

    def __init__(self, con: duckdb.DuckDBPyConnection, ids: dict[str, int]) -> None:
        self._con = con
        self._ids = ids
        self._keys = dict(sql.run(con, "write/division_ids").itertuples(index=False, name=None))
        self._new: list[tuple] = []

    def key(self, name: str, parent: str | None, kind: str) -> int:
        if name not in self._keys:
            parent_key = self.key(parent, None, "division") if parent else None
            self._keys[name] = self._ids["division_id"]
            self._new.append((self._ids["division_id"], name, parent_key, kind, None))
            self._ids["division_id"] += 1
        return self._keys[name]

    def keys_for(self, divisions: Sequence[Division]) -> list[int]:
        return [self.key(d.name, d.parent, division_kind(d)) for d in divisions]

    def insert_new(self) -> None:
        insert_rows(self._con, "divisions", self._new, ["division_id", "name", "parent_id", "kind", "aliases"])
        self._new = []


def audit_row(ids: dict[str, int], now: datetime, actor: str, action: str, **values: object) -> dict:
    """One audit_log row (who, when, what), numbered from `ids` (see `session.next_ids`)."""
    row = dict(audit_id=ids["audit_id"], changed_at=now, actor=actor, action=action, measure_id=None, import_id=None,
               field=None, old_value=None, new_value=None, reason=None)
    row.update(values)
    ids["audit_id"] += 1
    return row


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list, columns: list[str] | None = None) -> None:
    """Insert many rows at once through an Arrow table (never row by row).

    `rows` are dicts, or tuples in the order of `columns`; turned into columns first, which is
    several times faster than letting Arrow read row objects.
    """
    if not rows:
        return
    if columns is None:
        columns = list(rows[0])
        data = {column: [row[column] for row in rows] for column in columns}
    else:
        data = {column: [row[index] for row in rows] for index, column in enumerate(columns)}
    insert_columns(con, table, data)


def insert_columns(con: duckdb.DuckDBPyConnection, table: str, data: dict[str, list]) -> None:
    """Insert rows given by column (equal-length lists named as the table's columns) through Arrow.

    The Arrow table is the relation the insert reads (`incoming`), not a registered view: a view
    registered inside the write session's transaction keeps its data alive until the commit,
    which in a bulk import is every window's measures at once.
    """
    write_columns(con, data, f"write/insert_{table}")


def write_columns(con: duckdb.DuckDBPyConnection, data: dict[str, list | pa.Array], *names: str) -> None:
    """Run the write statements `names` (files in queries/, no parameters), in order, each reading
    the rows given by column (equal-length lists or Arrow arrays) as the relation `incoming`.

    The columns become one Arrow table, read by every statement: an import's window of measures
    fills measures, measure_divisions and the rollup from the same columns.
    """
    if not data or not len(next(iter(data.values()))):
        return
    relation = con.from_arrow(pa.table(data))
    for name in names:
        text, params = sql.load(name)
        if params:
            raise ValueError(f"{name} takes no parameters")
        relation.query("incoming", text)


@contextmanager
def scoped_write(store: Path | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """`write_session`, where a `NotAllowed` raised inside discards the change and is then audited."""
    try:
        with write_session(store) as con:
            yield con
    except NotAllowed as refusal:
        record_refusal(store, refusal)
        raise


def record_refusal(store: Path | None, refusal: NotAllowed, *, now: datetime | None = None) -> None:
    """Write a refused change to the audit log (who, what, for which organisation), as its own write."""
    now = now or datetime.now()
    try:
        with write_session(store) as con:
            insert_rows(con, "audit_log", [audit_row(next_ids(con), now, refusal.actor, "refused",
                                                     field=refusal.action, new_value=refusal.organisation,
                                                     reason="outside the editor's organisations")])
    except Exception:  # the refusal stands even when the log cannot be written (say, a full disk)
        log.exception("could not audit the refused %s by %s", refusal.action, refusal.actor)


def check_scope(con: duckdb.DuckDBPyConnection, scope: EditorScope, action: str,
                reports: Sequence[Report]) -> None:
    """Refuse (NotAllowed) unless every report's organisation is in the scope.

    Judged only on what the store already holds: a report's own title (its province) never counts,
    or a report could grant its own permission (a province editor writing their province into the
    title of an organisation stored without one). An organisation the store does not know, or holds
    without a province, is therefore covered only by a scope that names it, or by "*"."""
    if scope.everything:
        return
    stored = {r.name: r.province if isinstance(r.province, str) else None
              for r in sql.run(con, "write/organisations").itertuples()}
    for report in reports:
        scope.require(action, report.organisation, stored.get(report.organisation))


def require_owners(con: duckdb.DuckDBPyConnection, scope: EditorScope, action: str, *,
                   measure_ids: Sequence[int] = (), finding_ids: Sequence[int] = (),
                   import_ids: Sequence[int] = ()) -> None:
    """Refuse (`NotAllowed`) unless the scope covers every organisation these stored rows belong to
    (on the organisations' stored provinces: write/owners reads them from the store)."""
    if scope.everything:
        return
    owners = sql.run(con, "write/owners", measure_ids=[int(i) for i in measure_ids],
                     finding_ids=[int(i) for i in finding_ids], import_ids=[int(i) for i in import_ids])
    for row in owners.itertuples():
        scope.require(action, row.org_name, row.province if isinstance(row.province, str) else None)

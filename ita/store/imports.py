"""Files in, measures stored: reading, normalising and storing reports.

`prepare` turns bytes into a `Prepared` report (or raises `ImportRefused`) without touching
the store; `store_prepared` writes prepared reports inside one write session. Storing is
idempotent: the same file for the same organisation and year stores nothing new, and an
older version that comes back is re-activated rather than stored twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from ita.read.catalogue import Framework
from ita.read.divisions import DivisionDirectory
from ita.read.formats.limits import read_limited
from ita.read.prepared import (
    MEASURE_FIELDS,
    Prepared,
    pack_measures,
    prepare,  # noqa: F401  (the one-file read, imported from here by callers and tests)
)
from ita.read.records import Finding, ImportRefused
from ita.read.sandbox import prepare_untrusted
from ita.store import sql
from ita.store.access import EditorScope, as_scope
from ita.store.reader import StoreMissing, StoreOutdated, StoreReader
from ita.store.reference import directory_from_store, framework_from_store, reference_store
from ita.store.session import StoreDamaged, Unchanged, meta, next_ids
from ita.store.writer import DivisionKeys, audit_row, check_scope, insert_rows, scoped_write, write_columns


@dataclass
class Outcome:
    """What happened to one file: stored, unchanged (already the current version) or restored."""

    file_name: str
    organisation: str
    fiscal_year: int
    state: str
    import_id: int
    measures: int
    findings: list[Finding] = field(default_factory=list)
    replaced_import_id: int | None = None


def store_prepared(
    con: duckdb.DuckDBPyConnection,
    prepared: Sequence[Prepared],
    actor: str | EditorScope,
    *,
    now: datetime | None = None,
) -> list[Outcome]:
    """Store reports in the write session `con`; each replaces its organisation-year's report.

    `actor` is the editor's scope (a plain name: an administrator, see `access.as_scope`): a report
    for an organisation outside it refuses the whole change (`NotAllowed`) before anything is
    written; inside `writer.scoped_write` the refusal is then audited. Every caller (the app's
    import, `ingest_paths`, the bulk import) stores reports through here, so none can skip it.
    """
    scope = as_scope(actor)
    check_scope(con, scope, "import", [p.report for p in prepared])
    actor = scope.actor
    now = now or datetime.now()
    ids = next_ids(con)
    first_measure_id = ids["measure_id"]
    # Only what this window needs: its organisations, and every stored version of its
    # organisation-years (a bulk import stores many windows into a growing store).
    orgs = _window_organisations(con, prepared)
    active, by_hash = _window_imports(con, prepared, orgs)
    divisions = _DivisionIds(DivisionKeys(con, ids))

    new_orgs, org_updates = [], {}
    import_rows, finding_rows, audit_rows = [], [], []
    # Built by column: each report's packed columns are appended whole (no Python step per measure
    # but one dictionary look-up of its divisions' keys).
    measure_columns: dict[str, list] = {
        column: [] for column in (*_MEASURE_COLUMNS, *MEASURE_FIELDS.values(), "division_keys", "shared")
    }
    state_changes: dict[int, tuple[str, int | None]] = {}
    outcomes = []

    for item in prepared:
        report = item.report
        org = orgs.get(report.organisation)
        # The stored province decides which province editors may change an organisation, so only an
        # administrator's report places one (a new organisation, or one stored without a province):
        # an editor's title naming their own province would otherwise grant them the organisation,
        # and a named editor's would hand it to every editor of that province. A stored place is
        # never moved by a report.
        province, district = (report.province, report.district) if scope.everything else (None, None)
        if org is None:
            org_id = ids["org_id"]
            ids["org_id"] += 1
            new_orgs.append((org_id, report.organisation, report.org_type, province, district))
            orgs[report.organisation] = _OrgRow(org_id, report.organisation, province)
        else:
            org_id = org.org_id
            if province and not org.province:
                org_updates[org_id] = (org_id, province, district)
        key = (org_id, report.fiscal_year)
        current = active.get(key)
        if current is not None and current.sha256 == item.sha256:
            outcomes.append(
                Outcome(report.file_name, report.organisation, report.fiscal_year, "unchanged",
                        current.import_id, current.row_count)
            )
            continue
        earlier = by_hash.get((org_id, report.fiscal_year, item.sha256))
        target = earlier if earlier is not None else ids["import_id"]
        replaced = current.import_id if current is not None else None
        if replaced is not None:
            _change_state(state_changes, replaced, "superseded", target)
        count = item.measure_count
        active[key] = _ImportRow(target, item.sha256, count)
        if earlier is not None:
            # This exact file was stored before and later replaced: bring that version back.
            _change_state(state_changes, earlier, "active", None)
            audit_rows.append(audit_row(ids, now, actor, "restore_import", import_id=earlier, reason=report.file_name))
            outcomes.append(
                Outcome(report.file_name, report.organisation, report.fiscal_year, "restored", earlier,
                        count, report.findings, replaced)
            )
            continue
        import_id = ids["import_id"]
        ids["import_id"] += 1
        import_rows.append(
            dict(import_id=import_id, org_id=org_id, fiscal_year=report.fiscal_year, file_name=report.file_name,
                 sha256=item.sha256, source_kind=report.source_kind, imported_at=now, imported_by=actor,
                 row_count=count, warning_count=len(report.findings), is_sample=report.is_sample,
                 state="active", replaced_by=None)
        )
        packed = item.packed or pack_measures(report.measures)
        first_id = ids["measure_id"]
        ids["measure_id"] += count
        new_ids = range(first_id, first_id + count)
        for column, values in packed.columns.items():
            measure_columns[column].extend(values)
        measure_columns["measure_id"].extend(new_ids)
        measure_columns["import_id"].extend([import_id] * count)
        measure_columns["org_id"].extend([org_id] * count)
        measure_columns["fiscal_year"].extend([report.fiscal_year] * count)
        measure_columns["division_ids"].extend(map(divisions.__getitem__, packed.divisions))
        measure_ids = dict(zip(packed.seq, new_ids, strict=True)) if report.findings else {}
        for finding in report.findings:
            finding_rows.append(
                dict(finding_id=ids["finding_id"], import_id=import_id,
                     measure_id=measure_ids.get(finding.seq), line=finding.line, code=finding.code,
                     args=list(finding.args), resolved_at=None, resolved_by=None)
            )
            ids["finding_id"] += 1
        audit_rows.append(audit_row(ids, now, actor, "import", import_id=import_id, reason=report.file_name))
        by_hash[(org_id, report.fiscal_year, item.sha256)] = import_id
        outcomes.append(
            Outcome(report.file_name, report.organisation, report.fiscal_year, "stored", import_id,
                    count, report.findings, replaced)
        )

    insert_rows(con, "organisations", new_orgs, ["org_id", "name", "org_type", "province", "district"])
    divisions.keys.insert_new()
    insert_rows(con, "imports", import_rows)
    # One Arrow table of the window's measures fills measures and their division links.
    write_columns(con, measure_columns, "write/insert_window_measures", "write/insert_window_links")
    if measure_columns["measure_id"]:
        sql.script(con, "write/refresh_rollup", from_id=first_measure_id, to_id=ids["measure_id"] - 1)
    insert_rows(con, "import_findings", finding_rows)
    insert_rows(con, "audit_log", audit_rows)
    if org_updates:
        write_columns(con, _by_column(list(org_updates.values()), ("org_id", "province", "district"),
                                 district=pa.string()),
                      "write/set_org_places")
    if state_changes:
        changes = [(import_id, *change) for import_id, change in state_changes.items()]
        write_columns(con, _by_column(changes, ("import_id", "state", "replaced_by"), replaced_by=pa.int32()),
                      "write/set_import_states")
    return outcomes


def _window_organisations(con: duckdb.DuckDBPyConnection, prepared: Sequence[Prepared]) -> dict[str, _OrgRow]:
    """The stored organisations the window's reports name, by name."""
    names = list({p.report.organisation for p in prepared})
    if not names:
        return {}
    text, params = sql.bind("write/window_organisations", {"names": names})
    return {name: _OrgRow(org_id, name, province) for org_id, name, province in con.execute(text, params).fetchall()}


def _window_imports(
    con: duckdb.DuckDBPyConnection, prepared: Sequence[Prepared], orgs: dict[str, _OrgRow]
) -> tuple[dict[tuple[int, int], _ImportRow], dict[tuple[int, int, str], int]]:
    """The window's stored organisation-years: the active import of each, and every version by content hash."""
    pairs = {(orgs[p.report.organisation].org_id, p.report.fiscal_year)
             for p in prepared if p.report.organisation in orgs}
    active: dict[tuple[int, int], _ImportRow] = {}
    by_hash: dict[tuple[int, int, str], int] = {}
    if not pairs:
        return active, by_hash
    org_ids, years = zip(*pairs, strict=True)
    text, params = sql.bind("write/window_imports", {"org_ids": list(org_ids), "fiscal_years": list(years)})
    for import_id, org_id, year, sha256, state, row_count in con.execute(text, params).fetchall():
        if state == "active":
            active[(org_id, year)] = _ImportRow(import_id, sha256, row_count)
        by_hash[(org_id, year, sha256)] = import_id
    return active, by_hash


def _change_state(changes: dict[int, tuple[str, int | None]], import_id: int, state: str,
                  replaced_by: int | None) -> None:
    """Note an import's new state; a later change of the same import in the window replaces an earlier one."""
    changes.pop(import_id, None)  # re-inserted last: the updates keep the order the window made them in
    changes[import_id] = (state, replaced_by)


def _by_column(rows: list[tuple], columns: tuple[str, ...], **types: pa.DataType) -> dict[str, pa.Array]:
    """Rows as Arrow columns; `types` for columns that may be all NULL (Arrow cannot guess those)."""
    return {column: pa.array([row[i] for row in rows], type=types.get(column)) for i, column in enumerate(columns)}


class _DivisionIds(dict):
    """A measure's divisions (name, parent, kind triples) → their keys; new divisions added once.

    Most measures of a store name one of a few hundred division sets, so a window looks each set up
    once and every other measure costs one dictionary look-up."""

    def __init__(self, keys: DivisionKeys) -> None:
        super().__init__()
        self.keys = keys

    def __missing__(self, named: tuple[tuple[str, str | None, str], ...]) -> list[int]:
        found = self[named] = [self.keys.key(*division) for division in named]
        return found


# The measures columns the store fills in; the report decides the rest (see `pack_measures`).
# updated_at is left out (NULL: not edited); division_ids is each measure's division keys.
_MEASURE_COLUMNS = ("measure_id", "import_id", "org_id", "fiscal_year", "division_ids")


@dataclass
class _OrgRow:
    org_id: int
    name: str
    province: str | None


@dataclass
class _ImportRow:
    import_id: int
    sha256: str
    row_count: int


def commit(store: Path | None, prepared: Sequence[Prepared], actor: str | EditorScope) -> list[Outcome]:
    """Store reports read earlier (for instance shown in a preview) as one change.

    `actor` is the editor's scope (or a plain name: an administrator, see `access.as_scope`)."""
    scope = as_scope(actor)
    with scoped_write(store) as con:
        outcomes = store_prepared(con, prepared, scope)
        if all(o.state == "unchanged" for o in outcomes):
            raise Unchanged
    return outcomes


@dataclass
class FileResult:
    path: str
    outcome: Outcome | None = None
    refused: ImportRefused | None = None


def ingest_paths(
    paths: Sequence[Path],
    store: Path | None = None,
    *,
    actor: str | EditorScope = "cli",
    organisation: str | None = None,
    fiscal_year: int | None = None,
) -> list[FileResult]:
    """Read every file and store those that can be read, in one write; refusals change nothing.

    Every file is read first, each in a worker process under memory and time limits
    (`ita.read.sandbox`), and only then is the store's write lock taken, to store: a file that
    takes long to read keeps no editor from saving. A file for an organisation outside the
    actor's scope refuses the whole write (`NotAllowed`)."""
    scope = as_scope(actor)
    framework, directory, fingerprint = _reference(store)
    results = [FileResult(str(path)) for path in paths]

    def read_all(framework: Framework, directory: DivisionDirectory) -> list[Prepared]:
        prepared = []
        for result in results:
            result.refused = None
            path = Path(result.path)
            try:
                data = read_limited(path)
                prepared.append(prepare_untrusted(path.name, data, framework, directory,
                                                  organisation=organisation, fiscal_year=fiscal_year))
            except ImportRefused as refused:
                result.refused = refused.naming(path.name)
            except OSError as error:
                result.refused = ImportRefused(error.strerror or str(error), file_name=str(path))
        return prepared

    prepared = read_all(framework, directory)
    with scoped_write(store) as con:
        if meta(con, "reference_sha256") != fingerprint:
            # The write brought a changed framework into the store (its migration syncs the reference
            # files): the reports are read again against it, as they are stored with it.
            prepared = read_all(framework_from_store(con), directory_from_store(con))
        owners = [result for result in results if result.refused is None]
        for result, outcome in zip(owners, store_prepared(con, prepared, scope), strict=True):
            result.outcome = outcome
        if all(r.outcome is None or r.outcome.state == "unchanged" for r in results):
            raise Unchanged
    return results


def _reference(store: Path | None) -> tuple[Framework, DivisionDirectory, str | None]:
    """The framework, divisions and reference fingerprint files are read against, outside the write
    lock: the store's, or those a new (or outdated, or unreadable) store gets from its first write."""
    reader = StoreReader(store)
    try:
        with reader.cursor() as cursor:
            return framework_from_store(cursor), directory_from_store(cursor), meta(cursor, "reference_sha256")
    except (StoreMissing, StoreOutdated, StoreDamaged, duckdb.Error):
        con = reference_store()
        try:
            return framework_from_store(con), directory_from_store(con), meta(con, "reference_sha256")
        finally:
            con.close()
    finally:
        reader.close()

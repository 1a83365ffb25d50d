"""The one write path to the DuckDB store: copy, change, swap.

DuckDB lets one process open a file read-write or many open it read-only, never both. So
no one ever writes the served file: a writer takes the lock file, copies the store to a
temporary file, changes the copy, checkpoints it and `os.replace`s it over the store.
Readers keep the old file open until they notice the new one (see `reader.py`); a writer
killed at any moment leaves either the old store or the new one, never a mix. The file
replaced is kept as a backup (a hard link, so it costs no copy).

Faults end in an exception that names them, never in a half-written store: a full disk or any
other OS error while writing raises `WriteFailed` after the partial copy is removed (the store is
unchanged), and a store that cannot be read raises `StoreDamaged`, which names the newest backup.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from ita.paths import DATA_DIR, REFERENCE_DIR
from ita.read.catalogue import read_csv_rows
from ita.read.periods import parse_period
from ita.store import sql
from ita.store.access import EditorScope, NotAllowed, as_scope

log = logging.getLogger(__name__)

SCHEMA_VERSION = 9
MIGRATIONS = {
    1: "schema/001_initial",
    2: "schema/002_measure_rollup",
    3: "schema/003_periods",
    4: "schema/004_framework_versions",
    5: "schema/005_store_changes",
    6: "schema/006_measure_counts",
    7: "schema/007_superseding_years",
    8: "schema/008_scores",
    9: "schema/009_recipients",
}
# Views and macros, re-created whenever their text changes (never a migration).
VIEW_SCRIPTS = ("schema/views", "schema/framework_views")
DEFAULT_STORE = DATA_DIR / "ita.duckdb"
DEFAULT_REFERENCE = REFERENCE_DIR
LOCK_TIMEOUT_S = 120.0
# Generations whose changes store_changes keeps; a reader that last looked further back starts afresh.
KEEP_CHANGES = 500


class StoreBusy(Exception):
    """Another writer held the lock for longer than we were willing to wait."""


class Unchanged(Exception):
    """Raised inside a write session that found nothing to change: the copy is discarded quietly."""


class StoreTooNew(Exception):
    """The store was written by a newer release than this one."""


class WriteFailed(Exception):
    """Writing the new version failed (a full disk, a file-size limit, any OS error): nothing changed.

    `reason` is the system's own words (say, "No space left on device"); `store` the store's path.
    """

    def __init__(self, store: Path, reason: str, folder: Path | None = None) -> None:
        self.store = Path(store)
        self.reason = reason
        # The folder that refused a new file (read-only, no permission), when that was the fault.
        self.folder = Path(folder) if folder is not None else None
        where = f" in {self.folder}" if self.folder is not None else ""
        super().__init__(f"could not write {self.store}{where}: {reason}; the store is unchanged")


class StoreDamaged(Exception):
    """The store file cannot be read (truncated, overwritten, not a DuckDB file).

    `newest_backup` is the backup `python -m ita restore 1` would bring back, or None.
    """

    def __init__(self, store: Path, detail: str) -> None:
        self.store = Path(store)
        self.detail = detail
        backups = list_backups(self.store)
        self.newest_backup = backups[0] if backups else None
        if self.newest_backup:
            hint = f"restore the newest backup ({self.newest_backup.name}): {restore_command(self.store)}"
        else:
            hint = f"no backup is kept; rebuild it: {rebuild_command(self.store)}"
        super().__init__(f"the store {self.store} is damaged or unreadable ({detail}); {hint}")


class StoreLost(Exception):
    """The store file is gone but its backups are beside it: restoring one, not building or
    writing a new store (whose writes would soon prune the backups of the real data), is the way
    back. `newest_backup` is the backup `python -m ita restore 1` brings back."""

    def __init__(self, store: Path) -> None:
        self.store = Path(store)
        self.newest_backup = list_backups(self.store)[0]
        super().__init__(f"the store {self.store} is missing but backups are kept (newest "
                         f"{self.newest_backup.name}); restore it: {restore_command(self.store)}")


def lost_store(store: Path) -> StoreLost | None:
    """`StoreLost` for a missing store with backups beside it, else None."""
    store = Path(store)
    return StoreLost(store) if not store.exists() and list_backups(store) else None


def restore_command(store: Path) -> str:
    """The command that brings back the newest backup of `store`, as a user would type it."""
    return f"python -m ita restore 1 --db {store}"


def rebuild_command(store: Path) -> str:
    """The command that builds `store` afresh from data/reports, for a store with no backup."""
    return f"python -m ita build --force --db {store}"


# DuckDB's errors that mean the file itself is bad, as opposed to a mistake in a query. A checksum
# failure is a plain duckdb.Error ("Corrupt database file: computed checksum … does not match"), so
# `is_damage` reads the words too; found by overwriting 64 bytes of a store at many offsets
# (tests/test_damage.py). An IOException alone is not damage: a lock held, a disk full.
DAMAGE_ERRORS = (duckdb.SerializationException, duckdb.InternalException, duckdb.FatalException)
_DAMAGE_WORDS = ("Corrupt", "checksum", "not a valid DuckDB database", "Could not read")


def is_damage(error: BaseException) -> bool:
    """Whether a DuckDB error is one a damaged store file gives, not a mistake in a query or a full disk."""
    if not isinstance(error, duckdb.Error) or _COULD_NOT_WRITE.search(str(error)):
        return False
    return isinstance(error, DAMAGE_ERRORS) or any(word in str(error) for word in _DAMAGE_WORDS)


def error_line(error: BaseException) -> str:
    """One line saying what the system refused, without a traceback or DuckDB's wrapping."""
    if isinstance(error, OSError):
        return error.strerror or str(error)
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    written = _COULD_NOT_WRITE.search(text)
    if written:  # "FATAL Error: Failed to create checkpoint … Could not write file "…": File too large"
        return written.group(1)
    for prefix in ("IO Error: ", "FATAL Error: "):
        text = text.removeprefix(prefix)
    return text


_COULD_NOT_WRITE = re.compile(r'Could not write file "[^"]*": (.+)$')


def default_store_path() -> Path:
    return Path(os.environ.get("ITA_DB") or DEFAULT_STORE)


def backup_count() -> int:
    return int(os.environ.get("ITA_BACKUPS", "10"))


@dataclass(frozen=True)
class StorePaths:
    store: Path

    @property
    def lock(self) -> Path:
        return self.store.with_name(self.store.name + ".lock")

    @property
    def backups(self) -> Path:
        return self.store.with_name(self.store.name + ".backups")

    def temp(self) -> Path:
        return self.store.with_name(f".{self.store.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")

    def stale_temps(self) -> list[Path]:
        return list(self.store.parent.glob(f".{self.store.name}.*.tmp*"))


@contextmanager
def _exclusive(lock_path: Path, timeout_s: float) -> Iterator[None]:
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreBusy(f"another change to {lock_path.stem} is still running; try again") from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def write_session(
    store: Path | None = None,
    reference_dir: Path | None = None,
    *,
    timeout_s: float = LOCK_TIMEOUT_S,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a private copy of the store, published when the block ends.

    If the block raises, the copy is thrown away and the store is untouched.
    """
    paths = StorePaths(Path(store) if store else default_store_path())
    with _locked(paths, timeout_s):
        lost = lost_store(paths.store)
        if lost is not None:
            # A new empty store here would be the next backup, and writes after it prune the real ones.
            raise lost
        for stale in paths.stale_temps():
            # Left by a writer that was killed before it could publish; never read by anyone.
            stale.unlink(missing_ok=True)
        temp = paths.temp()
        con = None
        stage = "copy"
        try:
            if paths.store.exists():
                shutil.copyfile(paths.store, temp)
            stage = "open"
            con = duckdb.connect(str(temp))
            con.execute("BEGIN TRANSACTION")
            # Taken before the migration, whose changes (views, the framework) count too; a store
            # created or migrated to this schema here changed as a whole.
            current = paths.store.exists() and schema_version(con) == SCHEMA_VERSION
            before = ChangeMarks.read(con) if current else None
            migrated = migrate(con, reference_dir or DEFAULT_REFERENCE)
            stage = "change"
            try:
                yield con
            except Unchanged:
                # Nothing to write, unless the store itself was just created or migrated.
                if paths.store.exists() and not migrated:
                    raise
            stage = "publish"
            scope = changed_scope(con, before)
            refresh_counts(con, scope, before)
            refresh_superseding(con, scope, before)
            _bump_generation(con, scope)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            con.close()
            _publish(paths, temp)
        except BaseException as error:
            _discard(con, temp)
            if isinstance(error, Unchanged):
                return
            fault = _fault(paths, stage, error)
            if fault is not None:
                raise fault from None
            raise


@contextmanager
def _locked(paths: StorePaths, timeout_s: float) -> Iterator[None]:
    """The store's lock; a folder that refuses the lock file (read-only, no permission) is a
    `WriteFailed` naming the folder, not a traceback."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(_exclusive(paths.lock, timeout_s))
        except OSError as error:
            raise WriteFailed(paths.store, error_line(error), _refusing_folder(paths, error)) from None
        yield


def _refusing_folder(paths: StorePaths, error: OSError) -> Path | None:
    """The store's folder, when the error says the folder would not take a new file."""
    return paths.store.parent if error.errno in _FOLDER_ERRNOS else None


# A folder that will not take a new file: no permission, or a read-only file system.
_FOLDER_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}


def _fault(paths: StorePaths, stage: str, error: BaseException) -> Exception | None:
    """The message-bearing exception for a fault of the file system or of the store file, or None
    for anything else (a refused file, a conflict, a bug), which goes up unchanged."""
    if is_damage(error) and paths.store.exists():
        return StoreDamaged(paths.store, error_line(error))
    if isinstance(error, duckdb.TransactionException) and stage == "change" and paths.store.exists():
        # A private copy has no concurrent transactions: an aborted one is a block it could not read.
        return StoreDamaged(paths.store, error_line(error))
    if stage == "open" and isinstance(error, duckdb.Error) and paths.store.exists():
        # The copy is byte for byte the store: if DuckDB cannot open it, neither can anyone.
        return StoreDamaged(paths.store, error_line(error))
    if stage == "publish" and isinstance(error, OSError | duckdb.Error):
        # Committing, checkpointing (DuckDB reports a full disk there as a FatalException) or swapping.
        return WriteFailed(paths.store, error_line(error))
    if isinstance(error, OSError) and (stage != "change" or error.errno in _DISK_ERRNOS):
        return WriteFailed(paths.store, error_line(error), _refusing_folder(paths, error))
    if isinstance(error, duckdb.IOException):
        return WriteFailed(paths.store, error_line(error))
    return None


# Errors from the operating system that mean "the disk would not take it".
_DISK_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO, errno.EROFS}


def _discard(con: duckdb.DuckDBPyConnection | None, temp: Path) -> None:
    """Close and delete an unpublished copy at once, so a failed write leaves nothing behind."""
    if con is not None:
        # A connection that failed mid-checkpoint may refuse to close; the file goes anyway.
        with contextlib.suppress(duckdb.Error):
            con.close()
    temp.unlink(missing_ok=True)
    Path(str(temp) + ".wal").unlink(missing_ok=True)


def _publish(paths: StorePaths, temp: Path) -> None:
    with open(temp, "rb") as handle:
        os.fsync(handle.fileno())
    if paths.store.exists():
        paths.backups.mkdir(exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
        os.link(paths.store, paths.backups / f"{stamp}.duckdb")
    os.replace(temp, paths.store)
    # From here on the new version is the store: a later error must not report the write as failed.
    try:
        directory = os.open(paths.store.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        prune_backups(paths.store, backup_count())
    except OSError as error:
        log.warning("published %s, but could not sync its folder or prune backups: %s", paths.store, error)


def prune_backups(store: Path, keep: int) -> None:
    for old in list_backups(store)[keep:]:
        old.unlink(missing_ok=True)


def list_backups(store: Path) -> list[Path]:
    """Backups of a store, newest first."""
    folder = StorePaths(store).backups
    return sorted(folder.glob("*.duckdb"), reverse=True) if folder.exists() else []


def restore_backup(store: Path, backup: Path, actor: str | EditorScope = "cli") -> None:
    """Make a backup the current store; the store it replaces becomes a backup itself.

    A restore replaces every organisation's data, so only an administrator's scope may do it."""
    scope = as_scope(actor)
    paths = StorePaths(store)
    if not scope.everything:
        from ita.store.writer import record_refusal  # the writer builds on this module

        refusal = NotAllowed(scope.actor, "restore_backup", "*")
        record_refusal(store, refusal)
        raise refusal
    with _locked(paths, LOCK_TIMEOUT_S):
        temp = paths.temp()
        try:
            shutil.copyfile(backup, temp)
            _publish(paths, temp)
        except OSError as error:
            _discard(None, temp)
            raise WriteFailed(paths.store, error_line(error), _refusing_folder(paths, error)) from None


@contextmanager
def replacing_store(store: Path, timeout_s: float = LOCK_TIMEOUT_S) -> Iterator[Path]:
    """A fresh file to build a whole new store in (it does not exist yet), published over `store`
    when the block ends: the store it replaces is kept as a backup like any write session's, and
    there is never a moment without a store. The store's lock is held throughout, so no write lands
    in the store being replaced. If the block raises, the new file is thrown away."""
    paths = StorePaths(Path(store))
    with _locked(paths, timeout_s):
        # Named unlike a writer's temporary copy, which the next writer would delete as stale.
        built = paths.store.with_name(f".{paths.store.name}.build-{os.getpid()}.duckdb")
        # Left by a build that was killed: no other build runs while we hold the lock.
        for stale in paths.store.parent.glob(f".{paths.store.name}.build-*.duckdb*"):
            stale.unlink(missing_ok=True)
        try:
            yield built
            _publish(paths, built)
        except BaseException as error:
            _discard(None, built)
            if isinstance(error, OSError):
                raise WriteFailed(paths.store, error_line(error), _refusing_folder(paths, error)) from None
            raise
        finally:
            # The lock file and backups folder of the new file: a store of its own until published.
            for leftover in (StorePaths(built).lock, Path(str(built) + ".wal")):
                leftover.unlink(missing_ok=True)


@dataclass(frozen=True)
class ChangeMarks:
    """What a write session can see of the store before and after its change, cheaply: enough to
    say which organisation-years the change touched (see `changed_scope`)."""

    counts: tuple
    shared: tuple
    orgs: dict[int, int]
    places: dict[int, str]  # org_id -> its place as count_place has it (province|type), for refresh_counts
    years: tuple[int, ...]  # the fiscal years with measures (write/store_years), for refresh_superseding

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> ChangeMarks:
        row = sql.run(con, "write/change_marks").iloc[0]
        shared = tuple(tuple(int(x) for x in pair) for pair in row["shared"])
        counts = tuple(int(row[key]) for key in ("audit_id", "measure_id", "import_id", "measures", "imports",
                                                  "findings", "links", "rollup"))
        marks = sql.run(con, "write/org_fingerprints")
        orgs = dict(zip(marks["org_id"].tolist(), marks["fingerprint"].tolist(), strict=True))
        places = dict(zip(marks["org_id"].tolist(), marks["place"].tolist(), strict=True))
        years = tuple(int(year) for year in sql.run(con, "write/store_years")["fiscal_year"])
        return cls(counts, shared, orgs, places, years)

    @property
    def audit_id(self) -> int:
        return self.counts[0]

    @property
    def newest_keys(self) -> dict[str, int]:
        return {"measure_id": self.counts[1], "import_id": self.counts[2]}


EVERYTHING: list[tuple[int | None, int | None]] = [(None, None)]


def changed_scope(con: duckdb.DuckDBPyConnection, before: ChangeMarks | None) -> list[tuple[int | None, int | None]]:
    """The (org_id, fiscal_year) pairs a write changed, from its audit rows and its organisation rows;
    a year of None means every year of that organisation, `EVERYTHING` ([(None, None)]) any result.

    The writers need not say what they changed: each change of an organisation's data writes an
    audit row naming a measure or an import (see imports.py and edits.py). What cannot be attributed
    so counts as everything: a new or migrated store (`before` None), a change to the tables every
    organisation shares (framework, reference data, divisions, store_meta), an audit row naming
    neither, or rows added to an organisation's tables without any audit row. Measures and imports
    added are attributed by their own organisation-year as well, audited or not."""
    if before is None:
        return EVERYTHING
    after = ChangeMarks.read(con)
    if after.shared != before.shared:
        return EVERYTHING
    audited = sql.run(con, "write/audited_org_years", since=before.audit_id)
    if audited["org_id"].isna().any():
        return EVERYTHING
    if audited.empty and after.counts[1:] != before.counts[1:]:
        return EVERYTHING
    added = sql.run(con, "write/new_org_years", **before.newest_keys)
    scope = {(int(org), int(year))
             for frame in (audited, added) for org, year in frame.itertuples(index=False, name=None)}
    # A new organisation or a changed place: every year of it (its years' rows are audited above).
    scope |= {(org, None) for org, mark in after.orgs.items() if before.orgs.get(org) != mark}
    return sorted(scope, key=lambda pair: (pair[0], pair[1] is not None, pair[1] or 0))


def refresh_counts(con: duckdb.DuckDBPyConnection, scope: list[tuple[int | None, int | None]],
                   before: ChangeMarks | None) -> None:
    """Count again in measure_counts, which summaries read instead of the measures, what `scope`
    (see `changed_scope`) says a write changed: each organisation-year's fiscal year, province and
    type (for an organisation named without a year, each year it has, at its place now and at its
    place `before` the write); every year when the write may have changed anything."""
    if any(org is None for org, _ in scope):
        sql.script(con, "write/refresh_measure_counts", every_year=True, places=[])
        return
    places = sql.run(con, "write/count_places", org_ids=[org for org, _ in scope],
                     years=[year for _, year in scope])
    keys = set(places["place"].tolist())
    if before is not None:
        whole = {org for org, year in scope if year is None}
        keys |= {f"{year}|{before.places[org]}"
                 for org, year in zip(places["org_id"].tolist(), places["fiscal_year"].tolist(), strict=True)
                 if org in whole and org in before.places}
    if keys:
        # The places go in as a list of constants, so that DuckDB reads only their measures.
        sql.script(con, "write/refresh_measure_counts", every_year=False, places=sorted(keys))


def refresh_superseding(con: duckdb.DuckDBPyConnection, scope: list[tuple[int | None, int | None]],
                        before: ChangeMarks | None) -> None:
    """Work out again in superseding_years, which the open-items rule reads instead of keying every
    measure, the rows of the organisations `scope` (see `changed_scope`) names: a measure's rows depend
    only on its own organisation's measures, the framework and crosswalk, and the store's fiscal years
    (each is a y_to). Every row when the write may have changed anything or changed those years (a
    first report of a new year, the last one of a year removed)."""
    everything = any(org is None for org, _ in scope)
    if not everything and before is not None:
        now = tuple(int(year) for year in sql.run(con, "write/store_years")["fiscal_year"])
        everything = now != before.years
    if everything:
        sql.script(con, "write/refresh_superseding_years", every_org=True, org_ids=[])
        return
    orgs = sorted({org for org, _ in scope if org is not None})
    if orgs:
        # The organisations go in as a list of constants, so that DuckDB reads only their measures.
        sql.script(con, "write/refresh_superseding_years", every_org=False, org_ids=orgs)


def _bump_generation(con: duckdb.DuckDBPyConnection, scope: list[tuple[int | None, int | None]]) -> None:
    new = generation(con) + 1
    write_id = uuid.uuid4().hex
    sql.execute(con, "write/set_meta", key="generation", value=str(new))
    sql.execute(con, "write/set_meta", key="write_id", value=write_id)
    sql.script(con, "write/record_changes", generation=new, write_id=write_id,
               org_ids=[org for org, _ in scope], years=[year for _, year in scope],
               keep_from=new - KEEP_CHANGES + 1)


def generation(con: duckdb.DuckDBPyConnection) -> int:
    return int(meta(con, "generation") or 0)


def meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """A store_meta value, or None (also for a new file that has no store_meta table yet)."""
    # Asked first rather than caught: a failed statement would abort the writer's transaction.
    exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'store_meta'").fetchone()[0]
    if not exists:
        return None
    row = con.execute("SELECT value FROM store_meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    return int(meta(con, "schema_version") or 0)


def migrate(con: duckdb.DuckDBPyConnection, reference_dir: Path) -> bool:
    """Bring a store to this release's schema (a new store also gets the reference data);
    True when the schema changed."""
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise StoreTooNew(f"the store has schema {current}; this release knows up to {SCHEMA_VERSION}")
    for version in range(current + 1, SCHEMA_VERSION + 1):
        sql.script(con, MIGRATIONS[version])
        if version in BACKFILLS:
            BACKFILLS[version](con)
        sql.execute(con, "write/set_meta", key="schema_version", value=str(version))
    if current == 0:
        seed_reference(con, reference_dir)
    # Views and macros are re-created only when their definition changed, not on every write.
    views = views_fingerprint()
    if meta(con, "views_sha256") != views:
        for script in VIEW_SCRIPTS:
            sql.script(con, script)
        sql.execute(con, "write/set_meta", key="views_sha256", value=views)
    # A changed data/reference/ita_framework.csv reaches existing stores as new framework versions,
    # audited. Imported here, not at the top: ita.store.framework writes through this module.
    from ita.store.framework import sync_reference

    changed = sync_reference(con, reference_dir, new_store=current == 0)
    return current != SCHEMA_VERSION or changed


def backfill_period_dates(con: duckdb.DuckDBPyConnection) -> None:
    """Read the dates of the periods already stored (migration 3): SQL cannot read Thai wordings.

    Each distinct wording is read once per fiscal year, as an import would read it; wordings
    that cannot be read stay without dates. No warning is added to old imports: the dates are new
    information, and the import's warnings describe the file as it was read then.
    """
    texts = sql.run(con, "write/period_texts")
    if texts.empty:
        return
    read = [parse_period(text, int(year)) for text, year in zip(texts["period"], texts["fiscal_year"], strict=True)]
    incoming = pa.table({
        "period": pa.array(texts["period"].tolist(), pa.string()),
        "fiscal_year": pa.array(texts["fiscal_year"].astype(int).tolist(), pa.int16()),
        "period_start": pa.array([p.start if p else None for p in read], pa.date32()),
        "period_end": pa.array([p.end if p else None for p in read], pa.date32()),
    })
    con.register("incoming", incoming)
    try:
        sql.execute(con, "write/set_period_dates")
    finally:
        con.unregister("incoming")


# Python steps of a migration, run right after its script: what SQL alone cannot compute.
BACKFILLS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {3: backfill_period_dates}


def views_fingerprint() -> str:
    text = "".join(sql.load(script)[0] for script in VIEW_SCRIPTS)
    return hashlib.sha256(text.encode()).hexdigest()


def migrate_store(store: Path | None = None) -> bool:
    """Bring a store file to this release's schema and views if it is older; True when it was."""
    path = Path(store) if store else default_store_path()
    if not path.exists():
        return False
    from ita.store.framework import reference_csv_sha256

    try:
        with duckdb.connect(str(path), read_only=True) as con:
            if (schema_version(con) == SCHEMA_VERSION and meta(con, "views_sha256") == views_fingerprint()
                    and meta(con, "reference_csv_sha256") == reference_csv_sha256(DEFAULT_REFERENCE)):
                return False
    except duckdb.Error as error:
        # `make run` starts here: a damaged store must say how to restore it, not print a traceback.
        raise StoreDamaged(path, error_line(error)) from None
    with write_session(path):
        pass
    return True


def seed_reference(con: duckdb.DuckDBPyConnection, reference_dir: Path) -> None:
    """Replace the framework, aliases, keywords and known divisions with the CSVs in `reference_dir`
    (a new store; the framework is read back through `reference.framework_from_store`)."""
    framework = pd.DataFrame(read_csv_rows(reference_dir / "ita_framework.csv"))
    aliases = pd.DataFrame(read_csv_rows(reference_dir / "indicator_aliases.csv"))
    keywords = pd.DataFrame(read_csv_rows(reference_dir / "item_keywords.csv"))
    divisions = pd.DataFrame(read_csv_rows(reference_dir / "divisions.csv"))
    con.register("framework_csv", framework)
    con.register("aliases_csv", aliases)
    con.register("keywords_csv", keywords)
    con.register("divisions_csv", divisions)
    try:
        sql.script(con, "write/load_reference")
        # A fingerprint of the reference data, so readers can reuse a framework they built before.
        fingerprint = hashlib.sha256(pd.util.hash_pandas_object(framework, index=False).values.tobytes())
        sql.execute(con, "write/set_meta", key="reference_sha256", value=fingerprint.hexdigest())
    finally:
        for name in ("framework_csv", "aliases_csv", "keywords_csv", "divisions_csv"):
            con.unregister(name)


def next_ids(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The next free key of every table (the writer holds the lock, so no one else counts)."""
    frame = sql.run(con, "write/next_ids")
    return {column: int(frame.iloc[0][column]) for column in frame.columns}

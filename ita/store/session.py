"""The one write path to the DuckDB store: copy, change, swap.

DuckDB lets one process open a file read-write or many open it read-only, never both. So
no one ever writes the served file: a writer takes the lock file, copies the store to a
temporary file, changes the copy, checkpoints it and `os.replace`s it over the store.
Readers keep the old file open until they notice the new one (see `reader.py`); a writer
killed at any moment leaves either the old store or the new one, never a mix. The file
replaced is kept as a backup (a hard link, so it costs no copy).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from ita.paths import DATA_DIR, REFERENCE_DIR
from ita.read.catalogue import read_csv_rows
from ita.store import sql

SCHEMA_VERSION = 4
MIGRATIONS = {
    1: "schema/001_initial",
    2: "schema/002_measure_rollup",
    3: "schema/003_periods",
    4: "schema/004_framework_versions",
}
# Views and macros, re-created whenever their text changes (never a migration).
VIEW_SCRIPTS = ("schema/views", "schema/framework_views")
DEFAULT_STORE = DATA_DIR / "ita.duckdb"
DEFAULT_REFERENCE = REFERENCE_DIR
LOCK_TIMEOUT_S = 120.0


class StoreBusy(Exception):
    """Another writer held the lock for longer than we were willing to wait."""


class Unchanged(Exception):
    """Raised inside a write session that found nothing to change: the copy is discarded quietly."""


class StoreTooNew(Exception):
    """The store was written by a newer release than this one."""


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
    with _exclusive(paths.lock, timeout_s):
        for stale in paths.stale_temps():
            # Left by a writer that was killed before it could publish; never read by anyone.
            stale.unlink(missing_ok=True)
        temp = paths.temp()
        if paths.store.exists():
            shutil.copyfile(paths.store, temp)
        con = duckdb.connect(str(temp))
        try:
            con.execute("BEGIN TRANSACTION")
            migrated = migrate(con, reference_dir or DEFAULT_REFERENCE)
            try:
                yield con
            except Unchanged:
                # Nothing to write, unless the store itself was just created or migrated.
                if paths.store.exists() and not migrated:
                    raise
            _bump_generation(con)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            con.close()
            _publish(paths, temp)
        except BaseException as error:
            con.close()
            temp.unlink(missing_ok=True)
            Path(str(temp) + ".wal").unlink(missing_ok=True)
            if not isinstance(error, Unchanged):
                raise


def _publish(paths: StorePaths, temp: Path) -> None:
    with open(temp, "rb") as handle:
        os.fsync(handle.fileno())
    if paths.store.exists():
        paths.backups.mkdir(exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
        os.link(paths.store, paths.backups / f"{stamp}.duckdb")
    os.replace(temp, paths.store)
    directory = os.open(paths.store.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    prune_backups(paths.store, backup_count())


def prune_backups(store: Path, keep: int) -> None:
    for old in list_backups(store)[keep:]:
        old.unlink(missing_ok=True)


def list_backups(store: Path) -> list[Path]:
    """Backups of a store, newest first."""
    folder = StorePaths(store).backups
    return sorted(folder.glob("*.duckdb"), reverse=True) if folder.exists() else []


def restore_backup(store: Path, backup: Path) -> None:
    """Make a backup the current store; the store it replaces becomes a backup itself."""
    paths = StorePaths(store)
    with _exclusive(paths.lock, LOCK_TIMEOUT_S):
        temp = paths.temp()
        shutil.copyfile(backup, temp)
        _publish(paths, temp)


def _bump_generation(con: duckdb.DuckDBPyConnection) -> None:
    sql.execute(con, "write/set_meta", key="generation", value=str(generation(con) + 1))


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
        sql.execute(con, "write/set_meta", key="schema_version", value=str(version))
    if current == 0:
        load_reference(con, reference_dir)
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


def views_fingerprint() -> str:
    text = "".join(sql.load(script)[0] for script in VIEW_SCRIPTS)
    return hashlib.sha256(text.encode()).hexdigest()


def migrate_store(store: Path | None = None) -> bool:
    """Bring a store file to this release's schema and views if it is older; True when it was."""
    path = Path(store) if store else default_store_path()
    if not path.exists():
        return False
    from ita.store.framework import reference_csv_sha256

    with duckdb.connect(str(path), read_only=True) as con:
        if (schema_version(con) == SCHEMA_VERSION and meta(con, "views_sha256") == views_fingerprint()
                and meta(con, "reference_csv_sha256") == reference_csv_sha256(DEFAULT_REFERENCE)):
            return False
    with write_session(path):
        pass
    return True


def load_reference(con: duckdb.DuckDBPyConnection, reference_dir: Path) -> None:
    """Replace the framework, aliases, keywords and known divisions with the CSVs in `reference_dir`."""
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

"""The one read path: a read-only view of the store that follows it as writers replace it.

Writers publish a new file with `os.replace` (see `session.py`); a reader notices because the
path now points at a different inode, and ATTACHes the new file under a new name next to the
old one. Queries already running finish on the old version, which is DETACHed when its last
cursor closes. Each query runs on its own cursor, because a DuckDB connection must not be
shared between threads mid-query.

All versions live in one private in-memory DuckDB, so they share one buffer pool and one
memory limit: a server following a busy writer holds one pool, not one per version. (The
private database also sidesteps DuckDB's cache of databases opened by path, which would hand
back the old file's data to a plain `duckdb.connect(path)`.)
"""

from __future__ import annotations

import itertools
import os
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ita.store import sql
from ita.store.session import (
    SCHEMA_VERSION,
    StoreDamaged,
    default_store_path,
    error_line,
    is_damage,
    lost_store,
    views_fingerprint,
)


class StoreMissing(Exception):
    """There is no store yet: nothing has been imported."""


# The views and macros this release defines: a store written by another release is refused.
_VIEWS = views_fingerprint()


class StoreOutdated(Exception):
    """The store's schema is older than this release; a write (any import) migrates it."""


class StoreReader:
    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else default_store_path()
        self._lock = threading.Lock()
        self._db: duckdb.DuckDBPyConnection | None = None
        self._current: tuple[str, tuple[int, int]] | None = None  # (alias, identity) of the newest version
        self._users: Counter[str] = Counter()  # open cursors per attached version
        self._serial = itertools.count(1)
        self._cursors_opened = 0  # on the present database, since it was made

    def identity(self) -> tuple[int, int] | None:
        """(inode, mtime) of the file the path points at now; None when there is no store."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return stat.st_ino, stat.st_mtime_ns

    def version(self) -> str:
        """A token that changes whenever a writer publishes: the key for caches of query results."""
        identity = self.identity()
        return "missing" if identity is None else f"{identity[0]}-{identity[1]}"

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the newest version, which stays attached until the cursor is closed."""
        db, alias = self._acquire()
        try:
            cursor = db.cursor()
            try:
                cursor.execute(f"USE {alias}")
                yield cursor
            finally:
                cursor.close()
        finally:
            self._release(alias)

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        """A named query's result; `StoreDamaged` when the store file cannot be read."""
        try:
            try:
                with QUERY_SLOTS, self.cursor() as cursor:
                    return sql.run(cursor, name, **params)
            except duckdb.OutOfMemoryException:
                # Every query of the process shares one memory limit: two exports of a national
                # store's open items of every year at once ran out of it, though each alone fits.
                with every_query_slot(), self.cursor() as cursor:
                    return sql.run(cursor, name, **params)
        except duckdb.Error as error:
            # Blocks missing from a truncated file or failing their checksum show up only when a
            # query reaches them.
            if _damaged(error):
                raise StoreDamaged(self.path, error_line(error)) from None
            raise

    def close(self) -> None:
        """Drop the database (tests and the benchmark reuse a path across stores)."""
        with self._lock:
            self._drop_database()

    def _drop_database(self) -> None:
        # The caller holds self._lock.
        if self._db is not None:
            self._db.close()
        self._db, self._current = None, None
        self._users.clear()

    def _acquire(self) -> tuple[duckdb.DuckDBPyConnection, str]:
        identity = self.identity()
        if identity is None:
            lost = lost_store(self.path)
            if lost is not None:
                raise lost  # gone, but its backups are beside it: restore, do not start afresh
            raise StoreMissing(str(self.path))
        with self._lock:
            if self._db is not None and self._cursors_opened >= RENEW_AFTER and not any(self._users.values()):
                # Nobody reads it: a new database drops what the old one accumulated (below).
                self._drop_database()
            if self._db is None:
                self._db, self._cursors_opened = _memory_database(), 0
            self._cursors_opened += 1
            if self._current is None or self._current[1] != identity:
                alias = f"store_{next(self._serial)}"
                _attach(self._db, self.path, alias)
                previous, self._current = self._current, (alias, identity)
                if previous is not None and not self._users[previous[0]]:
                    self._detach(previous[0])
            alias = self._current[0]
            self._users[alias] += 1
            return self._db, alias

    def _release(self, alias: str) -> None:
        with self._lock:
            self._users[alias] -= 1
            if not self._users[alias] and (self._current is None or alias != self._current[0]):
                self._detach(alias)

    def _detach(self, alias: str) -> None:
        self._users.pop(alias, None)
        if self._db is not None:
            self._db.execute(f"DETACH {alias}")


# One buffer pool per process, for every version it has attached. Queries needing more spill
# to disk instead of failing.
READER_MEMORY_LIMIT = os.environ.get("ITA_READER_MEMORY", "256MB")
# DuckDB's allocator keeps freed memory for reuse and returns it to the system only when one
# deallocation frees more than this at once (default 512 MiB). A server's hash tables and results
# are a few MiB each, so with the default a national server kept about 40 MiB it no longer used
# after its warm-up alone (RSS 370-383 MiB against 329-337 at 1 MB, at the same CPU).
READER_FLUSH_THRESHOLD = os.environ.get("ITA_READER_FLUSH", "1MB")
# Threads each query runs on. Sessions already run two queries at once, so a second thread per
# query adds no speed under load, and each thread holds its own share of a query's hash tables
# (the open-items query over a national year's measures held 80-85 MiB with two threads, 69 with
# one). Twenty sessions over five minutes (bench/load.py): peak 399.8 MiB with one thread against
# 407.6 with two, 65.7 ms of CPU per view against 79.1. A lone query is slower: a national
# open-items view of every year 233 ms against 190, its export (every row) 1.2 s against 1.0.
READER_THREADS = int(os.environ.get("ITA_READER_THREADS", "1"))
# A DuckDB database keeps memory of every query that spilled blocks or built large hash tables
# (glibc malloc, outside its memory limit and its own account): 600 national open-items queries
# left 31.7 MiB more in use, all of it given back when the database closed. The reader makes a new
# database after this many cursors, at a moment when none is open: 1,200 such queries then held
# 0.6-15.8 MiB more, where they had held 41.4. A new database costs its first query 16-20 ms of CPU.
RENEW_AFTER = int(os.environ.get("ITA_READER_RENEW_AFTER", "200"))
# Queries at once per process: two cores are busy with two, and each query of a national store
# holds tens of megabytes while it runs; more at once would only add memory, not speed.
QUERY_SLOT_COUNT = int(os.environ.get("ITA_QUERY_SLOTS", "2"))
QUERY_SLOTS = threading.BoundedSemaphore(QUERY_SLOT_COUNT)
_ONE_ALONE = threading.Lock()


@contextmanager
def every_query_slot() -> Iterator[None]:
    """Hold every query slot, taken as the queries holding them finish: what a query that ran out
    of memory beside others runs again in, alone."""
    with _ONE_ALONE:  # two threads taking slots one by one could each wait for the other's
        taken = 0
        try:
            for _ in range(QUERY_SLOT_COUNT):
                QUERY_SLOTS.acquire()
                taken += 1
            yield
        finally:
            for _ in range(taken):
                QUERY_SLOTS.release()


def _damaged(error: duckdb.Error) -> bool:
    # Any IO error while reading a store is its file failing it (a truncated file reads short).
    return is_damage(error) or isinstance(error, duckdb.IOException)


def attach_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A private in-memory database with the store ATTACHed read-only as `store` and in use."""
    con = _memory_database()
    con.execute(f"ATTACH {_literal(path)} AS store (READ_ONLY)")
    con.execute("USE store")
    return con


def _memory_database() -> duckdb.DuckDBPyConnection:
    return duckdb.connect(":memory:", config={"memory_limit": READER_MEMORY_LIMIT,
                                              "allocator_bulk_deallocation_flush_threshold": READER_FLUSH_THRESHOLD,
                                              "temp_directory": tempfile.gettempdir(), "threads": READER_THREADS})


def _literal(path: Path) -> str:
    # ATTACH takes no prepared parameters; the path comes from configuration, quoted here.
    return "'" + str(path).replace("'", "''") + "'"


def _attach(db: duckdb.DuckDBPyConnection, path: Path, alias: str) -> None:
    """ATTACH the store read-only as `alias`, refusing a store of another schema version and
    naming a damaged one (`StoreDamaged`)."""
    try:
        db.execute(f"ATTACH {_literal(path)} AS {alias} (READ_ONLY)")
    except duckdb.Error as error:
        raise StoreDamaged(path, error_line(error)) from None
    try:
        version = db.execute(f"SELECT value FROM {alias}.store_meta WHERE key = 'schema_version'").fetchone()
    except duckdb.CatalogException:
        version = None
    except duckdb.Error as error:
        if not _damaged(error):
            raise
        db.execute(f"DETACH {alias}")
        raise StoreDamaged(path, error_line(error)) from None
    if version is None or int(version[0]) != SCHEMA_VERSION:
        db.execute(f"DETACH {alias}")
        raise StoreOutdated(f"{path} has schema {version[0] if version else 'none'}; expected {SCHEMA_VERSION}")
    # Same schema, older views and macros (a release that added a macro): queries would fail one by
    # one with catalog errors; the next write or `python -m ita build` re-creates them.
    views = db.execute(f"SELECT value FROM {alias}.store_meta WHERE key = 'views_sha256'").fetchone()
    if views is None or views[0] != _VIEWS:
        db.execute(f"DETACH {alias}")
        raise StoreOutdated(f"{path} has views and macros of another release; run python -m ita build")

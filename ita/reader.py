"""The one read path: a read-only connection that follows the store as writers replace it.

Writers publish a new file with `os.replace` (see `store.py`); a reader notices because the
path now points at a different inode, and reconnects. Each query runs on its own cursor,
because a DuckDB connection must not be shared between threads mid-query.

The store is ATTACHed to a private in-memory database rather than opened with
`duckdb.connect(path)`: DuckDB caches open databases by path, so while any cursor on the old
file lives, a plain connect would hand back the old file's data.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ita import sql
from ita.store import SCHEMA_VERSION, default_store_path


class StoreMissing(Exception):
    """There is no store yet: nothing has been imported."""


class StoreOutdated(Exception):
    """The store's schema is older than this release; a write (any import) migrates it."""


class StoreReader:
    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else default_store_path()
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._identity: tuple[int, int] | None = None

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

    def cursor(self) -> duckdb.DuckDBPyConnection:
        identity = self.identity()
        if identity is None:
            raise StoreMissing(str(self.path))
        with self._lock:
            if self._con is None or identity != self._identity:
                # The old connection is dropped, not closed: other threads may still be
                # reading from it, and it goes away with their last cursor.
                self._con, self._identity = _attach(self.path), identity
            cursor = self._con.cursor()
        cursor.execute("USE store")
        return cursor

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        with QUERY_SLOTS:
            cursor = self.cursor()
            try:
                return sql.run(cursor, name, **params)
            finally:
                cursor.close()

    def close(self) -> None:
        """Drop the connection (tests and the benchmark reuse a path across stores)."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None


# Each reader is its own DuckDB instance with its own buffer pool; bounded, so that a server
# following a busy writer (a new version every few seconds, old ones still finishing queries)
# holds a few of them without running out of memory.
READER_MEMORY_LIMIT = os.environ.get("ITA_READER_MEMORY", "512MB")
# Queries at once per process: two cores are busy with two, and each query of a national store
# holds tens of megabytes while it runs; more at once would only add memory, not speed.
QUERY_SLOTS = threading.BoundedSemaphore(int(os.environ.get("ITA_QUERY_SLOTS", "2")))


def attach_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A private in-memory database with the store ATTACHed read-only as `store` and in use."""
    # A query that needs more than the limit spills to disk instead of failing.
    con = duckdb.connect(":memory:", config={"memory_limit": READER_MEMORY_LIMIT,
                                              "temp_directory": tempfile.gettempdir()})
    # ATTACH takes no prepared parameters; the path comes from configuration, quoted here.
    literal = str(path).replace("'", "''")
    con.execute(f"ATTACH '{literal}' AS store (READ_ONLY)")
    con.execute("USE store")
    return con


def _attach(path: Path) -> duckdb.DuckDBPyConnection:
    con = attach_read_only(path)
    version = con.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()
    if version is None or int(version[0]) != SCHEMA_VERSION:
        con.close()
        raise StoreOutdated(f"{path} has schema {version[0] if version else 'none'}; expected {SCHEMA_VERSION}")
    return con

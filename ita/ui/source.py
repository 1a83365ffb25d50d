"""The cached read path: one reader per store file, query results cached until a write changes
what they read (`ita.store.changes`)."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from ita.analytics import metrics
from ita.store.changes import ChangeLog, Token
from ita.store.reader import StoreMissing, StoreOutdated, StoreReader
from ita.store.session import StoreDamaged, default_store_path, lost_store


@st.cache_resource(max_entries=4)
def _reader(path: str) -> StoreReader:
    return StoreReader(Path(path))


class ResultCache:
    """Query results of every session of this process, each kept with the validity token it was
    computed under (`ita.store.changes`): a result is reused while its token is still the current
    one and replaced in place when it is not, so a write frees exactly the results it changed.

    Reuse hands out the same frame (no copy, no unpickling, unlike st.cache_data); `CachedSource`
    wraps it in a shallow copy. Sessions asking for the same missing result at once wait for one
    computation instead of all running it.
    """

    def __init__(self, max_entries: int, max_bytes: int | None = None) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.kept_bytes = 0  # of the data the kept values hold; see _size
        self._entries: OrderedDict[tuple, tuple[Any, Any, int]] = OrderedDict()  # token, value, bytes
        self._gates: dict[tuple, threading.Lock] = {}
        self._lock = threading.Lock()
        self.hits = self.misses = 0
        # Seconds spent computing, by the key's second part (the query's name): for bench/sampler.py.
        self.compute_s: Counter[str] = Counter()

    def get(self, key: tuple, token: Any, compute: Callable[[], Any]) -> Any:
        """The value of `key` computed under `token`, computing it when there is none."""
        with self._lock:
            value = self._fresh(key, token)
            if value is not _MISSING:
                self.hits += 1
                return value
            gate = self._gates.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                value = self._fresh(key, token)  # computed by the session we waited for
                if value is not _MISSING:
                    self.hits += 1
                    return value
                self.misses += 1
            started = time.perf_counter()
            value = compute()
            size = _size(value)  # outside the lock: a view's parts are walked
            with self._lock:
                self.compute_s[str(key[1]) if len(key) > 1 else "?"] += time.perf_counter() - started
                self._keep(key, token, value, size)
            return value

    def peek(self, key: tuple) -> Any:
        """The value kept under `key` whatever its token, or None (for entries that check their
        own validity, `CachedSource.tracked`)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[1]

    def put(self, key: tuple, value: Any) -> None:
        """Keep `value` under `key` (no token: see `peek`)."""
        size = _size(value)
        with self._lock:
            self.misses += 1
            self._keep(key, None, value, size)

    def _keep(self, key: tuple, token: Any, value: Any, size: int) -> None:
        """Store an entry as the newest, dropping the least recently used beyond `max_entries`
        (called with the lock held)."""
        replaced = self._entries.pop(key, None)
        if replaced is not None:
            self.kept_bytes -= replaced[2]
        self._entries[key] = (token, value, size)
        self.kept_bytes += size
        while len(self._entries) > self.max_entries or (
                self.max_bytes is not None and self.kept_bytes > self.max_bytes and len(self._entries) > 1):
            old, (_, _, dropped) = self._entries.popitem(last=False)
            self.kept_bytes -= dropped
            self._gates.pop(old, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._gates.clear()
            self.kept_bytes = 0
            self.hits = self.misses = 0
            self.compute_s.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def _fresh(self, key: tuple, token: Any) -> Any:
        entry = self._entries.get(key)
        if entry is None or entry[0] != token:
            return _MISSING
        self._entries.move_to_end(key)
        return entry[1]


def _size(value: Any, seen: set[int] | None = None) -> int:
    """The bytes of the data a kept value holds: its frames' columns, Arrow tables and charts,
    looked for inside tuples, lists, dicts and the app's own view objects (what `tracked` keeps).

    An estimate that errs high: a view's frame made over a kept result's columns is counted again.
    Counting only the query results let the views built from them grow outside the bound: over a
    five-minute load run the cache held 41 MiB of results and about 40 MiB more in views."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=False).sum())
    if isinstance(value, (pa.Table, pa.ChunkedArray, pa.Array)):
        return int(value.nbytes)
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, dict):
        return sum(_size(k, seen) + _size(v, seen) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return sum(_size(v, seen) for v in value)
    if type(value).__module__.startswith("ita.") and hasattr(value, "__dict__"):  # views, grids, charts' dicts
        return _size(vars(value), seen)
    return 0


_MISSING = object()
# Nearly every result is an aggregate or a page-limited list of a few KiB (the national open-items
# list 0.5 MiB, the national organisation list 1.6 MiB), so the count keeps the views twenty users
# move between warm (at 256 entries a third of a load run's misses were results evicted by
# others), and the bytes bound what a day of different filters can hold. The bytes count views too
# (`_size`, which errs high); at 128 MiB a national server reached 455 MiB after five minutes of
# twenty users (500 at its peak), at 64 MiB 395 (440), for about a third more CPU per view. In
# one-minute runs of twenty users the peak was 400-407 MiB at 64, 397-398 at 48 and 389-394 at 40,
# for 58.7-62.6 ms of CPU per view at 64 and 59.5-75.2 at 40 (load runs vary by about 15 %).
RESULTS = ResultCache(int(os.environ.get("ITA_CACHED_RESULTS", "2048")),
                      int(os.environ.get("ITA_CACHED_RESULT_MIB", "40")) * 2**20)
# One change log per store file, rebuilt when the file's version changes.
_CHANGE_LOGS = ResultCache(8)

# Queries that read only the measures (with their imports, findings and audit rows) of the
# organisations in $orgs and the fiscal years in $years (empty: all), besides the tables every
# organisation shares, whose changes count as everything. Any query not named here is computed
# again after every write.
FILTERED = frozenset({
    "audit_log", "by_division", "by_division_year", "by_indicator", "by_indicator_year", "by_org_type",
    "by_year", "data_as_of", "import_history", "indicator_division_grid", "latest_measures",
    "measures_list", "open_by_indicator_across_orgs", "open_findings", "org_ranking",
    "overdue_measures", "summary_totals",
})
ALL_YEARS = frozenset({"division_list", "fiscal_years", "indicator_list"})  # $orgs, every year
YEAR_PAIR = frozenset({"status_changes"})  # $orgs and the years $year_from, $year_to


def read_scope(name: str, params: dict[str, Any]) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
    """The (organisations, years) a query's result depends on, empty meaning all; None when it
    may depend on anything."""
    orgs = tuple(params.get("orgs") or ())
    if name in ALL_YEARS:
        return orgs, ()
    if name in YEAR_PAIR:
        return orgs, (int(params["year_from"]), int(params["year_to"]))
    if name not in FILTERED:
        return None
    years = tuple(int(y) for y in params.get("years") or ())
    if years and params.get("previous_year") is not None:  # org_ranking also reads the year before
        years = (*years, int(params["previous_year"]))
    return orgs, years


class CachedSource:
    """`metrics.Queries` over the cached read path of one store file."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)
        # Looked up once per source (a cache_resource call hashes its argument: it was a visible
        # share of a warm run when every query did it).
        self.reader = _reader(self.path)
        self.version = self.reader.version()
        self._changes: ChangeLog | None = None

    def changes(self) -> ChangeLog:
        """The store's change log, read once per store version for the whole process."""
        if self._changes is None:
            reader = self.reader
            self._changes = _CHANGE_LOGS.get(
                (self.path,), self.version,
                lambda: ChangeLog.from_frame(reader.query("store_changes"), self.version))
        return self._changes

    def token(self, name: str, params: dict[str, Any]) -> Token:
        """The validity token of a query's result (see `ita.store.changes`)."""
        scope = read_scope(name, params)
        changes = self.changes()
        return changes.current if scope is None else changes.token(*scope)

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        reader = self.reader
        frame = RESULTS.get((self.path, name, _frozen(params)), self.token(name, params),
                            lambda: reader.query(name, **params))
        # A new frame over the cached data (pandas copies on write): pages may add columns freely.
        return frame.copy(deep=False)

    def derived(self, purpose: str, name: str, build: Callable[[pd.DataFrame], Any], **params: Any) -> Any:
        """`build(result of the query)`, cached with the query's token under `purpose`: for values
        every run needs from a result (the sidebar's option lists), which are then shared by every
        session and must not be changed in place."""
        return RESULTS.get((self.path, name, _frozen(params), purpose), self.token(name, params),
                           lambda: build(self.query(name, **params)))

    def tracked(self, purpose: Hashable, build: Callable[[metrics.Queries], Any]) -> Any:
        """`build(queries)` for every session, kept while every query it ran still has the token its
        result was read under: for what a page computes from query results on every run (a view,
        a figure, a pivoted grid), without naming its queries here or hashing its frames.

        `purpose` must hold every input of `build` besides its queries (filters, language); results
        are kept for the day they were computed on, as views count overdue against today. The value
        is shared by every session and must not be changed in place.
        """
        key = (self.path, "tracked", purpose, date.today())
        kept = RESULTS.peek(key)
        if kept is not None:
            reads, value = kept
            if all(self.token(name, dict(params)) == token for name, params, token in reads):
                return value
        recording = _Recording(self)
        value = build(recording)
        RESULTS.put(key, (tuple(recording.reads), value))
        return value

    def per_version(self, purpose: Any, build: Callable[[], Any]) -> Any:
        """`build()` cached for every session until the store file changes (any write publishes a
        new file): for what a page reads or derives outside the named, scoped queries (the
        framework tab's reads, download bytes). The value is shared and must not be changed in place."""
        return RESULTS.get((self.path, "per_version", purpose), self.version, build)

    def read(self, purpose: Any, read: Callable[..., Any], *args: Any) -> Any:
        """`read(cursor, *args)` on this process's reader of the store, cached like `per_version`
        (ita.store functions that take a cursor, such as the framework's)."""
        def build() -> Any:
            with self.reader.cursor() as cursor:
                return read(cursor, *args)
        return self.per_version((purpose, *args), build)


class _Recording:
    """`metrics.Queries` over a CachedSource that notes each query it answers with its token."""

    def __init__(self, source: CachedSource) -> None:
        self.source = source
        self.reads: list[tuple[str, tuple, Token]] = []

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        # The token first: a write after it makes the entry stale at once, never wrongly fresh.
        self.reads.append((name, tuple(params.items()), self.source.token(name, params)))
        return self.source.query(name, **params)


def _frozen(params: dict[str, Any]) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


def store_path() -> Path:
    return Path(os.environ.get("ITA_DB") or default_store_path())


def store_source() -> CachedSource | None:
    """The store's cached source even when it shows nothing (its history still matters), or None
    when there is no usable store file."""
    st.session_state.pop("_store_damaged", None)
    st.session_state.pop("_store_outdated", None)
    try:
        candidate = CachedSource(store_path())
        if candidate.version == "missing":
            lost = lost_store(store_path())
            if lost is not None:
                # Gone with its backups beside it: the pages say how to restore, not "import a report".
                st.session_state["_store_damaged"] = lost
            return None
        # Fails on a store of another schema version; read once per store version, not copied on every run.
        candidate.derived("schema check", "store_counts", len)
        return candidate
    except StoreMissing:
        return None
    except StoreOutdated:
        # Pages then say how to bring the store to this release, instead of "no data yet".
        st.session_state["_store_outdated"] = store_path()
        return None
    except StoreDamaged as damaged:
        # Pages then say what is wrong and how to restore, instead of "no data yet".
        st.session_state["_store_damaged"] = damaged
        return None


def source(candidate: CachedSource | None) -> CachedSource | None:
    """`candidate` (the run's `store_source()`) when it has something to show, else None."""
    if candidate is None or not candidate.derived("any", "organisation_list", len, provinces=[], org_types=[]):
        return None
    return candidate


# Script runs at once in this process. Each session's run is a thread holding its frames and
# figures; twenty at once on two cores take no less time in all, only more memory.
RENDER_SLOTS = threading.BoundedSemaphore(int(os.environ.get("ITA_RENDER_SLOTS", "4")))

"""Importing many reports at once: parsed in parallel on every core, stored in bulk.

Reading a report is pure Python (CPU-bound), so worker processes (`ita.read.parallel`, which
imports no store) read while the main process
stores what they return, a window of reports at a time through the one write path: the whole
import is a single write session, so it lands completely or not at all, and memory stays
bounded by the window, not by the number of reports.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from ita.read.parallel import Producible, Source, read_item, settle_worker, start_worker  # noqa: F401
from ita.read.records import ImportRefused
from ita.store.access import EditorScope
from ita.store.imports import Prepared, store_prepared
from ita.store.reference import directory_from_store, framework_from_store
from ita.store.writer import scoped_write

# Reports read before they are stored: bounds memory at national scale. A window's measures are
# held as Python strings in the storing process (~100 KB a report), two windows at a time.
WINDOW = 500
IN_PROCESS_BELOW = 200  # fewer reports than this are read without worker processes


@dataclass
class BulkProgress:
    done: int
    stored: int
    refused: int
    measures: int
    seconds: float

    @property
    def reports_per_second(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0


@dataclass
class BulkResult:
    progress: BulkProgress
    refusals: list[str] = field(default_factory=list)


def _windows(items: Iterable[Source], size: int) -> Iterator[list[Source]]:
    iterator = iter(items)
    while window := list(islice(iterator, size)):
        yield window


def _read_async(
    pool: ProcessPoolExecutor, window: list[Source] | None, workers: int
) -> Iterator[Prepared | ImportRefused] | None:
    """The window handed to the workers now (every chunk submitted); its results in order, as they come."""
    if window is None:
        return None
    return pool.map(read_item, window, chunksize=max(1, len(window) // (workers * 8)))


@contextmanager
def _few_collections() -> Iterator[None]:
    """Garbage collection that skips what existed before the import, and runs less often.

    The storing process unpickles each window's reports and builds its columns: hundreds of
    thousands of short-lived objects, each batch of which started a collection that walked
    DuckDB's, pandas' and the framework's objects too (about a fifth of this process's time).
    Those are frozen for the import's length and the usual settings come back after it.
    """
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def bulk_import(
    items: Iterable[Source],
    store: Path | None = None,
    *,
    actor: str | EditorScope = "bulk",
    workers: int | None = None,
    progress: Callable[[BulkProgress], None] | None = None,
) -> BulkResult:
    """Read reports on `workers` processes and store them as one change.

    Each item is (file name, bytes), a file's Path, or something that `produce`s a report; the
    last two are read or made in the worker, so only small objects travel between processes.
    `actor` is scoped as every import is (`store_prepared`): a report of an organisation outside an
    editor's scope refuses the whole import, audited; a plain name (the command line) is an administrator.
    """
    workers = workers or os.cpu_count() or 1
    started = time.monotonic()
    counts = BulkProgress(0, 0, 0, 0, 0.0)
    refusals: list[str] = []
    with _few_collections(), scoped_write(store) as con:
        # One DuckDB thread: the cores are the parsing workers' (inserting is the smaller job).
        con.execute("SET threads = 1")
        # The whole import is one transaction, which DuckDB holds until the commit: a limit bounds
        # its share of this process at national scale (past it, row groups go to the file early).
        con.execute("SET memory_limit = '384MB'")
        con.execute("SET preserve_insertion_order = false")
        framework, directory = framework_from_store(con), directory_from_store(con)
        windows = _windows(items, WINDOW)
        first = next(windows, None)

        def keep(results: list[Prepared | ImportRefused]) -> None:
            prepared = [r for r in results if isinstance(r, Prepared)]
            refusals.extend(str(r) for r in results if isinstance(r, ImportRefused))
            outcomes = store_prepared(con, prepared, actor)
            counts.done += len(results)
            counts.stored += sum(o.state != "unchanged" for o in outcomes)
            counts.refused = len(refusals)
            counts.measures += sum(o.measures for o in outcomes if o.state != "unchanged")
            counts.seconds = time.monotonic() - started
            if progress:
                progress(counts)

        if first is not None and len(first) < IN_PROCESS_BELOW:
            # A few reports: starting worker processes would take longer than reading them here.
            start_worker(framework, directory)
            keep([read_item(item) for item in first])
        elif first is not None:
            # "spawn": the workers must not inherit this process's open DuckDB connection and threads.
            # An executor, not multiprocessing.Pool: a Pool's worker-handling thread wakes whenever
            # the result pipe holds unread data and spins while it does (about 0.13 ms of this
            # process's CPU a report at national scale); the executor's one thread reads the results.
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(workers, mp_context=context, initializer=settle_worker,
                                     initargs=(framework, directory)) as pool:
                pending = _read_async(pool, first, workers)
                while pending is not None:
                    # The next window is gathered (for a generator: made) while the workers read
                    # this one, and stored while they read the next: nobody waits for the other.
                    following = next(windows, None)
                    results = list(pending)
                    pending = _read_async(pool, following, workers)
                    keep(results)
    counts.seconds = time.monotonic() - started
    return BulkResult(counts, refusals)

"""Importing many reports at once: parsed in parallel on every core, stored in bulk.

Reading a report is pure Python (CPU-bound), so worker processes read while the main process
stores what they return, a window of reports at a time through the one write path: the whole
import is a single write session, so it lands completely or not at all, and memory stays
bounded by the window, not by the number of reports.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path

from ita.catalogue import Framework
from ita.divisions import DivisionDirectory
from ita.ingest import Prepared, directory_from_store, framework_from_store, prepare, store_prepared
from ita.records import ImportRefused
from ita.store import write_session

WINDOW = 2_000  # reports read before they are stored: bounds memory at national scale

_framework: Framework | None = None
_directory: DivisionDirectory | None = None


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


def _start_worker(framework: Framework, directory: DivisionDirectory) -> None:
    global _framework, _directory
    _framework, _directory = framework, directory


def _read(item: tuple[str, bytes]) -> Prepared | ImportRefused:
    name, data = item
    try:
        return prepare(name, data, _framework, _directory)
    except ImportRefused as refused:
        return refused


def _windows(items: Iterable[tuple[str, bytes]], size: int) -> Iterator[list[tuple[str, bytes]]]:
    iterator = iter(items)
    while window := list(islice(iterator, size)):
        yield window


def _read_async(pool: Pool, window: list[tuple[str, bytes]] | None, workers: int) -> AsyncResult | None:
    if window is None:
        return None
    return pool.map_async(_read, window, chunksize=max(1, len(window) // (workers * 8)))


def bulk_import(
    items: Iterable[tuple[str, bytes]],
    store: Path | None = None,
    *,
    actor: str = "bulk",
    workers: int | None = None,
    progress: Callable[[BulkProgress], None] | None = None,
) -> BulkResult:
    """Read (file name, bytes) pairs on `workers` processes and store them as one change."""
    workers = workers or os.cpu_count() or 1
    started = time.monotonic()
    counts = BulkProgress(0, 0, 0, 0, 0.0)
    refusals: list[str] = []
    with write_session(store) as con:
        framework, directory = framework_from_store(con), directory_from_store(con)
        # "spawn": the workers must not inherit this process's open DuckDB connection and its threads.
        context = multiprocessing.get_context("spawn")
        with context.Pool(workers, initializer=_start_worker, initargs=(framework, directory)) as pool:
            windows = _windows(items, WINDOW)
            pending = _read_async(pool, next(windows, None), workers)
            while pending is not None:
                results = pending.get()
                # Workers read the next window while this one is stored.
                pending = _read_async(pool, next(windows, None), workers)
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
    counts.seconds = time.monotonic() - started
    return BulkResult(counts, refusals)

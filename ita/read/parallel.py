"""The parsing side of a bulk import: what each worker process runs (see `ita.store.bulk`).

Kept apart from the store so that a worker imports the readers only: DuckDB, Arrow and pandas
would add about a hundred MB to every worker at national scale, for nothing it uses.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Protocol

from ita.read.catalogue import Framework
from ita.read.divisions import DivisionDirectory
from ita.read.normalise import repairer_for
from ita.read.prepared import Prepared, prepare_packed
from ita.read.records import ImportRefused

_framework: Framework | None = None
_directory: DivisionDirectory | None = None


class Producible(Protocol):
    """A report made where it is read (e.g. `synth.national.ReportSpec`): nothing big crosses processes."""

    def produce(self, framework: Framework) -> tuple[str, bytes]: ...


Source = tuple[str, bytes] | Path | Producible


def start_worker(framework: Framework, directory: DivisionDirectory) -> None:
    """Give this process the framework and directory `read_item` reads against."""
    global _framework, _directory
    _framework, _directory = framework, directory


def settle_worker(framework: Framework, directory: DivisionDirectory) -> None:
    """A parsing process: its long-lived objects are made once and kept out of garbage collection.

    Reading a report allocates thousands of short-lived objects, and each full collection walked
    the Thai dictionary's trie and the readers' caches too: a fifth of a worker's time. The trie
    is built here and frozen with the rest; collections then run less often and walk only
    what the reports leave. No collection runs while it is built (the trie's half a million
    nodes made collections walk an ever larger heap: about half of the 1.8 s of CPU a worker
    took to start), nor a full one before freezing: the set-up leaves little garbage, and
    freezing it keeps it out of every later collection all the same.
    """
    gc.disable()
    try:
        start_worker(framework, directory)
        repairer_for(framework, directory)
        gc.freeze()
    finally:
        gc.enable()
    gc.set_threshold(50_000, 20, 20)


def read_item(item: Source) -> Prepared | ImportRefused:
    """One report read and packed (see `Prepared.pack`), or why it was refused."""
    try:
        if isinstance(item, Path):
            name, data = item.name, item.read_bytes()
        elif isinstance(item, tuple):
            name, data = item
        else:
            name, data = item.produce(_framework)
        # Packed: measures cross back to the storing process as columns (made from rows, no objects).
        return prepare_packed(name, data, _framework, _directory)
    except ImportRefused as refused:
        return refused
    except OSError as error:
        return ImportRefused(error.strerror or str(error), file_name=str(item))

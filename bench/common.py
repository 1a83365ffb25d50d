"""Shared pieces of the benchmarks: the stores they run on and the machine they ran on.

Benchmarks run on demand (`make bench`), never in the test suite. Stores are built under
bench/out/ (not committed) and reused by later runs; delete the folder to rebuild them.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
sys.path.insert(0, str(REPO))

NATIONAL_ORGS, NATIONAL_YEARS = 8317, 5


def machine() -> str:
    """CPU model, cores and memory, for the README's performance table."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return f"{model}, {os.cpu_count()} cores, {memory / 1024 / 1024:.0f} GiB, Python {platform.python_version()}"


def demo_store() -> Path:
    """The seed report and the demo's sample years: one organisation."""
    from ita.store.imports import ingest_paths
    from ita.store.session import migrate_store

    store = OUT / "demo" / "ita.duckdb"
    migrate_store(store)  # a store kept from an earlier release
    if not store.exists():
        store.parent.mkdir(parents=True, exist_ok=True)
        reports = REPO / "data" / "reports"
        ingest_paths([reports / "nongchok_2564.txt", *sorted((reports / "samples").glob("*.txt"))], store)
    return store


def national_store() -> Path:
    """The synthetic national data set: 8,317 agencies × 5 years, built with `python -m ita sample`."""
    from ita.store.session import migrate_store

    store = OUT / "national" / "ita.duckdb"
    migrate_store(store)  # a store kept from an earlier release
    if not store.exists():
        store.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "ita", "sample", "--orgs", str(NATIONAL_ORGS), "--years",
                        str(NATIONAL_YEARS), "--db", str(store)], cwd=REPO, check=True)
    return store


def timed(action: Callable[[], object], repeat: int = 5) -> float:
    """Median seconds of `repeat` runs."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def table(rows: list[list[object]], header: list[str]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=False)]
    lines = [" | ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("-|-".join("-" * w for w in widths))
    lines += [" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)

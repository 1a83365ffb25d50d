"""Server-side page times (AppTest, cold and warm caches) and each page's query time against the
same SQL run directly in DuckDB (the floor), at one organisation and at national scale.

    python bench/pages.py [--scale one national] [--national-db PATH] [--json]

Targets on a 2-core machine: every page ≤ 250 ms warm and ≤ 1.5 s cold; page queries
≤ 1.5 × the floor; every page's warm server time ≤ 1.5 × its static twin (issue 12). "Cold"
clears Streamlit's caches and the app's result cache and reattaches the store (the operating
system's file cache stays warm, as on a running server); "warm" is the median of fifteen reruns.
The twin (bench/twins/) draws the elements the page just drew with constant data; it is timed
in the same process, its reruns taking turns with the page's (warm: median of fifteen each), in
wall time and in CPU time of the process (AppTest runs the script in a thread of this process).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from common import REPO, demo_store, machine, national_store, table

PAGES = ("overview", "indicators", "divisions", "compare_years", "in_progress", "organisations", "scores", "manage")
WARM_TARGET_MS, COLD_TARGET_MS, FLOOR_TARGET, TWIN_TARGET = 250, 1500, 1.5, 1.5


def _without_pages_folder_mode() -> None:
    """AppTest starts every run in Streamlit's old pages/-folder mode, which makes the app rerun
    itself once (ita.ui.navigation.ensure_entry). A real server leaves that mode at its first
    session, so the benchmark does too, to time what a server does."""
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.pages_manager import PagesManager

    class ServerPagesManager(PagesManager):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    app_test.PagesManager = ServerPagesManager


def _one_script_cache() -> None:
    """AppTest gives every run a new ScriptCache, so each rerun parses, rewrites (magic) and compiles
    dashboard.py and the page again: for the manage page's 400 lines that is more CPU than most
    of what it draws. A server keeps one ScriptCache for its life and compiles each script once,
    so the benchmark does too (for the pages and their twins alike)."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_script_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared


@contextmanager
def recorded_queries() -> Iterator[list[tuple[str, dict]]]:
    """Every query the app runs through the read path, with its parameters."""
    from ita.store.reader import StoreReader

    calls: list[tuple[str, dict]] = []
    original = StoreReader.query

    def recording(self: StoreReader, name: str, **params: object) -> object:
        calls.append((name, params))
        return original(self, name, **params)

    StoreReader.query = recording
    try:
        yield calls
    finally:
        StoreReader.query = original


def page_times(store: Path, page: str) -> dict:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["ITA_DB"] = str(store)
    st.cache_data.clear()
    st.cache_resource.clear()
    importlib.import_module("ita.ui.source").RESULTS.clear()
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=300)
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
    with recorded_queries() as calls:
        started = time.perf_counter()
        at.run()
        cold = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{page}: {[e.message for e in at.exception]}")
    at.run()  # warm from here on: what the twin copies is what every later run draws
    twin_at, approximated = twin_app(page, at)
    (warm, warm_cpu), (twin_wall, twin_cpu) = _reruns(at, twin_at)
    return {"page": page, "cold_ms": round(cold * 1000), "warm_ms": round(warm * 1000, 1),
            "warm_cpu_ms": round(warm_cpu * 1000, 1), "twin_ms": round(twin_wall * 1000, 1),
            "twin_cpu_ms": round(twin_cpu * 1000, 1), "twin_approximated": approximated,
            "twin_ratio": round(warm / twin_wall, 2), "twin_cpu_ratio": round(warm_cpu / twin_cpu, 2),
            "queries": calls}


def _reruns(*apps: object, count: int = 15) -> list[tuple[float, float]]:
    """Median wall and CPU seconds of `count` reruns of each AppTest, taken in turn (page, twin,
    page, twin, ...): a page and its twin see the same moments of a busy machine, where timing
    one after the other let a few seconds of background work land on one side only (the manage
    page's ratio moved between 1.15 and 1.85 across runs)."""
    walls: list[list[float]] = [[] for _ in apps]
    cpus: list[list[float]] = [[] for _ in apps]
    for _ in range(count):
        for at, wall, cpu in zip(apps, walls, cpus, strict=True):
            started, cpu_started = time.perf_counter(), time.process_time()
            at.run()
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
    for at in apps:
        if at.exception:
            raise RuntimeError(f"{[e.message for e in at.exception]}")
    return [(statistics.median(wall), statistics.median(cpu)) for wall, cpu in zip(walls, cpus, strict=True)]


def twin_app(page: str, at: object) -> tuple[object, int]:
    """The page's twin (bench/twins/) as an AppTest that has run once, drawing what the page `at`
    drew; with how many of its elements are approximated."""
    from streamlit.testing.v1 import AppTest
    from twins import twin

    spec = twin.capture(at)
    twin.save(page, spec)
    twin._LOADED.pop(page, None)
    twin_at = AppTest.from_file(str(REPO / "bench" / "twins" / f"{page}.py"), default_timeout=300)
    twin_at.run()  # loads the spec and builds its figures once, as a server would
    if twin_at.exception:
        raise RuntimeError(f"twin of {page}: {[e.message for e in twin_at.exception]}")
    if page not in twin._LOADED:
        # The twin loaded its spec into another copy of the module: a second scale would then
        # draw the first scale's page (until 29 Nov the national twins drew the one-org pages).
        raise RuntimeError(f"twin of {page} did not draw the spec just captured")
    return twin_at, spec["approximated"]


def query_ratio(store: Path, calls: list[tuple[str, dict]]) -> tuple[float, float]:
    """(our read path, bare DuckDB) seconds for the page's queries, each the best of three."""
    import duckdb

    from ita.store import sql
    from ita.store.reader import StoreReader

    reader = StoreReader(store)
    bare = duckdb.connect(str(store), read_only=True)
    ours = floor = 0.0
    for name, params in calls:
        ours += _best_of_three(reader.query, name, **params)
        floor += _best_of_three(sql.run, bare, name, **params)
    bare.close()
    reader.close()
    return ours, floor


def _best_of_three(action: Callable[..., object], *args: object, **kwargs: object) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        action(*args, **kwargs)
        times.append(time.perf_counter() - started)
    return min(times)


def measure(scale: str, pages: tuple[str, ...] = PAGES, national: Path | None = None) -> list[dict]:
    store = demo_store() if scale == "one" else (national or national_store())
    rows = []
    for page in pages:
        result = page_times(store, page)
        ours, floor = query_ratio(store, result.pop("queries"))
        result.update(scale=scale, query_ms=round(ours * 1000, 1), floor_ms=round(floor * 1000, 1),
                      query_ratio=round(ours / floor, 2) if floor else None)
        rows.append(result)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", nargs="+", choices=("one", "national"), default=["one", "national"])
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES))
    parser.add_argument("--national-db", type=Path, help="the national store to use (default: bench/out/national)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--compile-each-run", action="store_true",
                        help="compile the scripts on every run, as AppTest does (measurements before Nov 28)")
    args = parser.parse_args()
    _without_pages_folder_mode()
    if not args.compile_each_run:
        _one_script_cache()
    results = [row for scale in args.scale for row in measure(scale, tuple(args.pages), args.national_db)]
    if args.json:
        print(json.dumps({"machine": machine(), "pages": results}, ensure_ascii=False))
        return
    print(machine())
    print(table([[r["scale"], r["page"], r["cold_ms"], r["warm_ms"], r["query_ms"], r["floor_ms"], r["query_ratio"],
                  r["twin_ms"], r["twin_ratio"], r["warm_cpu_ms"], r["twin_cpu_ms"], r["twin_cpu_ratio"]]
                 for r in results],
                ["scale", "page", f"cold ms (≤{COLD_TARGET_MS})", f"warm ms (≤{WARM_TARGET_MS})", "queries ms",
                 "bare DuckDB ms", f"ratio (≤{FLOOR_TARGET})", "twin ms", f"÷ twin (≤{TWIN_TARGET})",
                 "warm cpu ms", "twin cpu ms", "cpu ÷ twin"]))


if __name__ == "__main__":
    main()

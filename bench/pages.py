"""Server-side page times (AppTest, cold and warm caches) and each page's query time against the
same SQL run directly in DuckDB (the floor), at one organisation and at national scale.

    python bench/pages.py [--scale one national] [--json]

Targets on a 2-core machine: every page ≤ 250 ms warm and ≤ 1.5 s cold; page queries
≤ 1.5 × the floor. "Cold" clears Streamlit's caches and reattaches the store (the operating
system's file cache stays warm, as on a running server); "warm" is the median of five reruns.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from common import REPO, demo_store, machine, national_store, table

PAGES = ("overview", "indicators", "divisions", "compare_years", "in_progress", "organisations", "manage")
WARM_TARGET_MS, COLD_TARGET_MS, FLOOR_TARGET = 250, 1500, 1.5


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
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=300)
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
    with recorded_queries() as calls:
        started = time.perf_counter()
        at.run()
        cold = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{page}: {[e.message for e in at.exception]}")
    warm = []
    for _ in range(5):
        started = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - started)
    return {"page": page, "cold_ms": round(cold * 1000), "warm_ms": round(statistics.median(warm) * 1000),
            "queries": calls}


def query_ratio(store: Path, calls: list[tuple[str, dict]]) -> tuple[float, float]:
    """(our read path, bare DuckDB) seconds for the page's queries, each the best of three."""
    import duckdb

    from ita.store import sql
    from ita.store.reader import StoreReader

    reader = StoreReader(store)
    bare = duckdb.connect(str(store), read_only=True)
    ours = floor = 0.0
    for name, params in calls:
        text, bound = sql.bind(name, params)
        ours += _best_of_three(reader.query, name, **params)
        floor += _best_of_three(lambda t, b: bare.sql(t, params=b).to_arrow_table(), text, bound)
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


def measure(scale: str, pages: tuple[str, ...] = PAGES) -> list[dict]:
    store = demo_store() if scale == "one" else national_store()
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
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    _without_pages_folder_mode()
    results = [row for scale in args.scale for row in measure(scale, tuple(args.pages))]
    if args.json:
        print(json.dumps({"machine": machine(), "pages": results}, ensure_ascii=False))
        return
    print(machine())
    print(table([[r["scale"], r["page"], r["cold_ms"], r["warm_ms"], r["query_ms"], r["floor_ms"], r["query_ratio"]]
                 for r in results],
                ["scale", "page", f"cold ms (≤{COLD_TARGET_MS})", f"warm ms (≤{WARM_TARGET_MS})", "queries ms",
                 "bare DuckDB ms", f"ratio (≤{FLOOR_TARGET})"]))


if __name__ == "__main__":
    main()

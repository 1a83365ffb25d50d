"""Serve the app (`python -m ita.ui.serve [streamlit options]`, what `make run` does): the same
server as `streamlit run dashboard.py`, readied before it accepts anyone.

Streamlit imports nothing of the app until the first session runs the script, so the first view
after a start paid for importing pandas, Arrow and Plotly, opening the store and drawing the first
figures (1.9 s of CPU on the national store), and every first view of a page paid for its
queries; sessions opening meanwhile queued behind them. Here the imports and each page's view of
each fiscal year are done once, before the server listens.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

import pyarrow as pa
from streamlit.web import cli

from ita.analytics import metrics
from ita.analytics.filters import Filters
from ita.present.labels import LANGUAGES
from ita.store.reader import StoreMissing, StoreOutdated
from ita.store.session import StoreDamaged
from ita.ui.shown import PAGES, shown
from ita.ui.source import CachedSource, store_path

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard.py"
# What a first script run still imported after the warm-up (sys.modules before and after it):
# Streamlit's emoji and icon tables, checked against every option label (0.4 s for the first
# language switch), the PDF report's templates, which the pages' downloads import, and Plotly's
# JSON encoder, which st.plotly_chart uses.
LAZY_MODULES = ("streamlit.emojis", "streamlit.material_icon_names", "ita.present.pdf_report",
                "streamlit.runtime.scriptrunner.magic_funcs", "plotly.io._json")


def warm_up(path: Path) -> int:
    """Build what every page draws for each fiscal year of the store alone, in Thai and English,
    into the process's result cache: the views a first visitor opens from the menu or from a
    link naming a year. Returns how many were built; 0 when the store cannot be read (the pages
    then say why)."""
    try:
        source = CachedSource(path)
        if source.version == "missing" or metrics.organisations(source).empty:
            return 0
    except (StoreMissing, StoreOutdated, StoreDamaged):
        return 0
    built = 0
    # Oldest first: the cache keeps the most recent views when it cannot hold every year (at its
    # bound of 40 MiB a national store's three oldest years were kept and the newest, which the
    # sidebar opens by default, dropped).
    for year in reversed(metrics.fiscal_years(source, ())):
        for lang in LANGUAGES:
            for page in PAGES:
                shown(source, page, Filters(years=(year,)), lang)
                built += 1
    return built


def use_jemalloc_arrow_pool() -> None:
    """Allocate Arrow memory with jemalloc unless ARROW_DEFAULT_MEMORY_POOL names a pool (the
    system allocator where this pyarrow has no jemalloc).

    The kept results are Arrow-backed frames and tables. Arrow's default pool, mimalloc, held about
    50 MiB more than they used: under the load benchmark (national store, 20 sessions) the peak was
    468-487 MiB with it, 423-441 with jemalloc and 419-427 with the system allocator, at the same CPU
    per view. The system allocator saved as much but slowed the burst of first views (its p50: median
    1.33 s in six runs, against 1.0 s with mimalloc and 0.88 s with jemalloc): its arenas are shared
    by the sessions' threads."""
    if "ARROW_DEFAULT_MEMORY_POOL" in os.environ:
        return
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except NotImplementedError:
        pa.set_memory_pool(pa.system_memory_pool())


def main(argv: list[str] | None = None) -> None:
    """Warm up, then hand the command line to Streamlit as `streamlit run dashboard.py ...`."""
    started = time.perf_counter()
    use_jemalloc_arrow_pool()
    for module in LAZY_MODULES:
        importlib.import_module(module)
    path = store_path()
    built = warm_up(path)
    print(f"ITA Tracker: {f'{built} views of {path} built' if built else 'no usable store yet'} "
          f"in {time.perf_counter() - started:.1f} s; starting the server", flush=True)
    sys.argv = ["streamlit", "run", str(DASHBOARD), *(sys.argv[1:] if argv is None else argv)]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()

"""The Python-side CPU of a page view, without DuckDB and without the noise of a load run.

    python bench/view_cpu.py --db NATIONAL.duckdb [--pages overview in_progress] [--json]

For each page, language and year choice, an AppTest of the app (one script cache, as a server
keeps) is timed in CPU seconds of this process:
- `warm`: a rerun with every cache warm (what a user pays to see the same view again);
- `built`: a rerun after the app's result cache was emptied, with every query answered from a
  memo of the first run's results. The page then builds everything again (its view, figures and
  tables, the sidebar's option lists) but no query runs: this is the Python-side CPU of a view
  whose filters no session chose before, DuckDB's own work left out.
Each figure is the median of `--runs` reruns. `bench/load.py` measures the whole; this script
compares two versions of the Python side in one sitting (run it from each version's tree).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for _folder in (REPO, REPO / "bench"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from pages import _one_script_cache, _without_pages_folder_mode  # noqa: E402

PAGES = ("overview", "indicators", "divisions", "compare_years", "in_progress")
# (label, query parameters): one year (the latest), and two years.
CHOICES = (("one year", {}), ("two years", {"year": ["2568", "2569"]}))


def _memo_queries() -> None:
    """Answer every query from a memo of its first result (a fresh shallow copy each time)."""
    from ita.store.reader import StoreReader

    original = StoreReader.query
    memo: dict[tuple, object] = {}

    def memoised(self: StoreReader, name: str, **params: object) -> object:
        key = (str(self.path), name, repr(sorted(params.items())))
        if key not in memo:
            memo[key] = original(self, name, **params)
        return memo[key].copy(deep=False)

    StoreReader.query = memoised


def view_cpu(page: str, lang: str, params: dict, runs: int) -> dict:
    from streamlit.testing.v1 import AppTest

    source = importlib.import_module("ita.ui.source")  # the module (ita.ui re-exports a function of that name)

    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=300)
    for key, value in params.items():
        at.query_params[key] = value
    if lang == "en":
        at.query_params["lang"] = "en"
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
    at.run()
    if at.exception:
        raise RuntimeError(f"{page}: {[e.message for e in at.exception]}")

    def rerun(clear: bool) -> float:
        if clear:
            source.RESULTS.clear()
        cpu = time.process_time()
        at.run()
        return time.process_time() - cpu

    rerun(True)  # the memo now holds every query of this view
    warm = statistics.median(rerun(False) for _ in range(runs))
    built = statistics.median(rerun(True) for _ in range(runs))
    if at.exception:
        raise RuntimeError(f"{page}: {[e.message for e in at.exception]}")
    return {"page": page, "lang": lang, "warm_cpu_ms": round(warm * 1000, 1), "built_cpu_ms": round(built * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="a store to copy and read (the national one)")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ita-view-cpu-"))
    try:
        store = folder / "ita.duckdb"
        shutil.copy(args.db, store)
        os.environ["ITA_DB"] = str(store)
        _without_pages_folder_mode()
        _one_script_cache()
        _memo_queries()
        rows = []
        for label, params in CHOICES:
            for page in args.pages:
                for lang in ("th", "en"):
                    rows.append({"choice": label, **view_cpu(page, lang, params, args.runs)})
                    if not args.json:
                        print(rows[-1], flush=True)
        totals = {kind: round(statistics.mean(r[f"{kind}_cpu_ms"] for r in rows), 1) for kind in ("warm", "built")}
        print(json.dumps({"views": rows, "mean": totals}, ensure_ascii=False) if args.json else f"mean {totals}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

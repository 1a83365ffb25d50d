"""The open-items view over several years at national scale (issue 12): wall and CPU time of
views.open_items as the page calls it (100 rows per division), next to views.overview on the same
filters in the same run, with the sizes each counted.

    python bench/open_items.py [--db PATH] [--repeat 3] [--json]

--db: a national store of your own (the script brings its views and macros up to date, which writes
to it); default bench/out/national, built on first use (python -m ita sample, several minutes).
Queries go straight to a StoreReader (no result cache), so every run computes the view in full.
Times are the best of --repeat runs; CPU is this process's (DuckDB's threads included), the fairer
figure on a machine shared with other work.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

from common import machine, national_store, table

from ita.analytics import views
from ita.analytics.filters import Filters
from ita.store.reader import StoreReader
from ita.store.session import migrate_store

GROUP_ROWS = 100  # pages/in_progress.py: rows per division on screen
AS_OF = date(2026, 9, 30)  # a fixed day, so that overdue counts do not change from run to run


def best_of(action, repeat: int) -> tuple[float, float, object]:
    """(wall s, CPU s, result) of the fastest of `repeat` runs, by CPU."""
    runs = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        runs.append((time.process_time() - cpu, time.perf_counter() - wall, result))
    cpu, wall, result = min(runs, key=lambda run: run[0])
    return wall, cpu, result


def cases(reader: StoreReader) -> dict[str, Filters]:
    years = tuple(sorted(int(y) for y in reader.query("fiscal_years", orgs=[])["fiscal_year"]))
    first = reader.query("organisation_list", provinces=[], org_types=[])["name"].iloc[0]
    return {
        f"all organisations x {len(years)} years": Filters(years=years),
        "all organisations x 2 years": Filters(years=years[-2:]),
        "all organisations x 1 year": Filters(years=years[-1:]),
        f"one organisation x {len(years)} years": Filters(orgs=(first,), years=years),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="the store to use (default: bench/out/national)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    store = args.db or national_store()
    migrate_store(store)
    reader = StoreReader(store)
    results = []
    for name, filters in cases(reader).items():
        wall, cpu, view = best_of(lambda f=filters: views.open_items(reader, f, GROUP_ROWS, AS_OF), args.repeat)
        overview_wall, overview_cpu, overview = best_of(lambda f=filters: views.overview(reader, f), args.repeat)
        results.append({
            "case": name, "open_items_wall_s": round(wall, 3), "open_items_cpu_s": round(cpu, 3),
            "overview_wall_s": round(overview_wall, 3), "overview_cpu_s": round(overview_cpu, 3),
            "cpu_ratio": round(cpu / overview_cpu, 2) if overview_cpu else None,
            "open_measures": view.totals["measures"], "division_groups": len(view.by_division),
            "rows_listed": len(view.items), "overview_measures": overview.headline.current["measures"],
        })
    if args.json:
        print(json.dumps({"machine": machine(), "store": str(store), "results": results}, ensure_ascii=False, indent=1))
        return
    print(machine())
    header = ["case", "open items wall / CPU s", "overview wall / CPU s", "CPU ÷ overview", "open measures",
              "groups", "rows", "overview measures"]
    print(table([[r["case"], f"{r['open_items_wall_s']:.3f} / {r['open_items_cpu_s']:.3f}",
                  f"{r['overview_wall_s']:.3f} / {r['overview_cpu_s']:.3f}", r["cpu_ratio"], f"{r['open_measures']:,}",
                  r["division_groups"], r["rows_listed"], f"{r['overview_measures']:,}"] for r in results], header))


if __name__ == "__main__":
    main()

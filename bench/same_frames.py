"""Do the open-items and status-change results stay the same when their queries change? (issue 12)

    python bench/same_frames.py --db PATH --save DIR      # before a change: keep the frames
    python bench/same_frames.py --db PATH --against DIR   # after it: compare, print CPU per case

Runs views.open_items (every part: totals, division groups, rows) for a dozen filter combinations
and views.status_changes for a few year pairs on a store of your own (a copy of the national store:
the script brings its views and macros up to date, which writes to it), saves each frame as a
pickle under DIR, or compares each with the one saved (pandas.testing: same columns, dtypes,
values and order). Prints the CPU time of each case (this process's, DuckDB's threads included;
the best of --repeat), so that one run before and one after give the before/after table.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd
from common import table

from ita.analytics import views
from ita.analytics.filters import Filters
from ita.store.reader import StoreReader
from ita.store.session import migrate_store

AS_OF = date(2026, 9, 30)  # the 2569 reports' periods end that day: earlier years' open measures are overdue
OPEN = ("in_progress", "not_started", "unknown")


def open_item_cases(reader: StoreReader) -> dict[str, tuple[Filters, int | None]]:
    """(filters, rows per division) by case name: what the page's sessions choose, and some edges."""
    years = tuple(sorted(int(y) for y in reader.query("fiscal_years", orgs=[])["fiscal_year"]))
    orgs = reader.query("organisation_list", provinces=[], org_types=[])
    first = orgs["name"].iloc[0]
    province = orgs["province"].dropna().mode().iloc[0]
    org_type = orgs["org_type"].dropna().mode().iloc[0]
    divisions = reader.query("division_list", orgs=[])
    division = min(divisions.loc[~divisions["is_shared"], "name"])
    indicator, tool = reader.query("indicator_list", orgs=[]).iloc[0][["name", "tool"]]
    last, two = years[-1:], years[-2:]
    return {
        "1 year": (Filters(years=last, statuses=OPEN), 100),
        "1 year, earlier": (Filters(years=years[1:2]), 100),
        "1 year, every row": (Filters(years=last, statuses=OPEN), None),
        "1 year, a division": (Filters(years=last, divisions=(division,)), 100),
        "1 year, not started": (Filters(years=last, statuses=("not_started",)), 100),
        "1 year, an organisation type": (Filters(years=last, org_types=(org_type,)), 10),
        "2 years": (Filters(years=two, statuses=OPEN), 100),
        "2 years apart": (Filters(years=(years[0], years[-1])), 100),
        "2 years, a division and shared": (Filters(years=two, divisions=(division,), include_shared=True), 100),
        "2 years, a province, every row": (Filters(years=two, provinces=(province,)), None),
        "2 years, an indicator and tool": (Filters(years=two, indicators=(indicator,), tools=(tool,)), 100),
        "3 years": (Filters(years=years[-3:]), 100),
        "every year (none chosen)": (Filters(), 100),
        "one organisation, every year": (Filters(orgs=(first,)), None),
    }


def change_cases(reader: StoreReader) -> dict[str, tuple[Filters, tuple[str, ...], int, int]]:
    """(filters, statuses listed, year from, year to) by case name, for views.status_changes. The page
    asks for one organisation's changes only (pages/compare_years.py); a province's few hundred
    stand for a larger scope (every organisation's, 240 k rows, takes 15 s)."""
    years = sorted(int(y) for y in reader.query("fiscal_years", orgs=[])["fiscal_year"])
    orgs = reader.query("organisation_list", provinces=[], org_types=[])
    first, other = orgs["name"].iloc[0], orgs["name"].iloc[len(orgs) // 2]
    province = orgs["province"].dropna().mode().iloc[0]
    divisions = reader.query("division_list", orgs=[first])
    division = min(divisions.loc[~divisions["is_shared"], "name"])
    every = tuple(years)
    return {
        "changes, an organisation, last 2 years": (Filters(orgs=(first,), years=every), (), years[-2], years[-1]),
        "changes, an organisation, first to last": (Filters(orgs=(first,), years=every), (), years[0], years[-1]),
        "changes, another, backwards, open": (Filters(orgs=(other,), years=every), OPEN, years[-1], years[1]),
        "changes, an organisation's division": (Filters(orgs=(first,), years=every, divisions=(division,)), (),
                                                years[-2], years[-1]),
        "changes, a province, open": (Filters(years=every, provinces=(province,)), OPEN, years[-2], years[-1]),
    }


def frames(reader: StoreReader, repeat: int) -> dict[str, tuple[float, dict[str, pd.DataFrame]]]:
    """(best CPU s, frames by part) per case."""
    results = {}
    for name, (filters, per_division) in open_item_cases(reader).items():
        def view(f=filters, n=per_division) -> dict[str, pd.DataFrame]:
            v = views.open_items(reader, f, n, AS_OF)
            return {"totals": pd.DataFrame([v.totals]), "by_division": v.by_division, "items": v.items}
        results[name] = best(view, repeat)
    for name, (filters, statuses, year_from, year_to) in change_cases(reader).items():
        scope = views.Scope(filters, statuses)
        results[name] = best(lambda s=scope, a=year_from, b=year_to: {
            "changes": in_full_order(views.status_changes(reader, s, a, b))}, repeat)
    return results


def in_full_order(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows sorted on every column: status_changes.sql orders by change, indicator, item code and
    text, which many rows share (every organisation's o1), so their order differs from run to run."""
    return frame.sort_values(list(frame.columns), na_position="last", kind="stable").reset_index(drop=True)


def best(action, repeat: int) -> tuple[float, dict[str, pd.DataFrame]]:
    runs = []
    for _ in range(repeat):
        cpu = time.process_time()
        result = action()
        runs.append((time.process_time() - cpu, result))
    return min(runs, key=lambda run: run[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a store of your own (national: a copy)")
    parser.add_argument("--repeat", type=int, default=3)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--save", type=Path, help="keep the frames in this folder")
    what.add_argument("--against", type=Path, help="compare with the frames kept in this folder")
    args = parser.parse_args()
    migrate_store(args.db)
    reader = StoreReader(args.db)
    rows, differing = [], 0
    for name, (cpu, parts) in frames(reader, args.repeat).items():
        file = (args.save or args.against) / f"{name}.pickle"
        if args.save:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(pickle.dumps(parts))
            verdict = "saved"
        else:
            kept = pickle.loads(file.read_bytes())
            verdict = "same"
            for part, frame in parts.items():
                try:
                    pd.testing.assert_frame_equal(frame, kept[part])
                except AssertionError as error:
                    verdict = f"DIFFERENT {part}: {str(error).splitlines()[0]}"
                    differing += 1
                    break
        size = max(len(frame) for frame in parts.values())
        rows.append([name, f"{1000 * cpu:.0f}", f"{size:,}", verdict])
    print(table(rows, ["case", "CPU ms", "rows", "frames"]))
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())

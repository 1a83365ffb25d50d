"""Where the storing process's time goes: CPU per report of `store_prepared`, and a sampling profile.

    python bench/store_profile.py [--size 2500] [--copies 1] [--interval-ms 1] [--top 40] [--no-profile]

Reads the report files a `bench/import_throughput.py --keep --sizes N` run left in
bench/out/reports_N (read once, in this process, untimed; the packed reports are kept in
bench/out/store_profile_N.pickle for the next run), then stores them into a fresh store as the
bulk import does: one write session with the bulk import's settings, a window of 500 reports at
a time, each window unpickled first (the storing process unpickles what the workers send).
Timed: the unpickling, `store_prepared` and the publish (commit, checkpoint), in CPU seconds of
this process (DuckDB runs on one thread here, so its work counts too). `--copies K` stores the
reports K times, each copy under other organisation names ("name #k"): a national-sized store
(17 copies of 2,500 reports) without reading 41,585 reports first.
"""

from __future__ import annotations

import argparse
import pickle
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from common import OUT
from parse_profile import Sampler

from ita.read import parallel
from ita.read.prepared import Prepared


def packed_reports(size: int) -> list[Prepared]:
    """The kept reports of size `size`, read and packed as a worker packs them (cached on disk)."""
    cache = OUT / f"store_profile_{size}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    folder = OUT / f"reports_{size}"
    order = (folder / "order.txt").read_text().split("\n")
    from ita.store.reference import directory_from_store, framework_from_store
    from ita.store.session import write_session

    with tempfile.TemporaryDirectory() as temp, write_session(Path(temp) / "ita.duckdb") as con:
        framework, directory = framework_from_store(con), directory_from_store(con)
    parallel.start_worker(framework, directory)
    results = [parallel.read_item(folder / "reports" / name) for name in order]
    prepared = [r for r in results if isinstance(r, Prepared)]
    cache.write_bytes(pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL))
    return prepared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=2_500)
    parser.add_argument("--interval-ms", type=float, default=1.0)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--window", type=int, default=500)
    parser.add_argument("--copies", type=int, default=1)
    args = parser.parse_args()

    from ita.store.bulk import _few_collections
    from ita.store.imports import store_prepared
    from ita.store.writer import scoped_write

    prepared = packed_reports(args.size)
    prepared = [p if k == 0 else replace(p, report=replace(p.report, organisation=f"{p.report.organisation} #{k}"))
                for k in range(args.copies) for p in prepared]
    windows = [pickle.dumps(prepared[i : i + args.window], protocol=pickle.HIGHEST_PROTOCOL)
               for i in range(0, len(prepared), args.window)]
    del prepared
    sampler = Sampler()
    with tempfile.TemporaryDirectory() as temp:
        if not args.no_profile:
            sampler.start(args.interval_ms / 1000)
        started = time.process_time()
        with _few_collections(), scoped_write(Path(temp) / "ita.duckdb") as con:
            con.execute("SET threads = 1")
            con.execute("SET memory_limit = '384MB'")
            con.execute("SET preserve_insertion_order = false")
            opened = time.process_time()
            for window in windows:
                store_prepared(con, pickle.loads(window), "bulk")
            stored = time.process_time()
        published = time.process_time()
        sampler.stop()
    reports = args.size * args.copies
    print(f"{reports} reports in {len(windows)} windows")
    print(f"open (copy, migrate): {published and 1000 * (opened - started):.0f} ms")
    print(f"unpickle + store_prepared: {1000 * (stored - opened) / reports:.3f} ms CPU per report")
    print(f"publish (commit, checkpoint): {1000 * (published - stored) / reports:.3f} ms CPU per report")
    print(f"total: {1000 * (published - started) / reports:.3f} ms CPU per report")
    if not args.no_profile:
        sampler.print(args.top)


if __name__ == "__main__":
    main()

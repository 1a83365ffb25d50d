"""Import throughput: reports and measures per second at 1, 100 and 41,585 reports (8,317 × 5).

    python bench/import_throughput.py [--sizes 1 100 41585] [--workers N]

Each size is generated (`ita.national`), then imported into a fresh store through the same bulk
path `python -m ita sample` uses; the time includes starting the parsing processes. The target
on a 2-core machine is 300 reports/s at national scale; the ratio column is measured / target.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import time

from common import NATIONAL_YEARS, OUT, machine, table

from ita.read.catalogue import load_reference
from ita.store.bulk import bulk_import
from ita.store.session import DEFAULT_REFERENCE
from synth.national import national_reports

TARGET_REPORTS_PER_S = 300


def measure(size: int, workers: int | None) -> dict:
    framework = load_reference(DEFAULT_REFERENCE)
    years = 1 if size < NATIONAL_YEARS else NATIONAL_YEARS
    reports = list(national_reports(math.ceil(size / years), years, framework))[:size]
    folder = OUT / f"import_{size}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    result = bulk_import(reports, folder / "ita.duckdb", workers=workers)
    seconds = time.perf_counter() - started
    shutil.rmtree(folder, ignore_errors=True)
    progress = result.progress
    return {"reports": size, "measures": progress.measures, "seconds": round(seconds, 2),
            "reports_per_s": round(size / seconds, 1), "measures_per_s": round(progress.measures / seconds),
            "refused": progress.refused, "vs_target": round(size / seconds / TARGET_REPORTS_PER_S, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 41_585])
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = [measure(size, args.workers) for size in args.sizes]
    if args.json:
        print(json.dumps({"machine": machine(), "import": results}, ensure_ascii=False))
        return
    print(machine())
    print(table([[r["reports"], r["measures"], r["seconds"], r["reports_per_s"], r["measures_per_s"], r["vs_target"]]
                 for r in results],
                ["reports", "measures", "seconds", "reports/s", "measures/s", f"÷ {TARGET_REPORTS_PER_S}/s target"]))


if __name__ == "__main__":
    main()

"""Our overview against the same overview computed the way a typical quick dashboard does it:
pandas reading every source report on every rerun, then grouping.

    python bench/naive.py [--scale one national] [--json]

At national scale the 41,585 synthetic reports are written to bench/out/national_files/ once
(about 850 MB). The ratio is the naive rerun time divided by ours (AppTest, warm caches).
"""

from __future__ import annotations

import argparse
import io
import json
import time
from pathlib import Path

import pandas as pd
from common import NATIONAL_ORGS, NATIONAL_YEARS, OUT, REPO, demo_store, machine, national_store, table

from pages import _without_pages_folder_mode, page_times

COLUMNS = ["indicator", "item", "action", "responsible", "period", "follow_up", "status"]


def naive_overview(folder: Path) -> dict:
    """Read every report with pandas and count done measures by indicator and division."""
    frames = []
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".txt":
            frame = pd.read_csv(path, sep="\t", header=None, names=COLUMNS, skip_blank_lines=True,
                                on_bad_lines="skip", engine="python", quoting=3)
        elif path.suffix == ".csv":
            raw = path.read_bytes()
            text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("cp874", "replace")
            frame = pd.read_csv(io.StringIO(text), header=None, skiprows=2, names=COLUMNS, on_bad_lines="skip")
        elif path.suffix == ".xlsx":
            frame = pd.read_excel(path, header=None, skiprows=2, names=COLUMNS)
        else:
            continue
        frame = frame[frame["indicator"].notna() & (frame["indicator"] != "ตัวชี้วัด")]
        frame["org"] = path.stem
        frames.append(frame)
    data = pd.concat(frames, ignore_index=True)
    data["indicator"] = data["indicator"].astype(str).str.replace(" ", "")
    data["done"] = data["status"].astype(str).str.contains("แล้ว|เสร็จ|100")
    return {
        "measures": len(data),
        "by_indicator": data.groupby("indicator")["done"].agg(["size", "sum"]).to_dict(),
        "by_division": data.groupby("responsible")["done"].agg(["size", "sum"]).to_dict(),
    }


def national_files() -> Path:
    folder = OUT / "national_files"
    if not (folder / ".complete").exists():
        from ita.store.reference import framework_from_store, reference_store
        from synth.national import national_reports

        folder.mkdir(parents=True, exist_ok=True)
        for name, data in national_reports(NATIONAL_ORGS, NATIONAL_YEARS, framework_from_store(reference_store())):
            (folder / name).write_bytes(data)
        (folder / ".complete").touch()
    return folder


def measure(scale: str) -> dict:
    folder = REPO / "data" / "reports" if scale == "one" else national_files()
    store = demo_store() if scale == "one" else national_store()
    started = time.perf_counter()
    naive_overview(folder)
    naive = time.perf_counter() - started
    ours = page_times(store, "overview")["warm_ms"] / 1000
    return {"scale": scale, "naive_s": round(naive, 3), "ours_s": round(ours, 3), "ratio": round(naive / ours, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", nargs="+", choices=("one", "national"), default=["one", "national"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    _without_pages_folder_mode()
    results = [measure(scale) for scale in args.scale]
    if args.json:
        print(json.dumps({"machine": machine(), "naive": results}, ensure_ascii=False))
        return
    print(machine())
    print(table([[r["scale"], r["naive_s"], r["ours_s"], r["ratio"]] for r in results],
                ["scale", "pandas re-reading files, s/rerun", "ours (warm), s/rerun", "naive ÷ ours"]))


if __name__ == "__main__":
    main()

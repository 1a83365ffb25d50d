"""Every benchmark, one after the other, with their figures gathered in bench/out/results.json
and rendered as the README's table of current figures (bench/table.py, between its markers).

    make bench        # or: .venv/bin/python bench/run_all.py [--quick] [--only pages load]

--quick is the smoke mode: one organisation only and imports of 1 and 100 reports (the national
store takes about 2.5 minutes to build); it prints the table but leaves the README's alone, as its
figures are not the national ones the table states. --only keeps the other figures of results.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from common import OUT, REPO, machine
from table import render, replace_table

README = REPO / "README.md"


def run(script: str, *args: str) -> dict:
    print(f"$ bench/{script} {' '.join(args)}", flush=True)
    out = subprocess.run([sys.executable, str(REPO / "bench" / script), *args, "--json"], cwd=REPO, check=True,
                         capture_output=True, text=True).stdout
    result = json.loads(out[out.index("{"):])  # the JSON follows any progress lines
    print(json.dumps(result, ensure_ascii=False, indent=1), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="+", choices=("import", "pages", "naive", "load"),  # load: both runs
                        help="run only these, keeping the other figures of bench/out/results.json")
    args = parser.parse_args()
    scales = ["one"] if args.quick else ["one", "national"]
    chosen = set(args.only or ("import", "pages", "naive", "load"))
    saved = OUT / "results.json"
    results = json.loads(saved.read_text()) if args.only and saved.exists() else {}
    results["machine"] = machine()
    if "import" in chosen:
        results.update(run("import_throughput.py", "--sizes", *(["1", "100"] if args.quick else ["1", "100", "41585"])))
    if "pages" in chosen:
        results.update(run("pages.py", "--scale", *scales))
    if "naive" in chosen:
        results.update(run("naive.py", "--scale", *scales))
    if "load" in chosen:
        # Issue 12's setting: 20 sessions with a 5 s think time, an import every 10 s in the first run.
        load_args = ["--sessions", "20", "--duration", "60", "--think", "5", "--imports", "--import-pause", "10"]
        if not args.quick:
            from common import national_store

            load_args += ["--db", str(national_store())]
        results["load"] = run("load.py", *load_args)
        # The memory and CPU targets are for 20 sessions at national scale without the writer.
        at = load_args.index("--imports")
        results["load_no_imports"] = run("load.py", *load_args[:at], *load_args[at + 3:])
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(f"wrote {OUT / 'results.json'}")
    if args.quick:
        print(render(results))
    else:
        print(write_table(results, README))
        print(f"wrote the table of current figures into {README}")


def write_table(results: dict, readme: Path) -> str:
    """Render the figures and put them between the markers of `readme`; returns the table."""
    table = render(results)
    readme.write_text(replace_table(readme.read_text(encoding="utf-8"), table), encoding="utf-8")
    return table


if __name__ == "__main__":
    main()

"""Print the README's performance section from bench/out/results.json (written by run_all.py)."""

from __future__ import annotations

import json

from common import OUT


def main() -> None:
    results = json.loads((OUT / "results.json").read_text())
    print(f"Measured on {results['machine']} (`make bench`, figures of one run).\n")
    print("| import | reports | measures | seconds | reports/s | measures/s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for row in results["import"]:
        label = f"{row['reports']:,} report" + ("" if row["reports"] == 1 else "s")
        print(f"| {label} | {row['reports']:,} | {row['measures']:,} | {row['seconds']} | "
              f"{row['reports_per_s']:,} | {row['measures_per_s']:,} |")
    print("\n| page | scale | cold ms | warm ms | queries ms | bare DuckDB ms | queries ÷ bare | twin ms "
          "| ÷ twin | CPU ÷ twin |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in results["pages"]:
        scale = "1 organisation" if row["scale"] == "one" else "national"
        print(f"| {row['page']} | {scale} | {row['cold_ms']:,} | {row['warm_ms']:,} | {row['query_ms']} | "
              f"{row['floor_ms']} | {row['query_ratio']} | {row.get('twin_ms', '–')} | {row.get('twin_ratio', '–')} "
              f"| {row.get('twin_cpu_ratio', '–')} |")
    print("\n| overview computed by | scale | seconds per rerun | ÷ ours |")
    print("| --- | --- | ---: | ---: |")
    for row in results["naive"]:
        scale = "1 organisation" if row["scale"] == "one" else "national"
        print(f"| pandas reading every report file | {scale} | {row['naive_s']} | {row['ratio']} |")
        print(f"| ITA Tracker (AppTest, warm) | {scale} | {row['ours_s']} | 1 |")
    print("\n| load: 20 sessions, national store, 5 s think time | an import every 10 s | none |")
    print("| --- | ---: | ---: |")
    runs = [results["load"], results["load_no_imports"]]
    rows = [
        ("page views", lambda r: f"{r['page_views']:,}"),
        ("p50 / p95 page time (warm), s",
         lambda r: f"{r['warm']['p50_ms'] / 1000:.1f} / {r['warm']['p95_ms'] / 1000:.1f}"),
        ("p50 / p95 first view, s",
         lambda r: f"{r['cold']['p50_ms'] / 1000:.1f} / {r['cold']['p95_ms'] / 1000:.1f}"),
        ("p50 / p95 sidebar change to last element, s",
         lambda r: "{:.1f} / {:.1f}".format(r["sidebar_change"]["to_last_element"]["p50_ms"] / 1000,
                                            r["sidebar_change"]["to_last_element"]["p95_ms"] / 1000)),
        ("app CPU per view, ms", lambda r: f"{r['cpu_ms_per_view']:.0f}"),
        ("errors", lambda r: str(r["errors"])),
        ("imports completed", lambda r: str(r["imports"]["completed"]) if r["settings"]["imports"] else "–"),
        ("app peak memory (VmHWM), MiB", lambda r: f"{r['app_memory_mib']['peak']:.0f}"),
    ]
    for label, value in rows:
        print(f"| {label} | {value(runs[0])} | {value(runs[1])} |")


if __name__ == "__main__":
    main()

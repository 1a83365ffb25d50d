"""The table of current figures: bench/out/results.json (run_all.py) as one markdown table.

`render(results)` is pure (a results dict in, markdown out); `replace_table(text, table)` puts it
between the README's markers, replacing what was there, so running it again changes nothing.
Figures a run did not produce are left out (a row with no figure is dropped, a missing cell is "–").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

START, END = "<!-- bench:table -->", "<!-- /bench:table -->"

# Issue 12's targets, on a 2-core machine (bench/pages.py, bench/import_throughput.py say how each is measured).
TWIN_TARGET, WARM_TARGET_MS, COLD_TARGET_MS, FLOOR_TARGET = 1.5, 250, 1_500, 1.5
CPU_PER_VIEW_TARGET_MS, LOAD_WARM_P95_MS, LOAD_FIRST_P95_MS, LOAD_PEAK_MIB = 100, 500, 1_500, 400
LOAD_WITH_IMPORTS_WARM_P95_MS = 800
IMPORT_REPORTS_PER_S, IMPORT_PEAK_MIB = 1_000, 1_024
NATIONAL_REPORTS = 8_317  # an import this large counts as national (one report per agency and year)

PAGE_NAMES = {"overview": "overview", "indicators": "indicators", "divisions": "divisions",
              "compare_years": "compare years", "in_progress": "open items", "organisations": "organisations",
              "manage": "manage data"}
SCALES = ("one", "national")

Cell = Callable[[str, str, "str | None", str], None]  # (row label, scale, text or None, target)


def render(results: dict) -> str:
    """The markdown table (with the sentence naming the machine) of one benchmark run's figures."""
    rows: dict[str, dict[str, str]] = {}
    targets: dict[str, str] = {}

    def cell(label: str, scale: str, text: str | None, target: str) -> None:
        if text is not None:
            rows.setdefault(label, {})[scale] = text
            targets[label] = target

    _pages(results.get("pages", []), cell)
    _naive(results.get("naive", []), cell)
    for key, with_imports in (("load_no_imports", False), ("load", True)):
        if key in results:
            _load(results[key], with_imports, cell)
    _import(results.get("import", []), cell)
    lines = [f"Figures of one `make bench` run on {results.get('machine', 'an unnamed machine')}. A ratio compares "
             "two things timed in the same run and moves little between machines; times, rates and memory are "
             "that machine's.", "",
             "| figure | one organisation | national | target |", "| --- | ---: | ---: | --- |"]
    group = None
    for label, cells in rows.items():
        # Rows of one benchmark share the words before the colon: written once, then "…".
        head, _, rest = label.partition(": ")
        shown = f"… {rest}" if rest and head == group else label
        group = head if rest else None
        lines.append(f"| {shown} | {cells.get('one', '–')} | {cells.get('national', '–')} | {targets[label]} |")
    return "\n".join(lines) + "\n"


def replace_table(text: str, table: str) -> str:
    """`text` with everything between the markers replaced by `table`; raises ValueError without them."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"no {START} … {END} markers to put the table between")
    return text[:start + len(START)] + "\n" + table.strip("\n") + "\n" + text[end:]


def _number(value: float | int) -> str:
    return f"{value:,}"


def _pages(pages: Iterable[dict], cell: Cell) -> None:
    pages = list(pages)
    for row in pages:
        if "twin_ratio" in row:
            detail = f" ({row['warm_ms']} / {row['twin_ms']} ms)" if "warm_ms" in row and "twin_ms" in row else ""
            cell(f"{PAGE_NAMES.get(row['page'], row['page'])}: warm server time ÷ its static twin", row["scale"],
                 f"{row['twin_ratio']:.2f}{detail}", f"≤ {TWIN_TARGET}")
    for scale in SCALES:
        of_scale = [row for row in pages if row.get("scale") == scale]
        cold = [row["cold_ms"] for row in of_scale if "cold_ms" in row]
        warm = [row["warm_ms"] for row in of_scale if "warm_ms" in row]
        floor = [row["query_ratio"] for row in of_scale if row.get("query_ratio") is not None]
        cell("slowest page, cold, ms", scale, _number(max(cold)) if cold else None, f"≤ {_number(COLD_TARGET_MS)}")
        cell("slowest page, warm, ms", scale, _number(max(warm)) if warm else None, f"≤ {WARM_TARGET_MS}")
        cell("page queries ÷ the same SQL on a bare DuckDB, lowest–highest page", scale,
             f"{min(floor):.2f}–{max(floor):.2f}" if floor else None, f"≤ {FLOOR_TARGET}")


def _naive(naive: Iterable[dict], cell: Cell) -> None:
    for row in naive:
        cell("overview rerun: pandas reading every report ÷ ours", row["scale"],
             f"{_number(row['ratio'])} ({row['naive_s']} / {row['ours_s']} s)", "(a comparison)")


def _load(run: dict, with_imports: bool, cell: Cell) -> None:
    settings = run.get("settings", {})
    scale = "one" if settings.get("store") == "demo" else "national"
    what = (f"load, {settings.get('sessions', '?')} sessions, {settings.get('think_s', '?')} s think, "
            f"{settings.get('duration_s', '?')} s" + (", imports meanwhile" if with_imports else ""))
    warm, cold = run.get("warm"), run.get("cold")
    cell(f"{what}: warm view p95 (p50), ms", scale,
         f"{_number(warm['p95_ms'])} ({_number(warm['p50_ms'])})" if warm else None,
         f"≤ {LOAD_WITH_IMPORTS_WARM_P95_MS if with_imports else LOAD_WARM_P95_MS}")
    cell(f"{what}: first view p95 (p50), ms", scale,
         f"{_number(cold['p95_ms'])} ({_number(cold['p50_ms'])})" if cold else None,
         "–" if with_imports else f"≤ {_number(LOAD_FIRST_P95_MS)}")
    cpu = run.get("cpu_ms_per_view")
    cell(f"{what}: app CPU per view, ms", scale, None if cpu is None else _number(cpu),
         "–" if with_imports else f"≤ {CPU_PER_VIEW_TARGET_MS}")
    peak = run.get("app_memory_mib", {}).get("peak")
    cell(f"{what}: app peak memory (VmHWM), MiB", scale, None if peak is None else _number(peak),
         "–" if with_imports else f"≤ {LOAD_PEAK_MIB}")
    if "errors" in run:
        done = (run.get("imports") or {}).get("completed") if with_imports else run.get("page_views")
        counted = "imports completed" if with_imports else "page views"
        cell(f"{what}: errors ({counted})", scale, f"{run['errors']}" + ("" if done is None else f" ({_number(done)})"),
             "0")


def _import(imports: Iterable[dict], cell: Cell) -> None:
    imports = list(imports)
    if not imports:
        return
    row = max(imports, key=lambda r: r["reports"])  # the smaller sizes are start-up costs, kept in results.json
    scale = "national" if row["reports"] >= NATIONAL_REPORTS else "one"
    what = f"bulk import of {_number(row['reports'])} reports"
    cell(f"{what}: reports/s", scale, _number(row["reports_per_s"]) if "reports_per_s" in row else None,
         f"≥ {_number(IMPORT_REPORTS_PER_S)}")
    cell(f"{what}: CPU per report, ms", scale,
         _number(row["cpu_ms_per_report"]) if "cpu_ms_per_report" in row else None, "–")
    cell(f"{what}: peak memory of the process tree, MiB", scale,
         _number(row["peak_mib"]) if "peak_mib" in row else None, f"≤ {_number(IMPORT_PEAK_MIB)}")

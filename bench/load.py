"""Load benchmark without a browser: N Streamlit sessions over WebSocket against one app.

    .venv/bin/python bench/load.py --sessions 10 --duration 30 --imports [--db PATH] [--json]

The script copies the store into a temp folder, or builds the demo store there (the seed and
the sample years). It serves the app on 127.0.0.1 and opens N sessions (`ws_client`), one
WebSocket each. Each session opens a shared link first: a page and a query with years, perhaps
a division and perhaps lang=en. This first view is the session's cold view and is reported on
its own. The session then moves between the pages and, as a user clicking the sidebar does,
changes the years, the division or the language. Views follow each other without a pause
unless --think is given.
With --imports another process imports two versions of the seed report into the same store,
one after the other, for the whole run. The versions differ in two statuses, so every import
writes and publishes a new file that the app must follow.

It prints page times (p50/p95/max, overall and per page, warm views only), the errors, the
imports completed and the app process's peak memory (VmHWM), and it exits 1 if any view
failed. Every import publishes a new store version; the app then computes again only the
results that read the organisation-year imported (or every organisation), see ita/store/changes.py.

The last --sidebar-sessions sessions (default 1) stay on their first page and change one sidebar
filter per view; `sidebar_change` reports the time from that change to the page's last element
(its last delta) and to the end of the run. `cpu_ms_per_view` is the app's CPU while the sessions
ran (start-up excluded) per page view. --profile PATH runs the app under bench/sampler.py and
writes there where the app's CPU went.

Streamlit's source watcher is off unless --watch-files is given (see `running_app`). With the
watcher on, editing the app's files while sessions run makes pages fail.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# The repo root (for `ita`) and bench/ (for `ws_client`). This runs at import time, so the
# spawned import process, which re-imports this module, finds both as well.
for _folder in (REPO, REPO / "bench"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from app_server import running_app  # noqa: E402
from ws_client import PAGES, StreamlitSession, ViewResult  # noqa: E402

SEED = REPO / "data" / "reports" / "nongchok_2564.txt"
SAMPLES = sorted((REPO / "data" / "reports" / "samples").glob("*.txt"))
LINK_YEARS = 4  # a first link names one or two of the store's newest years; later picks use the widget's options


# ---------------------------------------------------------------- store and app
def demo_store(folder: Path) -> Path:
    """The demo store (seed and sample years), built in `folder`."""
    from ita.store.imports import ingest_paths

    store = folder / "ita.duckdb"
    results = ingest_paths([SEED, *SAMPLES], store, actor="bench")
    refused = [str(r.refused) for r in results if r.refused is not None]
    if refused:
        raise SystemExit(f"the demo store could not be built: {refused}")
    return store


def seed_versions(folder: Path) -> list[Path]:
    """Two versions of the seed report. In the second, two of the four measures in progress (the
    two written "ระหว่าง ดำเนินการ") are done, so each switch between them writes."""
    first = folder / "nongchok_2564_a.txt"
    second = folder / "nongchok_2564_b.txt"
    data = SEED.read_bytes()
    first.write_bytes(data)
    changed = data.replace("ระหว่าง ดำเนินการ".encode(), "ดำเนินการแล้ว".encode())
    if changed == data:
        raise SystemExit(f"{SEED} no longer has 'ระหว่าง ดำเนินการ'; the two import versions would be equal")
    second.write_bytes(changed)
    return [first, second]


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak resident set) of a process, in KiB."""
    values = {}
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0])
    return values


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far."""
    with open(f"/proc/{pid}/stat") as handle:
        # The command name, in parentheses, may contain spaces, so split after it.
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- imports
def import_loop(store: str, versions: list[str], pause_s: float, stop, done, failures) -> None:
    """Import the versions into `store` in turn until `stop` is set (runs in its own process)."""
    from ita.store.imports import ingest_paths
    from ita.store.session import Unchanged

    index = 1  # the store already holds the first version: start with the other, so each import writes
    while not stop.is_set():
        path = Path(versions[index % len(versions)])
        started = time.perf_counter()
        try:
            results = ingest_paths([path], Path(store), actor="bench")
            refused = [str(r.refused) for r in results if r.refused is not None]
            if refused:
                failures.put(f"refused {path.name}: {refused}")
            else:
                done.put((time.perf_counter() - started, results[0].outcome.state))
        except Unchanged:
            failures.put(f"{path.name} stored nothing: the two versions did not differ for the store")
        except Exception as error:  # a lock timeout or a broken store: report it and keep going
            failures.put(f"{path.name}: {error!r}")
        index += 1
        if pause_s:
            stop.wait(pause_s)


@dataclass
class Importer:
    """The import process and what it reported."""

    process: multiprocessing.Process
    stop: Any  # multiprocessing Event and Queues of the spawn context
    done: Any
    failures: Any
    times: list[float] = field(default_factory=list)
    states: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def finish(self) -> None:
        self.stop.set()
        # Read the queues before joining: a child blocks on exit until its queue data is consumed.
        deadline = time.monotonic() + 180
        while self.process.is_alive() and time.monotonic() < deadline:
            self._collect()
            self.process.join(timeout=0.2)
        self._collect()
        if self.process.is_alive():
            self.process.terminate()
            self.errors.append("the import process did not stop within 180 s")

    def _collect(self) -> None:
        while not self.done.empty():
            seconds, state = self.done.get()
            self.times.append(seconds)
            self.states[state] += 1
        while not self.failures.empty():
            self.errors.append(self.failures.get())


def start_importer(store: Path, versions: list[Path], pause_s: float) -> Importer:
    # spawn, not fork: the parent holds DuckDB connections and threads that a fork would copy.
    context = multiprocessing.get_context("spawn")
    stop, done, failures = context.Event(), context.Queue(), context.Queue()
    process = context.Process(target=import_loop, name="ita-bench-imports", daemon=True,
                              args=(str(store), [str(v) for v in versions], pause_s, stop, done, failures))
    process.start()
    return Importer(process, stop, done, failures)


# ---------------------------------------------------------------- sessions
@dataclass
class Record:
    session: int
    index: int  # 0 is the session's cold view
    page: str
    ms: float
    status: str
    errors: list[str]
    action: str  # what the user did: the link opened, or the filters changed
    last_delta_ms: float = 0.0  # from the request to the run's last element
    kind: str = "page"  # "page" (moved to another page) or "sidebar" (changed a filter, same page)


def link_years(store: Path) -> tuple[str, ...]:
    """The years first links name: the store's newest LINK_YEARS (links name current years)."""
    from ita.analytics import metrics
    from ita.store.reader import StoreReader

    reader = StoreReader(store)
    try:
        return tuple(str(year) for year in metrics.fiscal_years(reader)[:LINK_YEARS])
    finally:
        reader.close()


def first_link(rng: random.Random, years: tuple[str, ...]) -> str:
    """A shared link: one or two of `years`, sometimes a division, sometimes English."""
    params = [("year", year) for year in sorted(rng.sample(years, min(len(years), rng.choice((1, 1, 2)))))]
    if rng.random() < 0.3:
        params.append(("division", rng.choice(("สำนักปลัด", "กองคลัง", "กองช่าง"))))
    if rng.random() < 0.25:
        params.append(("lang", "en"))
    return "&".join(f"{key}={urllib.request.quote(value)}" for key, value in params)


def filter_change(rng: random.Random, session: StreamlitSession) -> dict[str, list[str]]:
    """What a user might change in the sidebar before the next page: years, division or
    language (alone: the other widgets' option labels change with the language)."""
    widgets = session.widgets
    roll = rng.random()
    if roll < 0.3 and "year" in widgets and widgets["year"].options:
        options = widgets["year"].options
        return {"year": rng.sample(options, min(len(options), rng.choice((1, 1, 2))))}
    if roll < 0.5 and "division" in widgets and widgets["division"].options:
        return {"division": [] if rng.random() < 0.4 else [rng.choice(widgets["division"].options)]}
    if roll < 0.6 and "lang" in widgets and len(widgets["lang"].options) == 2:
        thai, english = widgets["lang"].options
        return {"lang": [thai if "lang=en" in session.query_string else english]}
    return {}


async def run_session(number: int, url: str, deadline: float, think_s: float, timeout_s: float,
                      records: list[Record], years: tuple[str, ...], sidebar: bool = False) -> None:
    """One user: opens a shared link, then moves between pages (changing filters on the way), or,
    with `sidebar`, stays on the page and changes one sidebar filter per view."""
    rng = random.Random(number)  # each session repeatable, sessions different
    session = StreamlitSession(url, timeout_s=timeout_s)
    try:
        await session.connect()
    except Exception as error:
        records.append(Record(number, 0, "(connect)", 0.0, "disconnected", [repr(error)], ""))
        return
    try:
        page = PAGES[number % len(PAGES)]
        link = first_link(rng, years)
        result = await session.view(page, link)
        records.append(_record(number, 0, result, f"link ?{link}"))
        index = 1
        while time.monotonic() < deadline and result.status != "disconnected":
            if think_s:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think_s)
            changes = filter_change(rng, session)
            if sidebar and not changes:
                changes = sidebar_change(rng, session)
            if not sidebar:
                page = rng.choice([p for p in PAGES if p != page])
            result = await session.view(page, changes=changes)
            records.append(_record(number, index, result, json.dumps(changes, ensure_ascii=False) if changes else "",
                                   "sidebar" if sidebar else "page"))
            index += 1
        trailing = await session.drain()
        if trailing:
            records.append(Record(number, index, "(after last view)", 0.0, "exception", trailing, ""))
    finally:
        await session.close()


def sidebar_change(rng: random.Random, session: StreamlitSession) -> dict[str, list[str]]:
    """A change that always reruns the page: the years, or else the statuses (the pills)."""
    widgets = session.widgets
    if "year" in widgets and len(widgets["year"].options) > 1:
        return {"year": [rng.choice(widgets["year"].options)]}
    if "status" in widgets and widgets["status"].options:
        return {"status": [rng.choice(widgets["status"].options)]}
    return {}


def _record(number: int, index: int, result: ViewResult, action: str, kind: str = "page") -> Record:
    status = result.status if result.status != "ok" or not result.errors else "exception"
    return Record(number, index, result.page or "overview", result.elapsed_s * 1000, status, result.errors, action,
                  result.last_delta_s * 1000, kind)


async def run_sessions(url: str, count: int, duration_s: float, think_s: float, timeout_s: float,
                       years: tuple[str, ...], sidebar_sessions: int = 0) -> list[Record]:
    """`count` sessions, the last `sidebar_sessions` of them changing sidebar filters on one page."""
    records: list[Record] = []
    deadline = time.monotonic() + duration_s
    await asyncio.gather(*(run_session(n, url, deadline, think_s, timeout_s, records, years,
                                       sidebar=n >= count - sidebar_sessions) for n in range(count)))
    return records


# ---------------------------------------------------------------- figures
def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def times(values: list[float]) -> dict[str, float | int]:
    return {"views": len(values), "p50_ms": round(percentile(values, 0.5), 1),
            "p95_ms": round(percentile(values, 0.95), 1), "max_ms": round(max(values, default=0.0), 1)}


LOG_ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ ")


def log_problems(log: Path) -> dict[str, int]:
    """The app log's entries that carry a traceback or a stack, or name an error or a warning,
    counted by their first line, with the last line of a traceback (the exception) added."""
    entries: list[list[str]] = []
    for line in log.read_text(errors="replace").splitlines():
        if LOG_ENTRY.match(line):
            entries.append([LOG_ENTRY.sub("", line)])
        elif entries:
            entries[-1].append(line)
        elif line.strip():
            entries.append([line])  # output before the first stamped line (a crash at start-up)
    problems: Counter = Counter()
    for lines in entries:
        text = "\n".join(lines)
        if re.search(r"Traceback|Stack \(most recent|Error|Exception|Warning", text):
            # A traceback ends with the exception, the last unindented line with a colon after it.
            raised = [x for x in lines[1:] if x[:1].strip() and ":" in x and not x.startswith(("Traceback", "Stack ("))]
            problems[lines[0].strip() + (f" … {raised[-1].strip()}" if raised else "")] += 1
    return dict(problems.most_common(30))


def summary(args: argparse.Namespace, records: list[Record], importer: Importer | None, memory: dict,
            cpu: dict, log: Path, wall_s: float) -> dict:
    views = [r for r in records if not r.page.startswith("(")]
    warm = [r for r in views if r.index > 0 and r.status == "ok" and r.kind == "page"]
    sidebar = [r for r in views if r.index > 0 and r.status == "ok" and r.kind == "sidebar"]
    cold = [r for r in views if r.index == 0 and r.status == "ok"]
    failed = [r for r in records if r.status != "ok"]
    per_page = {page or "overview": times([r.ms for r in warm if r.page == (page or "overview")]) for page in PAGES}
    messages = Counter(f"{r.page}: {message}" for r in failed for message in (r.errors or [r.status]))
    examples = {}
    for r in failed:
        examples.setdefault(r.status, {"session": r.session, "view": r.index, "page": r.page, "action": r.action,
                                       "errors": r.errors})
    return {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "settings": {"sessions": args.sessions, "duration_s": args.duration, "imports": args.imports,
                     "think_s": args.think, "store": "given (copied)" if args.db else "demo",
                     "file_watcher": args.watch_files},
        "wall_s": round(wall_s, 1),
        "page_views": len(views),
        "views_per_s": round(len(views) / wall_s, 2) if wall_s else 0.0,
        "warm": times([r.ms for r in warm]),
        "cold": times([r.ms for r in cold]),
        # A sidebar filter changed on the page shown: until its last element, and until the run ended.
        "sidebar_change": {"to_last_element": times([r.last_delta_ms for r in sidebar]),
                           "to_run_end": times([r.ms for r in sidebar])},
        # The app's CPU while the sessions ran (start-up excluded), per page view of any kind.
        "cpu_ms_per_view": round(1000 * cpu["app_during_views"] / len(views), 1) if views else None,
        "per_page": per_page,
        "errors": len(failed),
        "error_kinds": dict(Counter(r.status for r in failed)),
        "error_messages": dict(messages.most_common(20)),
        "error_examples": examples,
        "imports": None if importer is None else {
            "completed": len(importer.times), "states": dict(importer.states),
            "p50_ms": round(percentile(importer.times, 0.5) * 1000, 1),
            "max_ms": round(max(importer.times, default=0.0) * 1000, 1), "errors": importer.errors[:20],
            "error_count": len(importer.errors),
        },
        "app_memory_mib": memory,
        "cpu_s": cpu,
        "app_log_problems": log_problems(log),
    }


def print_table(figures: dict) -> None:
    settings = figures["settings"]
    print(f"ITA Tracker load: {settings['sessions']} sessions × {settings['duration_s']} s, "
          f"imports {'on' if settings['imports'] else 'off'}, think {settings['think_s']} s, "
          f"store {settings['store']}, {figures['machine']['cpus']} CPUs")
    print(f"page views {figures['page_views']} in {figures['wall_s']} s ({figures['views_per_s']}/s)\n")
    print(f"{'page':<16}{'views':>7}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    rows = [("all (warm)", figures["warm"]), *figures["per_page"].items(), ("cold (1st)", figures["cold"]),
            ("sidebar→last", figures["sidebar_change"]["to_last_element"])]
    for name, row in rows:
        print(f"{name:<16}{row['views']:>7}{row['p50_ms']:>10.0f}{row['p95_ms']:>10.0f}{row['max_ms']:>10.0f}")
    print(f"\nerrors: {figures['errors']}")
    for message, count in figures["error_messages"].items():
        print(f"  {count:>4} × {message[:300]}")
    for kind, example in figures["error_examples"].items():
        print(f"  e.g. {kind}: {json.dumps(example, ensure_ascii=False)[:500]}")
    imports = figures["imports"]
    if imports is not None:
        print(f"imports completed: {imports['completed']} {imports['states']} (p50 {imports['p50_ms']:.0f} ms, "
              f"max {imports['max_ms']:.0f} ms), import errors: {imports['error_count']}")
        for error in imports["errors"]:
            print(f"  {error[:300]}")
    memory = figures["app_memory_mib"]
    print(f"app memory: rss at start {memory['rss_start']} MiB, rss at end {memory['rss_end']} MiB, "
          f"peak (VmHWM) {memory['peak']} MiB")
    cpu = figures["cpu_s"]
    print(f"cpu: app {cpu['app']} s, load generator {cpu['load_generator']} s, "
          f"import process {cpu['imports']} s (of {figures['wall_s']} s wall × {figures['machine']['cpus']} CPUs)")
    print(f"app cpu while sessions ran: {cpu['app_during_views']} s, {figures['cpu_ms_per_view']} ms per view")
    if figures["app_log_problems"]:
        print("app log entries with a traceback, an error or a warning:")
        for message, count in figures["app_log_problems"].items():
            print(f"  {count:>4} × {message[:300]}")


def served_store(db: Path | None, folder: Path) -> Path:
    """The store a benchmark serves, in `folder`: a copy of `db` (imports must never change the
    caller's store) brought to this release's schema, views and macros, or the demo store."""
    if db is None:
        return demo_store(folder)
    store = folder / "ita.duckdb"
    shutil.copyfile(db, store)
    from ita.store.session import migrate_store

    migrate_store(store)
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10, help="concurrent sessions (WebSockets)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds each session keeps viewing pages")
    parser.add_argument("--db", type=Path, help="a store to copy and serve (default: build the demo store)")
    parser.add_argument("--imports", action="store_true", help="import alternating seed versions meanwhile")
    parser.add_argument("--import-pause", type=float, default=0.0, help="seconds between imports (default none)")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between a session's views, seconds")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a view may take before it is an error")
    parser.add_argument("--watch-files", action="store_true",
                        help="keep Streamlit's source watcher on, as `make run` does (default off)")
    parser.add_argument("--app-log", type=Path, help="keep a copy of the app's output here")
    parser.add_argument("--records", type=Path, help="write every view as a JSON line here")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    parser.add_argument("--sidebar-sessions", type=int, default=1,
                        help="sessions (of --sessions) that stay on a page and change a sidebar filter each view")
    parser.add_argument("--profile", type=Path,
                        help="run the app under bench/sampler.py and write where its CPU went here (JSON)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ita-load-") as temp:
        folder = Path(temp)
        store = served_store(args.db, folder)
        years = link_years(store)  # before the app and the importer open it
        versions = seed_versions(folder)
        log = folder / "app.log"
        with log.open("w+b") as out, running_app(store, out, watch_files=args.watch_files,
                                                  profile=args.profile) as (url, process):
            rss_start = proc_status(process.pid)["VmRSS"]
            app_cpu_start = cpu_seconds(process.pid)
            importer = start_importer(store, versions, args.import_pause) if args.imports else None
            started, before = time.monotonic(), resource.getrusage(resource.RUSAGE_SELF)
            records = asyncio.run(run_sessions(url, args.sessions, args.duration, args.think, args.timeout,
                                               years, args.sidebar_sessions))
            app_cpu_end = cpu_seconds(process.pid)
            wall_s = time.monotonic() - started
            if importer is not None:
                importer.finish()
            status = proc_status(process.pid)
            memory = {"rss_start": round(rss_start / 1024, 1), "rss_end": round(status["VmRSS"] / 1024, 1),
                      "peak": round(status["VmHWM"] / 1024, 1)}
            after = resource.getrusage(resource.RUSAGE_SELF)
            children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the joined import process
            cpu = {"app": round(cpu_seconds(process.pid), 1),
                   "app_during_views": round(app_cpu_end - app_cpu_start, 1),
                   "load_generator": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
                   "imports": round(children.ru_utime + children.ru_stime, 1)}
        figures = summary(args, records, importer, memory, cpu, log, wall_s)
        if args.app_log:
            shutil.copyfile(log, args.app_log)
    if args.records:
        with args.records.open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print_table(figures)
    failed = figures["errors"] or (figures["imports"] and figures["imports"]["error_count"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

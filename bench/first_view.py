"""What a session's first view costs against a warm view of the same page, one session at a time.

    .venv/bin/python bench/first_view.py [--db PATH] [--sessions 10] [--json]

The app is served once (bench/app_server.py) and warmed: one session views every page. Then new
sessions open one after another, never two at once, so nothing queues: each connects, opens a
shared link on a page (its first view), views the same page again (warm, same filters), and
closes. Reported per view kind: the time until the run ended and the app's CPU for it (the
app process's CPU clock read around the view; the app does nothing else meanwhile). Issue 12's
target: a first view costs no more than a warm view plus the session's set-up.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for _folder in (REPO, REPO / "bench"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from app_server import running_app  # noqa: E402
from load import cpu_seconds, served_store  # noqa: E402
from ws_client import PAGES, StreamlitSession  # noqa: E402


async def measure(url: str, pid: int, sessions: int, link: str) -> dict:
    async with StreamlitSession(url) as warmup:
        for page in PAGES:
            await warmup.view(page, link)
    rows = []
    for number in range(sessions):
        page = PAGES[number % len(PAGES)]
        started_cpu, started = cpu_seconds(pid), time.perf_counter()
        async with StreamlitSession(url) as session:
            connected_cpu, connected = cpu_seconds(pid), time.perf_counter()
            first = await session.view(page, link)
            first_cpu = cpu_seconds(pid)
            warm = await session.view(page)
            warm_cpu = cpu_seconds(pid)
        rows.append({"page": page or "overview", "connect_ms": (connected - started) * 1000,
                     "connect_cpu_ms": (connected_cpu - started_cpu) * 1000,
                     "first_ms": first.elapsed_s * 1000, "first_cpu_ms": (first_cpu - connected_cpu) * 1000,
                     "warm_ms": warm.elapsed_s * 1000, "warm_cpu_ms": (warm_cpu - first_cpu) * 1000,
                     "ok": first.ok and warm.ok})
    summary = {key: round(statistics.median(r[key] for r in rows), 1)
               for key in ("connect_ms", "connect_cpu_ms", "first_ms", "first_cpu_ms", "warm_ms", "warm_cpu_ms")}
    summary["first_over_warm_cpu"] = round(summary["first_cpu_ms"] / summary["warm_cpu_ms"], 2) \
        if summary["warm_cpu_ms"] else None
    return {"median": summary, "views": rows, "errors": sum(not r["ok"] for r in rows)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a store to copy and serve (default: the demo store)")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--link", default="year=2567", help="the shared link's query string")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ita-first-") as temp:
        folder = Path(temp)
        store = served_store(args.db, folder)
        with (folder / "app.log").open("w+b") as log, running_app(store, log) as (url, process):
            figures = asyncio.run(measure(url, process.pid, args.sessions, args.link))
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        for key, value in figures["median"].items():
            print(f"{key:>22}: {value}")
        print(f"errors: {figures['errors']}")
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())

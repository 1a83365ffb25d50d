"""Import throughput and memory: reports/s and peak MiB at 1, 100 and 41,585 reports (8,317 × 5).

    python bench/import_throughput.py [--sizes 1 100 41585] [--workers N] [--json] [--keep]

Each size is first written as report files into a fresh folder (not timed; `synth.national`
makes them on every core; with --keep they stay in bench/out/reports_N for the next --keep run,
so repeated runs read the same files), then imported into a fresh store through the bulk path
`python -m ita sample` uses (`bulk_import`, parsing on every core, one write). The time
includes starting the parsing processes, reading the files and publishing the store.

Memory is the peak of the whole process tree measured in the same run: the resident memory of
this process plus all its descendants (the parsing workers), summed, sampled every 20 ms while
the import runs (the process tree itself is listed again every 0.5 s). A sum of RSS counts
shared library pages once per process, so it errs high.
CPU seconds are this process's and its reaped children's user + system time during the import,
also shown apart: "parsing" is the workers' (children's) share, "storing" this process's (it
stores each window, unpickles what the workers send and starts them). On a shared machine the
CPU figures move less than the wall-clock ones, but they move too (two runs of the same code
differ by 10–20 % at a load average of 4 on 2 cores): the one-minute load average before and
after the import is printed with them.

Targets (issue 12, item 6), on a 2-core machine at national scale: 1,000 reports/s and a peak
of 1,024 MiB; the ratio columns are measured ÷ target (≥ 1 for speed and ≤ 1 for memory meet it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import threading
import time
from multiprocessing import get_context
from pathlib import Path

from common import NATIONAL_YEARS, OUT, machine, table

from ita.paths import REFERENCE_DIR
from ita.read.catalogue import Framework
from synth.national import ReportSpec, national_specs

# The store (DuckDB, Arrow, pandas) is imported where it is used, not here: "spawn" workers run
# this file's top level again, and the parsing workers must weigh what a real import's do.

TARGET_REPORTS_PER_S = 1_000
TARGET_PEAK_MIB = 1_024
SAMPLE_EVERY_S = 0.02
# The process tree is listed every this many samples (0.5 s): the parsing workers start once, at
# the beginning, and live until the end; between listings the processes found are read.
LIST_EVERY = 25


class TreeMemory:
    """Samples the summed RSS of this process and all its descendants on a thread; keeps the peak."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._page = os.sysconf("SC_PAGE_SIZE")
        self._pids: list[int] = []

    def __enter__(self) -> TreeMemory:
        self.peak = self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        samples = 0
        while not self._stop.wait(SAMPLE_EVERY_S):
            samples += 1
            # The tree is listed again every LIST_EVERY samples only, and the processes found
            # read on every one: listing it (each thread's children file of each process) took
            # about 1.7 ms of this process's CPU a sample, reading three statm files a tenth of it.
            relist = samples % LIST_EVERY == 0
            self.peak = max(self.peak, self.sample(relist=relist))

    def sample(self, *, relist: bool = True) -> int:
        if relist or not self._pids:
            self._pids = _tree(os.getpid())
        return sum(self._rss(pid) for pid in self._pids)

    def _rss(self, pid: int) -> int:
        try:
            return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self._page
        except (OSError, IndexError, ValueError):
            return 0  # the process ended between listing and reading


def _tree(root: int) -> list[int]:
    """`root` and every process descended from it, from each thread's /proc/PID/task/TID/children.

    Reading every process's /proc/PID/stat instead took about 7 ms of this process's CPU per
    sample on a busy machine: a quarter of a core every 20 ms, counted as the import's CPU and
    taken from the storing process's share of the interpreter. Kernels without those files
    fall back to the scan.
    """
    if not Path(f"/proc/{root}/task/{root}/children").exists():
        return _tree_by_scan(root)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        for children in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in children.read_text().split())
            except OSError:
                continue  # the thread or process ended between listing and reading
    return found


def _tree_by_scan(root: int) -> list[int]:
    """`root` and every process descended from it, from every process's /proc/PID/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])  # after the command name, which may hold spaces
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds of this process (it stores) and of its reaped children (the parsing workers)."""
    own, reaped = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, reaped.ru_utime + reaped.ru_stime


_writer_framework: Framework | None = None


def _start_writer() -> None:
    global _writer_framework
    from ita.store.reference import framework_from_store, reference_store

    _writer_framework = framework_from_store(reference_store(REFERENCE_DIR))


def _write(job: tuple[ReportSpec, str]) -> str:
    spec, folder = job
    name, data = spec.produce(_writer_framework)
    path = Path(folder) / name
    path.write_bytes(data)
    return str(path)


def write_reports(size: int, folder: Path, framework: Framework) -> list[Path]:
    """`size` synthetic reports as files in `folder`, written on every core."""
    years = 1 if size < NATIONAL_YEARS else NATIONAL_YEARS
    specs = list(national_specs(math.ceil(size / years), years, framework))[:size]
    folder.mkdir(parents=True)
    if size < 200:
        _start_writer()
        return [Path(_write((spec, str(folder)))) for spec in specs]
    with get_context("spawn").Pool(initializer=_start_writer) as pool:
        return [Path(p) for p in pool.imap(_write, [(spec, str(folder)) for spec in specs], chunksize=64)]


def report_files(size: int, framework: Framework, keep: bool) -> list[Path]:
    """The `size` report files, in import order: written now, or those a `--keep` run left."""
    folder = OUT / f"reports_{size}"
    order = folder / "order.txt"
    if keep and order.exists():
        return [folder / "reports" / name for name in order.read_text().split("\n")]
    shutil.rmtree(folder, ignore_errors=True)
    paths = write_reports(size, folder / "reports", framework)
    order.write_text("\n".join(p.name for p in paths))
    return paths


def measure(size: int, workers: int | None, keep: bool = False) -> dict:
    from ita.store.bulk import bulk_import
    from ita.store.reference import framework_from_store, reference_store

    framework = framework_from_store(reference_store(REFERENCE_DIR))
    folder = OUT / f"import_{size}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = report_files(size, framework, keep)
    load_before = os.getloadavg()[0]
    own_before, children_before = _cpu_seconds()
    with TreeMemory() as memory:
        started = time.perf_counter()
        result = bulk_import(paths, folder / "ita.duckdb", workers=workers)
        seconds = time.perf_counter() - started
    own_after, children_after = _cpu_seconds()
    # The one-minute load average before and after: on a shared machine it says how far the
    # CPU figures of two runs compare (other work inflates the CPU a report takes, too).
    load = (round(load_before, 2), round(os.getloadavg()[0], 2))
    storing, parsing = own_after - own_before, children_after - children_before
    cpu = storing + parsing
    shutil.rmtree(folder, ignore_errors=True)
    if not keep:
        shutil.rmtree(OUT / f"reports_{size}", ignore_errors=True)
    progress = result.progress
    peak_mib = memory.peak / 2**20
    return {"reports": size, "measures": progress.measures, "seconds": round(seconds, 2),
            "reports_per_s": round(size / seconds, 1), "measures_per_s": round(progress.measures / seconds),
            "refused": progress.refused, "cpu_s": round(cpu, 1), "cpu_ms_per_report": round(1000 * cpu / size, 2),
            "storing_cpu_ms_per_report": round(1000 * storing / size, 2),
            "parsing_cpu_ms_per_report": round(1000 * parsing / size, 2),
            "peak_mib": round(peak_mib), "vs_target": round(size / seconds / TARGET_REPORTS_PER_S, 2),
            "memory_vs_target": round(peak_mib / TARGET_PEAK_MIB, 2), "load_average": load}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 41_585])
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", action="store_true",
                        help="keep the report files in bench/out/reports_N and reuse them in later --keep runs")
    args = parser.parse_args()
    results = [measure(size, args.workers, args.keep) for size in args.sizes]
    if args.json:
        print(json.dumps({"machine": machine(), "import": results}, ensure_ascii=False))
        return
    print(machine())
    print(table([[r["reports"], r["measures"], r["seconds"], r["reports_per_s"], r["vs_target"], r["peak_mib"],
                  r["memory_vs_target"], r["cpu_ms_per_report"], r["parsing_cpu_ms_per_report"],
                  r["storing_cpu_ms_per_report"], "–".join(map(str, r["load_average"]))] for r in results],
                ["reports", "measures", "seconds", "reports/s", f"÷ {TARGET_REPORTS_PER_S:,}/s target", "peak MiB",
                 f"÷ {TARGET_PEAK_MIB:,} MiB target", "CPU ms/report", "parsing", "storing", "load average"]))


if __name__ == "__main__":
    main()

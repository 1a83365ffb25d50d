"""Where a bulk import's parsing workers spend their CPU: in the parse, or around it.

    python bench/worker_gap.py [--size 41585] [--limit N] [--workers N] [--block 2000]

Imports the report files a `bench/import_throughput.py --keep --sizes SIZE` run left (the first
`--limit` of them, all by default) through `bulk_import`, with each worker's `read_item` wrapped
to count, per block of `--block` reports the worker read: the CPU of the parse itself (the
worker's main thread around `read_item`), the worker's main thread in all (the parse plus taking
tasks off the queue), the whole worker process (plus the thread that pickles results and writes
them to the pipe), and the hits and misses of the readers' caches in that block. Each worker
appends its blocks to a file; the table printed sums them per block index over the workers, and
the whole import's CPU per report as `bench/import_throughput.py` counts it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from common import OUT, table

from ita.read import parallel

_block = 2_000
_folder = ""
_state: dict = {}


def _caches() -> dict[str, object]:
    """The readers' caches by name (the wrap repairer's after `settle_worker` made it)."""
    from ita.read import normalise, periods, status, thai
    from ita.read.formats import table as table_reader

    found: dict[str, object] = {"thai.compact": thai.compact}
    for module in (periods, status, table_reader):
        for name, value in vars(module).items():
            if hasattr(value, "cache_info") and getattr(value, "__module__", "") == module.__name__:
                found[f"{module.__name__.rsplit('.', 1)[-1]}.{name}"] = value
    if normalise._last is not None:  # the repairer `settle_worker` made
        for name in ("_joins", "_bounds", "_cells"):
            found[f"wrap{name}"] = getattr(normalise._last[2], name)
    return found


def _counts() -> dict[str, tuple[int, int]]:
    return {name: (c.cache_info().hits, c.cache_info().misses) for name, c in _caches().items()}


def _process_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_read_item(item: parallel.Source) -> object:
    """`read_item`, timed; every `_block` reports this worker appends a line to its file."""
    if not _state:
        _state.update(n=0, parse=0.0, thread=time.thread_time(), process=_process_cpu(), caches=_counts())
    started = time.thread_time()
    result = parallel.read_item(item)
    _state["parse"] += time.thread_time() - started
    _state["n"] += 1
    if _state["n"] % _block == 0:
        _flush()
    return result


def _flush() -> None:
    thread, process, caches = time.thread_time(), _process_cpu(), _counts()
    line = {"pid": os.getpid(), "block": _state["n"] // _block - 1, "reports": _block,
            "parse": _state["parse"], "thread": thread - _state["thread"], "process": process - _state["process"],
            "caches": {k: (v[0] - _state["caches"].get(k, (0, 0))[0], v[1] - _state["caches"].get(k, (0, 0))[1])
                       for k, v in caches.items()}}
    with open(Path(_folder) / f"{os.getpid()}.jsonl", "a") as out:
        out.write(json.dumps(line) + "\n")
    _state.update(parse=0.0, thread=thread, process=process, caches=caches)


def _start(framework: object, directory: object, block: int, folder: str) -> None:
    global _block, _folder
    _block, _folder = block, folder
    started = _process_cpu()
    parallel.settle_worker(framework, directory)
    with open(Path(folder) / f"{os.getpid()}.start", "w") as out:
        out.write(str(_process_cpu() - started))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=41_585)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--block", type=int, default=2_000)
    args = parser.parse_args()

    from ita.store import bulk

    folder = OUT / f"reports_{args.size}"
    paths = [folder / "reports" / n for n in (folder / "order.txt").read_text().split("\n")][: args.limit]
    stats = Path(tempfile.mkdtemp(prefix="worker_gap_"))

    def wrapped_pool(*a: object, **k: object) -> object:
        k["initializer"], k["initargs"] = _start, (*k["initargs"], args.block, str(stats))
        return original_pool(*a, **k)

    original_pool = bulk.ProcessPoolExecutor
    bulk.ProcessPoolExecutor = wrapped_pool
    bulk.read_item = timed_read_item
    store = Path(tempfile.mkdtemp(prefix="worker_gap_store_"))
    load = os.getloadavg()[0]
    own0, kids0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    bulk.bulk_import(paths, store / "ita.duckdb", workers=args.workers)
    seconds = time.perf_counter() - started
    own1, kids1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(store, ignore_errors=True)
    storing = own1.ru_utime + own1.ru_stime - own0.ru_utime - own0.ru_stime
    parsing = kids1.ru_utime + kids1.ru_stime - kids0.ru_utime - kids0.ru_stime
    n = len(paths)
    starts = [float(p.read_text()) for p in stats.glob("*.start")]
    print(f"{n} reports in {seconds:.1f} s ({n / seconds:.0f}/s), load {load:.2f}–{os.getloadavg()[0]:.2f}; "
          f"CPU ms/report: parsing {1000 * parsing / n:.2f}, storing {1000 * storing / n:.2f}; "
          f"worker start-up {', '.join(f'{s:.2f}' for s in starts)} s")
    blocks: dict[int, dict] = {}
    for path in stats.glob("*.jsonl"):
        for line in path.read_text().splitlines():
            row = json.loads(line)
            into = blocks.setdefault(row["block"], {"reports": 0, "parse": 0.0, "thread": 0.0, "process": 0.0,
                                                   "caches": {}})
            for key in ("reports", "parse", "thread", "process"):
                into[key] += row[key]
            for name, (hits, misses) in row["caches"].items():
                h, m = into["caches"].get(name, (0, 0))
                into["caches"][name] = (h + hits, m + misses)
    names = sorted({name for b in blocks.values() for name in b["caches"]})
    rows = []
    for index in sorted(blocks):
        b = blocks[index]
        per = 1000 / b["reports"]
        rate = [f"{100 * h / max(1, h + m):.0f}% ({m / b['reports']:.1f})" for h, m in
                (b["caches"].get(name, (0, 0)) for name in names)]
        rows.append([f"{index * args.block}–{(index + 1) * args.block}", f"{b['parse'] * per:.2f}",
                     f"{(b['thread'] - b['parse']) * per:.2f}", f"{(b['process'] - b['thread']) * per:.2f}",
                     f"{b['process'] * per:.2f}", *rate])
    print(table(rows, ["reports of each worker", "parse", "main thread else", "other threads", "process",
                       *[f"{n} hit% (misses/report)" for n in names]]))
    shutil.rmtree(stats, ignore_errors=True)


if __name__ == "__main__":
    main()

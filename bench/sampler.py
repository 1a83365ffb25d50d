"""A CPU-weighted sampling profiler for the served app (no package beyond the standard library).

Every few milliseconds a thread looks at every other thread's stack (`sys._current_frames`) and
its CPU clock (`time.pthread_getcpuclockid`), and charges the CPU the thread used since the last
look to the stack it is in now. Threads waiting on a lock or a socket use no CPU and so cost
nothing; C code that releases the GIL (DuckDB running a query) is charged to the Python line
that called it. The profile says where a view's CPU goes, not where its time is spent waiting.

    ITA_PROFILE=out.json python bench/sampler.py [streamlit options]   (what bench/app_server.py does)

writes `out.json` every 10 s and at exit: CPU seconds by function (self and inclusive), by
category (`CATEGORIES`), and the heaviest stacks. With ITA_PROFILE_STACKS=1 set as well, every
stack in full goes to `out.stacks.jsonl` beside it.
"""

from __future__ import annotations

import atexit
import ctypes
import json
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

# The first matching fragment of a frame's file names the category of its CPU (innermost frame
# that matches wins, ita/pages counted as "app code" only when nothing below them matched).
CATEGORIES = (
    ("duckdb", "duckdb query (C, GIL released)"),
    ("/plotly/", "plotly figure building"),
    ("/pyarrow/", "arrow"),
    ("arrow", "arrow"),
    ("/pandas/", "pandas"),
    ("/numpy/", "numpy"),
    ("/google/protobuf/", "protobuf"),
    ("/streamlit/elements/", "streamlit elements (serialising)"),
    ("/streamlit/runtime/caching/", "streamlit caches"),
    ("/streamlit/runtime/scriptrunner", "streamlit script runner"),
    ("/streamlit/", "streamlit other"),
    ("/tornado/", "tornado (websocket, http)"),
    ("/asyncio/", "asyncio"),
    ("/ita/", "ita"),
    ("/pages/", "pages"),
    ("dashboard.py", "pages"),
)


def _category(stack: tuple[tuple[str, str, int], ...]) -> str:
    for filename, _function, _line in reversed(stack):  # innermost first
        for fragment, name in CATEGORIES:
            if fragment in filename:
                return name
    return "other"


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]


def _duckdb_jemalloc() -> dict[str, int]:
    """What DuckDB's own jemalloc (every allocation DuckDB makes, its buffer pool and the memory of
    running queries alike) has handed out and holds resident, in bytes; empty where this build of
    DuckDB has no jemalloc or no statistics."""
    module = sys.modules.get("_duckdb")
    try:
        mallctl = ctypes.CDLL(module.__file__).duckdb_je_mallctl
    except (AttributeError, OSError, TypeError):
        return {}
    epoch = ctypes.c_uint64(1)  # statistics are a snapshot, refreshed by writing the epoch
    mallctl(b"epoch", None, None, ctypes.byref(epoch), ctypes.c_size_t(8))
    figures = {}
    for name in ("allocated", "resident"):
        value, size = ctypes.c_size_t(0), ctypes.c_size_t(ctypes.sizeof(ctypes.c_size_t))
        if mallctl(f"stats.{name}".encode(), ctypes.byref(value), ctypes.byref(size), None, ctypes.c_size_t(0)) == 0:
            figures[f"duckdb_je_{name}"] = value.value
    return figures


def memory_now() -> dict[str, float]:
    """The process's resident memory and what the allocators it uses say they hold, in MiB: glibc
    malloc (Python's objects over 512 bytes, NumPy, protobuf; `malloc_held` what it has from the
    system, `malloc_used` what is in use), Arrow's pool (what it has handed out), what the result
    cache counts it keeps (an estimate that errs high), DuckDB's jemalloc (handed out and resident),
    Python's small objects (pymalloc blocks, counted, not sized) and the threads alive."""
    mib = 2**20
    figures = {"rss": int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / mib}
    try:
        info = ctypes.CDLL(None).mallinfo2
        info.restype = _MallInfo2
        m = info()
        figures["malloc_held"] = (m.arena + m.hblkhd) / mib
        figures["malloc_used"] = (m.uordblks + m.hblkhd) / mib
    except (AttributeError, OSError):  # not glibc
        pass
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        figures["arrow_pool"] = arrow.default_memory_pool().bytes_allocated() / mib
    source = sys.modules.get("ita.ui.source")
    if source is not None:
        figures["result_cache_kept"] = source.RESULTS.kept_bytes / mib
        db = getattr(source._reader(os.environ.get("ITA_DB", "")), "_db", None) if os.environ.get("ITA_DB") else None
        if db is not None:  # DuckDB's own account: its buffer pool and what running queries hold
            with db.cursor() as cursor:
                held = cursor.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0]
                figures["duckdb"] = held / mib
    figures.update({name: value / mib for name, value in _duckdb_jemalloc().items()})
    figures["python_blocks_k"] = sys.getallocatedblocks() / 1000
    figures["threads"] = len(os.listdir("/proc/self/task"))
    return {k: round(v, 1) for k, v in figures.items()}


class MemoryWatch(threading.Thread):
    """`memory_now()` every quarter second; keeps the first reading, the one at the highest RSS
    and the last, so a profile says what the peak was made of."""

    def __init__(self) -> None:
        super().__init__(name="ita-memory", daemon=True)
        self.first = self.peak = self.last = memory_now()
        self.started = time.monotonic()
        self.series: list[tuple[float, float]] = []  # (seconds since the start, RSS MiB)

    def run(self) -> None:
        while True:
            time.sleep(0.25)
            try:
                self.last = memory_now()
            except Exception:  # the app's reader being replaced under it: the next reading will do
                continue
            self.series.append((round(time.monotonic() - self.started, 2), self.last["rss"]))
            if self.last["rss"] > self.peak["rss"]:
                self.peak = {**self.last, "at_s": self.series[-1][0]}


class Sampler(threading.Thread):
    def __init__(self, out: Path, interval_s: float = 0.005) -> None:
        super().__init__(name="ita-sampler", daemon=True)
        self.out, self.interval_s = out, interval_s
        self.stacks: Counter = Counter()
        self.started = time.monotonic()
        self.memory: MemoryWatch | None = None
        self._lock = threading.Lock()

    def run(self) -> None:
        last: dict[int, float] = {}
        dumped = time.monotonic()
        while True:
            time.sleep(self.interval_s)
            frames = sys._current_frames()
            for gone in last.keys() - frames.keys():
                del last[gone]
            for ident, frame in frames.items():
                if ident == self.ident:
                    continue
                try:
                    cpu = time.clock_gettime(time.pthread_getcpuclockid(ident))
                except (OSError, ProcessLookupError):
                    continue
                # A thread seen for the first time (Streamlit starts one per script run) is charged
                # all it used so far; a clock lower than last time is a new thread with a reused id.
                before = last.get(ident, 0.0)
                used, last[ident] = (cpu - before if cpu >= before else cpu), cpu
                if used <= 0:
                    continue
                stack = []
                while frame is not None:
                    stack.append((frame.f_code.co_filename, frame.f_code.co_name, frame.f_lineno))
                    frame = frame.f_back
                with self._lock:
                    self.stacks[tuple(reversed(stack))] += used
            if time.monotonic() - dumped > 10:
                self.dump()
                dumped = time.monotonic()

    def dump(self) -> None:
        with self._lock:
            stacks = Counter(self.stacks)
        own: Counter = Counter()
        inclusive: Counter = Counter()
        categories: Counter = Counter()
        for stack, seconds in stacks.items():
            categories[_category(stack)] += seconds
            if stack:
                filename, function, line = stack[-1]
                own[f"{_short(filename)}:{function}:{line}"] += seconds
            for name in {f"{_short(f)}:{fn}" for f, fn, _ in stack}:
                inclusive[name] += seconds
        total = sum(stacks.values())
        heaviest = Counter()
        for stack, seconds in stacks.items():
            # The stack from the first frame of the app or a page down to the leaf, the rest cut off.
            cut = next((i for i, (f, _, _) in enumerate(stack) if "/ita/" in f or "/pages/" in f), 0)
            heaviest[" > ".join(f"{_short(f)}:{fn}" for f, fn, _ in stack[cut:][-8:])] += seconds
        figures = {
            "sampled_cpu_s": round(total, 2),
            "process_cpu_s": round(time.process_time(), 2),
            "wall_s": round(time.monotonic() - self.started, 1),
            "categories": {k: round(v, 2) for k, v in categories.most_common()},
            "self": {k: round(v, 3) for k, v in own.most_common(40)},
            "inclusive": {k: round(v, 3) for k, v in inclusive.most_common(60)},
            "stacks": {k: round(v, 3) for k, v in heaviest.most_common(40)},
        }
        if self.memory is not None:
            figures["memory_mib"] = {"first": self.memory.first, "peak": self.memory.peak, "last": self.memory.last,
                                     "rss_series": self.memory.series[::4]}  # one a second
        source = sys.modules.get("ita.ui.source")
        # hasattr: a dump can come while the module is still being imported (a slow start)
        if source is not None and hasattr(source, "RESULTS"):  # the app's result cache, once loaded
            cache = source.RESULTS
            figures["result_cache"] = {"hits": cache.hits, "misses": cache.misses, "entries": len(cache),
                                       "kept_mib": round(cache.kept_bytes / 2**20, 1),
                                       "compute_s": {k: round(v, 2) for k, v in cache.compute_s.most_common(20)}}
        if os.environ.get("ITA_PROFILE_STACKS"):
            # Every stack in full, for questions the aggregates above do not answer (which app
            # line a pandas or Streamlit cost comes from): one JSON pair [frames, seconds] a line.
            full = self.out.with_suffix(".stacks.jsonl")
            with open(full.with_suffix(".tmp"), "w") as lines:
                for stack, seconds in stacks.most_common():
                    frames = [f"{_short(f)}:{fn}:{ln}" for f, fn, ln in stack]
                    lines.write(json.dumps([frames, round(seconds, 4)], ensure_ascii=False) + "\n")
            os.replace(full.with_suffix(".tmp"), full)
        temp = self.out.with_suffix(".tmp")
        temp.write_text(json.dumps(figures, indent=1, ensure_ascii=False))
        os.replace(temp, self.out)


REPO = str(Path(__file__).resolve().parent.parent) + "/"


def _short(filename: str) -> str:
    if filename.startswith(REPO):
        return filename[len(REPO):]
    for marker in ("site-packages/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    parts = Path(filename).parts
    return "/".join(parts[-2:])


def start(out: Path) -> Sampler:
    sampler = Sampler(out)
    sampler.memory = MemoryWatch()
    sampler.memory.start()
    sampler.start()
    atexit.register(sampler.dump)
    return sampler


if __name__ == "__main__":
    start(Path(os.environ["ITA_PROFILE"]))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from ita.ui.serve import main  # the app as `make run` serves it: warmed up, then Streamlit

    main(sys.argv[1:])

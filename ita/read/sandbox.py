"""Untrusted files read in a child process, under memory, CPU and wall-clock limits.

A crafted file can make a parser ask for far more memory than the machine has (an .xlsx cell at
XFD1048576 made calamine allocate 549 GB and abort the process: in the app, the server and every
viewer with it) or read for minutes. So uploads and `ingest` read each file in a worker process
whose address space is capped (`RLIMIT_AS`, ITA_PARSE_MEMORY_MB, default 1024) and whose CPU time
is capped per file (`RLIMIT_CPU`), and the caller waits at most ITA_PARSE_TIMEOUT_S (default 60)
seconds. A worker that dies or overruns is killed and the file refused, naming it; the caller's
process never holds more than the file's bytes.

Workers are fresh interpreters (a server's threads and open connections must not be forked),
given the framework once, as a bulk import's workers are (`ita.read.parallel`), and the divisions
with each file; they are reused for later files read against the same framework: starting one
costs one to two seconds (imports and the Thai dictionary), reading a file in a warm one a few
milliseconds more than in process. Bulk imports of trusted generated data do not come through here.

What a worker sends back is unpickled with only the classes of a report or a refusal allowed,
so even a worker a file had taken over could hand the caller nothing else.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import resource
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection

from ita.read.catalogue import Framework
from ita.read.divisions import DivisionDirectory
from ita.read.formats.limits import check_size
from ita.read.parallel import settle_worker
from ita.read.prepared import Prepared, prepare
from ita.read.records import ImportRefused

_MAX_IDLE = 2  # warm workers kept between files (each holds the readers and the dictionary)


@dataclass(frozen=True)
class Limits:
    """What one file may use: the worker's address space (MB) and the wait for its answer (s)."""

    memory_mb: int
    timeout_s: float

    @classmethod
    def from_environment(cls) -> Limits:
        return cls(int(os.environ.get("ITA_PARSE_MEMORY_MB", "1024")),
                   float(os.environ.get("ITA_PARSE_TIMEOUT_S", "60")))


def prepare_untrusted(
    file_name: str,
    data: bytes,
    framework: Framework,
    directory: DivisionDirectory,
    *,
    organisation: str | None = None,
    fiscal_year: int | None = None,
    limits: Limits | None = None,
) -> Prepared:
    """`prepare` in a worker process under `limits`; raises `ImportRefused` naming the file."""
    try:
        check_size(len(data))  # before a copy of the bytes goes anywhere
    except ImportRefused as refused:
        raise refused.naming(file_name) from None
    limits = limits or Limits.from_environment()
    # The divisions go with each file (a few KB): they change with every import that names a new one,
    # and a worker that had to be started for each such change would cost a second per upload.
    divisions = pickle.dumps(directory, protocol=pickle.HIGHEST_PROTOCOL)
    request = (file_name, data, organisation, fiscal_year, limits.timeout_s, divisions)
    key = f"{id(framework)}:{limits}"
    worker = _take(key) or _Worker(framework, limits)
    kind, payload = worker.run(request, limits.timeout_s)
    if worker.alive():
        _give_back(key, worker)
    if kind == "ok":
        return payload
    if kind == "refused":
        raise payload.naming(file_name)
    if kind == "timeout":
        raise ImportRefused(f"reading the file took longer than {limits.timeout_s:g} s; "
                            "check that it is the report and not damaged", file_name=file_name)
    if kind == "memory":
        raise ImportRefused(f"the file needs more memory than an import may use ({limits.memory_mb:,} MB); "
                            "check that it is the report and not damaged", file_name=file_name)
    raise RuntimeError(f"reading {file_name} failed in its worker process: {payload}")


def close_workers() -> None:
    """Stop the idle workers (tests; a change of limits)."""
    with _LOCK:
        workers = [worker for idle in _IDLE.values() for worker in idle]
        _IDLE.clear()
    for worker in workers:
        worker.close()


_LOCK = threading.Lock()
# Warm workers by framework and limits. A worker holds its framework, so the object's id (the
# store keeps one framework object per version) is not reused while the worker lives.
_IDLE: dict[str, list[_Worker]] = {}


def _take(key: str) -> _Worker | None:
    with _LOCK:
        idle = _IDLE.get(key)
        while idle:
            worker = idle.pop()
            if worker.alive():
                return worker
            worker.close()
    return None


def _give_back(key: str, worker: _Worker) -> None:
    surplus = []
    with _LOCK:
        _IDLE.setdefault(key, []).append(worker)
        while sum(map(len, _IDLE.values())) > _MAX_IDLE:
            # Workers of another reference (an older framework) go first, then this one's oldest.
            oldest = next((k for k, idle in _IDLE.items() if k != key and idle), key)
            surplus.append(_IDLE[oldest].pop(0))
    for old in surplus:
        old.close()


class _Worker:
    """One child process reading files sent down a socket, one at a time.

    A plain interpreter (not multiprocessing's "spawn", which would import the caller's main
    module, in the app the whole server, into every worker), given the caller's import path."""

    def __init__(self, framework: Framework, limits: Limits) -> None:
        self.framework = framework  # kept alive: see _IDLE
        mine, theirs = socket.socketpair()
        command = (f"import sys; sys.path[:0] = {sys.path!r}; "
                   f"from ita.read.sandbox import _serve; _serve({theirs.fileno()}, {limits.memory_mb})")
        self.process = subprocess.Popen([sys.executable, "-c", command], pass_fds=[theirs.fileno()],
                                        stdin=subprocess.DEVNULL, close_fds=True)
        theirs.close()
        self.connection = Connection(mine.detach())
        # A worker that died starting (say, a limit too small even for the interpreter): `run` reports it.
        with contextlib.suppress(OSError):
            self.connection.send(framework)

    def alive(self) -> bool:
        return self.process.poll() is None and not self.connection.closed

    def run(self, request: tuple, timeout_s: float) -> tuple[str, object]:
        """("ok", Prepared), ("refused", ImportRefused), ("timeout" | "memory" | "error", detail)."""
        try:
            self.connection.send(request)
            # The first file also waits for the worker to start (about a second).
            if not self.connection.poll(timeout_s):
                self.close()
                return "timeout", None
            reply = _SafeUnpickler(io.BytesIO(self.connection.recv_bytes())).load()
        except (EOFError, OSError):
            # Died taking or reading the file: the address-space limit (an allocation refused aborts
            # native code, or MemoryError ended it) or the CPU limit (SIGXCPU).
            code = self._wait()
            self.close()
            return ("timeout", None) if code == -signal.SIGXCPU else ("memory", code)
        if reply[0] == "memory":
            self.close()  # it ran out and exits; a worker that did is not trusted with another file
        return reply

    def _wait(self) -> int | None:
        try:
            return self.process.wait(5)
        except subprocess.TimeoutExpired:
            return None

    def close(self) -> None:
        self.connection.close()
        if self.process.poll() is None:
            self.process.kill()
        self._wait()


def _serve(descriptor: int, memory_mb: int) -> None:
    """The worker's loop: read each file sent, send back its report or refusal."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an aborted parse leaves no core file
    connection = Connection(descriptor)
    try:
        framework = connection.recv()
    except (EOFError, OSError):
        return
    last: tuple[bytes, DivisionDirectory] | None = None
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    while True:
        try:
            file_name, data, organisation, fiscal_year, timeout_s, divisions = connection.recv()
        except MemoryError:
            connection.send_bytes(pickle.dumps(("memory", None)))  # the file alone is more than the limit
            return
        except (EOFError, OSError):
            return  # the caller is gone
        if last is None or last[0] != divisions:
            # The same directory object while the divisions are unchanged: the readers' caches key on it.
            last = (divisions, pickle.loads(divisions))
            settle_worker(framework, last[1])
        directory = last[1]
        _limit_cpu(timeout_s)
        try:
            reply = ("ok", prepare(file_name, data, framework, directory,
                                   organisation=organisation, fiscal_year=fiscal_year))
        except ImportRefused as refused:
            reply = ("refused", refused)
        except MemoryError:
            reply = ("memory", None)
        except Exception as error:  # a bug, reported to the caller as such
            reply = ("error", f"{type(error).__name__}: {error}"[:500])
        del data
        try:
            connection.send_bytes(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
        except MemoryError:
            connection.send_bytes(pickle.dumps(("memory", None)))
        if reply[0] == "memory":
            return


def _limit_cpu(seconds: float) -> None:
    """This file may use `seconds` of CPU beyond what the worker has used so far (the limit is per process)."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(used.ru_utime + used.ru_stime + seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


# What a report or a refusal is made of: nothing else may be unpickled from a worker.
_ALLOWED = {
    "ita.read.prepared": {"Prepared", "PackedMeasures"},
    "ita.read.records": {"Report", "Measure", "Division", "Finding", "ImportRefused"},
    "datetime": {"date", "datetime"},
    "copyreg": {"_reconstructor"},
    "builtins": {"object", "set", "frozenset"},
}


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        if name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"a worker sent {module}.{name}, which is no part of a report")

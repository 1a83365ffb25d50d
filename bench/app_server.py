"""The app served as `make run` serves it, on a free port of 127.0.0.1: for the load benchmark and
for the tests that drive a real app (tests/browser.py)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_app(store: Path, log: BinaryIO, *, env: dict[str, str] | None = None,
                watch_files: bool = False, profile: Path | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """The app against `store`; yields (base URL, process) once its health check answers.

    The app's output goes to `log` (opened for reading and writing): a pipe nobody reads would
    stall the app once it filled up, and that would look like slow pages. Streamlit's source
    watcher stays off (.streamlit/config.toml) unless `watch_files`: when a watched file changes
    it drops the app's modules from sys.modules, and a session importing them at that moment
    fails with KeyError: 'ita.…'. Files change while the repo is being edited, not in a deployment.
    With `profile`, the app runs under bench/sampler.py, which writes where its CPU went there.
    """
    port = free_port()
    watcher = ["--server.fileWatcherType", "auto"] if watch_files else []
    # The allocators' settings as `make run` gives them (SERVE_ENV in the Makefile), unless the
    # caller's environment names others (to compare them).
    allocators = {"MALLOC_ARENA_MAX": "2", "DUCKDB_JE_MALLOC_CONF": "dirty_decay_ms:0"}
    environment = {**allocators, **os.environ, "ITA_DB": str(store), **(env or {})}
    # As `make run` serves it: readied before it listens (ita/ui/serve.py).
    launcher = ["-m", "ita.ui.serve"]
    if profile is not None:
        environment["ITA_PROFILE"] = str(profile)
        launcher = [str(REPO / "bench" / "sampler.py")]
    process = subprocess.Popen(
        [sys.executable, *launcher, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         *watcher],
        cwd=REPO, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"the app did not start:\n{log.read().decode(errors='replace')}")
            time.sleep(0.2)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _healthy(url: str) -> bool:
    try:
        return urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok"
    except OSError:
        return False

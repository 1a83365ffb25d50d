"""A writer killed with SIGKILL at random moments leaves the store as it was before or after."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import duckdb

from ita.store.check import check_store
from ita.store.imports import ingest_paths

from conftest import REPO

WRITER = str(REPO / "tests" / "writer_process.py")
RUNS = 50
TABLES = {
    "organisations": "",
    "imports": "EXCLUDE (imported_at)",
    "measures": "",
    "measure_divisions": "",
    "import_findings": "",
    "audit_log": "EXCLUDE (changed_at)",
    "divisions": "",
}


def dump(store):
    """The store's content, without the moments things happened (they differ between runs)."""
    with duckdb.connect(str(store), read_only=True) as con:
        return {table: sorted(map(repr, con.execute(f"SELECT * {exclude} FROM {table}").fetchall()))
                for table, exclude in TABLES.items()}


class Zygote:
    """A warmed-up writer process that forks one importer per run (see writer_process.zygote)."""

    def __init__(self, report):
        self.process = subprocess.Popen([sys.executable, WRITER, "zygote", str(report)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "ready"

    def ask(self, line: str) -> str:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def start_import(self, store) -> int:
        return int(self.ask(f"run {store}"))

    def reap(self, pid: int) -> None:
        assert self.ask(f"reap {pid}") == "ok"

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def test_sigkill_at_random_points_of_an_import(seed_store, seed_v2, tmp_path):
    report = seed_v2
    before = dump(seed_store)
    finished = tmp_path / "finished.duckdb"
    shutil.copyfile(seed_store, finished)
    writer = Zygote(report)
    started = time.monotonic()
    writer.reap(writer.start_import(finished))
    write_time = time.monotonic() - started
    after = dump(finished)
    assert after != before

    rng = random.Random(2564)
    outcomes = []
    for run in range(RUNS):
        store = tmp_path / f"run{run}" / "ita.duckdb"
        store.parent.mkdir()
        shutil.copyfile(seed_store, store)
        pid = writer.start_import(store)
        # Somewhere between the start of the import and a while after it should have ended.
        time.sleep(rng.uniform(0, 1.5 * write_time))
        os.kill(pid, signal.SIGKILL)
        writer.reap(pid)
        check = check_store(store)
        assert check.ok, check.problems
        state = dump(store)
        assert state in (before, after), f"{store}: neither the store before nor after the import"
        outcomes.append("after" if state == after else "before")
    writer.close()
    # The kills landed on both sides of the swap, so the test exercised the whole write.
    assert "before" in outcomes and "after" in outcomes, outcomes

    # The lock and any leftover temporary file do not stop the next writer.
    survivor = tmp_path / "run0" / "ita.duckdb"
    assert ingest_paths([report], survivor)[0].outcome.state in ("stored", "unchanged")
    assert check_store(survivor).ok
    print(f"write {write_time:.2f} s; {outcomes.count('before')} kills left the store as before, "
          f"{outcomes.count('after')} as after")

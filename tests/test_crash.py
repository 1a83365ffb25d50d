"""A writer killed with SIGKILL at random moments leaves the store as it was before or after."""

import importlib.util
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

from ita.store.check import check_store
from ita.store.edits import Edit, apply_edits
from ita.store.imports import ingest_paths

from conftest import REPO

WRITER = str(REPO / "tests" / "writer_process.py")
RUNS = 50
BENCH = REPO / "bench" / "crash.py"


def _bench():
    """bench/crash.py as a module: its state comparison is the one both crash tests use."""
    sys.path.insert(0, str(BENCH.parent))  # it imports bench/common.py
    try:
        spec = importlib.util.spec_from_file_location("crash_bench", BENCH)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH.parent))
    return module


crash_bench = _bench()


def dump(store):
    """The store's content without its volatile columns (see bench/crash.py VOLATILE)."""
    return crash_bench.dump(store)


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


def test_the_state_comparison_ignores_only_what_two_equal_writes_differ_in(seed_store, tmp_path):
    """The same edit on two copies: equal once the volatile columns are left out, different with them
    (the random write id alone made the bench report 54 broken and 54 lost writes of 200), and a real
    difference is still seen and printed."""
    copies = []
    for name in ("run", "reference"):
        copy = tmp_path / name / "ita.duckdb"
        copy.parent.mkdir()
        shutil.copyfile(seed_store, copy)
        apply_edits(copy, [Edit(1, "note", None, "ตรวจแล้ว")], "crash-test", "the same edit")
        copies.append(copy)
    run, reference = copies
    assert dump(run) == dump(reference)
    raw = [crash_bench.dump(copy, volatile={}, meta_keys=()) for copy in copies]
    assert raw[0] != raw[1]  # compared as data, the write id and the moments differ
    before = dump(seed_store)
    assert dump(run) != before
    shown = crash_bench.difference(before, dump(run), None)
    assert "measures vs before" in shown and "ตรวจแล้ว" in shown


def test_the_crash_bench_smoke_run_breaks_and_loses_nothing(tmp_path):
    """bench/crash.py at tiny size: every kind of write it kills, including imports replacing a stored report."""
    result = subprocess.run([sys.executable, str(BENCH), "--smoke", "--json"], cwd=REPO, capture_output=True,
                            text=True, timeout=900)
    results = json.loads(result.stdout)
    assert result.returncode == 0, results["problems"] or result.stderr
    assert (results["broken"], results["lost_writes"], results["problems"]) == (0, 0, [])
    assert results["kills"] == crash_bench.SMOKE_KILLS == results["before"] + results["after"]
    assert set(results["by_kind"]) == set(crash_bench.KINDS) and "replace" in crash_bench.KINDS
    assert results["next_write_after_kills_ok"] and results["partial_copies_left"] == 0

"""Faults end in a message and lose nothing: a full disk, a damaged store, a lock left by a dead writer.

A full disk is a file-size limit (RLIMIT_FSIZE) set in a child process with SIGXFSZ ignored, so
its writes fail with "File too large" exactly as they would on a disk with no space left.
"""

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ita.store.check import check_store
from ita.store.edits import Edit, apply_edits
from ita.store.imports import ingest_paths
from ita.store.session import StoreBusy, StorePaths, list_backups, write_session

import seed_oracle as oracle
from conftest import REPO, SEED


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_size_limit(limit):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write returns EFBIG instead of killing us
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def ita(*args, limit=None, input=None):
    env = dict(os.environ)
    env.pop("ITA_LANG", None)
    return subprocess.run([sys.executable, "-m", "ita", *map(str, args)], cwd=REPO, env=env, capture_output=True,
                          text=True, input=input, preexec_fn=file_size_limit(limit) if limit else None, timeout=300)


@pytest.fixture
def changed_report(tmp_path):
    report = tmp_path / "nongchok_2564_v2.txt"
    report.write_bytes(SEED.read_bytes().replace("ระหว่าง ดำเนินการ".encode(), "ดำเนินการแล้ว".encode()))
    return report


def first_measure(store):
    import duckdb

    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("SELECT min(measure_id) FROM measures").fetchone()[0]


@pytest.mark.parametrize("room", ["half the store", "the store and a page"])
def test_a_full_disk_during_an_import_ends_in_a_message_and_changes_nothing(seed_store, changed_report, room):
    # Half the store: the copy fails. The store and a page: the copy fits, the checkpoint does not.
    size = seed_store.stat().st_size
    limit = size // 2 if room == "half the store" else size + 4096
    before = sha(seed_store)
    result = ita("ingest", changed_report, "--db", seed_store, "--lang", "en", limit=limit)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Could not save (File too large); the store is unchanged: {seed_store}"]
    assert sha(seed_store) == before
    assert StorePaths(seed_store).stale_temps() == []  # the partial copy went at once
    assert check_store(seed_store).ok
    # In Thai by default.
    thai = ita("ingest", changed_report, "--db", seed_store, limit=limit)
    assert "บันทึกข้อมูลไม่สำเร็จ" in thai.stderr and "ข้อมูลเดิมไม่เปลี่ยนแปลง" in thai.stderr
    # With room again the same import goes through.
    assert ita("ingest", changed_report, "--db", seed_store).returncode == 0
    assert sha(seed_store) != before


def test_a_full_disk_during_a_restore_ends_in_a_message_and_changes_nothing(seed_store):
    apply_edits(seed_store, [Edit(first_measure(seed_store), "note", None, "x")], "test", "a backup to restore")
    before = sha(seed_store)
    result = ita("restore", "1", "--db", seed_store, "--lang", "en", limit=seed_store.stat().st_size // 2)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "Could not save (File too large)" in result.stderr
    assert sha(seed_store) == before and StorePaths(seed_store).stale_temps() == []


def test_a_full_disk_during_an_edit_raises_write_failed_and_leaves_no_copy(seed_store):
    """In-process writers (the app) get `WriteFailed`, which the page shows as a message."""
    script = (
        "import sys; from pathlib import Path\n"
        "from ita.store.edits import Edit, apply_edits\n"
        "from ita.store.session import WriteFailed\n"
        "try:\n"
        f"    apply_edits(Path(sys.argv[1]), [Edit({first_measure(seed_store)}, 'note', None, 'x')], 'a', 'why')\n"
        "except WriteFailed as failed:\n"
        "    print('WriteFailed', failed.reason)\n"
    )
    before = sha(seed_store)
    result = subprocess.run([sys.executable, "-c", script, str(seed_store)], cwd=REPO, capture_output=True, text=True,
                            preexec_fn=file_size_limit(seed_store.stat().st_size + 4096), timeout=300)
    assert result.stdout.strip() == "WriteFailed File too large", result.stderr
    assert sha(seed_store) == before and StorePaths(seed_store).stale_temps() == []


@pytest.fixture
def damaged_store(seed_store):
    """The seed store after one edit (so a backup exists), then cut to half its length."""
    apply_edits(seed_store, [Edit(first_measure(seed_store), "note", None, "x")], "test", "make a backup")
    data = seed_store.read_bytes()
    seed_store.write_bytes(data[: len(data) // 2])
    return seed_store


@pytest.mark.parametrize("command", [["summary"], ["build"], ["export", "--format", "csv", "-o", "out.csv"],
                                     ["ingest", str(SEED)]])
def test_a_damaged_store_names_the_newest_backup_and_the_restore_command(damaged_store, command, tmp_path):
    if "-o" in command:
        command = [*command[:-1], str(tmp_path / "out.csv")]
    newest = list_backups(damaged_store)[0].name
    result = ita(*command, "--db", damaged_store, "--lang", "en")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "damaged or unreadable" in lines[0] and newest in lines[0]
    assert f"python -m ita restore 1 --db {damaged_store}" in lines[0]


def test_check_says_how_to_restore_and_the_restore_brings_the_store_back(damaged_store):
    checked = ita("check", "--db", damaged_store)
    assert checked.returncode == 1 and "python -m ita restore 1" in checked.stderr
    restored = ita("restore", "1", "--db", damaged_store)
    assert restored.returncode == 0, restored.stderr
    assert check_store(damaged_store).ok
    summary = ita("summary", "--json", "--db", damaged_store)
    assert summary.returncode == 0 and f'"measures": {oracle.MEASURES}' in summary.stdout


def test_the_app_says_what_is_wrong_with_a_damaged_store(damaged_store, monkeypatch):
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("ITA_DB", str(damaged_store))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("restore 1" in e.value and "เสียหาย" in e.value for e in at.error), [e.value for e in at.error]


def test_a_store_that_is_not_duckdb_at_all(tmp_path):
    store = tmp_path / "ita.duckdb"
    store.write_bytes(b"<html>not a database</html>" * 200)
    result = ita("summary", "--db", store, "--lang", "en")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "damaged or unreadable" in result.stderr and "no backup is kept" in result.stderr


HOLD_LOCK = """
import sys, time
from pathlib import Path
from ita.store.session import StorePaths, _exclusive
with _exclusive(StorePaths(Path(sys.argv[1])).lock, 5):
    print("locked", flush=True)
    time.sleep(3600)
"""


def test_a_lock_left_by_a_killed_writer_never_blocks_the_next(seed_store):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(seed_store)], cwd=REPO, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreBusy), write_session(seed_store, timeout_s=0.2):
            pass  # the child really holds the lock
        # A partial copy it might have left is cleared by the next writer too.
        leftover = seed_store.with_name(f".{seed_store.name}.{holder.pid}.1.tmp")
        leftover.write_bytes(b"partial")
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert StorePaths(seed_store).lock.exists()  # the lock file stays; the dead process's lock does not
    results = ingest_paths([SEED], seed_store, organisation="เทศบาลตำบลทดสอบ")
    assert results[0].outcome.state == "stored"
    assert not leftover.exists() and check_store(seed_store).ok


def test_an_interrupted_copy_is_removed_at_once(seed_store, monkeypatch):
    """An OS error in the middle of the copy: the half-written temp file does not wait for the next write."""
    import ita.store.session as session

    copy = shutil.copyfile

    def copy_then_fail(source, target):
        copy(source, target)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(session.shutil, "copyfile", copy_then_fail)
    before = sha(seed_store)
    with pytest.raises(session.WriteFailed) as failed:
        ingest_paths([SEED], seed_store, organisation="เทศบาลตำบลทดสอบ")
    assert failed.value.reason == "No space left on device"
    assert sha(seed_store) == before and StorePaths(seed_store).stale_temps() == []


def test_a_publish_clears_partial_copies_of_killed_publishers_only(seed_store, tmp_path):
    from ita.store.replicas import publish

    replica = tmp_path / "replica"
    replica.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    killed_copy = replica / f".{seed_store.name}.{dead.pid}.1.tmp"
    running_copy = replica / f".{seed_store.name}.{os.getpid()}.2.tmp"  # a publisher still at work
    killed_copy.write_bytes(b"partial")
    running_copy.write_bytes(b"partial")
    publish(seed_store, [replica])
    assert not killed_copy.exists() and running_copy.exists()
    assert sha(replica / seed_store.name) == sha(seed_store)

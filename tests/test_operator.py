"""An unlucky operator: a forced rebuild, a store gone missing, a read-only folder, hostile file names,
a claimed actor, a pipe closed early. Each ends in one line and changes nothing it should not.

The command line runs in-process (`ita.cli.main`) where that is enough, in a subprocess for pipes.
"""

import builtins
import errno
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ita import cli
from ita.store.edits import Edit, apply_edits
from ita.store.session import StorePaths, list_backups

from conftest import REPO, SEED


def run(capsys, *args) -> tuple[int, str, str]:
    """`python -m ita ARGS` in this process: exit code, stdout, stderr."""
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in text
    return lines[0]


def measure_count(store: Path) -> int:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("SELECT count(*) FROM measures").fetchone()[0]


def with_a_backup(store: Path) -> Path:
    with duckdb.connect(str(store), read_only=True) as con:
        first = con.execute("SELECT min(measure_id) FROM measures").fetchone()[0]
    apply_edits(store, [Edit(first, "note", None, "หมายเหตุ")], "test", "a backup to keep")
    return store


# --- 3. build --force keeps the store it replaces -------------------------------------------

def test_build_force_keeps_the_replaced_store_as_a_backup_that_restore_brings_back(seed_store, capsys):
    before = sha(seed_store)
    code, out, err = run(capsys, "build", "--force", "--db", seed_store)
    assert code == 0, err
    assert "built" in out
    backups = list_backups(seed_store)
    assert len(backups) == 1 and sha(backups[0]) == before  # the replaced store, byte for byte
    assert sha(seed_store) != before
    # Listed and restored like any write session's backup.
    code, out, _ = run(capsys, "backups", "--db", seed_store)
    assert code == 0 and backups[0].name in out
    code, _, err = run(capsys, "restore", "1", "--db", seed_store)
    assert code == 0, err
    assert sha(seed_store) == before
    assert not list(seed_store.parent.glob(".ita.duckdb.build-*"))  # the new file was published, not left


def test_build_force_never_leaves_the_path_without_a_store(seed_store, capsys, monkeypatch):
    """A build that fails half way leaves the old store in place (it was unlinked first before)."""
    from ita.store import imports

    before = sha(seed_store)

    def failing(paths, store, **kwargs):
        assert seed_store.exists()  # while the new store is built, the old one is still served
        Path(store).write_bytes(b"half a store")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(imports, "ingest_paths", failing)
    code, _, err = run(capsys, "build", "--force", "--db", seed_store, "--lang", "en")
    assert code == 2 and "No space left on device" in one_line(err)
    assert sha(seed_store) == before and list_backups(seed_store) == []
    assert not list(seed_store.parent.glob(".ita.duckdb.build-*"))


def test_a_build_killed_half_way_leaves_nothing_the_next_build_keeps(seed_store, capsys):
    leftover = seed_store.with_name(".ita.duckdb.build-99999.duckdb")
    leftover.write_bytes(b"a build killed half way")
    code, _, err = run(capsys, "build", "--force", "--db", seed_store)
    assert code == 0, err
    assert not leftover.exists()


# --- 4. a missing store with backups is restored, never rebuilt or replaced silently --------

COMMANDS_ON_A_STORE = [
    ["summary"], ["summary", "--json"], ["export", "--format", "csv", "-o", "{tmp}/out.csv"], ["ingest", str(SEED)],
    ["check"], ["framework", "list"], ["framework", "restore", "1"], ["publish", "--to", "{tmp}/replica"], ["build"],
]


@pytest.mark.parametrize("command", COMMANDS_ON_A_STORE, ids=lambda c: " ".join(c[:2]))
def test_a_missing_store_with_backups_names_the_newest_and_restore(seed_store, capsys, tmp_path, command):
    with_a_backup(seed_store)
    newest = list_backups(seed_store)[0]
    seed_store.unlink()
    code, _, err = run(capsys, *[c.format(tmp=tmp_path) for c in command], "--db", seed_store, "--lang", "en")
    assert code != 0
    line = one_line(err)
    assert "missing" in line and newest.name in line and f"python -m ita restore 1 --db {seed_store}" in line
    assert not seed_store.exists()  # no new empty store, which the next writes would have made a backup
    assert list_backups(seed_store) == [newest]


def test_build_force_still_builds_a_missing_store_with_backups(seed_store, capsys):
    with_a_backup(seed_store)
    seed_store.unlink()
    code, out, err = run(capsys, "build", "--force", "--db", seed_store)
    assert code == 0, err
    assert seed_store.exists() and "built" in out


def test_a_missing_store_without_backups_is_still_built(tmp_path, capsys):
    store = tmp_path / "ita.duckdb"
    code, out, err = run(capsys, "build", "--db", store)
    assert code == 0, err
    assert "built" in out and measure_count(store) > 0


def test_the_app_says_restore_for_a_missing_store_with_backups(seed_store, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    with_a_backup(seed_store)
    newest = list_backups(seed_store)[0]
    seed_store.unlink()
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("ITA_DB", str(seed_store))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    shown = [e.value.replace("\\", "") for e in at.error]  # markdown-escaped
    assert any("restore 1" in text and newest.name in text for text in shown), shown


# --- 8. a folder that will not take new files ------------------------------------------------

def refuse_new_files_in(folder: Path, monkeypatch) -> None:
    """The folder as a read-only one behaves for this process: opening a file in it to write fails
    with EACCES. (CI runs as root, for whom chmod 0o555 changes nothing, and the venv's Python under
    /root cannot be run as another user; the store's lock file and temporary copy, the first files a
    write creates, are opened through Python's `open`, so refusing those is what the folder does.)"""
    real_open = builtins.open

    def guarded(file, mode="r", *args, **kwargs):
        if isinstance(file, str | os.PathLike) and Path(file).parent == folder and set(mode) & set("wax+"):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)


@pytest.mark.parametrize("lock_exists", [False, True], ids=["fresh folder", "lock file left from before"])
@pytest.mark.parametrize("command", [["ingest", "{seed_v2}"], ["framework", "restore", "1"]])
def test_a_read_only_folder_ends_in_one_line_naming_it(seed_store, seed_v2, capsys, monkeypatch, lock_exists,
                                                       command):
    paths = StorePaths(seed_store)
    if lock_exists:
        paths.lock.touch()
    else:
        paths.lock.unlink(missing_ok=True)
    before = sha(seed_store)
    refuse_new_files_in(seed_store.parent, monkeypatch)
    code, _, err = run(capsys, *[c.format(seed_v2=seed_v2) for c in command], "--db", seed_store, "--lang", "en")
    assert code == 2
    line = one_line(err)
    assert f"the folder {seed_store.parent} does not accept new files (Permission denied)" in line
    assert sha(seed_store) == before and paths.stale_temps() == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a 0o555 folder; the test above simulates it")
def test_a_read_only_folder_for_real(seed_store, seed_v2, capsys):
    StorePaths(seed_store).lock.unlink(missing_ok=True)
    seed_store.parent.chmod(0o555)
    try:
        code, _, err = run(capsys, "ingest", seed_v2, "--db", seed_store, "--lang", "en")
    finally:
        seed_store.parent.chmod(0o755)
    assert code == 2 and str(seed_store.parent) in one_line(err)


# --- 9. control characters never reach the terminal ------------------------------------------

def test_escapes_and_newlines_in_file_names_are_shown_not_obeyed(seed_store, seed_v2_bytes, tmp_path, capsys):
    hostile = tmp_path / "in" / "nongchok_2564\x1b[31m\nSTORED forged.txt: 1 measures.txt"
    hostile.parent.mkdir()
    hostile.write_bytes(seed_v2_bytes)
    broken = tmp_path / "in" / "broken\x1b]0;pwned\x07\n.xlsx"
    broken.write_bytes(b"not a workbook")
    code, out, err = run(capsys, "ingest", hostile, broken, "--db", seed_store, "--lang", "en")
    assert code == 1
    for text in (out, err):
        assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b[31m\\nSTORED forged.txt" in out  # shown, on the line it belongs to
    assert not any(line.startswith("STORED forged") for line in out.splitlines())
    refused = one_line(err)
    assert "broken\\x1b]0;pwned\\x07\\n.xlsx" in refused


def test_terminal_line_escapes_controls_and_keeps_thai():
    import json

    from ita.present.terminal import json_line, terminal_line

    value = {"org": "เทศบาล\x1b[31m\n\x9b\u202e"}
    line = json_line(json.dumps(value, ensure_ascii=False))
    assert terminal_line(line) == line and json.loads(line) == value  # safe, and still the same JSON

    assert terminal_line("เทศบาล\x1b[2J\r\n\t\x7f\x9b\u202e") == "เทศบาล\\x1b[2J\\r\\n\\t\\x7f\\x9b\\u202e"
    assert terminal_line("ดำเนินการแล้ว 12/20 (60.0%)") == "ดำเนินการแล้ว 12/20 (60.0%)"


def test_argument_errors_are_escaped_too(capsys):
    # argparse quotes a bad choice with repr, but lists unrecognised arguments as they are.
    with pytest.raises(SystemExit):
        cli.main(["summary", "X\x1b[31m"])
    err = capsys.readouterr().err
    assert "\x1b" not in err and "unrecognized arguments: X\\x1b[31m" in err


# --- 12. the actor of a framework change; a pipe closed early --------------------------------

def test_framework_changes_are_recorded_as_the_operating_system_user(seed_store, capsys, monkeypatch):
    import csv
    import getpass

    with pytest.raises(SystemExit):  # --actor is gone: no name can be claimed for the audit log
        cli.main(["framework", "import", "x.csv", "--actor", "admin", "--db", str(seed_store)])
    capsys.readouterr()
    monkeypatch.setattr(getpass, "getuser", lambda: "somchai")
    exported = seed_store.parent / "framework.csv"
    assert run(capsys, "framework", "export", 2569, "-o", exported, "--db", seed_store)[0] == 0
    with exported.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["item_name_th"] += " (ปรับถ้อยคำ)"
    with exported.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with duckdb.connect(str(seed_store), read_only=True) as con:
        last = con.execute("SELECT max(audit_id) FROM audit_log").fetchone()[0]
    code, _, err = run(capsys, "framework", "import", exported, "--db", seed_store)
    assert code == 0, err
    with duckdb.connect(str(seed_store), read_only=True) as con:
        actors = {row[0] for row in con.execute("SELECT actor FROM audit_log WHERE audit_id > ?", [last]).fetchall()}
        created = {row[0] for row in con.execute("SELECT created_by FROM framework_versions").fetchall()}
    assert actors == {"cli:somchai"}
    assert "cli:somchai" in created


def test_a_reader_that_closes_the_pipe_early_ends_quietly(seed_store):
    env = dict(os.environ, ITA_DB=str(seed_store))
    # head reads ten bytes and leaves; true leaves before the first byte (a sure broken pipe).
    for command, reader in [(["summary", "--json"], "head -c 10 >/dev/null"), (["summary", "--json"], "true"),
                            (["framework", "show", "2569"], "true"), (["backups"], "true")]:
        pipeline = f"{sys.executable} -m ita {' '.join(command)} | {reader}; echo \"exit ${{PIPESTATUS[0]}}\" >&2"
        result = subprocess.run(["bash", "-c", pipeline], cwd=REPO, env=env, capture_output=True, text=True,
                                timeout=120)
        assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
        assert result.stderr.strip().splitlines()[-1] in ("exit 0", "exit 141"), result.stderr

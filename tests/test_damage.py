"""Damage in the middle of a store: 64 bytes overwritten at offsets spread over the whole file.

For each, on a fresh copy with a backup beside it: either `check` fails (and then every command says
the store is damaged in one line naming the newest backup, and `build` refuses, so `make run` stops),
or the store is still readable and `summary` and `export` succeed. Never a traceback.
"""

import random
import shutil

import pytest

from ita import cli
from ita.store.check import check_store
from ita.store.edits import Edit, apply_edits
from ita.store.session import list_backups

from conftest import SEED

OFFSETS = 14  # a seeded sample over the file, and the headers: bounded in time (about 2 s each)


@pytest.fixture(scope="module")
def kept_store(seed_store_master, tmp_path_factory):
    """The seed store after one edit, so that a backup is kept beside it."""
    store = tmp_path_factory.mktemp("damage") / "ita.duckdb"
    shutil.copyfile(seed_store_master, store)
    apply_edits(store, [Edit(1, "note", None, "หมายเหตุ")], "test", "a backup")
    return store


def damaged_copy(kept, folder, offset, rng):
    store = folder / "ita.duckdb"
    shutil.copyfile(kept, store)
    shutil.copytree(kept.with_name("ita.duckdb.backups"), folder / "ita.duckdb.backups")
    with open(store, "r+b") as handle:
        handle.seek(offset)
        handle.write(bytes(rng.randrange(256) for _ in range(64)))
    return store


def offsets(size):
    rng = random.Random(2564)
    return [0, 4096 + 100, 8192 + 100, *sorted(rng.sample(range(12288, size - 64), OFFSETS))]


def run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_damage_anywhere_is_found_by_check_or_harmless(kept_store, tmp_path, capsys):
    rng = random.Random(7)
    found = harmless = 0
    for offset in offsets(kept_store.stat().st_size):
        folder = tmp_path / str(offset)
        folder.mkdir()
        store = damaged_copy(kept_store, folder, offset, rng)
        newest = list_backups(store)[0].name
        code, _, err = run(capsys, "check", "--db", store, "--lang", "en")
        assert "Traceback" not in err
        commands = {
            "summary": ["summary", "--json"],
            "export": ["export", "--format", "csv", "-o", folder / "out.csv"],
            "build": ["build"],
            "ingest": ["ingest", SEED],
        }
        if code != 0:
            found += 1
            assert newest in err and "python -m ita restore 1" in err, (offset, err)
            for name, command in commands.items():
                code, _, err = run(capsys, *command, "--db", store, "--lang", "en")
                lines = err.strip().splitlines()
                if name == "build":  # never served damaged: `make run` stops here
                    assert code != 0, (offset, err)
                if code != 0:
                    assert len(lines) == 1 and "damaged or unreadable" in lines[0] and newest in lines[0], (
                        offset, name, err)
        else:
            harmless += 1
            for name in ("summary", "export"):
                code, _, err = run(capsys, *commands[name], "--db", store, "--lang", "en")
                assert code == 0, (offset, name, err)
    print(f"{found} damaged offsets found by check, {harmless} harmless")
    assert found  # the sample did hit the store's blocks


def test_check_finds_a_damaged_index_block_that_no_scan_reads(kept_store, tmp_path, capsys):
    """Every block's checksum, not only the tables' data: DuckDB reads an index (or a header not in
    force) only when a write or a lookup needs it, and before, `check` said OK while `ingest` failed."""
    from ita.store.check import block_problems

    assert block_problems(kept_store) == [] and check_store(kept_store).ok
    size = kept_store.stat().st_size
    rng = random.Random(11)
    for offset in (4096 + 200, 8192 + 200, *rng.sample(range(12288, size - 64), 4)):
        folder = tmp_path / f"b{offset}"
        folder.mkdir()
        store = damaged_copy(kept_store, folder, offset, rng)
        assert block_problems(store), offset

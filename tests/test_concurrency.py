"""Several processes at once: writers serialise, readers never see a lock error or half a report."""

import subprocess
import sys

import duckdb
import pytest

from ita.analytics import metrics
from ita.analytics.filters import Filters
from ita.store.check import check_store
from ita.store.reader import StoreReader

import seed_oracle as oracle
from conftest import REPO, SEED

WRITER = str(REPO / "tests" / "writer_process.py")


def test_a_reader_polling_while_a_writer_imports_200_times(seed_store, seed_v2):
    version_two = seed_v2
    writer = subprocess.Popen([sys.executable, WRITER, "import-loop", str(seed_store), str(version_two), str(SEED),
                               "200"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reader = StoreReader(seed_store)
    reads, errors, seen = 0, [], set()
    while writer.poll() is None:
        try:
            totals = metrics.totals(reader, Filters(years=(2564,)))
            reads += 1
            seen.add(totals["done"])
            if totals["measures"] != oracle.MEASURES or totals["done"] not in (oracle.DONE, oracle.V2_DONE):
                errors.append(f"half a report: {totals}")
        except Exception as error:  # any lock error or missing table is a failure of the design
            errors.append(repr(error))
    out, err = writer.communicate()
    assert writer.returncode == 0, err
    assert out.strip() == "imported 200"
    assert errors == []
    assert reads > 200 and seen == {oracle.DONE, oracle.V2_DONE}  # it really saw both versions
    assert check_store(seed_store).ok


def test_two_editors_saving_at_the_same_time_both_keep_their_changes(seed_store):
    ids = StoreReader(seed_store).query("measures_list", **Filters().params(), limit=None)["measure_id"].tolist()
    first, second = ids[:12], ids[12:24]
    writers = [
        subprocess.Popen([sys.executable, WRITER, "edit-loop", str(seed_store), actor, *map(str, chunk)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for actor, chunk in (("somchai", first), ("malee", second))
    ]
    for writer in writers:
        _out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    with duckdb.connect(str(seed_store), read_only=True) as con:
        notes = dict(con.execute("SELECT measure_id, note FROM measures WHERE note <> ''").fetchall())
        audited = con.execute("SELECT actor, count(*) FROM audit_log WHERE action = 'edit' GROUP BY 1").fetchall()
    assert notes == {**{i: f"somchai {i}" for i in first}, **{i: f"malee {i}" for i in second}}
    assert sorted(audited) == [("malee", 12), ("somchai", 12)]


def test_an_import_from_the_command_line_shows_on_the_next_read(seed_store, seed_v2):
    reader = StoreReader(seed_store)
    assert metrics.totals(reader, Filters())["done"] == oracle.DONE
    subprocess.run([sys.executable, "-m", "ita", "ingest", str(seed_v2), "--db", str(seed_store)],
                   cwd=REPO, check=True, capture_output=True)
    assert metrics.totals(reader, Filters())["done"] == oracle.V2_DONE


def test_a_reader_keeps_an_old_version_while_a_cursor_reads_it_then_lets_it_go(seed_store, seed_v2):
    from ita.store.imports import ingest_paths

    reader = StoreReader(seed_store)

    def attached(cursor) -> set[str]:
        return {row[0] for row in cursor.execute("SELECT database_name FROM duckdb_databases() "
                                                 "WHERE NOT internal AND database_name LIKE 'store_%'").fetchall()}

    def done(cursor) -> int:
        return cursor.execute("SELECT count(*) FROM current_measures WHERE status = 'done'").fetchone()[0]

    with reader.cursor() as old:
        assert done(old) == oracle.DONE
        ingest_paths([seed_v2], seed_store, actor="test")
        with reader.cursor() as new:
            # Both versions are attached in the one database; each cursor reads its own.
            assert len(attached(new)) == 2
            assert done(new) == oracle.V2_DONE and done(old) == oracle.DONE
    with reader.cursor() as latest:
        assert len(attached(latest)) == 1 and done(latest) == oracle.V2_DONE


def _free_slot(reader_module) -> bool:
    if reader_module.QUERY_SLOTS.acquire(blocking=False):
        reader_module.QUERY_SLOTS.release()
        return True
    return False


def test_a_query_that_runs_out_of_memory_beside_others_runs_again_alone(seed_store, monkeypatch):
    from ita.store import reader as reader_module

    real_run, slot_free = reader_module.sql.run, []

    def run(cursor, name, **params):
        slot_free.append(_free_slot(reader_module))
        if len(slot_free) == 1:
            raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block of size 256.0 KiB")
        return real_run(cursor, name, **params)

    monkeypatch.setattr(reader_module.sql, "run", run)
    totals = metrics.totals(StoreReader(seed_store), Filters())
    assert totals["measures"] == oracle.MEASURES
    # The first try left a slot for another query; the second held them all.
    assert slot_free == [True, False]
    assert _free_slot(reader_module)


def test_a_query_out_of_memory_even_alone_fails_and_gives_its_slots_back(seed_store, monkeypatch):
    from ita.store import reader as reader_module

    def run(cursor, name, **params):
        raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block of size 256.0 KiB")

    monkeypatch.setattr(reader_module.sql, "run", run)
    with pytest.raises(duckdb.OutOfMemoryException):
        StoreReader(seed_store).query("store_counts")
    taken = [reader_module.QUERY_SLOTS.acquire(blocking=False) for _ in range(reader_module.QUERY_SLOT_COUNT)]
    for _ in range(sum(taken)):
        reader_module.QUERY_SLOTS.release()
    assert all(taken)


def test_the_reader_makes_a_new_database_after_many_cursors_but_never_under_an_open_one(seed_store, monkeypatch):
    from ita.store import reader as reader_module

    monkeypatch.setattr(reader_module, "RENEW_AFTER", 3)
    reader = StoreReader(seed_store)
    totals = metrics.totals(reader, Filters())
    with reader.cursor() as held:
        database = reader._db
        for _ in range(5):
            assert metrics.totals(reader, Filters()) == totals
        assert reader._db is database  # a cursor stayed open throughout
        assert held.execute("SELECT count(*) FROM measures").fetchone()[0] == oracle.MEASURES
    assert metrics.totals(reader, Filters()) == totals
    assert reader._db is not database

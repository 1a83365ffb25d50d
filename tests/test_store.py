"""The write path: idempotent, replacing, atomic, and migrating."""

import itertools

import duckdb
import pytest

from ita.analytics import metrics
from ita.analytics.filters import Filters
from ita.present.summary import summary as summarise
from ita.store.imports import ingest_paths, prepare, store_prepared
from ita.store.reader import StoreOutdated, StoreReader
from ita.store.reference import directory_from_store, framework_from_store
from ita.store.session import SCHEMA_VERSION, list_backups, write_session

import seed_oracle as oracle
from conftest import SEED


def _counts(store):
    with duckdb.connect(str(store), read_only=True) as con:
        return {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("imports", "measures", "measure_divisions", "import_findings", "audit_log", "organisations")
        }


def _snapshot(store):
    with duckdb.connect(str(store), read_only=True) as con:
        return {
            table: sorted(map(repr, con.execute(f"SELECT * FROM {table}").fetchall()))
            for table in ("imports", "measures", "measure_divisions", "import_findings", "audit_log", "store_meta")
        }


def test_same_file_twice_stores_nothing_new(seed_store):
    before = _snapshot(seed_store)
    results = ingest_paths([SEED], seed_store)
    assert results[0].outcome.state == "unchanged"
    assert _snapshot(seed_store) == before


def test_a_new_file_for_the_same_year_replaces_the_report_and_keeps_history(seed_store, seed_v2):
    result = ingest_paths([seed_v2], seed_store)[0].outcome
    assert result.state == "stored" and result.replaced_import_id == 1
    summary = summarise(StoreReader(seed_store), Filters())
    assert (summary["measures"], summary["done"]) == (oracle.MEASURES, oracle.V2_DONE)
    with duckdb.connect(str(seed_store), read_only=True) as con:
        states = con.execute("SELECT import_id, state, replaced_by FROM imports ORDER BY 1").fetchall()
    assert states == [(1, "superseded", 2), (2, "active", None)]

    # the first version comes back whole, without storing its rows again
    back = ingest_paths([SEED], seed_store)[0].outcome
    assert back.state == "restored" and back.import_id == 1
    assert summarise(StoreReader(seed_store), Filters())["done"] == oracle.DONE
    assert _counts(seed_store)["measures"] == 2 * oracle.MEASURES


def test_a_failure_halfway_leaves_the_store_exactly_as_it_was(seed_store, seed_v2_bytes, tmp_path):
    before = _snapshot(seed_store)
    with pytest.raises(RuntimeError, match="power cut"), write_session(seed_store) as con:
        prepared = prepare("v2.txt", seed_v2_bytes, framework_from_store(con), directory_from_store(con))
        store_prepared(con, [prepared], "test")
        assert con.execute("SELECT count(*) FROM measures").fetchone()[0] == 2 * oracle.MEASURES
        raise RuntimeError("power cut")
    assert _snapshot(seed_store) == before
    assert not list(tmp_path.glob(".*.tmp*"))


def test_every_write_keeps_a_backup(seed_store, tmp_path):
    changed = tmp_path / "v2.txt"
    changed.write_bytes(SEED.read_bytes().replace("ดำเนินการแล้ว".encode(), "แล้วเสร็จ".encode()))
    assert len(list_backups(seed_store)) == 0
    ingest_paths([changed], seed_store)
    assert len(list_backups(seed_store)) == 1


def test_a_refused_file_changes_nothing_and_the_others_are_stored(tmp_path):
    store = tmp_path / "ita.duckdb"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01\x02binary")
    results = ingest_paths([bad, SEED], store)
    assert results[0].refused is not None and "bad.csv" in str(results[0].refused)
    assert results[1].outcome.state == "stored"
    assert _counts(store)["imports"] == 1


def test_store_records_where_each_row_came_from(seed_store):
    with duckdb.connect(str(seed_store), read_only=True) as con:
        row = con.execute(
            "SELECT i.file_name, i.sha256, i.row_count, i.warning_count, m.source_line "
            "FROM measures m JOIN imports i USING (import_id) WHERE m.item_code = 'i20'"
        ).fetchone()
        meta = dict(con.execute("SELECT key, value FROM store_meta").fetchall())
    assert row[0] == "nongchok_2564.txt" and len(row[1]) == 64
    assert row[2:] == (oracle.MEASURES, 1, 7)
    assert int(meta["schema_version"]) == SCHEMA_VERSION


def test_sample_reports_are_marked_as_sample(demo_store):
    with duckdb.connect(str(demo_store), read_only=True) as con:
        flags = dict(con.execute("SELECT fiscal_year, is_sample FROM imports").fetchall())
    # The seed's own year is real; every other year of the demo is sample data written by `ita sample`.
    assert flags[oracle.FISCAL_YEAR] is False
    assert len(flags) > 2 and all(flags[year] for year in flags if year != oracle.FISCAL_YEAR)


def test_demo_years_move_in_both_directions(demo_store):
    reader = StoreReader(demo_store)
    pct = [metrics.totals(reader, Filters(years=(y,)))["completion_pct"] for y in sorted(metrics.fiscal_years(reader))]
    steps = [b - a for a, b in itertools.pairwise(pct)]
    assert any(s > 0 for s in steps) and any(s < 0 for s in steps)


def test_divisions_created_by_an_import_are_known_to_the_next_one(tmp_path):
    store = tmp_path / "ita.duckdb"
    first = tmp_path / "first.txt"
    first.write_bytes(SEED.read_bytes().replace("กองคลัง\t".encode(), "กองใหม่\t".encode()))
    findings = ingest_paths([first], store)[0].outcome.findings
    assert sorted(f.args[0] for f in findings if f.code == "new_division") == ["กองใหม่"]
    again = tmp_path / "again.txt"
    again.write_bytes(first.read_bytes().replace("ดำเนินการแล้ว".encode(), "แล้วเสร็จ".encode(), 1))
    findings = ingest_paths([again], store)[0].outcome.findings
    assert "new_division" not in [f.code for f in findings]


def test_a_store_from_schema_1_is_migrated_whole(seed_store):
    from ita.store.check import check_store
    from ita.store.session import migrate_store

    derived = "SELECT measure_id, division_keys, shared FROM measures ORDER BY 1"
    with duckdb.connect(str(seed_store)) as con:  # make it look as release 1 left it
        expected = sorted(con.execute("SELECT * FROM measure_rollup").fetchall()), con.execute(derived).fetchall()
        for view in ("current_measures", "indicator_names", "division_rollup"):
            con.execute(f"DROP VIEW {view}")
        con.execute("DROP MACRO TABLE division_measures")
        con.execute("DROP MACRO TABLE filtered_measures")
        con.execute("ALTER TABLE measures DROP COLUMN division_keys")
        con.execute("ALTER TABLE measures DROP COLUMN shared")
        con.execute("ALTER TABLE measures DROP COLUMN period_start")  # schema 3
        con.execute("ALTER TABLE measures DROP COLUMN period_end")
        con.execute("DROP TABLE measure_rollup")
        con.execute("CREATE VIEW measure_rollup AS SELECT 1 AS measure_id, 'x' AS division, false AS is_shared")
        con.execute("UPDATE store_meta SET value = '1' WHERE key = 'schema_version'")
        con.execute("DELETE FROM store_meta WHERE key = 'views_sha256'")
    assert migrate_store(seed_store)
    assert check_store(seed_store).ok
    with duckdb.connect(str(seed_store), read_only=True) as con:
        migrated = sorted(con.execute("SELECT * FROM measure_rollup").fetchall()), con.execute(derived).fetchall()
    assert migrated == expected
    assert not migrate_store(seed_store)  # already current: nothing to do


def test_a_store_with_older_views_gets_this_releases_views(seed_store):
    from ita.store.session import migrate_store

    with duckdb.connect(str(seed_store)) as con:  # as a release before division_measures left it
        con.execute("DROP MACRO TABLE division_measures")
        con.execute("UPDATE store_meta SET value = 'older' WHERE key = 'views_sha256'")
    # Refused whole with the command that helps, not one catalog error per query.
    with pytest.raises(StoreOutdated, match="python -m ita build"):
        StoreReader(seed_store).query("by_division", **Filters().params())
    assert migrate_store(seed_store)
    by_division = StoreReader(seed_store).query("by_division", **Filters().params())
    counts = dict(zip(by_division["name"], by_division["measures"], strict=True))
    assert counts["สำนักปลัด"] == oracle.BY_DIVISION["สำนักปลัด"][0]
    assert not migrate_store(seed_store)

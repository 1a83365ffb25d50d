"""Cached results survive writes that cannot have changed them, and never outlive one that did.

Every write records the organisation-years it changed (store_changes); the dashboard's cache
(ita/ui/source.py) keeps a result while no write since touched what it reads. Two agencies here:
the seed's หนองจอก (A) and the same report under another name (B).
"""

from __future__ import annotations

import importlib
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
import streamlit as st

from ita.analytics import metrics
from ita.analytics.filters import Filters
from ita.present import charts
from ita.store import edits
from ita.store.changes import ChangeLog
from ita.store.imports import ingest_paths
from ita.store.reader import StoreReader
from ita.store.session import list_backups, restore_backup, write_session
from ita.ui import components

import seed_oracle as oracle

# ita.ui re-exports the function source(), which hides the module of that name.
cached = importlib.import_module("ita.ui.source")

A, B, YEAR = oracle.ORGANISATION, "เทศบาลตำบลบางพลีทดสอบ", oracle.FISCAL_YEAR


def _as_b(data: bytes) -> bytes:
    return data.replace(A.encode(), B.encode())


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    cached.RESULTS.clear()
    yield
    cached.RESULTS.clear()


@pytest.fixture
def two_agencies(seed_store, seed_bytes, seed_v2_bytes, tmp_path) -> dict[str, Path]:
    """The seed store plus B's report; B's second version (two more measures done) ready to import."""
    b1, b2 = tmp_path / "b_2564.txt", tmp_path / "b_2564_v2.txt"
    b1.write_bytes(_as_b(seed_bytes))
    b2.write_bytes(_as_b(seed_v2_bytes))
    a2 = tmp_path / "a_2564_v2.txt"
    a2.write_bytes(seed_v2_bytes)
    (result,) = ingest_paths([b1], seed_store, actor="test")
    assert result.refused is None
    return {"store": seed_store, "b2": b2, "a2": a2}


@pytest.fixture
def executions(monkeypatch) -> Counter:
    """How often each named query really ran on the store (not answered from the cache)."""
    counts: Counter = Counter()
    original = StoreReader.query

    def counted(self, name, **params):
        counts[(name, tuple(params.get("orgs") or ()))] += 1
        return original(self, name, **params)

    monkeypatch.setattr(StoreReader, "query", counted)
    return counts


def _done(store: Path, org: str) -> int:
    return metrics.totals(cached.CachedSource(store), Filters(orgs=(org,), years=(YEAR,)))["done"]


def _changes(store: Path) -> set[tuple]:
    with duckdb.connect(str(store), read_only=True) as con:
        rows = con.execute("""
            SELECT o.name, c.fiscal_year FROM store_changes c LEFT JOIN organisations o USING (org_id)
            WHERE c.generation = (SELECT max(generation) FROM store_changes)""").fetchall()
    return set(rows)


def test_a_write_records_the_organisation_years_it_changed(two_agencies, seed_v2_bytes):
    store = two_agencies["store"]
    # B was new: its organisation row (every year of it) and its one year.
    assert _changes(store) == {(B, None), (B, YEAR)}
    ingest_paths([two_agencies["b2"]], store, actor="test")
    assert _changes(store) == {(B, YEAR)}
    ingest_paths([two_agencies["a2"]], store, actor="test")
    assert _changes(store) == {(A, YEAR)}


def test_an_import_of_one_agency_keeps_the_other_agencys_cached_results(two_agencies, executions):
    store = two_agencies["store"]
    assert _done(store, A) == oracle.DONE and _done(store, B) == oracle.DONE
    assert executions[("summary_totals", (A,))] == 1
    ingest_paths([two_agencies["b2"]], store, actor="test")
    assert _done(store, A) == oracle.DONE
    assert executions[("summary_totals", (A,))] == 1  # reused: B's import cannot have changed it
    assert _done(store, B) == oracle.V2_DONE  # never stale for the organisation-year written
    assert executions[("summary_totals", (B,))] == 2


def test_results_over_every_organisation_are_computed_again_after_any_write(two_agencies, executions):
    store = two_agencies["store"]
    everyone = Filters(years=(YEAR,))
    assert metrics.totals(cached.CachedSource(store), everyone)["done"] == 2 * oracle.DONE
    ingest_paths([two_agencies["b2"]], store, actor="test")
    assert metrics.totals(cached.CachedSource(store), everyone)["done"] == oracle.DONE + oracle.V2_DONE
    assert executions[("summary_totals", ())] == 2


def test_an_other_year_of_the_same_agency_stays_cached(two_agencies, executions):
    store = two_agencies["store"]
    src = cached.CachedSource(store)
    other_year = Filters(orgs=(B,), years=(YEAR + 1,))  # no report: nothing written there
    assert metrics.totals(src, other_year)["measures"] == 0
    ingest_paths([two_agencies["b2"]], store, actor="test")
    assert metrics.totals(cached.CachedSource(store), other_year)["measures"] == 0
    assert executions[("summary_totals", (B,))] == 1
    # Without a year the result covers B's 2564 too, so it is computed again.
    assert metrics.totals(cached.CachedSource(store), Filters(orgs=(B,)))["done"] == oracle.V2_DONE


def test_an_edit_changes_only_its_agencys_results(two_agencies, executions):
    store = two_agencies["store"]
    assert _done(store, A) == oracle.DONE and _done(store, B) == oracle.DONE
    listed = metrics.measures(StoreReader(store), Filters(orgs=(B,), statuses=("in_progress",)))
    measure_id = int(listed["measure_id"].iloc[0])
    edits.apply_edits(store, [edits.Edit(measure_id, "status", "in_progress", "done")], "test", "checked")
    assert _changes(store) == {(B, YEAR)}
    assert _done(store, A) == oracle.DONE
    assert executions[("summary_totals", (A,))] == 1
    assert _done(store, B) == oracle.DONE + 1


def test_a_change_to_shared_reference_data_empties_every_result(two_agencies, executions):
    store = two_agencies["store"]
    assert _done(store, A) == oracle.DONE
    with write_session(store) as con:
        con.execute("INSERT INTO indicator_aliases VALUES ('ชื่อที่เขียนไว้ทดสอบ', 'การเปิดเผยข้อมูล')")
    assert _changes(store) == {(None, None)}
    assert _done(store, A) == oracle.DONE
    assert executions[("summary_totals", (A,))] == 2


def test_an_unattributed_audit_row_empties_every_result(two_agencies, executions):
    store = two_agencies["store"]
    findings = metrics.warnings(StoreReader(store), Filters(orgs=(A,)))
    if findings.empty:
        pytest.skip("the seed raises no warning to acknowledge")
    assert _done(store, A) == oracle.DONE
    edits.acknowledge_finding(store, int(findings["finding_id"].iloc[0]), "test", "really new")
    assert _changes(store) == {(None, None)}
    assert _done(store, A) == oracle.DONE
    assert executions[("summary_totals", (A,))] == 2


def test_a_restored_backup_is_never_served_from_results_of_the_newer_store(two_agencies):
    store = two_agencies["store"]
    ingest_paths([two_agencies["a2"]], store, actor="test")
    assert _done(store, A) == oracle.V2_DONE
    before_a2 = list_backups(store)[0]  # the store as it was before A's second version
    restore_backup(store, before_a2)
    assert _done(store, A) == oracle.DONE
    # A write after the restore reaches a generation number the replaced store had: a new token.
    ingest_paths([two_agencies["b2"]], store, actor="test")
    assert _done(store, A) == oracle.DONE and _done(store, B) == oracle.V2_DONE


def _log(rows: list[tuple], current: tuple[int, str]) -> ChangeLog:
    frame = pd.DataFrame(
        [(g, w, o, y, o is None, False) for g, w, o, y in rows] + [(*current, None, None, None, True)],
        columns=["generation", "write_id", "org_name", "fiscal_year", "everything", "is_current"])
    return ChangeLog.from_frame(frame, "file")


def test_tokens_follow_the_newest_write_that_touched_the_scope():
    log = _log([(3, "c", None, None), (4, "d", "A", 2564), (5, "e", "B", 2565), (6, "f", "B", None)], (6, "f"))
    assert log.token(["A"], [2564]) == (4, "d")
    assert log.token(["A"], [2565]) == (3, "c")  # the last write that changed everything
    assert log.token(["A"], []) == (4, "d")
    assert log.token(["B"], [2564]) == (6, "f")  # B's every year changed at 6
    assert log.token(["A", "B"], [2564]) == (6, "f")
    assert log.token([], [2564]) == (6, "f")  # some organisation's every year changed at 6
    assert log.token([], []) == (6, "f")


def test_writes_older_than_the_log_count_as_everything_at_the_oldest_kept():
    log = _log([(10, "j", "A", 2564), (11, "k", "B", 2564)], (11, "k"))
    assert log.token(["C"], [2564]) == (10, "j")
    assert log.token(["A"], [2564]) == (10, "j")
    assert log.token(["B"], [2564]) == (11, "k")


def test_a_store_without_a_write_id_shares_no_token_with_another_file():
    frame = pd.DataFrame([(None, None, None, None, None, True)],
                         columns=["generation", "write_id", "org_name", "fiscal_year", "everything", "is_current"])
    assert ChangeLog.from_frame(frame, "1-2").token(["A"], [2564]) == (0, "unknown:1-2")


def test_queries_name_the_scope_they_read():
    assert cached.read_scope("summary_totals", {"orgs": ["A"], "years": [2564]}) == (("A",), (2564,))
    assert cached.read_scope("org_ranking", {"orgs": [], "years": [2565], "previous_year": 2564}) == ((), (2565, 2564))
    assert cached.read_scope("status_changes", {"orgs": ["A"], "year_from": 2564, "year_to": 2565}) == (
        ("A",), (2564, 2565))
    assert cached.read_scope("fiscal_years", {"orgs": ["A"]}) == (("A",), ())
    assert cached.read_scope("organisation_list", {"provinces": [], "org_types": []}) is None


def test_values_derived_from_a_result_are_built_once_and_again_after_a_write_that_changed_it(two_agencies):
    store = two_agencies["store"]
    built = []

    def names(frame: pd.DataFrame) -> list[str]:
        built.append(len(frame))
        return sorted(frame["name"])

    def derive() -> list[str]:
        return cached.CachedSource(store).derived("test", "organisation_list", names, provinces=[], org_types=[])

    assert derive() == sorted([A, B]) and derive() == sorted([A, B])
    assert built == [2]
    c = two_agencies["b2"].with_name("c_2564.txt")
    c.write_bytes(two_agencies["b2"].read_bytes().replace(B.encode(), "เทศบาลตำบลที่สามทดสอบ".encode()))
    ingest_paths([c], store, actor="test")
    assert derive() == sorted([A, B, "เทศบาลตำบลที่สามทดสอบ"])
    assert built == [2, 3]


def test_rows_added_without_an_audit_row_are_attributed_to_their_own_organisation_year(two_agencies):
    store = two_agencies["store"]
    with write_session(store) as con:
        a_import, a_org = con.execute("SELECT import_id, org_id FROM imports i JOIN organisations o USING (org_id) "
                                      "WHERE o.name = ?", [A]).fetchone()
        b_org = con.execute("SELECT org_id FROM organisations WHERE name = ?", [B]).fetchone()[0]
        # An audited change of A, and an import row for B's next year that a careless writer left unaudited.
        con.execute("INSERT INTO audit_log (audit_id, changed_at, actor, action, import_id) "
                    "SELECT max(audit_id) + 1, now()::TIMESTAMP, 'test', 'remove_import', ? FROM audit_log", [a_import])
        con.execute("INSERT INTO imports SELECT import_id + 100, ?, fiscal_year + 1, file_name, sha256, source_kind, "
                    "imported_at, imported_by, row_count, warning_count, is_sample, state, replaced_by "
                    "FROM imports WHERE import_id = ?", [b_org, a_import])
    assert a_org != b_org
    assert _changes(store) == {(A, YEAR), (B, YEAR + 1)}


def test_a_tracked_value_is_kept_until_a_write_changes_a_result_it_read(two_agencies):
    """`CachedSource.tracked`: built once per purpose, reused while its queries' results are current,
    built again (never stale) after a write to what it read, kept after a write elsewhere."""
    store = two_agencies["store"]
    built = []

    def done_of(org: str) -> int:
        def build(queries: metrics.Queries) -> int:
            built.append(org)
            return metrics.totals(queries, Filters(orgs=(org,), years=(YEAR,)))["done"]
        return cached.CachedSource(store).tracked(("done", org), build)

    assert done_of(A) == done_of(A) == oracle.DONE and done_of(B) == oracle.DONE
    assert built == [A, B]
    ingest_paths([two_agencies["b2"]], store, actor="test")
    assert done_of(A) == oracle.DONE  # B's import cannot have changed A's count
    assert done_of(B) == oracle.V2_DONE  # never stale for the organisation-year written
    assert built == [A, B, B]


def test_a_value_kept_per_version_is_built_again_after_any_write(two_agencies):
    store = two_agencies["store"]
    built = []

    def read() -> int:
        def count(cursor: duckdb.DuckDBPyConnection) -> int:
            built.append(1)
            return cursor.execute("SELECT count(*) FROM organisations").fetchone()[0]
        return cached.CachedSource(store).read("organisations", count)

    assert read() == read() == 2 and len(built) == 1
    ingest_paths([two_agencies["b2"]], store, actor="test")
    assert read() == 2 and len(built) == 2


def test_the_result_cache_drops_the_least_recently_used_past_its_bytes():
    """A result is kept while the frames' bytes fit; past them the least recently used go first,
    and a result computed again replaces its old bytes instead of adding to them."""
    frame = pd.DataFrame({"n": range(1000)}, dtype="int64")  # 8,000 bytes
    results = cached.ResultCache(max_entries=100, max_bytes=3 * 8000)
    for key in "abc":
        results.get((key,), 1, lambda: frame.copy())
    assert results.kept_bytes == 3 * 8000 and len(results) == 3
    results.get(("a",), 1, pytest.fail)  # a hit, now the most recently used
    results.get(("a",), 2, lambda: frame.copy())  # a new token: replaced, not added
    assert results.kept_bytes == 3 * 8000 and len(results) == 3
    results.get(("d",), 1, lambda: frame.copy())
    assert len(results) == 3 and results.kept_bytes == 3 * 8000
    computed = []
    results.get(("b",), 1, lambda: computed.append("b") or frame.copy())  # b was the oldest: dropped
    results.get(("a",), 2, pytest.fail)
    assert computed == ["b"]
    small = cached.ResultCache(max_entries=100, max_bytes=100)
    small.get(("big",), 1, lambda: frame.copy())  # larger than the bound alone: still kept, the newest
    assert len(small) == 1
    small.clear()
    assert small.kept_bytes == 0


def test_the_bytes_bound_counts_what_kept_views_hold():
    """A view kept for every session (`CachedSource.tracked`) counts its tables, frames and charts,
    each object once, so that views cannot grow outside the bound."""
    frame = pd.DataFrame({"n": range(1000)}, dtype="int64")  # 8,000 bytes
    table = pa.table({"n": pa.array(range(1000), pa.int64())})  # 8,000 bytes
    chart = components.drawable(charts._figure([{"type": "bar", "x": [1], "y": ["ก"]}], height=100))
    view = ((), {"rows": frame, "again": frame, "table": table, "title": "ก" * 10})
    assert cached._size(view) == 8000 + 8000 + len("ก" * 10) + sum(len(k) for k in ("rows", "again", "table", "title"))
    assert cached._size(chart) >= len("ก")  # its dict: the label and the rest
    results = cached.ResultCache(max_entries=100, max_bytes=20_000)
    results.put(("first",), view)
    assert results.kept_bytes == cached._size(view)
    results.put(("second",), ((), {"table": table, "rows": frame.copy()}))
    assert results.peek(("first",)) is None and len(results) == 1  # past the bound: the older view went

"""The summaries read measure_counts, groups the writer keeps, instead of the measures: they must
give what counting the measures gives, for every filter, after every kind of write.

The oracle is each question as it was written before measure_counts existed: count(*) over
filtered_measures / division_measures (queries/schema/views.sql), which the lists of measures
still read. A store of several synthetic agencies in several provinces, types and years, with
sections, shared measures and measures naming two divisions, is asked under random filters.
"""

from __future__ import annotations

import random
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ita.analytics.filters import Filters
from ita.store import edits, sql
from ita.store.bulk import bulk_import
from ita.store.check import check_store
from ita.store.imports import ingest_paths
from ita.store.reader import StoreReader
from synth.national import national_reports

FILTERS = "$orgs, $years, $divisions, $include_shared, $indicators, $tools, $statuses, $provinces, $org_types"
MEASURES = f"filtered_measures({FILTERS})"
DIVISIONS = f"division_measures({FILTERS})"
COUNTS = """count(*) AS measures,
       count(*) FILTER (WHERE status = 'done') AS done,
       count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
       count(*) FILTER (WHERE status = 'not_started') AS not_started,
       count(*) FILTER (WHERE status = 'unknown') AS unknown,
       round(100.0 * count(*) FILTER (WHERE status = 'done') / nullif(count(*), 0), 1) AS completion_pct"""
SHORT = """count(*) AS measures, count(*) FILTER (WHERE status = 'done') AS done,
       round(100.0 * count(*) FILTER (WHERE status = 'done') / count(*), 1) AS completion_pct"""
NAME_EN = "coalesce(any_value(fi.name_en), m.indicator) AS name_en"
ORACLES = {
    "summary_totals": f"""SELECT {COUNTS},
       count(*) FILTER (WHERE is_overdue(status, period_end, $as_of)) AS overdue FROM {MEASURES}""",
    "by_division": f"""SELECT division AS name, is_shared, {COUNTS} FROM {DIVISIONS}
        GROUP BY ALL ORDER BY measures DESC, name""",
    "by_indicator": f"""SELECT m.tool, m.indicator_no, m.indicator AS name, {NAME_EN}, {COUNTS}
        FROM {MEASURES} m LEFT JOIN indicator_names fi ON fi.name_th = m.indicator
        GROUP BY m.tool, m.indicator_no, m.indicator ORDER BY m.indicator_no NULLS LAST, m.indicator""",
    "by_year": f"""SELECT fiscal_year::INTEGER AS fiscal_year, bool_or(is_sample) AS is_sample, {COUNTS}
        FROM {MEASURES} GROUP BY fiscal_year ORDER BY fiscal_year""",
    "by_division_year": f"""SELECT division AS name, is_shared, fiscal_year::INTEGER AS fiscal_year, {SHORT}
        FROM {DIVISIONS} GROUP BY ALL ORDER BY name, fiscal_year""",
    "by_indicator_year": f"""SELECT m.tool, m.indicator_no, m.indicator AS name, {NAME_EN},
        m.fiscal_year::INTEGER AS fiscal_year, {SHORT}
        FROM {MEASURES} m LEFT JOIN indicator_names fi ON fi.name_th = m.indicator
        GROUP BY m.tool, m.indicator_no, m.indicator, m.fiscal_year
        ORDER BY m.indicator_no NULLS LAST, m.indicator, m.fiscal_year""",
    "indicator_division_grid": f"""SELECT indicator_no, indicator, division, is_shared, {SHORT}
        FROM {DIVISIONS} GROUP BY ALL ORDER BY indicator_no NULLS LAST, division""",
    "data_as_of": f"""SELECT max(i.imported_at) AS imported_at, max(m.updated_at) AS edited_at,
        coalesce(bool_or(i.is_sample), false) AS has_sample,
        list_sort(list_distinct(list(m.fiscal_year::INTEGER) FILTER (WHERE i.is_sample))) AS sample_years
        FROM {MEASURES} m JOIN imports i ON i.import_id = m.import_id""",
    "division_list": """SELECT r.division AS name, r.is_shared, count(*) AS measures
        FROM current_measures m JOIN measure_rollup r USING (measure_id)
        WHERE len($orgs::VARCHAR[]) = 0 OR list_contains($orgs::VARCHAR[], m.org_name)
        GROUP BY ALL ORDER BY r.is_shared, measures DESC, name""",
    "indicator_list": """SELECT m.tool, m.indicator_no, m.indicator AS name,
        coalesce(any_value(fi.name_en), m.indicator) AS name_en
        FROM current_measures m LEFT JOIN indicator_names fi ON fi.name_th = m.indicator
        WHERE len($orgs::VARCHAR[]) = 0 OR list_contains($orgs::VARCHAR[], m.org_name)
        GROUP BY m.tool, m.indicator_no, m.indicator ORDER BY m.indicator_no NULLS LAST, name""",
}
# Rows the oracle may return in any order among equal sort keys.
TIES = {"by_division": ["measures", "name", "is_shared"], "division_list": ["is_shared", "measures", "name"]}


def _oracle(cursor: duckdb.DuckDBPyConnection, name: str, params: dict) -> pd.DataFrame:
    text = ORACLES[name]
    wanted = set(sql._PARAM.findall(text))
    return cursor.execute(text, {k: v for k, v in params.items() if k in wanted}).df()


def _same(name: str, got: pd.DataFrame, want: pd.DataFrame) -> None:
    if name in TIES:
        got = got.sort_values(TIES[name], kind="stable").reset_index(drop=True)
        want = want.sort_values(TIES[name], kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False, obj=name)


@pytest.fixture(scope="module")
def several_places(framework, tmp_path_factory) -> Path:
    """Synthetic agencies (several provinces and types) over three years, plus the seed."""
    from ita.paths import DATA_DIR

    store = tmp_path_factory.mktemp("counts") / "ita.duckdb"
    result = bulk_import(list(national_reports(30, 3, framework, seed=7)), store, workers=1)
    assert result.progress.refused == 0
    assert all(r.refused is None for r in ingest_paths([DATA_DIR / "reports" / "nongchok_2564.txt"], store))
    # Measures that name no division: their responsible cell cleared by an editor.
    con = duckdb.connect(str(store), read_only=True)
    cleared = con.execute("SELECT measure_id, responsible_text FROM current_measures WHERE len(division_keys) > 0 "
                          "ORDER BY hash(measure_id) LIMIT 5").fetchall()
    con.close()
    edits.apply_edits(store, [edits.Edit(m, "responsible_text", text, None) for m, text in cleared], "test", "unknown")
    return store


@pytest.fixture
def store(several_places, tmp_path) -> Path:
    path = tmp_path / "ita.duckdb"
    shutil.copyfile(several_places, path)
    return path


def _values(cursor: duckdb.DuckDBPyConnection) -> dict[str, list]:
    def column(query: str) -> list:
        return [row[0] for row in cursor.execute(query).fetchall()]

    return {
        "orgs": column("SELECT DISTINCT org_name FROM current_measures ORDER BY 1"),
        "years": column("SELECT DISTINCT fiscal_year::INTEGER FROM current_measures ORDER BY 1"),
        "divisions": column("SELECT DISTINCT unnest(division_keys) FROM measures ORDER BY 1"),
        "indicators": column("SELECT DISTINCT indicator FROM measures WHERE indicator IS NOT NULL ORDER BY 1"),
        "tools": column("SELECT DISTINCT tool FROM measures WHERE tool IS NOT NULL ORDER BY 1"),
        "statuses": ["done", "in_progress", "not_started", "unknown"],
        "provinces": column("SELECT DISTINCT province FROM organisations WHERE province IS NOT NULL ORDER BY 1"),
        "org_types": column("SELECT DISTINCT org_type FROM organisations WHERE org_type IS NOT NULL ORDER BY 1"),
    }


def _random_filters(rng: random.Random, values: dict[str, list]) -> Filters:
    def some(key: str, empty_share: float = 0.5) -> tuple:
        if rng.random() < empty_share or not values[key]:
            return ()
        return tuple(rng.sample(values[key], rng.randint(1, min(3, len(values[key])))))

    return Filters(orgs=some("orgs", 0.7), years=some("years", 0.3), divisions=some("divisions"),
                   include_shared=rng.random() < 0.5, indicators=some("indicators", 0.7), tools=some("tools", 0.7),
                   statuses=some("statuses", 0.6), provinces=some("provinces", 0.7),
                   org_types=some("org_types", 0.7))


def test_the_store_has_what_the_comparison_needs(several_places):
    """Several provinces and types, sections, shared measures and measures naming two divisions:
    otherwise the comparison below would not try what can differ."""
    con = duckdb.connect(str(several_places), read_only=True)
    values = _values(con)
    assert len(values["provinces"]) >= 3 and len(values["org_types"]) >= 2 and len(values["years"]) >= 3
    assert con.execute("SELECT count(*) FROM measures WHERE shared").fetchone()[0] > 0
    assert con.execute("SELECT count(*) FROM (SELECT measure_id FROM measure_rollup GROUP BY 1 "
                       "HAVING count(*) > 1)").fetchone()[0] > 0
    assert con.execute("SELECT count(*) FROM divisions WHERE parent_id IS NOT NULL").fetchone()[0] > 0
    assert con.execute("SELECT count(*) FROM measures WHERE len(division_keys) = 0").fetchone()[0] > 0


def test_every_summary_counts_what_the_measures_give_under_random_filters(several_places):
    reader = StoreReader(several_places)
    rng = random.Random(12)
    with reader.cursor() as cursor:
        values = _values(cursor)
        for _ in range(60):
            filters = _random_filters(rng, values)
            params = {**filters.params(), "as_of": date(2567, 1, 1) if rng.random() < 0.1 else date(2025, 6, 1)}
            for name in ORACLES:
                _same(name, sql.run(cursor, name, **params), _oracle(cursor, name, params))


def test_the_all_organisations_shortcut_reads_what_filtered_counts_reads(several_places):
    """Without organisations, `sql.run` reads the questions with all_org_counts in place of
    filtered_counts (cheaper to plan); the file's own text must give the same rows."""
    reader = StoreReader(several_places)
    rng = random.Random(5)
    names = [name for name in sql.names() if "filtered_counts(" in sql.load(name)[0]]
    assert {"summary_totals", "by_indicator", "data_as_of"} <= set(names)
    with reader.cursor() as cursor:
        values = _values(cursor)
        for _ in range(20):
            filters = _random_filters(rng, values).with_(orgs=())
            params = {**filters.params(), "as_of": date(2025, 6, 1), "previous_year": None}
            for name in names:
                text, wanted = sql.load(name)
                swapped, _ = sql.bind(name, params)
                assert "all_org_counts(" in swapped and "filtered_counts(" not in swapped
                _same(name, sql.run(cursor, name, **params),
                      cursor.execute(text, {k: params[k] for k in wanted}).df())


def test_naming_every_organisation_gives_what_naming_none_gives(several_places):
    """With organisations chosen the counts come from the measures, without from the groups."""
    reader = StoreReader(several_places)
    with reader.cursor() as cursor:
        values = _values(cursor)
        for extra in ({}, {"years": (values["years"][-1],)}, {"divisions": tuple(values["divisions"][:2])}):
            everyone = Filters(**extra)
            named = everyone.with_(orgs=values["orgs"])
            for name in ("summary_totals", "by_division", "by_indicator_year", "indicator_division_grid"):
                params = {"as_of": date(2025, 6, 1)}
                _same(name, sql.run(cursor, name, **named.params(), **params),
                      sql.run(cursor, name, **everyone.params(), **params))


def _counts_whole(store: Path) -> None:
    check = check_store(store)
    assert check.ok, check.problems


def test_every_kind_of_write_keeps_the_counts_whole(store, seed_v2_bytes, tmp_path, framework):
    _counts_whole(store)
    # A new version of one report: its organisation-year is counted again.
    newer = tmp_path / "nongchok_2564_v2.txt"
    newer.write_bytes(seed_v2_bytes)
    assert ingest_paths([newer], store)[0].refused is None
    _counts_whole(store)
    con = duckdb.connect(str(store), read_only=True)
    measure_id, status = con.execute(
        "SELECT measure_id, status FROM current_measures WHERE status <> 'done' ORDER BY measure_id LIMIT 1").fetchone()
    other_id, text = con.execute(
        "SELECT measure_id, responsible_text FROM current_measures WHERE len(division_keys) > 0 "
        "ORDER BY measure_id DESC LIMIT 1").fetchone()
    import_id = con.execute(
        "SELECT import_id FROM imports WHERE state = 'active' ORDER BY import_id LIMIT 1").fetchone()[0]
    con.close()
    # A status and a responsible division corrected.
    edits.apply_edits(store, [edits.Edit(measure_id, "status", status, "done"),
                              edits.Edit(other_id, "responsible_text", text, "กองช่าง")], "test", "checked")
    _counts_whole(store)
    # A report removed, then restored.
    edits.set_import_active(store, import_id, False, "test", "wrong file")
    _counts_whole(store)
    edits.set_import_active(store, import_id, True, "test", "right file after all")
    _counts_whole(store)
    # A new organisation, first without a province, then placed by a later report's title.
    text = (Path(__file__).resolve().parent.parent / "data" / "reports" / "nongchok_2564.txt").read_text("utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text(text.replace("ของเทศบาลตำบลหนองจอก ประจำปี", "ของเทศบาลตำบลบ้านใหม่ ประจำปี"), "utf-8")
    assert ingest_paths([plain], store)[0].refused is None
    _counts_whole(store)
    placed = tmp_path / "placed.txt"
    placed.write_text(text.replace("ของเทศบาลตำบลหนองจอก ประจำปี", "ของเทศบาลตำบลบ้านใหม่ อำเภอเมือง จังหวัดแพร่ ประจำปี")
                      .replace("๒๕๖๔", "๒๕๖๕"), "utf-8")
    assert ingest_paths([placed], store)[0].refused is None
    con = duckdb.connect(str(store), read_only=True)
    assert con.execute("SELECT province FROM organisations WHERE name = 'เทศบาลตำบลบ้านใหม่'").fetchone() == ("แพร่",)
    # Its first year, stored before it had a place, now counts under แพร่ too.
    counted = con.execute("SELECT sum(measures) FROM measure_counts WHERE province = 'แพร่' AND kind = 'measure' "
                          "AND fiscal_year = 2564").fetchone()[0]
    own = con.execute("SELECT count(*) FROM current_measures WHERE org_name = 'เทศบาลตำบลบ้านใหม่' "
                      "AND fiscal_year = 2564").fetchone()[0]
    assert counted >= own > 0
    con.close()
    _counts_whole(store)


def test_the_check_finds_counts_that_differ(store):
    """The store check compares the groups with the measures: a group changed behind the writer's back is found."""
    con = duckdb.connect(str(store))
    con.execute("UPDATE measure_counts SET measures = measures + 1 "
                "WHERE rowid = (SELECT min(rowid) FROM measure_counts)")
    con.close()
    check = check_store(store)
    assert any("measure_counts" in problem for problem in check.problems), check.problems

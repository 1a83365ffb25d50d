"""Every .sql file in queries/ runs against a small fixture store and returns its documented columns."""

import re
from datetime import date

import pandas as pd
import pytest

from ita.analytics.filters import Filters
from ita.store import sql
from ita.store.reader import StoreReader

import seed_oracle as oracle

DEFAULTS = dict(Filters().params(), year_from=oracle.FISCAL_YEAR, year_to=oracle.FISCAL_YEAR + 1, measure_id=1,
                org_name=oracle.ORGANISATION, previous_year=oracle.FISCAL_YEAR, limit=100, import_id=1, per_division=3,
                as_of=date(2025, 1, 1), several_years=True, org_ids=[1], days=1100, pass_line=85.0)


def _documented_columns(name):
    text, _ = sql.load(name)
    match = re.search(r"-- Columns: (.*?)(?:\n(?!--\s{2,})|\n--\s*$)", text, re.S)
    assert match, f"{name}.sql has no '-- Columns:' header"
    columns = re.sub(r"\n--\s+", " ", match.group(1))
    return [c.strip().split(" ")[0] for c in re.sub(r"\([^)]*\)", "", columns).rstrip(".").split(",")]


@pytest.mark.parametrize("name", sql.names())
def test_query_runs_and_returns_its_documented_columns(name, demo_store):
    if name.startswith("scores_"):  # the demo's reports come without ITA scores: a year of them
        from ita.analytics.ratings import rules
        from ita.store.scores import import_scores

        import_scores(demo_store, "s.csv", f"organisation,year,total,indicator_9\n{oracle.ORGANISATION},2564,86,70\n"
                      .encode(), rules())
    frame = StoreReader(demo_store).query(name, **DEFAULTS)
    assert list(frame.columns) == _documented_columns(name)
    assert len(frame) > 0, f"{name} returned nothing on the demo store"


def test_every_query_has_a_header_comment():
    for name in sql.names():
        text, _ = sql.load(name)
        assert text.startswith("--"), name


def test_user_values_reach_sql_only_as_parameters(seed_store):
    hostile = "x'; DROP TABLE measures; --"
    reader = StoreReader(seed_store)
    frame = reader.query("measures_list", **Filters(orgs=(hostile,), divisions=(hostile,)).params(), limit=None)
    assert frame.empty
    assert len(reader.query("measures_list", **Filters().params(), limit=None)) == oracle.MEASURES


def test_latest_measures_rows_hold_the_groups_it_counts(demo_store):
    reader, params = StoreReader(demo_store), dict(Filters(years=(2564, 2566)).params(), as_of=DEFAULTS["as_of"],
                                                   several_years=True)
    every = reader.query("latest_measures", **params, per_division=None)
    groups, rows = every[every["part"] == "division"], every[every["part"] == "measure"]
    expected = {(r.division, r.is_shared): r.measures for r in groups.itertuples()}
    assert rows.groupby(["division", "is_shared"]).size().to_dict() == expected
    # each measure once: one row per measure and division, whatever the years
    assert not rows.duplicated(["measure_id", "division", "is_shared"]).any()
    (total,) = every.loc[every["part"] == "total", "measures"]
    assert total == rows["measure_id"].nunique()
    capped = reader.query("latest_measures", **params, per_division=2)
    capped_rows = capped[capped["part"] == "measure"]
    assert capped_rows.groupby(["division", "is_shared"]).size().to_dict() == {
        k: min(v, 2) for k, v in expected.items()}
    # the counts do not depend on how many rows are listed
    summary = ["part", "division", "is_shared", "measures", "done", "overdue"]
    pd.testing.assert_frame_equal(capped.loc[capped["part"] != "measure", summary],
                                  every.loc[every["part"] != "measure", summary])


def test_a_question_in_steps_answers_and_leaves_no_temp_table_behind(demo_store):
    """latest_measures keeps its steps in TEMP tables of the connection: the answer is the SELECT's
    rows, and a connection that asks again (the writer's, a test's) finds none left over."""
    steps = sql.steps("latest_measures", DEFAULTS)
    assert [step.is_answer for step in steps].count(True) == 1 and len(steps) > 2
    with StoreReader(demo_store).cursor() as cursor:
        first = sql.run(cursor, "latest_measures", **DEFAULTS)
        assert cursor.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone() == (0,)
        again = sql.run(cursor, "latest_measures", **DEFAULTS)
    assert set(first["part"]) == {"total", "division", "measure"}
    pd.testing.assert_frame_equal(first, again)

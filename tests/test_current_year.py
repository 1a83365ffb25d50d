"""The year under way has no framework yet (2570: data/reference/ita_framework.csv stops at 2569), so
its OIT rows, which name a topic and no code, get no item code, while the same rows of a framework
year were given theirs by the framework. Such measures are followed across years by what both years
know (the indicator and the text), and marked as matched that way, by the compare page and the
open-items rule alike.

The store holds the seed report (2564) and the same report re-labelled as 2570 (every ๒๕๖๔ written
๒๕๗๐, as conftest builds the next year's report): identical measures, so nothing changed.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from test_pages import app

from ita.analytics import views
from ita.analytics.filters import Filters
from ita.present import labels
from ita.store.imports import ingest_paths
from ita.store.reader import StoreReader

import seed_oracle as oracle
from conftest import SAMPLES, SEED

CURRENT = 2570
OIT_ROWS = 11  # the seed's OIT rows: codes the 2564 framework gave from their topics
AS_OF = date(2026, 12, 8)  # within fiscal year 2570: the 2570 rows are open, not overdue


@pytest.fixture(scope="module")
def current_year_master(tmp_path_factory, seed_bytes) -> Path:
    folder = tmp_path_factory.mktemp("current_year")
    current = folder / "nongchok_2570.txt"
    current.write_bytes(seed_bytes.replace("๒๕๖๔".encode(), "๒๕๗๐".encode()))
    store = folder / "ita.duckdb"
    results = ingest_paths([SEED, current], store, actor="test")
    assert all(r.refused is None for r in results), [str(r.refused) for r in results]
    return store


@pytest.fixture
def current_year_store(current_year_master, tmp_path) -> Path:
    path = tmp_path / "ita.duckdb"
    shutil.copyfile(current_year_master, path)
    return path


def test_the_current_year_has_no_framework_and_its_oit_rows_no_code(current_year_store):
    """What the rest of this file relies on: the 2570 OIT rows carry no code, the 2564 ones the
    framework's."""
    with StoreReader(current_year_store).cursor() as cursor:
        framework_years = {y for (y,) in cursor.execute("SELECT DISTINCT fiscal_year FROM framework_items").fetchall()}
        codes = dict(cursor.execute("SELECT fiscal_year, count(item_code) FROM measures WHERE tool = 'OIT' "
                                    "GROUP BY ALL").fetchall())
    assert CURRENT not in framework_years and oracle.FISCAL_YEAR in framework_years
    assert codes == {oracle.FISCAL_YEAR: OIT_ROWS, CURRENT: 0}


def test_the_current_year_compared_with_2564_is_26_unchanged_measures(current_year_store):
    reader = StoreReader(current_year_store)
    view = views.compare_years(reader, Filters())
    assert view.years == [oracle.FISCAL_YEAR, CURRENT]
    changes = views.compare_changes(reader, view)
    assert (changes.year_from, changes.year_to) == (oracle.FISCAL_YEAR, CURRENT)
    assert changes.counts == {"status_changed": 0, "renumbered": 0, "appeared": 0, "disappeared": 0,
                              "unchanged": oracle.MEASURES}
    assert changes.changed.empty
    # Marked as matched that way: the OIT rows by their indicator and text, the others by their code.
    by = changes.rows.groupby("matched_by").size().to_dict()
    assert by == {"text": OIT_ROWS, "item": oracle.MEASURES - OIT_ROWS}
    assert set(changes.rows.loc[changes.rows["matched_by"] == "text", "item_code_to"].dropna()) == set()


def test_the_status_change_query_finds_no_new_and_no_gone_measure(current_year_store):
    rows = StoreReader(current_year_store).query("status_changes", **Filters().params(), year_from=oracle.FISCAL_YEAR,
                                                 year_to=CURRENT)
    assert not rows["change"].isin(["appeared", "disappeared", "status_changed", "renumbered"]).any()
    assert rows["measure_id_from"].notna().sum() == rows["measure_id_to"].notna().sum() == oracle.MEASURES


def test_the_compare_page_counts_the_unchanged_measures(current_year_store):
    at = app(current_year_store, "pages/compare_years.py", **{"from": str(oracle.FISCAL_YEAR), "to": str(CURRENT)})
    counts = next(c.value for c in at.caption if labels.t("change_appeared", "th") in c.value)
    expected = {"status_changed": 0, "renumbered": 0, "appeared": 0, "disappeared": 0, "unchanged": oracle.MEASURES}
    assert counts == " · ".join(f"{labels.t('change_' + kind, 'th')} {n}" for kind, n in expected.items())
    assert any(i.value == labels.t("no_changes", "th") for i in at.info)


def test_open_items_over_2564_and_the_current_year_list_each_measure_once(current_year_store):
    reader = StoreReader(current_year_store)
    view = views.open_items(reader, Filters(years=(oracle.FISCAL_YEAR, CURRENT)), None, AS_OF)
    assert view.several_years
    assert view.totals["measures"] == oracle.IN_PROGRESS == len(view.items)
    assert view.items["item_text"].is_unique
    assert set(view.items["fiscal_year"]) == {CURRENT}  # each at its latest status, the current year's
    # No year chosen is every year: the same four.
    assert views.open_items(reader, Filters(), None, AS_OF).totals == view.totals


def test_the_demo_current_year_follows_the_measure_it_kept(tmp_path):
    """The shipped demo (2564-2570): การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร, an OIT row of 2569 and of
    2570, is one measure whose status changed, not one new and one gone."""
    store = tmp_path / "ita.duckdb"
    assert all(r.refused is None for r in ingest_paths([SEED, *SAMPLES], store, actor="test"))
    reader = StoreReader(store)
    view = views.compare_years(reader, Filters())
    changes = views.compare_changes(reader, view, 2569, CURRENT)
    kept = changes.rows[changes.rows["item_text"].str.contains("การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร",
                                                                regex=False, na=False)]
    assert kept[["change", "matched_by"]].values.tolist() == [["status_changed", "text"]]
    assert kept["measure_id_from"].notna().all() and kept["measure_id_to"].notna().all()

"""Every page under Streamlit's AppTest: demo, empty and single-year stores, filters, URL state."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ita.analytics import metrics
from ita.analytics.filters import Filters
from ita.present.summary import summary as summarise
from ita.store.imports import ingest_paths
from ita.store.reader import StoreReader

import seed_oracle as oracle
from conftest import REPO, use_store

ENTRY = str(REPO / "dashboard.py")
PAGES = ["pages/overview.py", "pages/indicators.py", "pages/divisions.py", "pages/compare_years.py",
         "pages/in_progress.py", "pages/organisations.py", "pages/scores.py", "pages/manage.py"]


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


def app(store, page=None, **params):
    """Run the app on `store`, optionally on `page` and with URL query parameters."""
    use_store(store)
    at = AppTest.from_file(ENTRY, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page and page != PAGES[0]:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metric(at, label):
    return next(m.value for m in at.metric if m.label.startswith(label))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_demo_store(page, demo_store):
    at = app(demo_store, page)
    assert at.title[0].value
    if page == "pages/manage.py":  # no view of measures: its import history marks the sample files instead
        history = next(d.value for d in at.dataframe if "file_name" in d.value.columns)
        assert history["is_sample"].any() and not history["is_sample"].all()
    else:
        assert any("ข้อมูลตัวอย่าง" in w.value for w in at.warning), "sample years on screen must be flagged"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_points_an_empty_store_to_import(page, tmp_path):
    at = app(tmp_path / "none.duckdb", page)
    assert any("นำเข้า" in i.value for i in at.info)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_a_single_year_store(page, seed_store):
    at = app(seed_store, page)
    if page.endswith("compare_years.py"):
        assert any("อย่างน้อยสองปี" in i.value for i in at.info)
    assert not at.warning  # the seed is real data: no sample notice


def test_overview_shows_the_seed_numbers(seed_store):
    at = app(seed_store)
    assert metric(at, "จำนวนมาตรการ") == str(oracle.MEASURES)
    assert metric(at, "ดำเนินการแล้ว") == str(oracle.DONE)
    assert metric(at, "ระหว่างดำเนินการ") == str(oracle.IN_PROGRESS)
    assert metric(at, "ร้อยละความสำเร็จ") == f"{oracle.COMPLETION}%"


def test_filtering_to_a_division_in_the_sidebar(seed_store):
    at = app(seed_store)
    own, open_items = oracle.BY_DIVISION["สำนักปลัด"]
    at.multiselect(key="division").select("สำนักปลัด").run()
    assert metric(at, "จำนวนมาตรการ") == str(own)
    assert metric(at, "ระหว่างดำเนินการ") == str(open_items)
    at.toggle(key="shared").set_value(True).run()
    assert metric(at, "จำนวนมาตรการ") == str(own + oracle.BY_DIVISION["ทุกสำนัก/กอง"][0])


def test_in_progress_page_lists_exactly_the_four_open_seed_items(seed_store):
    at = app(seed_store, "pages/in_progress.py")
    frames = [d.value for d in at.dataframe]
    actions = [a for frame in frames if "action" in frame for a in frame["action"]]
    assert len(actions) == oracle.IN_PROGRESS
    for start in oracle.OPEN_ACTIONS:
        assert any(a.startswith(start) for a in actions), start
    assert metric(at, "มาตรการที่ยังไม่แล้วเสร็จ") == str(oracle.IN_PROGRESS)


def test_in_progress_page_says_when_everything_is_done(seed_store):
    assert oracle.BY_DIVISION["กองคลัง"][1] == 0  # กองคลัง has done all its measures
    at = app(seed_store, "pages/in_progress.py", division="กองคลัง")
    assert any("ทุกมาตรการดำเนินการแล้ว" in s.value for s in at.success)
    assert not at.dataframe


def test_in_progress_page_filtered_to_done_has_no_rows_to_show(seed_store):
    at = app(seed_store, "pages/in_progress.py", status="done")
    assert any("ไม่มีมาตรการ" in i.value for i in at.info)
    assert not at.success and not at.dataframe


def test_a_shared_link_reopens_the_same_view(demo_store):
    at = app(demo_store, year="2566", division="กองคลัง", lang="en")
    assert at.multiselect(key="year").value == [2566]
    assert at.multiselect(key="division").value == ["กองคลัง"]
    expected = metrics.totals(StoreReader(demo_store), Filters(years=(2566,), divisions=("กองคลัง",)))
    assert metric(at, "Measures") == str(expected["measures"])
    assert at.query_params["division"] == "กองคลัง"  # AppTest gives a one-value parameter as a string


def test_values_from_the_url_are_checked_against_the_data(demo_store):
    at = app(demo_store, year=["1999", "2566"], division="<script>alert(1)</script>", status="bogus",
             org="No such org")
    assert at.multiselect(key="year").value == [2566]
    assert at.multiselect(key="division").value == []
    assert at.pills(key="status").value == []
    assert at.selectbox(key="org").value == "เทศบาลตำบลหนองจอก"


def test_english_mode_uses_common_era_years_and_english_labels(seed_store):
    at = app(seed_store, lang="en")
    assert metric(at, "Measures") == str(oracle.MEASURES)
    assert any(m.label == "Completion % 2021" for m in at.metric)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "params",
    [
        {"division": "สำนักปลัด"},
        {"division": "กองคลัง", "shared": "true"},
        {"indicator": "การเปิดเผยข้อมูล"},
        {"tool": "EIT"},
        {"status": "in_progress"},
        {"status": "not_started"},
        {"year": ["2564", "2565", "2566", "2567"]},
        {"lang": "en", "tool": "OIT", "status": "done"},
        {"indicator": "การใช้งบประมาณ", "division": "สำนักปลัด"},  # a combination with no measures
    ],
    ids=lambda p: "-".join(f"{k}={v}" for k, v in p.items()),
)
def test_filter_combinations_run_on_every_page(page, params, demo_store):
    app(demo_store, page, **params)


def test_every_number_on_the_overview_equals_the_cli_summary(demo_store):
    at = app(demo_store, year="2566", division="สำนักปลัด")
    summary = summarise(StoreReader(demo_store), Filters(years=(2566,), divisions=("สำนักปลัด",)))
    assert metric(at, "จำนวนมาตรการ") == str(summary["measures"])
    assert metric(at, "ดำเนินการแล้ว") == str(summary["done"])
    assert metric(at, "ร้อยละความสำเร็จ") == f"{summary['completion_pct']}%"


def test_compare_page_lists_status_changes_between_years(demo_store):
    at = app(demo_store, "pages/compare_years.py", **{"from": "2564", "to": "2565"})
    changes = next(d.value for d in at.dataframe if "status_from" in d.value.columns)
    assert set(changes["change"]) == {"สถานะเปลี่ยน", "เพิ่มใหม่", "ไม่มีในปีหลัง"}
    direct = StoreReader(demo_store).query("status_changes", **Filters().params(), year_from=2564, year_to=2565)
    # The query pairs every measure; the table lists those that changed (the caption counts the rest).
    assert len(changes) == (direct["change"] != "unchanged").sum() > 0


def test_the_changes_between_years_follow_an_edit(demo_store):
    """The compare page keeps its "what changed" table between reruns; a status corrected in the later
    year shows at the next rerun, never the table as it was."""
    from ita.store import edits

    at = app(demo_store, "pages/compare_years.py", **{"from": "2564", "to": "2565"})
    before = next(d.value for d in at.dataframe if "status_from" in d.value.columns)
    direct = StoreReader(demo_store).query("status_changes", **Filters().params(), year_from=2564, year_to=2565)
    unchanged = direct[(direct["change"] == "status_changed") & (direct["status_to"] == "done")].iloc[0]
    measures = StoreReader(demo_store).query("measures_list", **Filters(years=(2565,)).params(), limit=None)
    measure = measures[(measures["item_text"] == unchanged["item_text"])
                       & (measures["status"] == "done")].iloc[0]
    edits.apply_edits(demo_store, [edits.Edit(int(measure["measure_id"]), "status", "done", "in_progress")],
                      "test", "checked")
    at.run()
    after = next(d.value for d in at.dataframe if "status_from" in d.value.columns)
    assert len(after) == len(before) - 1  # it went back to the status it had in 2564: no longer a change


def test_a_grid_cell_leads_to_its_measures(seed_store):
    at = app(seed_store)
    at.session_state["ov_grid"] = {"selection": {"rows": [], "columns": [], "cells": [[5, "สำนักปลัด"]]}}
    at.run()
    items = next(d.value for d in at.dataframe if "action" in d.value.columns)
    # การเปิดเผยข้อมูล × สำนักปลัด: every one of the seed's disclosure measures is สำนักปลัด's
    assert len(items) == oracle.INDICATORS["การเปิดเผยข้อมูล"][0]
    assert set(items["indicator"]) == {"การเปิดเผยข้อมูล"}


def test_store_replaced_while_the_app_runs_is_picked_up(seed_store, seed_v2):
    at = app(seed_store)
    assert metric(at, "จำนวนมาตรการ") == str(oracle.MEASURES)
    ingest_paths([seed_v2], seed_store)
    at.run()
    assert metric(at, "ดำเนินการแล้ว") == str(oracle.V2_DONE)


def _chart_bars(at) -> dict[str, float]:
    """Each bar's label → its length (its statuses stacked) in the first Plotly chart on the page,
    read from the spec the page sent."""
    import json

    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    lengths: dict[str, float] = {}
    for trace in spec["data"]:
        if trace["type"] == "bar":
            for label, length in zip(trace["y"], trace["x"], strict=True):
                lengths[label] = lengths.get(label, 0) + length
    return lengths


def test_the_divisions_page_shows_every_division_until_one_is_chosen(seed_store):
    """An executive opening รายสำนัก/กอง sees each division's measures before choosing one."""
    at = app(seed_store, "pages/divisions.py")
    assert any(s.value == "ความสำเร็จรายสำนัก/กอง" for s in at.subheader)
    bars = _chart_bars(at)
    assert {label: bars[label] for label in ("สำนักปลัด", "กองคลัง")} == {
        name: oracle.BY_DIVISION[name][0] for name in ("สำนักปลัด", "กองคลัง")}


def test_the_indicators_page_shows_every_indicator_until_one_is_chosen(seed_store):
    at = app(seed_store, "pages/indicators.py")
    assert any(s.value == "ความสำเร็จรายตัวชี้วัด" for s in at.subheader)
    bars = _chart_bars(at)
    assert sum(bars.values()) == oracle.MEASURES
    assert len(bars) == len(oracle.INDICATORS)


def test_a_store_of_another_release_is_named_with_the_command_that_brings_it_up_to_date(seed_store):
    """After an upgrade the store's views are another release's: the pages say so and how to fix it,
    not "no data yet" (which would tell an executive the data is gone); after the command, the data."""
    import duckdb

    from ita.store.session import migrate_store

    con = duckdb.connect(str(seed_store))
    con.execute("UPDATE store_meta SET value = 'an older release' WHERE key = 'views_sha256'")
    con.close()
    at = app(seed_store)
    (warning,) = [w.value for w in at.warning]
    assert str(seed_store) in warning and "python -m ita build --db" in warning
    assert not any("ยังไม่มีข้อมูล" in i.value for i in at.info)
    migrate_store(seed_store)
    st.cache_data.clear()
    assert metric(app(seed_store), "จำนวนมาตรการ") == str(oracle.MEASURES)

"""Every page under Streamlit's AppTest: demo, empty and single-year stores, filters, URL state."""

import shutil

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ita.analytics import metrics
from ita.analytics.filters import Filters
from ita.present.summary import summary as summarise
from ita.store.reader import StoreReader

import seed_oracle as oracle
from conftest import REPO

ENTRY = str(REPO / "dashboard.py")
PAGES = ["pages/overview.py", "pages/indicators.py", "pages/divisions.py", "pages/compare_years.py",
         "pages/in_progress.py"]


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


def app(store, page=None, **params):
    """Run the app on `store`, optionally on `page` and with URL query parameters."""
    import os

    os.environ["ITA_DB"] = str(store)
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
    at.multiselect(key="division").select("สำนักปลัด").run()
    assert metric(at, "จำนวนมาตรการ") == "11"
    assert metric(at, "ระหว่างดำเนินการ") == "4"
    at.toggle(key="shared").set_value(True).run()
    assert metric(at, "จำนวนมาตรการ") == "22"


def test_in_progress_page_lists_exactly_the_four_open_seed_items(seed_store):
    at = app(seed_store, "pages/in_progress.py")
    frames = [d.value for d in at.dataframe]
    actions = [a for frame in frames if "action" in frame for a in frame["action"]]
    assert len(actions) == oracle.IN_PROGRESS
    for start in oracle.OPEN_ACTIONS:
        assert any(a.startswith(start) for a in actions), start
    assert metric(at, "มาตรการที่ยังไม่แล้วเสร็จ") == "4"


def test_in_progress_page_says_when_everything_is_done(seed_store):
    at = app(seed_store, "pages/in_progress.py", status="done")
    assert any("ทุกมาตรการดำเนินการแล้ว" in s.value for s in at.success) or any(
        "ไม่มีมาตรการ" in i.value for i in at.info)


def test_a_shared_link_reopens_the_same_view(demo_store):
    at = app(demo_store, year="2566", division="กองคลัง", lang="en")
    assert at.multiselect(key="year").value == [2566]
    assert at.multiselect(key="division").value == ["กองคลัง"]
    expected = metrics.totals(StoreReader(demo_store), Filters(years=(2566,), divisions=("กองคลัง",)))
    assert metric(at, "Measures") == str(expected["measures"])
    assert at.query_params["division"] == ["กองคลัง"] or at.query_params["division"] == "กองคลัง"


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
    assert len(changes) == len(direct) > 0


def test_a_grid_cell_leads_to_its_measures(seed_store):
    at = app(seed_store)
    at.session_state["ov_grid"] = {"selection": {"rows": [], "columns": [], "cells": [[5, "สำนักปลัด"]]}}
    at.run()
    items = next(d.value for d in at.dataframe if "action" in d.value.columns)
    assert len(items) == 7  # การเปิดเผยข้อมูล × สำนักปลัด: the seed's seven disclosure measures
    assert set(items["indicator"]) == {"การเปิดเผยข้อมูล"}


def test_store_replaced_while_the_app_runs_is_picked_up(seed_store, tmp_path):
    at = app(seed_store)
    assert metric(at, "จำนวนมาตรการ") == str(oracle.MEASURES)
    from ita.store.imports import ingest_paths

    from conftest import SAMPLES

    other = tmp_path / "copy.duckdb"
    shutil.copyfile(seed_store, other)
    changed = tmp_path / "v2.txt"
    changed.write_bytes((REPO / "data/reports/nongchok_2564.txt").read_bytes().replace(
        "ระหว่าง ดำเนินการ".encode(), "ดำเนินการแล้ว".encode()))
    ingest_paths([changed], seed_store)
    at.run()
    assert metric(at, "ดำเนินการแล้ว") == str(oracle.DONE + 2)
    assert SAMPLES  # the demo data exists for the other tests

"""The organisations page on a small store of several organisations."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ita.analytics.filters import Filters
from ita.store.imports import ingest_paths
from ita.store.reader import StoreReader

import seed_oracle as oracle
from conftest import REPO, SEED, use_store

SEED_TITLE = "ของเทศบาลตำบลหนองจอก ประจำปีงบประมาณ"
# Another organisation's name and, for each status wording, what it reports instead.
OTHERS = {
    "องค์การบริหารส่วนตำบลบางพลี อำเภอบางพลี จังหวัดสมุทรปราการ": {"ระหว่าง ดำเนินการ": "ดำเนินการแล้ว",
                                                                 "ระหว่างดำเนินการ": "ดำเนินการแล้ว"},
    "เทศบาลเมืองบ้านโป่ง อำเภอบ้านโป่ง จังหวัดราชบุรี": {"ดำเนินการแล้ว": "ยังไม่ดำเนินการ"},
}


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture
def several_store(tmp_path):
    files = [SEED]
    for index, (name, statuses) in enumerate(OTHERS.items()):
        text = SEED.read_text(encoding="utf-8").replace(SEED_TITLE, f"ของ{name} ประจำปีงบประมาณ")
        for old, new in statuses.items():
            text = text.replace(old, new)
        path = tmp_path / f"other{index}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    store = tmp_path / "ita.duckdb"
    assert all(r.refused is None for r in ingest_paths(files, store))
    return store


def run(store, **params):
    use_store(store)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/organisations.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_organisations_are_ranked_least_complete_first(several_store):
    at = run(several_store)
    assert next(m.value for m in at.metric if m.label == "จำนวนหน่วยงาน") == "3"
    ranking = next(d.value for d in at.dataframe if "org_name" in d.value.columns)
    assert list(ranking["org_name"]) == ["เทศบาลเมืองบ้านโป่ง", "เทศบาลตำบลหนองจอก", "องค์การบริหารส่วนตำบลบางพลี"]
    assert list(ranking["completion_pct"]) == [0.0, oracle.COMPLETION, 100.0]
    assert set(ranking["province"].dropna()) == {"สมุทรปราการ", "ราชบุรี"}  # read from the titles


def test_the_sidebar_gains_province_and_type_filters(several_store):
    at = run(several_store, province="ราชบุรี")
    assert at.multiselect(key="province").options == ["ราชบุรี", "สมุทรปราการ"]
    assert at.multiselect(key="province").value == ["ราชบุรี"]
    assert at.selectbox(key="org").options == ["เทศบาลเมืองบ้านโป่ง"]
    assert any("หน่วยงานเดียว" in i.value for i in at.info)  # one organisation in that province


def test_a_row_opens_that_organisations_dashboard(several_store):
    at = run(several_store)
    at.session_state["org_ranking"] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()
    at.button(key="org_open").click().run()
    assert at.selectbox(key="org").value == "องค์การบริหารส่วนตำบลบางพลี"
    assert at.title[0].value == "ภาพรวม"
    assert next(m.value for m in at.metric if m.label.startswith("ร้อยละความสำเร็จ")) == "100.0%"


def test_with_one_organisation_the_page_says_so(seed_store):
    at = run(seed_store)
    assert any("หน่วยงานเดียว" in i.value for i in at.info)


def test_organisation_types_with_the_same_completion_keep_one_order(tmp_path):
    # Two organisations of different types reporting the same statuses: their types tie on
    # completion, and the page must not swap them from one run to the next.
    other = next(iter(OTHERS))
    text = SEED.read_text(encoding="utf-8").replace(SEED_TITLE, f"ของ{other} ประจำปีงบประมาณ")
    (tmp_path / "twin.txt").write_text(text, encoding="utf-8")
    store = tmp_path / "ita.duckdb"
    assert all(r.refused is None for r in ingest_paths([SEED, tmp_path / "twin.txt"], store))
    by_type = StoreReader(store).query("by_org_type", **Filters().params())
    assert len(by_type) == 2 and by_type["completion_pct"].nunique() == 1
    assert list(by_type["org_type"]) == sorted(by_type["org_type"])
    assert list(by_type["organisations"]) == [1, 1]

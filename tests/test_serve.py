"""The server readies itself before it listens (ita/ui/serve.py): the first view after a start
reads the overview from the result cache instead of the store."""

from __future__ import annotations

import importlib

import pyarrow as pa
import pytest
import streamlit as st

from ita.analytics import metrics
from ita.analytics.filters import Filters
from ita.present.labels import LANGUAGES
from ita.ui import serve
from ita.ui.shown import PAGES, shown

cached = importlib.import_module("ita.ui.source")


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_resource.clear()
    cached.RESULTS.clear()
    yield
    cached.RESULTS.clear()


def test_warm_up_builds_every_page_of_every_year_in_both_languages(demo_store):
    source = cached.CachedSource(demo_store)
    years = metrics.fiscal_years(source, ())
    assert len(years) > 1
    assert serve.warm_up(demo_store) == len(years) * len(LANGUAGES) * len(PAGES)
    misses = cached.RESULTS.misses
    for year in years:
        for lang in LANGUAGES:
            for page in PAGES:
                drawn = shown(source, page, Filters(years=(year,)), lang)
                assert "view" in drawn
    assert cached.RESULTS.misses == misses  # every one was built at start-up, none again
    overview = shown(source, "overview", Filters(years=(years[0],)), "th")
    assert overview["view"].headline.current["measures"] > 0 and "by_indicator" in overview


def test_warm_up_leaves_the_newest_year_in_a_cache_too_small_for_every_year(demo_store, monkeypatch):
    source = cached.CachedSource(demo_store)
    newest, *older = metrics.fiscal_years(source, ())
    assert len(older) >= 2
    serve.warm_up(demo_store)
    one_year = cached.RESULTS.kept_bytes // (len(older) + 1)
    # Room for about two years' views: what the bound keeps is what was built last.
    small = cached.ResultCache(cached.RESULTS.max_entries, max_bytes=2 * one_year)
    monkeypatch.setattr(cached, "RESULTS", small)
    serve.warm_up(demo_store)
    misses = small.misses
    for page in PAGES:
        shown(source, page, Filters(years=(newest,)), "th")
    assert small.misses == misses  # the sidebar's default year is still there
    shown(source, "overview", Filters(years=(older[-1],)), "th")
    assert small.misses > misses  # the oldest is not: the bound is what makes the order matter


def test_warm_up_without_a_store_reads_nothing(tmp_path):
    assert not serve.warm_up(tmp_path / "none.duckdb")
    assert len(cached.RESULTS) == 0


@pytest.mark.parametrize("named, expected", [(None, "jemalloc"), ("mimalloc", "mimalloc")])
def test_arrow_memory_comes_from_jemalloc_unless_a_pool_is_named(monkeypatch, named, expected):
    before = pa.default_memory_pool()
    start = pa.mimalloc_memory_pool()
    pa.set_memory_pool(start)
    if named is None:
        monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    else:
        monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", named)
    try:
        serve.use_jemalloc_arrow_pool()
        assert pa.default_memory_pool().backend_name == expected
    finally:
        pa.set_memory_pool(before)

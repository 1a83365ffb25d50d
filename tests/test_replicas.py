"""More than one app server: read-only replicas of the store follow the versions a writer publishes."""

import asyncio
import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ita.analytics import metrics
from ita.analytics.filters import Filters
from ita.store.check import check_store
from ita.store.imports import ingest_paths
from ita.store.reader import StoreReader
from ita.store.replicas import publish

import seed_oracle as oracle
from browser import running_app
from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))


def test_replicas_follow_each_published_version(seed_store, seed_v2, tmp_path):
    replicas = [tmp_path / "a", tmp_path / "b"]
    publish(seed_store, replicas)
    readers = [StoreReader(folder / "ita.duckdb") for folder in replicas]
    assert [metrics.totals(r, Filters())["done"] for r in readers] == [oracle.DONE] * 2
    ingest_paths([seed_v2], seed_store)
    assert [metrics.totals(r, Filters())["done"] for r in readers] == [oracle.DONE] * 2  # not yet published
    publish(seed_store, replicas)
    assert [metrics.totals(r, Filters())["done"] for r in readers] == [oracle.V2_DONE] * 2
    assert all(check_store(folder / "ita.duckdb").ok for folder in replicas)


def test_a_replica_server_offers_no_imports_or_edits(seed_store, tmp_path, monkeypatch):
    st.cache_data.clear()
    st.cache_resource.clear()
    publish(seed_store, [tmp_path / "replica"])
    monkeypatch.setenv("ITA_DB", str(tmp_path / "replica" / "ita.duckdb"))
    monkeypatch.setenv("ITA_READ_ONLY", "1")
    monkeypatch.setenv("ITA_EDITORS", "somchai=pbkdf2_sha256$1000$00$AAAA")
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/manage.py").run()
    assert any("อ่านอย่างเดียว" in i.value for i in at.info)
    assert not at.text_input and not at.get("file_uploader")


def overview_done(url: str) -> str:
    """What the overview's "done" card says, seen through the benchmark's WebSocket client."""
    from ws_client import StreamlitSession  # bench/ws_client.py

    async def view() -> str:
        async with StreamlitSession(url, timeout_s=60) as session:
            result = await session.view("", "year=2564")
            assert result.ok, result.errors
            return result.metrics["ดำเนินการแล้ว"]

    return asyncio.run(view())


@pytest.mark.browser
def test_two_app_servers_serve_new_versions_while_imports_run(seed_store, seed_v2, tmp_path):
    replicas = [tmp_path / "one", tmp_path / "two"]
    publish(seed_store, replicas)
    env = {"ITA_READ_ONLY": "1"}
    with running_app(replicas[0] / "ita.duckdb", env) as first, running_app(replicas[1] / "ita.duckdb", env) as second:
        assert [overview_done(url) for url in (first, second)] == [str(oracle.DONE)] * 2
        ingest_paths([seed_v2], seed_store)  # the writer, on the primary
        publish(seed_store, replicas)
        assert [overview_done(url) for url in (first, second)] == [str(oracle.V2_DONE)] * 2

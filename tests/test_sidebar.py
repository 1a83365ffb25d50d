"""The sidebar's organisation choice: "all" named in the session's language, chosen as "" (no organisation)."""

from pathlib import Path

import pytest
from test_pages import app

from ita.analytics import metrics
from ita.present.labels import t
from ita.store.imports import ingest_paths
from ita.ui.source import CachedSource

import seed_oracle as oracle


@pytest.fixture
def two_orgs(seed_store, seed_bytes, tmp_path) -> Path:
    """The seed store plus the same report under another organisation's name."""
    other = tmp_path / "other_2564.txt"
    other.write_bytes(seed_bytes.replace(oracle.ORGANISATION.encode(), "เทศบาลตำบลบางพลีทดสอบ".encode()))
    (result,) = ingest_paths([other], seed_store, actor="test")
    assert result.refused is None
    return seed_store


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_organisation_choice_starts_at_all_organisations_in_the_sessions_language(two_orgs, lang):
    at = app(two_orgs)
    at.session_state["lang"] = lang
    at.run()
    choice = at.selectbox(key="org")
    names = metrics.organisations(CachedSource(two_orgs))["name"].tolist()
    assert len(names) > 1
    assert choice.options == [t("all_organisations", lang), *names]
    assert choice.value == "" and at.session_state["org"] == ""
    assert "org" not in at.query_params  # "all" is no organisation: the link names none


def test_choosing_an_organisation_and_all_again(two_orgs):
    at = app(two_orgs)
    name = at.selectbox(key="org").options[1]
    at.selectbox(key="org").select(name).run()
    assert at.session_state["org"] == name
    assert at.query_params["org"] in (name, [name])
    at.selectbox(key="org").select_index(0).run()
    assert at.session_state["org"] == "" and "org" not in at.query_params

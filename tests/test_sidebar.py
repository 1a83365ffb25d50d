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


@pytest.fixture
def three_orgs_two_provinces(seed_bytes, tmp_path) -> Path:
    """The seed report under three organisations, one in เชียงใหม่ and two in ลำปาง."""
    files = []
    for index, (name, province) in enumerate(PLACED):
        text = seed_bytes.replace(f"ของ{oracle.ORGANISATION} ประจำปี".encode(),
                                  f"ของ{name} อำเภอเมือง{province} จังหวัด{province} ประจำปี".encode())
        assert text != seed_bytes
        path = tmp_path / f"placed_{index}_2564.txt"
        path.write_bytes(text)
        files.append(path)
    store = tmp_path / "placed" / "ita.duckdb"
    store.parent.mkdir()
    assert all(r.refused is None for r in ingest_paths(files, store, actor="test"))
    return store


PLACED = ((oracle.ORGANISATION, "เชียงใหม่"), ("เทศบาลตำบลบางพลีทดสอบ", "ลำปาง"), ("เทศบาลตำบลสามทดสอบ", "ลำปาง"))


@pytest.fixture
def few_is_many(monkeypatch):
    """Two organisations count as "many": the chooser then lists one province's at a time."""
    monkeypatch.setattr("ita.ui.sidebar.MANY_ORGANISATIONS", 2)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_with_many_organisations_a_province_lists_its_own(three_orgs_two_provinces, few_is_many, lang):
    at = app(three_orgs_two_provinces, lang=lang)
    everyone = t("all_organisations", lang)
    choice = at.selectbox(key="org")
    assert choice.options == [everyone] and choice.value == ""
    assert choice.help == t("organisation_by_province", lang)
    at.multiselect(key="province").select("ลำปาง").run()
    assert at.selectbox(key="org").options == [everyone, "เทศบาลตำบลบางพลีทดสอบ", "เทศบาลตำบลสามทดสอบ"]
    assert not at.selectbox(key="org").help
    at.selectbox(key="org").select("เทศบาลตำบลสามทดสอบ").run()
    assert at.session_state["org"] == "เทศบาลตำบลสามทดสอบ"
    # Every organisation is found through its province.
    at.multiselect(key="province").unselect("ลำปาง").select("เชียงใหม่").run()
    assert at.selectbox(key="org").options == [oracle.ORGANISATION]  # one only: no "all" (as before)
    assert not at.exception


def test_with_many_organisations_a_link_still_opens_its_organisation(three_orgs_two_provinces, few_is_many):
    at = app(three_orgs_two_provinces, org="เทศบาลตำบลสามทดสอบ")
    choice = at.selectbox(key="org")
    assert choice.options == [t("all_organisations", "th"), "เทศบาลตำบลสามทดสอบ"]
    assert choice.value == "เทศบาลตำบลสามทดสอบ" and at.session_state["org"] == "เทศบาลตำบลสามทดสอบ"
    assert at.query_params["org"] in ("เทศบาลตำบลสามทดสอบ", ["เทศบาลตำบลสามทดสอบ"])
    # A name the store does not hold is still refused.
    at = app(three_orgs_two_provinces, org="ไม่มีหน่วยงานนี้")
    assert at.selectbox(key="org").options == [t("all_organisations", "th")]
    assert at.session_state["org"] == ""


def test_below_many_organisations_the_chooser_lists_them_all(three_orgs_two_provinces):
    at = app(three_orgs_two_provinces)
    names = metrics.organisations(CachedSource(three_orgs_two_provinces))["name"].tolist()
    assert sorted(names) == sorted(n for n, _ in PLACED)
    assert at.selectbox(key="org").options == [t("all_organisations", "th"), *names]
    assert not at.selectbox(key="org").help

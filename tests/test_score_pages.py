"""ITA scores on the pages, under AppTest, in Thai and English: the overview's score beside the measures,
the scores page's trend and capping instrument, the organisations page, the manage page's tab."""

import json

import pandas as pd
import pytest
import streamlit as st
from test_pages import app
from test_scores import NONGCHOK, SCORES_2563_2564

from ita.analytics.ratings import rules
from ita.present.scores import typed_grid
from ita.read.scores import scores_from_grid
from ita.store.scores import import_scores

# A later year of named levels, for the capping instrument: 2566 total 88.4 but EIT 82.1 → ผ่าน.
SCORES_WITH_2566 = SCORES_2563_2564 + f"{NONGCHOK},2566,88.4,92,82.1,90,,,,,,,,,,\n"


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture
def scored_seed(seed_store):
    import_scores(seed_store, "scores.csv", SCORES_2563_2564.encode(), rules())
    return seed_store


def _texts(at):
    return [e.value for kind in ("caption", "markdown", "warning", "info", "subheader") for e in getattr(at, kind)]


def _metric(at, start):
    return next(m for m in at.metric if m.label.startswith(start))


def test_the_overview_shows_the_2563_score_beside_the_2564_measures(scored_seed):
    at = app(scored_seed)
    card = _metric(at, "ITA 2563")
    assert card.value == "78.50 · B"
    assert _metric(at, "ITA 2564").value == "86.30 · A" and _metric(at, "ITA 2564").delta == "+7.80"
    assert any("มาตรการปีงบประมาณ 2564 วางแผนจากผลการประเมิน ITA 2563" in c for c in _texts(at))
    table = next(d.value for d in at.dataframe if "flag" in d.value.columns)
    row = table[table["indicator"].str.startswith("3. ")].iloc[0]
    assert (row["score"], row["weak"], row["measures"], row["flag"]) == (80, "⚠ ต่ำกว่า 85", 0, "คะแนนต่ำ ยังไม่มีมาตรการ")
    assert table[table["indicator"].str.startswith("9. ")].iloc[0]["measures"] == 7
    assert any(w.value.startswith("ตัวชี้วัดที่ได้ต่ำกว่า 85 ใน ITA 2563") for w in at.warning)


def test_the_overview_in_english(scored_seed):
    at = app(scored_seed, lang="en")
    assert _metric(at, "ITA 2020").value == "78.50 · B"  # B.E. 2563 is FY2020
    assert any("The measures of FY2021 were planned from the result of ITA 2020" in c for c in _texts(at))
    table = next(d.value for d in at.dataframe if "flag" in d.value.columns)
    assert "Weak indicator, no measure planned" in set(table["flag"])


def test_the_overview_without_scores_has_no_score_section(seed_store):
    at = app(seed_store)
    assert not any(m.label.startswith("ITA ") for m in at.metric)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_scores_page_shows_the_trend_and_the_capping_instrument(seed_store, lang):
    import_scores(seed_store, "scores.csv", SCORES_WITH_2566.encode(), rules())
    at = app(seed_store, "pages/scores.py", lang=lang)
    year = "2566" if lang == "th" else "2023"
    assert _metric(at, f"ITA {year}").value == "88.40"
    rating = _metric(at, "ผลการประเมิน" if lang == "th" else "Rating").value
    assert rating == ("ผ่าน" if lang == "th" else "Pass")
    capped = at.warning[-1].value
    assert capped.startswith("EIT 82.1 ทำให้ผลการประเมินอยู่ที่ระดับ ผ่าน" if lang == "th"
                             else "EIT 82.1 keeps the rating at Pass")
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    total = figures[0]["data"][0]
    assert total["y"] == [78.5, 86.3, 88.4]
    assert total["x"] == (["2563", "2564", "2566"] if lang == "th" else ["2020", "2021", "2023"])
    assert figures[0]["layout"]["shapes"][0]["y0"] == 85  # the pass line
    assert "Sarabun" in figures[0]["layout"]["font"]["family"]
    indicators = figures[1]["data"]
    assert len(indicators) == 10 and indicators[8]["y"] == [72, 88]  # indicator 9, 2563 and 2564
    effects = next(d.value for d in at.dataframe if "indicator" in d.value.columns)
    oit = effects[effects["indicator"].str.startswith("9. ")].iloc[0]
    assert (oit["before"], oit["after"], oit["change"]) == (72, 88, 16)


def test_the_scores_page_without_scores_says_where_to_import(seed_store):
    at = app(seed_store, "pages/scores.py")
    assert any("ยังไม่มีคะแนน ITA" in i.value for i in at.info)


def test_the_organisations_page_counts_ratings_and_weak_indicators(tmp_path):
    from ita.store.imports import ingest_paths

    from conftest import SEED

    # Two organisations: the seed and a copy of it under another name.
    other = tmp_path / "other_2564.txt"
    other.write_bytes(SEED.read_bytes().replace("เทศบาลตำบลหนองจอก".encode(), "เทศบาลตำบลบางพลี".encode()))
    store = tmp_path / "two.duckdb"
    assert all(r.refused is None for r in ingest_paths([SEED, other], store, actor="test"))
    text = SCORES_2563_2564 + "เทศบาลตำบลบางพลี,2564,96,96,95,97,90,,80,,,,,,70,\n"
    import_scores(store, "s.csv", text.encode(), rules())
    at = app(store, "pages/organisations.py")
    assert any("ผล ITA 2564 ซึ่งวัดผลมาตรการปีงบประมาณ 2564" in c for c in _texts(at))
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    ratings = next(f for f in figures if f["data"][0].get("x", [None])[0] == "AA")["data"][0]
    assert dict(zip(ratings["x"], ratings["y"], strict=False)) == {"AA": 1, "A": 1, "B": 0, "C": 0, "D": 0, "E": 0,
                                                                   "F": 0}
    weakest = next(d.value for d in at.dataframe if "below" in d.value.columns)
    # By hand, ITA 2564: หนองจอก below 85 in 6 (83), 8 (84.5), 10 (80); บางพลี in 3 (80) and 9 (70), and
    # scored 1 (90) and 3 (89 for หนองจอก); ties in the order of the indicators.
    counted = {int(i.split(".")[0]): (o, b) for i, o, b in weakest[["indicator", "organisations", "below"]].values}
    assert list(counted)[:5] == [3, 6, 8, 9, 10]
    assert counted == {3: (2, 1), 6: (1, 1), 8: (1, 1), 9: (2, 1), 10: (1, 1), 1: (2, 0), 2: (1, 0), 4: (1, 0),
                       5: (1, 0), 7: (1, 0)}
    assert weakest.iloc[3]["below_share_pct"] == 50.0
    # Two organisations and none chosen: the scores page asks for one.
    assert any("เลือกหน่วยงานหนึ่งแห่ง" in i.value for i in app(store, "pages/scores.py").info)


def test_the_manage_page_has_the_scores_tab_for_viewers(scored_seed):
    at = app(scored_seed, "pages/manage.py")
    assert "คะแนน ITA" in [tab.label for tab in at.tabs]
    stored = next(d.value for d in at.dataframe if "indicator_10" in d.value.columns)
    assert stored["rating"].tolist() == ["B", "A"]


def test_typed_scores_are_checked_like_a_file():
    typed = pd.DataFrame([[NONGCHOK, 2566, 88.0, None, None, None, *([None] * 10)],
                          [NONGCHOK, 2567, 120.0, None, None, None, *([None] * 10)]],
                         columns=["organisation", "year", "total", "iit", "eit", "oit",
                                  *(f"indicator_{n}" for n in range(1, 11))])
    rows, refused = scores_from_grid(typed_grid(typed), rules())
    assert [(r.year, r.total) for r in rows] == [(2566, 88.0)]
    assert [(r.line, r.code) for r in refused] == [(3, "out_of_range")]


def test_every_score_figure_passes_plotlys_checks(seed_store):
    import plotly.graph_objects as go

    from ita.analytics import scores as score_views
    from ita.analytics.filters import Filters
    from ita.present import score_charts
    from ita.store.reader import StoreReader

    import_scores(seed_store, "scores.csv", SCORES_WITH_2566.encode(), rules())
    view = score_views.scores(StoreReader(seed_store), Filters())
    counts = pd.DataFrame({"rating": ["AA", "A", ""], "organisations": [1, 2, 1]})
    versus = pd.DataFrame({"org_name": ["ก", "ข"], "completion_pct": [50.0, 90.0], "total": [80.0, 95.5]})
    for lang in ("th", "en"):
        for figure in (score_charts.score_trend_figure(view.scores, lang),
                       score_charts.indicator_trend_figure(view.indicators, lang),
                       score_charts.rating_counts_figure(counts, lang),
                       score_charts.score_vs_completion_figure(versus, 2564, lang)):
            assert figure.data
            checked = go.Figure(figure.to_dict())  # raises ValueError on any invalid property
            assert json.loads(checked.to_json()) == json.loads(figure.to_json())


def test_the_national_sample_scores_are_plausible_and_import_whole(framework, tmp_path):
    from ita.read.scores import parse_scores_file
    from ita.store.bulk import bulk_import
    from synth.national import national_reports, national_scores

    data = national_scores(40, 2, framework, seed=3)
    assert data == national_scores(40, 2, framework, seed=3)  # the same inputs, the same bytes
    rows, refused = parse_scores_file("s.csv", data, rules())
    years = sorted({r.year for r in rows})
    assert not refused and len(rows) == 40 * 3 and years == [framework.years[-2] - 1, *framework.years[-2:]]
    totals = [r.total for r in rows]
    assert 60 < sum(totals) / len(totals) < 100 and all(0 <= t <= 100 for t in totals)
    for row in rows:  # the total is the instruments weighted 30/30/40, to the rounding
        tools = row.tools
        assert abs(row.total - (0.3 * tools["iit"] + 0.3 * tools["eit"] + 0.4 * tools["oit"])) < 0.02
        assert sorted(row.indicators) == list(range(1, 11))
    store = tmp_path / "n.duckdb"
    bulk_import(national_reports(40, 2, framework, seed=3), store, actor="sample", workers=1)
    from ita.store.scores import import_scores

    assert import_scores(store, "s.csv", data, rules(), "sample").changed == 120
    from ita.analytics import scores as score_views
    from ita.store.reader import StoreReader

    stored = score_views.stored_scores(StoreReader(store))
    assert len(stored) == 120 and stored["rating"].notna().all()


@pytest.fixture
def editor_env(monkeypatch):
    from test_access import PASSWORD

    from ita.store.auth import hash_password

    monkeypatch.setenv("ITA_EDITORS", "somchai=" + hash_password(PASSWORD, iterations=1000))
    return monkeypatch


def test_an_editor_corrects_scores_of_their_organisation_only(seed_store, editor_env):
    from test_access import NONGCHOK as OWN_ORG
    from test_access import OTHER, refusals, signed_in

    from ita.analytics import scores as score_views
    from ita.store.imports import ingest_paths
    from ita.store.reader import StoreReader

    from conftest import SEED

    ingest_paths([SEED], seed_store, organisation=OTHER)
    # By an administrator: Nongchok's two years, and OTHER's 2566 (88.4, EIT 82.1: ผ่าน).
    import_scores(seed_store, "s.csv", (SCORES_WITH_2566.replace(f"{NONGCHOK},2566", f"{OTHER},2566")).encode(),
                  rules())
    at = signed_in(seed_store, editor_env, f"somchai={OTHER}")
    stored = next(d.value for d in at.dataframe if "indicator_10" in d.value.columns)
    assert stored["organisation"].tolist() == [OTHER]  # Nongchok's scores are not the editor's to see here
    at.toggle(key="sc_type").set_value(True).run()
    assert next(e for e in at.data_editor if e.key == "sc_editor_0").value["total"].tolist() == [88.4]
    # EIT corrected to 86: every instrument and the total at 85 or more, ผ่านดี.
    at.session_state["sc_editor_0"] = {"edited_rows": {0: {"eit": 86.0}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="sc_store_typed").click().run()
    assert not at.exception, [e.message for e in at.exception]
    found = score_views.stored_scores(StoreReader(seed_store), (OTHER,))
    assert found[["assessment_year", "eit", "rating"]].values.tolist() == [[2566, 86.0, "ผ่านดี"]]
    assert any("เปลี่ยน 1 แถว" in s.value for s in at.success)
    # The same table renamed to Nongchok's: refused at the write, the refusal audited, nothing changed.
    at.toggle(key="sc_type").set_value(True).run()
    at.session_state["sc_editor_1"] = {"edited_rows": {0: {"organisation": OWN_ORG}}, "added_rows": [],
                                       "deleted_rows": []}
    at.run()
    at.button(key="sc_store_typed").click().run()
    assert any("may not import scores" in e.value for e in at.error), [e.value for e in at.error]
    assert refusals(seed_store)[-1] == ("somchai", "import_scores", OWN_ORG)
    assert 2566 not in set(score_views.stored_scores(StoreReader(seed_store), (OWN_ORG,))["assessment_year"])

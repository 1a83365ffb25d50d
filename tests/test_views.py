"""One filter state and a view layer: every number says what it counts (pages, PDF, exports agree)."""

import subprocess
import sys
from datetime import date

import pandas as pd
import pytest
import streamlit as st
from test_pages import app, metric

from ita.analytics import views
from ita.analytics.filters import Filters
from ita.present import charts, export, labels, tables
from ita.present.scope import file_stem, scope_sentence
from ita.store.reader import StoreReader

import seed_oracle as oracle
from conftest import REPO


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


def test_a_status_filter_narrows_lists_but_never_the_completion(seed_store):
    at = app(seed_store, status="in_progress")
    assert metric(at, "ร้อยละความสำเร็จ") == f"{oracle.COMPLETION}%"
    assert metric(at, "จำนวนมาตรการ") == str(oracle.MEASURES)
    assert any("ตัวกรองสถานะใช้กับรายการ" in i.value for i in at.info)
    view = views.overview(StoreReader(seed_store), Filters(statuses=("in_progress",)))
    assert view.headline.current["measures"] == oracle.MEASURES
    assert view.scope.listed.statuses == ("in_progress",) and view.scope.counted.statuses == ()


def test_the_divisions_page_shows_the_sidebars_division_and_no_second_selector_value(seed_store):
    at = app(seed_store, "pages/divisions.py", division="สำนักปลัด")
    measures, _open = oracle.BY_DIVISION["สำนักปลัด"]
    assert metric(at, "จำนวนมาตรการ") == str(measures)
    assert metric(at, "ร้อยละความสำเร็จ") == f"{oracle.DIVISION_COMPLETION['สำนักปลัด']}%"
    picker = at.selectbox(key="_pick_division")
    assert picker.value == "สำนักปลัด"
    picker.set_value("กองคลัง").run()
    assert at.session_state["division"] == ["กองคลัง"]  # the pick is the sidebar's filter
    assert at.multiselect(key="division").value == ["กองคลัง"]
    assert metric(at, "จำนวนมาตรการ") == str(oracle.BY_DIVISION["กองคลัง"][0])


def test_the_divisions_page_asks_for_a_division_when_the_sidebar_has_none(seed_store):
    at = app(seed_store, "pages/divisions.py")
    assert at.selectbox(key="_pick_division").value is None
    assert not at.metric  # no numbers until one division is the scope


def test_the_indicators_page_follows_the_sidebars_indicator(seed_store):
    name, (measures, _open) = next(iter(oracle.INDICATORS.items()))
    at = app(seed_store, "pages/indicators.py", indicator=name)
    assert at.selectbox(key="_pick_indicator").value == name
    assert metric(at, "จำนวนมาตรการ") == str(measures)


def test_the_scope_sentence_names_every_filter_in_both_languages(seed_store):
    reader = StoreReader(seed_store)
    scope = views.scope_of(reader, Filters(divisions=("สำนักปลัด",), statuses=("in_progress",)))
    thai = scope_sentence(scope, "th")
    assert oracle.ORGANISATION in thai and str(oracle.FISCAL_YEAR) in thai and "สำนักปลัด" in thai
    assert "ไม่รวมมาตรการที่ทุกสำนัก/กองรับผิดชอบร่วมกัน" in thai and "ระหว่างดำเนินการ" in thai
    english = scope_sentence(scope, "en")
    assert str(oracle.FISCAL_YEAR - 543) in english and "In progress" in english
    stem = f"ita_overview_{oracle.ORGANISATION}_{oracle.FISCAL_YEAR}_สำนักปลัด_in_progress"
    assert file_stem("overview", scope) == stem


def test_the_compared_year_is_the_latest_earlier_year_with_measures_in_scope(demo_store):
    reader = StoreReader(demo_store)
    years = sorted(views.compare_years(reader, Filters()).years)
    scope = views.scope_of(reader, Filters(years=(years[-1],)))
    assert scope.year == years[-1] and scope.compared_year == years[-2]
    assert views.scope_of(reader, Filters(years=(years[0],))).compared_year is None


def test_compare_years_names_the_years_of_its_change_columns(demo_store):
    at = app(demo_store, "pages/compare_years.py")
    years = views.compare_years(StoreReader(demo_store), Filters()).years
    change = f"เปลี่ยนแปลง {years[0]}→{years[-1]}"
    assert change in at.dataframe[0].value.columns and change in at.dataframe[1].value.columns


def test_the_pdf_names_its_division_and_shows_its_completion(seed_store, tmp_path):
    out = tmp_path / "summary.pdf"
    subprocess.run([sys.executable, "-m", "ita", "export", "--format", "pdf", "--division", "สำนักปลัด", "--year",
                    str(oracle.FISCAL_YEAR), "-o", str(out), "--db", str(seed_store)], cwd=REPO, check=True,
                   capture_output=True)
    first_page = subprocess.run(["pdftotext", "-l", "1", "-layout", str(out), "-"], capture_output=True,
                                text=True, check=True).stdout
    assert "สำนักปลัด" in first_page
    assert f"{oracle.DIVISION_COMPLETION['สำนักปลัด']}" in first_page


def test_the_demo_shows_the_measures_report_of_2567_and_2569_as_one_renumbered_line(demo_store):
    at = app(demo_store, "pages/compare_years.py", year=["2567", "2569"], **{"from": "2567", "to": "2569"})
    changes = at.dataframe[-1].value  # the changed measures, the last table on the page
    renumbered = changes[changes["change"] == "เปลี่ยนเลขข้อ"]
    report = renumbered[renumbered["item_text"].str.contains("รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรม")]
    assert len(report) == 1
    assert not changes["item_text"].str.contains("รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรม").drop(report.index).any()


def test_a_link_value_that_is_not_in_the_data_is_named_not_dropped_silently(seed_store):
    at = app(seed_store, year="2599")
    assert any("year=2599" in w.value for w in at.warning)
    at.run()  # the notice is for the run that read the link
    assert not any("year=2599" in w.value for w in at.warning)


def test_links_of_the_earlier_page_parameters_still_open_the_same_division(seed_store):
    at = app(seed_store, "pages/divisions.py", div="สำนักปลัด")
    assert at.session_state["division"] == ["สำนักปลัด"]
    assert metric(at, "จำนวนมาตรการ") == str(oracle.BY_DIVISION["สำนักปลัด"][0])


def test_english_measure_tables_name_indicators_in_english(seed_store):
    at = app(seed_store, "pages/divisions.py", division="สำนักปลัด")
    at.session_state["lang"] = "en"  # AppTest's page switch forgets the link's language; a browser keeps it
    at.run()
    indicators = set(at.dataframe[0].value["indicator"])
    assert "Information disclosure" in indicators and not any("การ" in name for name in indicators)


def test_open_items_over_two_years_list_each_measure_once_at_its_latest_status(two_year_store):
    reader = StoreReader(two_year_store)
    both = (oracle.FISCAL_YEAR, oracle.NEXT_YEAR)
    view = views.open_items(reader, Filters(years=both), 100, date(2030, 1, 1))
    assert view.several_years
    # Open in 2564, done in 2565: not open. Still open in 2565: once, with the 2565 status.
    assert view.totals["measures"] == oracle.OPEN_OVER_BOTH_YEARS
    assert sorted(view.items["source_line"]) == list(oracle.OPEN_OVER_BOTH_YEARS_LINES)
    assert set(view.items["fiscal_year"]) == {oracle.NEXT_YEAR}
    assert view.items["measure_id"].is_unique
    # The counts agree with the list: per division, in total and overdue (every period ended by 2030).
    groups = view.items.groupby(["division", "is_shared"]).size().to_dict()
    assert groups == {(r.name, r.is_shared): r.measures for r in view.by_division.itertuples()}
    assert view.totals["overdue"] == view.items["days_late"].notna().sum() == oracle.OPEN_OVER_BOTH_YEARS
    # One year alone is that year's open measures, as before.
    first = views.open_items(reader, Filters(years=(oracle.FISCAL_YEAR,)), 100, date(2030, 1, 1))
    assert not first.several_years and first.totals["measures"] == oracle.IN_PROGRESS
    # No year chosen is every year: the same measures.
    every_year = views.open_items(reader, Filters(), 100, date(2030, 1, 1))
    assert every_year.totals == view.totals


def test_open_items_downloads_hold_the_rows_the_page_counts(two_year_store):
    reader = StoreReader(two_year_store)
    view = views.open_items(reader, Filters(years=(oracle.FISCAL_YEAR, oracle.NEXT_YEAR)), None, date(2030, 1, 1))
    for lang in ("th", "en"):
        sheets = export.open_items_tables(view, lang)
        listed = sheets[labels.t("sheet_open_items", lang)]
        assert len(listed) == oracle.OPEN_OVER_BOTH_YEARS
        assert set(listed[labels.t("col_fiscal_year", lang)]) == {labels.year_label(oracle.NEXT_YEAR, lang)}
        assert sheets[labels.t("sheet_summary", lang)].iloc[0, 0] == oracle.OPEN_OVER_BOTH_YEARS


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_open_items_page_over_two_years_says_each_measure_is_listed_once(two_year_store, lang):
    at = app(two_year_store, "pages/in_progress.py", year=[str(oracle.FISCAL_YEAR), str(oracle.NEXT_YEAR)])
    at.session_state["lang"] = lang  # AppTest's page switch forgets the link's language; a browser keeps it
    at.run()
    assert not at.exception
    assert metric(at, labels.t("open_count", lang)) == str(oracle.OPEN_OVER_BOTH_YEARS)
    assert any(c.value == labels.t("open_items_latest", lang) for c in at.caption)
    tables = [d.value for d in at.dataframe if "source_line" in d.value.columns]
    rows = pd.concat(tables)
    assert sorted(rows["source_line"]) == list(oracle.OPEN_OVER_BOTH_YEARS_LINES)
    assert set(rows["fiscal_year"]) == {labels.year_label(oracle.NEXT_YEAR, lang)}


def test_the_open_items_page_of_one_year_has_no_several_years_caption(two_year_store):
    at = app(two_year_store, "pages/in_progress.py", year=[str(oracle.FISCAL_YEAR)])
    assert metric(at, labels.t("open_count", "th")) == str(oracle.IN_PROGRESS)
    assert not any(c.value == labels.t("open_items_latest", "th") for c in at.caption)


def test_the_grid_as_a_list_holds_its_incomplete_cells_least_complete_first(seed_store):
    view = views.overview(StoreReader(seed_store), Filters())
    least, complete = tables.grid_least_complete(view.grid, view.indicator_names, "th")
    # สำนักปลัด holds all four open measures, in the two indicators that have open ones.
    open_indicators = {name for name, (_measures, still_open) in oracle.INDICATORS.items() if still_open}
    assert {(c.indicator, c.division) for c in least} == {(i, "สำนักปลัด") for i in open_indicators}
    assert [c.pct for c in least] == sorted(c.pct for c in least)
    assert sum(c.measures - c.done for c in least) == oracle.IN_PROGRESS
    assert complete == len(view.grid) - len(least)
    english, _ = tables.grid_least_complete(view.grid, view.indicator_names, "en")
    assert "Information disclosure" in {c.indicator for c in english}


def test_the_overview_grid_labels_each_cell_in_the_colour_of_its_completion(seed_store):
    view = views.overview(StoreReader(seed_store), Filters())
    grid = tables.indicator_division_grid(view.grid, view.indicator_names, "th")
    labelled = tables.grid_labels(grid)
    assert labelled.cells.shape == grid.cells.shape and list(labelled.cells.index) == list(grid.cells.index)
    for column in grid.cells.columns:
        options, colours = labelled.colours[column]
        for text, pct, cell in zip(grid.cells[column], grid.pct[column], labelled.cells[column], strict=True):
            assert cell == ([text] if text else [])
            if text:
                assert colours[options.index(text)] == charts.completion_colour(pct)
    drawn = app(seed_store).dataframe(key="ov_grid").value
    assert drawn.map(list).equals(labelled.cells)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_overview_draws_the_grid_as_a_list_for_narrow_screens(seed_store, lang):
    at = app(seed_store)
    at.session_state["lang"] = lang
    at.run()
    view = views.overview(StoreReader(seed_store), Filters())
    least, _ = tables.grid_least_complete(view.grid, view.indicator_names, lang)
    listed = next(m.value for m in at.markdown if m.value.startswith("- **"))
    lines = listed.split("\n")
    assert len(lines) == len(least)
    for line, cell in zip(lines, least, strict=True):
        assert line.startswith(f"- **{cell.pct:.0f}%**") and f"({cell.done}/{cell.measures})" in line
    assert any(c.value == labels.t("grid_list_caption", lang) for c in at.caption)


def test_the_english_view_names_divisions_in_english(seed_store):
    at = app(seed_store, "pages/divisions.py", division="สำนักปลัด")
    at.session_state["lang"] = "en"
    at.run()
    assert at.selectbox(key="_pick_division").value == "สำนักปลัด"  # the value stays the stored name
    assert "Office of the Permanent Secretary" in at.selectbox(key="_pick_division").options
    assert "Office of the Permanent Secretary" in at.multiselect(key="division").options
    assert any("Division Office of the Permanent Secretary" in c.value for c in at.caption)  # the scope sentence


def test_the_english_open_items_name_indicators_in_english(two_year_store):
    at = app(two_year_store, "pages/in_progress.py", year=[str(oracle.FISCAL_YEAR), str(oracle.NEXT_YEAR)])
    at.session_state["lang"] = "en"
    at.run()
    indicators = set(pd.concat([d.value for d in at.dataframe if "indicator" in d.value.columns])["indicator"])
    assert indicators == {"Information disclosure"}  # the two measures still open are both of it

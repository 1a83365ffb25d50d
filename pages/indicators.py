"""รายตัวชี้วัด: the sidebar's indicator, its measures, the ITA items they answer, status and responsible."""

import streamlit as st

from ita import ui
from ita.analytics import metrics, views
from ita.present import charts
from ita.present.labels import t

source, filters, lang = ui.page("page_indicators")
ITEM_COLUMNS = ("item_code", "status", "item_name", "item_text", "responsible_text", "action", "period", "follow_up",
                "evidence_url", "source_line")


def drawn(queries: metrics.Queries) -> dict:
    """The view, its figure and tables in words, built once per filters and language for every session and
    kept until a write changes a result it read (`CachedSource.tracked`)."""
    view = views.indicator(queries, filters, ui.MAX_TABLE_ROWS)
    if view.chosen is None:
        return {"view": view, "every": charts.completion_by_indicator_figure(view.options, lang)}
    matched = view.measures[view.measures["item_match"] != "code"] if not view.measures.empty else view.measures
    if not matched.empty:
        matched = matched[["item_text", "item_code", "item_name", "item_match", "match_confidence"]].assign(
            item_match=lambda f: f["item_match"].map(lambda m: t(f"match_{m}", lang)))
    return {
        "view": view, "items": ui.arrow_table(ui.shown_measures(view.measures, ITEM_COLUMNS, lang)),
        "matched": None if matched.empty else ui.arrow_table(matched),
        "by_division": charts.completion_by_division_figure(view.by_division, lang),
    }


shown = source.tracked(("indicator", filters, lang), drawn)
view = shown["view"]
names_en = dict(zip(view.options["name"], view.options["name_en"], strict=True))
ui.scope_caption(source, view.scope, names_en)
if view.options.empty:
    st.info(ui.tr("no_rows"))
    st.stop()
# The page shows one indicator, the sidebar's: choosing here sets the sidebar filter, never a second value.
ui.choose_one("indicator", view.options["name"].tolist(), view.chosen, ui.tr("choose_indicator"),
              format_func=lambda n: f"{names_en.get(n, n)} ({n})" if lang == "en" else n)
if view.chosen is None:
    # Until one is chosen: every indicator's completion, to choose from.
    with st.container(border=True):
        st.subheader(ui.tr("chart_by_indicator"))
        ui.chart(shown["every"], key="ind_every", file_name="completion_by_indicator")
    st.stop()
ui.kpi_cards(view.headline, view.scope)

with st.container(border=True):
    st.subheader(ui.tr("indicator_items"))
    ui.measures_table(view.measures, key="ind_items", total=view.listed_total, prepared=shown["items"])
    if shown["matched"] is not None:
        st.caption(ui.tr("match_note"))
        st.dataframe(
            shown["matched"],
            hide_index=True, width="stretch", key="ind_matches", placeholder=ui.MISSING,
            column_config={
                "item_text": ui.tr("col_item"), "item_code": ui.tr("col_item_code"),
                "item_name": ui.tr("col_item_name"), "item_match": ui.tr("col_match"),
                "match_confidence": st.column_config.ProgressColumn(ui.tr("col_confidence"), min_value=0,
                                                                    max_value=1, format="percent"),
            },
        )

with st.container(border=True):
    st.subheader(ui.tr("chart_by_division"))
    ui.chart(shown["by_division"], key="ind_by_division", file_name="indicator_by_division")

ui.downloads(source, view.scope, "indicator", key="ind")

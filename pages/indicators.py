"""รายตัวชี้วัด: the sidebar's indicator, its measures, the ITA items they answer, status and responsible."""

import streamlit as st

from ita import ui

source, filters, lang = ui.page("page_indicators")
shown = ui.shown(source, "indicator", filters, lang)
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

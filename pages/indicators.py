"""รายตัวชี้วัด: one indicator at a time, its measures, the ITA items they answer, status and responsible."""

import streamlit as st

from ita import ui
from ita.analytics import metrics
from ita.present import charts
from ita.present.labels import t, year_label

source, filters, lang = ui.page("page_indicators")

year = ui.focus_year(filters)
view = filters.with_(years=(year,)) if year else filters
ui.data_notices(source, view)
available = metrics.by_indicator(source, view)
if available.empty:
    st.info(ui.tr("no_rows"))
    st.stop()
names = available["name"].tolist()
names_en = dict(zip(available["name"], available["name_en"], strict=True))
ui.url_value("ind", names)
st.selectbox(
    ui.tr("col_indicator"), names, key="ind",
    format_func=lambda n: f"{names_en.get(n, n)} ({n})" if lang == "en" else n,
)
indicator = st.session_state.get("ind", names[0])
picked = view.with_(indicators=(indicator,))
current = metrics.totals(source, picked)
before_year = ui.previous_year(source, filters, year) if year else None
previous = metrics.totals(source, picked.with_(years=(before_year,))) if before_year else None
ui.kpi_cards(current, previous, year_label(year, lang) if year else "")

measures = metrics.measures(source, picked, limit=ui.MAX_TABLE_ROWS)
with st.container(border=True):
    st.subheader(ui.tr("indicator_items"))
    ui.measures_table(
        measures, key="ind_items", total=current["measures"],
        columns=("item_code", "status", "item_name", "item_text", "responsible_text", "action", "period",
                 "follow_up", "evidence_url", "source_line"),
    )
    matched = measures[measures["item_match"] != "code"]
    if not matched.empty:
        st.caption(ui.tr("match_note"))
        st.dataframe(
            matched[["item_text", "item_code", "item_name", "item_match", "match_confidence"]]
            .assign(item_match=lambda f: f["item_match"].map(lambda m: t(f"match_{m}", lang))),
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
    ui.chart(charts.completion_by_division_figure(metrics.by_division(source, picked), lang),
             key="ind_by_division", file_name="indicator_by_division")

ui.downloads(source, picked, f"ita_indicator_{year or 'all'}", key="ind")

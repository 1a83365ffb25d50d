"""รายสำนัก/กอง: one division's scorecard, with or without the measures shared by every division."""

import streamlit as st

from ita import ui
from ita.analytics import metrics
from ita.present import charts
from ita.present.labels import year_label

source, filters, lang = ui.page("page_divisions")

year = ui.focus_year(filters)
view = filters.with_(years=(year,), divisions=(), include_shared=False) if year else filters
divisions = source.query("division_list", orgs=list(view.orgs))
names = divisions.loc[~divisions["is_shared"], "name"].tolist()
if not names:
    st.info(ui.tr("no_rows"))
    st.stop()
ui.url_value("div", names)
ui.url_value("div_shared", [True, False], convert=lambda v: v if isinstance(v, bool) else v == "true")
left, right = st.columns([2, 3], vertical_alignment="bottom")
left.selectbox(ui.tr("col_division"), names, key="div")
right.toggle(ui.tr("include_shared"), key="div_shared")
division = st.session_state.get("div", names[0])
picked = view.with_(divisions=(division,), include_shared=bool(st.session_state.get("div_shared")))
ui.data_notices(source, picked)

current = metrics.totals(source, picked)
before_year = ui.previous_year(source, filters, year) if year else None
previous = metrics.totals(source, picked.with_(years=(before_year,))) if before_year else None
ui.kpi_cards(current, previous, year_label(year, lang) if year else "")

open_view = picked.with_(statuses=tuple(s for s in ui.STATUSES if s != "done"))
open_count = current["measures"] - current["done"]
with st.container(border=True):
    st.subheader(f"{ui.tr('page_in_progress')} ({open_count:,})")
    if open_count == 0:
        st.success(ui.tr("all_done"))
    else:
        ui.measures_block(source, open_view, key="div_open",
                          columns=("indicator", "status", "item_text", "action", "responsible_text", "period",
                                   "follow_up"))
with st.container(border=True):
    st.subheader(ui.tr("chart_by_indicator"))
    ui.chart(charts.completion_by_indicator_figure(metrics.by_indicator(source, picked), lang),
             key="div_by_indicator", file_name="division_by_indicator")
with st.expander(f"{ui.tr('all_measures')} ({current['measures']:,})"):
    ui.measures_block(source, picked, key="div_all")

ui.downloads(source, picked, f"ita_division_{year or 'all'}", key="div")

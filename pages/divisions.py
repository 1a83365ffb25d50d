"""รายสำนัก/กอง: the sidebar's division as a scorecard, with or without the measures shared by every division."""

import streamlit as st

from ita import ui
from ita.present import tables
from ita.present.labels import division_label

source, filters, lang = ui.page("page_divisions")
shown = ui.shown(source, "division", filters, lang)
view = shown["view"]
ui.scope_caption(source, view.scope)
if not view.options:
    st.info(ui.tr("no_rows"))
    st.stop()
# The page shows one division, the sidebar's (its shared toggle too): choosing here sets the sidebar filter.
ui.choose_one("division", view.options, view.chosen, ui.tr("choose_division"),
              format_func=lambda name: division_label(name, False, lang))
if view.chosen is None:
    # Until one is chosen: every division's completion, to choose from.
    with st.container(border=True):
        st.subheader(ui.tr("chart_by_division"))
        ui.chart(shown["by_division"], key="div_every", file_name="completion_by_division")
    st.stop()
ui.kpi_cards(view.headline, view.scope)

with st.container(border=True):
    st.subheader(f"{ui.tr('page_in_progress')} ({view.open_total:,})")
    if view.open_total == 0:
        st.success(ui.tr("all_done"))
    else:
        ui.measures_table(view.open_measures, key="div_open", total=view.open_total, prepared=shown["open"])
with st.container(border=True):
    st.subheader(ui.tr("chart_by_indicator"))
    ui.chart(shown["by_indicator"], key="div_by_indicator", file_name="division_by_indicator")
# The cards count every status; the list says what it lists of them ("4 of 10" with a status filter).
with st.expander(tables.listed_heading(view.scope.statuses, view.listed_total, view.headline.current["measures"],
                                       lang)):
    ui.measures_table(view.measures, key="div_all", total=view.listed_total, prepared=shown["all"])

ui.downloads(source, view.scope, "division", key="div")

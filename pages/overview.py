"""ภาพรวม: KPI cards, completion by indicator and by division, and the indicator × division grid."""

import streamlit as st

from ita import ui
from ita.analytics import views
from ita.ui import score_sections

source, filters, lang = ui.page("page_overview")
shown = ui.shown(source, "overview", filters, lang)
view = shown["view"]
names_en = dict(zip(view.indicator_names["name"], view.indicator_names["name_en"], strict=True))
ui.scope_caption(source, view.scope, names_en)
if view.headline.current["measures"] == 0:
    st.info(ui.tr("no_rows"))
    st.stop()
ui.kpi_cards(view.headline, view.scope)
score_sections.overview_section(source, view.scope, lang)  # the ITA score these measures were planned from

left, right = st.columns(2)
with left.container(border=True):
    st.subheader(ui.tr("chart_by_indicator"))
    ui.chart(shown["by_indicator"], key="ov_by_indicator", file_name="completion_by_indicator")
with right.container(border=True):
    st.subheader(ui.tr("chart_by_division"))
    ui.chart(shown["by_division"], key="ov_by_division", file_name="completion_by_division")


# A fragment: choosing a cell reruns the grid and its measures, not the charts above.
@st.fragment
def indicator_division_grid() -> None:
    with st.container(border=True):
        st.subheader(ui.tr("chart_grid"))
        wide, narrow = ui.wide_or_list("ov_grid")
        with narrow:
            # A phone cannot show the grid's columns side by side: its incomplete cells as a list instead,
            # least complete first, so what needs attention is never cut off at the right.
            least, complete = shown["least_complete"]
            if least:
                st.caption(ui.tr("grid_list_caption"))
                st.markdown("\n".join(
                    f"- **{c.pct:.0f}%** · {ui.md(c.indicator)} × {ui.md(c.division)} ({c.done}/{c.measures})"
                    for c in least))
            st.caption(ui.tr("grid_list_complete").format(n=complete) if least else ui.tr("grid_all_complete"))
        with wide:
            st.caption(ui.tr("grid_hint"))
            grid, labelled = shown["grid"], shown["grid_labels"]
            # Each cell's label coloured by its completion (a read-only multiselect column, coloured in
            # the browser): a pandas Styler shading the cells cost more than the rest of the page.
            config = {column: st.column_config.MultiselectColumn(column, options=labels, color=colours, disabled=True)
                      for column, (labels, colours) in labelled.colours.items()}
            event = st.dataframe(shown["grid_table"], key="ov_grid", on_select="rerun", selection_mode="single-cell",
                                 width="stretch", column_config=config)
            st.caption(ui.tr("grid_legend"))
            cells = event.selection.cells if event and event.selection else []
            if cells:
                row, column = cells[0]
                indicator = grid.indicators[row]
                division, _is_shared = grid.divisions[list(grid.cells.columns).index(column)]
                st.markdown(f"**{ui.tr('grid_items')}** {ui.md(grid.cells.index[row])} × {ui.md(column)}")
                measures, total = views.grid_cell(source, view.scope, indicator, division, ui.MAX_TABLE_ROWS)
                ui.measures_table(measures, key="ov_grid_items", total=total)


indicator_division_grid()

ui.downloads(source, view.scope, "overview", key="ov")

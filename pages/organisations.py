"""เปรียบเทียบหน่วยงาน: organisations ranked by completion, its spread, types, and the indicators most
often left open; a row opens that organisation's own dashboard."""

import streamlit as st

from ita import ui
from ita.present.labels import t, year_label
from ita.ui import score_sections

ui.go_where_asked()
source, filters, lang = ui.page("page_organisations")
shown = ui.shown(source, "organisations", filters, lang)
view = shown["view"]
ui.scope_caption(source, view.scope)
ranking, before_year = view.ranking, view.scope.compared_year
if len(ranking) < 2:
    st.info(ui.tr("orgs_need_two"), icon=":material/info:")
    st.stop()

organisations, median, passing, lagging = shown["counts"]
with st.container(horizontal=True):
    st.metric(ui.tr("organisations"), f"{organisations:,}", border=True)
    st.metric(ui.tr("median_completion"), f"{median:.1f}%", border=True)
    st.metric(ui.tr("orgs_passing"), f"{passing:,}", border=True)
    st.metric(ui.tr("orgs_lagging"), f"{lagging:,}", border=True)

left, right = st.columns(2)
with left.container(border=True):
    st.subheader(ui.tr("distribution"))
    ui.chart(shown["histogram"], key="org_hist", file_name="completion_distribution")
with right.container(border=True):
    st.subheader(ui.tr("by_org_type"))
    ui.chart(shown["by_type"], key="org_types", file_name="completion_by_type")

with st.container(border=True):
    st.subheader(ui.tr("ranking"))
    st.caption(ui.tr("ranking_hint"))
    event = st.dataframe(
        shown["ranking"],
        key="org_ranking", on_select="rerun", selection_mode="single-row", hide_index=True, width="stretch",
        height=420, placeholder=ui.MISSING,
        column_config={
            "org_name": ui.tr("col_organisation"), "org_type": ui.tr("col_org_type"),
            "province": ui.tr("col_province"), "measures": ui.tr("col_measures"), "done": ui.tr("col_done"),
            "completion_pct": st.column_config.ProgressColumn(ui.tr("col_completion_pct"), min_value=0,
                                                              max_value=100, format="%.1f%%"),
            "previous_pct": st.column_config.NumberColumn(
                f"{ui.tr('col_previous_pct')} {year_label(before_year, lang) if before_year else ''}",
                format="%.1f%%"),
            "change_pct": st.column_config.NumberColumn(
                f"{ui.tr('col_change')} {year_label(before_year, lang) if before_year else ''}→"
                f"{year_label(view.scope.year, lang) if view.scope.year else ''}",
                format=f"%+.1f {ui.tr('pdf_points')}"),
        },
    )
    rows = event.selection.rows if event and event.selection else []
    if rows:
        chosen = ranking.iloc[rows[0]]["org_name"]
        st.button(f"{ui.tr('open_dashboard')} {chosen}", key="org_open", type="primary",
                  on_click=ui.open_organisation, args=(chosen,))

with st.container(border=True):
    st.subheader(ui.tr("most_open"))
    most_open = view.most_open
    label = "name_en" if lang == "en" else "name"
    st.dataframe(
        most_open[["tool", label, "organisations", "organisations_open", "open_share_pct", "open_measures"]],
        hide_index=True, width="stretch", key="org_most_open", placeholder=ui.MISSING,
        column_config={
            "tool": ui.tr("col_tool"), label: ui.tr("col_indicator"), "organisations": ui.tr("organisations"),
            "organisations_open": ui.tr("col_orgs_open"),
            "open_share_pct": st.column_config.ProgressColumn(ui.tr("col_open_share"), min_value=0, max_value=100,
                                                              format="%.1f%%"),
            "open_measures": t("open_count", lang),
        },
    )

score_sections.organisations_section(source, view.scope.year, ranking, lang, filters)  # ITA scores, if stored

ui.downloads(source, view.scope, "organisations", key="org",
             tables=lambda: {ui.tr("ranking"): ranking, ui.tr("most_open"): most_open})

"""เปรียบเทียบปีงบประมาณ: years side by side per indicator and division, the trend, and what changed."""

import streamlit as st

from ita import ui
from ita.analytics import views
from ita.present import export, pdf_report, tables
from ita.present.labels import t, year_label

source, filters, lang = ui.page("page_compare")
shown = ui.shown(source, "compare_years", filters, lang)
view = shown["view"]
years = view.years
if len(years) < 2:
    st.info(ui.tr("compare_needs_two"), icon=":material/info:")
    st.stop()
if view.all_years:
    st.caption(ui.tr("compare_all_years"))
names_en = dict(zip(view.by_indicator["name"], view.by_indicator["name_en"], strict=True))
ui.scope_caption(source, view.scope, names_en)

with st.container(border=True):
    st.subheader(ui.tr("trend"))
    ui.chart(shown["trend"], key="cmp_trend", file_name="completion_trend")

change = tables.change_label(years[0], years[-1], lang)
year_columns = {year_label(y, lang): st.column_config.NumberColumn(format="%.1f%%") for y in years}
year_columns[change] = st.column_config.NumberColumn(format=f"%+.1f {ui.tr('pdf_points')}")
with st.container(border=True):
    st.subheader(ui.tr("chart_by_indicator"))
    ui.chart(shown["by_indicator"], key="cmp_ind", file_name="compare_by_indicator")
    st.dataframe(shown["indicator_table"], hide_index=True, width="stretch", key="cmp_ind_table",
                 column_config=year_columns, placeholder=ui.MISSING)
with st.container(border=True):
    st.subheader(ui.tr("chart_by_division"))
    ui.chart(shown["by_division"], key="cmp_div", file_name="compare_by_division")
    st.dataframe(shown["division_table"], hide_index=True, width="stretch", key="cmp_div_table",
                 column_config=year_columns, placeholder=ui.MISSING)

# A fragment: choosing the two years reruns this part alone, not the charts and tables above; it
# writes the link itself, since dashboard.py does not run again.
@st.fragment
def measure_changes() -> None:
    with st.container(border=True):
        st.subheader(ui.tr("changes"))
        ui.url_value("from", years, convert=int)
        ui.url_value("to", years, convert=int)
        st.session_state.setdefault("from", years[-2])
        st.session_state.setdefault("to", years[-1])
        first, second = st.columns(2)
        first.selectbox(ui.tr("year_from"), years, key="from", format_func=lambda y: year_label(y, lang))
        second.selectbox(ui.tr("year_to"), years, key="to", format_func=lambda y: year_label(y, lang))
        # Measure by measure only makes sense within one organisation: across thousands it is a flood.
        if len(view.scope.counted.orgs) != 1:
            st.info(ui.tr("changes_choose_org"), icon=":material/info:")
            st.stop()
        changes = ui.status_changes(source, view.scope, st.session_state["from"], st.session_state["to"], lang)
        # Every kind counted, unchanged too: "0 new, 0 gone" reads right only beside what stayed.
        st.caption(" · ".join(f"{t('change_' + kind, lang)} {n}" for kind, n in changes["counts"].items()))
        if not changes["total"]:
            st.info(ui.tr("no_changes"))
        else:
            if changes["total"] > ui.MAX_TABLE_ROWS:
                st.caption(ui.tr("rows_shown").format(shown=f"{ui.MAX_TABLE_ROWS:,}", total=f"{changes['total']:,}"))
            st.dataframe(
                changes["table"], hide_index=True, width="stretch", key="cmp_changes", placeholder=ui.MISSING,
                column_config={
                    "change": ui.tr("col_change"), "indicator": ui.tr("col_indicator"),
                    "item_code": ui.tr("col_item_code"), "item_text": ui.tr("col_item"),
                    "status_from": year_label(st.session_state["from"], lang),
                    "status_to": year_label(st.session_state["to"], lang),
                    "responsible_text": ui.tr("col_responsible"), "matched_by": ui.tr("col_matched_by"),
                },
            )
    ui.write_url_state()


measure_changes()


def chosen_changes() -> views.ChangesView | None:
    """What the exports carry of "what changed": the page's own, for the two years chosen when clicked."""
    if len(view.scope.counted.orgs) != 1:
        return None
    year_from, year_to = st.session_state.get("from", years[-2]), st.session_state.get("to", years[-1])
    return ui.status_changes(source, view.scope, year_from, year_to, lang)["view"]


# The exports take the page's own view (its trend and side-by-side frames), not a view of their own.
ui.downloads(source, view.scope, "compare_years", key="cmp",
             tables=lambda: export.compare_tables(view, chosen_changes(), lang),
             pdf=lambda reader, _filters, lang_: pdf_report.compare_years_pdf(reader, view, chosen_changes(), lang_))

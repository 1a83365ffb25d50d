"""รายการที่ยังไม่แล้วเสร็จ: every measure not yet done, grouped by division, overdue ones first
(with their due date and days late), sortable and exportable, and those due within the days chosen
(views.due_soon). Over several years each measure is listed once, with its latest status and the
year of it (views.open_items)."""

from datetime import timedelta

import streamlit as st

from ita import ui
from ita.analytics import views
from ita.present import export, pdf_report
from ita.present.labels import format_date
from ita.ui.shown import due_soon

source, filters, lang = ui.page("page_in_progress")
shown = ui.shown(source, "open_items", filters, lang)
view = shown["view"]
# The page lists open statuses by design: the notice is for a status filter the user set.
ui.scope_caption(source, view.scope, status_notice=bool(filters.statuses))
if not view.scope.statuses:
    st.info(ui.tr("no_rows"))
    st.stop()
if view.totals["measures"] == 0:
    st.success(ui.tr("all_done"), icon=":material/task_alt:")
    st.stop()
if view.several_years:
    st.caption(ui.tr("open_items_latest"))

day = format_date(view.as_of, lang)
days = int(st.number_input(ui.tr("due_soon_days"), min_value=0, max_value=366, value=30, step=1, key="due_days"))
soon = due_soon(source, filters, days, lang, view.as_of)
with st.container(horizontal=True, key="open_kpis"):
    st.metric(ui.tr("open_count"), f"{view.totals['measures']:,}", border=True)
    st.metric(f"{ui.tr('overdue_as_of')} {day}", f"{view.totals['overdue']:,}", border=True,
              help=ui.tr("overdue_help").format(date=day))
    until = format_date(view.as_of + timedelta(days=days), lang)
    st.metric(f"{ui.tr('due_soon_within').format(days=days)} {day}", f"{soon['found'].total:,}", border=True,
              help=ui.tr("due_soon_help").format(date=day, until=until))
if soon["table"] is not None:
    with st.container(border=True):
        st.subheader(ui.tr("due_soon_heading").format(days=days, count=f"{soon['found'].total:,}"))
        ui.measures_table(soon["table"], key="due_soon", prepared=soon["table"])
for title, key, total, table in shown["groups"]:
    with st.container(border=True):
        st.subheader(title)
        ui.measures_table(table, key=key, total=total, year_header="col_status_year", prepared=table)



def open_tables(every: views.OpenItemsView) -> dict:
    return export.open_items_tables(every, lang, views.open_items_completion(source, every))


ui.downloads(source, view.scope, "open_items", key="open",
             tables=lambda: open_tables(views.open_items(source, filters, None, view.as_of)),
             pdf=pdf_report.open_items_pdf, pdf_label="pdf_open_items")

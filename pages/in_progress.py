"""รายการที่ยังไม่แล้วเสร็จ: every measure not yet done, grouped by division, overdue ones first
(with their due date and days late), sortable and exportable. Over several years each measure is
listed once, with its latest status and the year of it (views.open_items)."""

from datetime import date

import pandas as pd
import streamlit as st

from ita import ui
from ita.analytics import metrics, views
from ita.present import export, pdf_report
from ita.present.labels import division_label, format_date

source, filters, lang = ui.page("page_in_progress")
GROUP_ROWS = 100  # per division on screen: several groups share the page; the downloads hold all
COLUMNS = ("org_name", "fiscal_year", "indicator", "status", "days_late", "due_date", "item_text", "action",
           "follow_up", "period", "responsible_text", "file_name", "source_line")


def drawn(queries: metrics.Queries) -> dict:
    """The view and its tables in words, built once per filters, language and day for every session and
    kept until a write changes a result it read (`CachedSource.tracked`)."""
    # One day for the whole page, so the count and the tables agree even across midnight.
    view = views.open_items(queries, filters, GROUP_ROWS, date.today())
    if not view.scope.statuses or view.totals["measures"] == 0:
        return {"view": view}
    columns = COLUMNS[1:] if len(view.scope.counted.orgs) == 1 else COLUMNS  # one organisation: named above
    items = export.due_dates(view.items, lang)
    # One group per responsible division, largest first; a measure naming two divisions is in both.
    tables = ui.grouped_measures(items, ["division", "is_shared"], columns, lang)
    groups = []
    for row in view.by_division.itertuples():
        title = f"⚑ {ui.md(division_label(row.name, row.is_shared, lang))} ({row.measures:,})"
        table = tables.get((row.name, row.is_shared), pd.DataFrame())  # none listed: the table says so
        groups.append((title, f"open_{row.name}_{row.is_shared}", row.measures, table))
    return {"view": view, "groups": groups}


shown = source.tracked(("open_items", filters, lang), drawn)
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
with st.container(horizontal=True, key="open_kpis"):
    st.metric(ui.tr("open_count"), f"{view.totals['measures']:,}", border=True)
    st.metric(f"{ui.tr('overdue_as_of')} {day}", f"{view.totals['overdue']:,}", border=True,
              help=ui.tr("overdue_help").format(date=day))
for title, key, total, table in shown["groups"]:
    with st.container(border=True):
        st.subheader(title)
        ui.measures_table(table, key=key, total=total, year_header="col_status_year", prepared=table)

ui.downloads(source, view.scope, "open_items", key="open",
             tables=lambda: export.open_items_tables(views.open_items(source, filters, None, view.as_of), lang),
             pdf=pdf_report.open_items_pdf, pdf_label="pdf_open_items")

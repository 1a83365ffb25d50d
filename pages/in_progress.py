"""รายการที่ยังไม่แล้วเสร็จ: every measure not yet done, grouped by division, overdue ones first
(with their due date and days late), sortable and exportable."""

from datetime import date

import pandas as pd
import streamlit as st

from ita import ui
from ita.analytics import metrics, views
from ita.present import export
from ita.present.labels import division_label, format_date

source, filters, lang = ui.page("page_in_progress")

open_statuses = tuple(s for s in (filters.statuses or ui.STATUSES) if s != "done")
scope = views.scope_of(source, filters, one_year=False)
ui.scope_caption(source, scope)
if not open_statuses:
    st.info(ui.tr("no_rows"))
    st.stop()
view = filters.with_(statuses=open_statuses)
# One day for the whole page, so the count and the tables agree even across midnight.
as_of = date.today()
counts = metrics.totals(source, view, as_of)
total = counts["measures"]
if total == 0:
    st.success(ui.tr("all_done"), icon=":material/task_alt:")
    st.stop()

with st.container(horizontal=True, key="open_kpis"):
    st.metric(ui.tr("open_count"), f"{total:,}", border=True)
    st.metric(f"{ui.tr('overdue_as_of')} {format_date(as_of, lang)}", f"{counts['overdue']:,}", border=True,
              help=ui.tr("overdue_help").format(date=format_date(as_of, lang)))
columns = ("org_name", "fiscal_year", "indicator", "status", "days_late", "due_date", "item_text", "action",
           "follow_up", "period", "responsible_text", "file_name", "source_line")
if len(filters.orgs) == 1:
    columns = columns[1:]  # the organisation is named above the page
GROUP_ROWS = 100  # per division on screen: several groups share the page; the downloads hold all
items = metrics.measures_by_division(source, view, GROUP_ROWS, as_of)
# The due date as a reader writes it (Buddhist Era in Thai); days late only for overdue measures.
items["due_date"] = [None if pd.isna(d) else format_date(d, lang) for d in items["period_end"]]
items["days_late"] = items["days_late"].astype("Int64")
# One group per responsible division, largest first; a measure naming two divisions is in both.
for row in metrics.by_division(source, view).itertuples():
    with st.container(border=True):
        st.subheader(f"⚑ {ui.md(division_label(row.name, row.is_shared, lang))} ({row.measures:,})")
        group = items[(items["division"] == row.name) & (items["is_shared"] == row.is_shared)]
        ui.measures_table(group, key=f"open_{row.name}_{row.is_shared}", columns=columns, total=row.measures)

ui.downloads(source, views.Scope(scope.counted, open_statuses), "open_items", key="open",
             tables=lambda: {ui.tr("sheet_open_items"): export.measures_frame(metrics.measures(source, view), lang)})

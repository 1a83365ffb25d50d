"""รายการที่ยังไม่แล้วเสร็จ: every measure not yet done, grouped by division, sortable and exportable."""

import streamlit as st

from ita import export, metrics
from ita import streamlit_ui as ui

source, filters, lang = ui.page("page_in_progress")

open_statuses = tuple(s for s in (filters.statuses or ui.STATUSES) if s != "done")
ui.data_notices(source, filters)
if not open_statuses:
    st.info(ui.tr("no_rows"))
    st.stop()
view = filters.with_(statuses=open_statuses)
total = metrics.totals(source, view)["measures"]
if total == 0:
    st.success(ui.tr("all_done"), icon=":material/task_alt:")
    st.stop()

st.metric(ui.tr("open_count"), f"{total:,}", border=True)
COLUMNS = ("fiscal_year", "indicator", "status", "item_text", "action", "follow_up", "period", "responsible_text",
           "source_line")
GROUP_ROWS = 100  # per division on screen: several groups share the page; the downloads hold all
# One group per responsible division, largest first; a measure naming two divisions is in both.
for row in metrics.by_division(source, view, lang).itertuples():
    with st.container(border=True):
        st.subheader(f"⚑ {ui.md(row.name)} ({row.measures:,})")
        if row.name == ui.tr("unassigned_division"):
            items = metrics.measures(source, view, limit=ui.MAX_TABLE_ROWS)
            ui.measures_table(items[items["divisions"].isna()].head(GROUP_ROWS), key="open_unassigned", columns=COLUMNS)
        else:
            group = view.with_(divisions=(row.name,), include_shared=bool(row.is_shared))
            ui.measures_table(metrics.measures(source, group, limit=GROUP_ROWS), key=f"open_{row.name}",
                              columns=COLUMNS, total=row.measures)

ui.downloads(source, view, "ita_open_items", key="open",
             tables=lambda: {ui.tr("sheet_open_items"): export.measures_frame(metrics.measures(source, view), lang)})

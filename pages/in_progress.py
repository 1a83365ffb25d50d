"""รายการที่ยังไม่แล้วเสร็จ: every measure not yet done, grouped by division, sortable and exportable."""

import streamlit as st

from ita import export
from ita import streamlit_ui as ui

source, filters = ui.shared()
lang = ui.lang()
st.title(ui.tr("page_in_progress"))
if source is None:
    ui.empty_store_notice()
    st.stop()

open_statuses = tuple(s for s in (filters.statuses or ui.STATUSES) if s != "done")
ui.data_notices(source, filters)
if not open_statuses:
    st.info(ui.tr("no_rows"))
    st.stop()
view = filters.with_(statuses=open_statuses)
items = source.query("measures_list", **view.params())
if items.empty:
    st.success(ui.tr("all_done"), icon=":material/task_alt:")
    st.stop()

st.metric(ui.tr("open_count"), f"{len(items):,}", border=True)
grouped = items.assign(division=items["divisions"].fillna(ui.tr("unassigned_division")).str.split(", "))
grouped = grouped.explode("division")
for division, part in grouped.groupby("division", sort=False):
    with st.container(border=True):
        st.subheader(f"⚑ {ui.md(division)} ({len(part)})")
        ui.measures_table(
            part, key=f"open_{division}",
            columns=("fiscal_year", "indicator", "item_text", "action", "follow_up", "period", "status",
                     "responsible_text", "source_line"),
        )

ui.downloads(source, view, "ita_open_items", key="open",
             tables=lambda: {ui.tr("sheet_open_items"): export.measures_frame(items, lang)})

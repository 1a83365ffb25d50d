"""ภาพรวม: KPI cards, completion by indicator and by division, and the indicator × division grid."""

import pandas as pd
import streamlit as st

from ita import ui
from ita.analytics import metrics
from ita.present import charts
from ita.present.labels import name_unassigned, year_label

source, filters, lang = ui.page("page_overview")

year = ui.focus_year(filters)
view = filters.with_(years=(year,)) if year else filters
ui.data_notices(source, view)
current = metrics.totals(source, view)
if current["measures"] == 0:
    st.info(ui.tr("no_rows"))
    st.stop()
before_year = ui.previous_year(source, filters, year) if year else None
previous = metrics.totals(source, view.with_(years=(before_year,))) if before_year else None
year_text = year_label(year, lang) if year else ""
if before_year:
    st.caption(f"{ui.tr('focus_year')} {year_text} · {ui.tr('vs_year')} {year_label(before_year, lang)}")
ui.kpi_cards(current, previous, year_text)

left, right = st.columns(2)
with left.container(border=True):
    st.subheader(ui.tr("chart_by_indicator"))
    ui.chart(charts.completion_by_indicator_figure(metrics.by_indicator(source, view), lang),
             key="ov_by_indicator", file_name="completion_by_indicator")
with right.container(border=True):
    st.subheader(ui.tr("chart_by_division"))
    ui.chart(charts.completion_by_division_figure(metrics.by_division(source, view), lang),
             key="ov_by_division", file_name="completion_by_division")

with st.container(border=True):
    st.subheader(ui.tr("chart_grid"))
    st.caption(ui.tr("grid_hint"))
    grid = source.query("indicator_division_grid", **view.params())
    grid["division"] = name_unassigned(grid["division"], lang)
    indicator_list = source.query("indicator_list", orgs=list(view.orgs))
    names_en = dict(zip(indicator_list["name"], indicator_list["name_en"], strict=True))
    table = grid.assign(cell=[f"{d}/{m} · {p:.0f}%" for d, m, p in zip(grid["done"], grid["measures"],
                                                                         grid["completion_pct"], strict=True)])
    order = grid.drop_duplicates("indicator").sort_values(["indicator_no", "indicator"])["indicator"].tolist()
    pivot = table.pivot_table(index="indicator", columns="division", values="cell", aggfunc="first").reindex(order)
    pct = grid.pivot_table(index="indicator", columns="division", values="completion_pct", aggfunc="first")
    pct = pct.reindex(order)
    pivot.index = pct.index = [names_en.get(i, i) if lang == "en" else i for i in pivot.index]
    shared = set(grid.loc[grid["is_shared"], "division"])
    pivot.columns = pct.columns = [ui.tr("shared_division") if c in shared else c for c in pivot.columns]

    def shade(column: pd.Series) -> list[str]:
        values = pct[column.name]
        return ["" if pd.isna(v) else f"background-color: {charts.completion_colour(v)}" for v in values]

    event = st.dataframe(
        pivot.fillna("").style.apply(shade), key="ov_grid", on_select="rerun", selection_mode="single-cell",
        width="stretch",
    )
    cells = event.selection.cells if event and event.selection else []
    if cells:
        row, column = cells[0]
        indicator = order[row]
        division = next(iter(shared)) if column == ui.tr("shared_division") and shared else column
        picked = view.with_(indicators=(indicator,))
        st.markdown(f"**{ui.tr('grid_items')}** {ui.md(pivot.index[row])} × {ui.md(division)}")
        if division == ui.tr("unassigned_division"):
            items = metrics.measures(source, picked, limit=ui.MAX_TABLE_ROWS)
            ui.measures_table(items[items["divisions"].isna()], key="ov_grid_items")
        else:
            ui.measures_block(source, picked.with_(divisions=(division,)), key="ov_grid_items")

ui.downloads(source, view, f"ita_overview_{year or 'all'}", key="ov")

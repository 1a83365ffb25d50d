"""เปรียบเทียบปีงบประมาณ: years side by side per indicator and division, the trend, and what changed."""

import pandas as pd
import streamlit as st

from ita import ui
from ita.analytics import metrics
from ita.present import charts
from ita.present.labels import name_unassigned, t, year_label

source, filters, lang = ui.page("page_compare")

available = metrics.fiscal_years(source, filters.orgs)
years = sorted(filters.years) if len(filters.years) >= 2 else sorted(available)
if len(years) < 2:
    st.info(ui.tr("compare_needs_two"), icon=":material/info:")
    st.stop()
if len(filters.years) < 2:
    st.caption(ui.tr("compare_all_years"))
view = filters.with_(years=tuple(years))
ui.data_notices(source, view)


def side_by_side(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    """One row per indicator or division, a column per year, and the change first → last."""
    wide = frame.pivot_table(index=label, columns="fiscal_year", values="completion_pct", aggfunc="first")
    wide = wide.reindex(columns=years).astype(float)
    wide[ui.tr("col_change")] = wide[years[-1]] - wide[years[0]]
    wide.columns = [year_label(int(c), lang) if isinstance(c, int | float) and c in years else c
                    for c in wide.columns]
    return wide.reset_index()


with st.container(border=True):
    st.subheader(ui.tr("trend"))
    ui.chart(charts.trend_figure(source.query("by_year", **view.params()), lang), key="cmp_trend",
             file_name="completion_trend")

by_indicator = source.query("by_indicator_year", **view.params())
by_division = source.query("by_division_year", **view.params())
by_division["name"] = name_unassigned(by_division["name"], lang)
year_columns = {year_label(y, lang): st.column_config.NumberColumn(format="%.1f%%") for y in years}
year_columns[ui.tr("col_change")] = st.column_config.NumberColumn(format="%+.1f pp")
left, right = st.columns(2)
with left.container(border=True):
    st.subheader(ui.tr("chart_by_indicator"))
    ui.chart(charts.compare_years_figure(by_indicator, lang), key="cmp_ind", file_name="compare_by_indicator")
    label = "name_en" if lang == "en" else "name"
    st.dataframe(side_by_side(by_indicator, label).rename(columns={label: ui.tr("col_indicator")}),
                 hide_index=True, width="stretch", key="cmp_ind_table",
                 column_config=year_columns, placeholder=ui.MISSING)
with right.container(border=True):
    st.subheader(ui.tr("chart_by_division"))
    ui.chart(charts.compare_years_figure(by_division, lang), key="cmp_div", file_name="compare_by_division")
    st.dataframe(side_by_side(by_division, "name").rename(columns={"name": ui.tr("col_division")}),
                 hide_index=True, width="stretch", key="cmp_div_table",
                 column_config=year_columns, placeholder=ui.MISSING)

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
    if not view.orgs and len(metrics.organisations(source)) > 1:
        st.info(ui.tr("changes_choose_org"), icon=":material/info:")
        st.stop()
    changes = source.query("status_changes", **view.params(), year_from=st.session_state["from"],
                           year_to=st.session_state["to"])
    if changes.empty:
        st.info(ui.tr("no_changes"))
    else:
        counts = changes["change"].value_counts()
        st.caption(" · ".join(f"{t('change_' + c, lang)} {counts.get(c, 0)}"
                              for c in ("status_changed", "appeared", "disappeared")))
        shown = changes.assign(
            change=changes["change"].map(lambda c: t("change_" + c, lang)),
            status_from=changes["status_from"].map(lambda s: t(f"status_{s}", lang) if isinstance(s, str) else ""),
            status_to=changes["status_to"].map(lambda s: t(f"status_{s}", lang) if isinstance(s, str) else ""),
        )
        if len(shown) > ui.MAX_TABLE_ROWS:
            st.caption(ui.tr("rows_shown").format(shown=f"{ui.MAX_TABLE_ROWS:,}", total=f"{len(shown):,}"))
        st.dataframe(
            shown[["change", "indicator", "item_code", "item_text", "status_from", "status_to",
                   "responsible_text"]].head(ui.MAX_TABLE_ROWS),
            hide_index=True, width="stretch", key="cmp_changes", placeholder=ui.MISSING,
            column_config={
                "change": ui.tr("col_change"), "indicator": ui.tr("col_indicator"),
                "item_code": ui.tr("col_item_code"), "item_text": ui.tr("col_item"),
                "status_from": year_label(st.session_state["from"], lang),
                "status_to": year_label(st.session_state["to"], lang),
                "responsible_text": ui.tr("col_responsible"),
            },
        )

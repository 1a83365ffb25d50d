"""คะแนน ITA: one organisation's ITA results over the years (total, instruments, each indicator against
the pass line), the instrument that capped the rating, and each fiscal year's measures beside the
change in score that followed."""

import streamlit as st

from ita import ui
from ita.present.labels import t, year_label
from ita.ui import score_shown

source, filters, lang = ui.page("page_scores")
shown = score_shown.scores_page(source, filters, lang)
view = shown["view"]
ui.scope_caption(source, view.scope)
if view.org is None:
    st.info(ui.tr("scores_choose_org"), icon=":material/info:")
    st.stop()
if view.scores.empty:
    st.info(ui.tr("scores_none"), icon=":material/upload_file:")
    st.stop()

year, total, rating, change = shown["latest"]
with st.container(horizontal=True):
    st.metric(f"ITA {year_label(year, lang)}", f"{total:.2f}", None if change is None else f"{change:+.2f}",
              border=True, help=ui.tr("score_card_help"))
    st.metric(ui.tr("score_rating"), rating, border=True)
if shown["capped"]:
    st.warning(shown["capped"], icon=":material/vertical_align_top:")
if shown["rule"]:
    st.caption(shown["rule"])

left, right = st.columns(2)
with left.container(border=True):
    st.subheader(ui.tr("scores_trend"))
    ui.chart(shown["trend"], key="sc_trend", file_name="ita_scores")
with right.container(border=True):
    st.subheader(ui.tr("scores_indicator_trend"))
    if shown["indicator_trend"] is None:
        st.caption(ui.tr("scores_no_indicators"))
    else:
        ui.chart(shown["indicator_trend"], key="sc_indicators", file_name="ita_indicator_scores")

with st.container(border=True):
    st.subheader(ui.tr("scores_table"))
    st.dataframe(shown["table"], hide_index=True, width="stretch", key="sc_table", placeholder=ui.MISSING,
                 column_config={
                     "year": ui.tr("score_assessment_year"), "total": st.column_config.NumberColumn(
                         ui.tr("score_total"), format="%.2f"), "rating": ui.tr("score_rating"),
                     "iit": st.column_config.NumberColumn("IIT", format="%.2f"),
                     "eit": st.column_config.NumberColumn("EIT", format="%.2f"),
                     "oit": st.column_config.NumberColumn("OIT", format="%.2f"),
                     "change": st.column_config.NumberColumn(ui.tr("col_change"), format="%+.2f"),
                     "capped": ui.tr("score_col_capped")})

with st.container(border=True):
    st.subheader(ui.tr("scores_effects"))
    st.caption(ui.tr("scores_effects_hint"))
    changes = {
        "before": st.column_config.NumberColumn(ui.tr("score_col_before"), format="%.2f"),
        "after": st.column_config.NumberColumn(ui.tr("score_col_after"), format="%.2f"),
        "change": st.column_config.NumberColumn(ui.tr("col_change"), format="%+.2f"),
        "completion_pct": st.column_config.ProgressColumn(ui.tr("col_completion_pct"), min_value=0, max_value=100,
                                                          format="%.1f%%"),
        "fiscal_year": ui.tr("col_fiscal_year"), "measures": ui.tr("col_measures"), "done": ui.tr("col_done"),
        "indicator": ui.tr("col_indicator"),
    }
    st.dataframe(shown["by_year"], hide_index=True, width="stretch", key="sc_by_year", placeholder=ui.MISSING,
                 column_config=changes)
    if shown["effects"] is not None:
        st.dataframe(shown["effects"], hide_index=True, width="stretch", key="sc_effects", placeholder=ui.MISSING,
                     column_config=changes)
st.caption(t("scores_source_note", lang))

"""The ITA-score sections other pages draw: the overview's (the assessment this year's measures were
planned from, per indicator beside them) and the organisations page's (ratings, score against
completion, the indicators most often below 85). A page calls one function; nothing is drawn
when no score is stored for what it shows."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ita.analytics.filters import Filters
from ita.analytics.scores import ScoreCard
from ita.analytics.views import Scope
from ita.present.labels import t, year_label
from ita.present.scores import rating_label
from ita.ui.components import MISSING, chart
from ita.ui.score_shown import organisations_scores, overview_scores
from ita.ui.source import CachedSource


def _card(card: ScoreCard, label: str, lang: str) -> None:
    change = None if card.change is None else f"{card.change:+.2f}"
    versus = t("vs_year", lang) + f" ITA {year_label(card.previous_year, lang)}" if card.previous_year else None
    st.metric(label, f"{card.total:.2f} · {rating_label(card.rating, lang)}", change, border=True,
              help=f"{t('score_card_help', lang)}" + (f"\n\n{versus}" if versus else ""))


def overview_section(source: CachedSource, scope: Scope, lang: str) -> None:
    shown = overview_scores(source, scope, lang)
    if shown is None:
        return
    with st.container(border=True, key="ov_scores"):
        st.subheader(t("score_by_indicator", lang))
        st.caption(shown["rule"])
        with st.container(horizontal=True):
            if shown["planned"] is not None:
                _card(shown["planned"], t("score_card_planned", lang).format(year=year_label(shown["year"], lang)),
                      lang)
            if shown["judged"] is not None:
                _card(shown["judged"], t("score_card_judged", lang).format(
                    year=year_label(shown["judged"].year, lang)), lang)
        if shown["capped"]:
            st.caption(shown["capped"])
        if shown["no_measure"]:
            st.warning(t("score_no_measure_list", lang).format(year=year_label(shown["year"], lang),
                                                               names=", ".join(shown["no_measure"])),
                       icon=":material/priority_high:")
        st.dataframe(shown["table"], hide_index=True, width="stretch", key="ov_score_table", placeholder=MISSING,
                     column_config={
                         "indicator": t("col_indicator", lang), "tool": t("col_tool", lang),
                         "score": st.column_config.NumberColumn(
                             t("score_col_score", lang).format(year=year_label(shown["year"], lang)), format="%.2f"),
                         "weak": " ", "measures": t("col_measures", lang), "done": t("col_done", lang),
                         "completion_pct": st.column_config.ProgressColumn(
                             t("col_completion_pct", lang), min_value=0, max_value=100, format="%.1f%%"),
                         "flag": " ",
                     })


def organisations_section(source: CachedSource, focus_year: int | None, ranking: pd.DataFrame, lang: str,
                          filters: Filters) -> None:
    shown = organisations_scores(source, focus_year, ranking, lang, filters)
    if shown is None:
        return
    with st.container(border=True, key="org_scores"):
        st.subheader(t("scores_across", lang))
        st.caption(f"{shown['caption']} · {shown['rule']}")
        left, right = st.columns(2)
        with left:
            st.markdown(f"**{t('scores_rating_counts', lang)}**")
            chart(shown["rating_counts"], key="org_ratings", file_name="ita_ratings")
        with right:
            st.markdown(f"**{t('scores_vs_completion', lang)}**")
            chart(shown["versus"], key="org_score_vs", file_name="ita_score_vs_completion")
        st.markdown(f"**{t('scores_weakest', lang)}**")
        st.dataframe(shown["weakest"], hide_index=True, width="stretch", key="org_weakest", placeholder=MISSING,
                     column_config={
                         "indicator": t("col_indicator", lang), "tool": t("col_tool", lang),
                         "organisations": t("organisations", lang), "below": t("col_orgs_below", lang),
                         "below_share_pct": st.column_config.ProgressColumn(
                             t("col_below_share", lang), min_value=0, max_value=100, format="%.1f%%"),
                     })

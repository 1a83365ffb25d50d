"""The ITA scores tab of the manage page: the stored scores, their export and the template for everyone;
for editors, a scores file to import (its refused rows listed with line and reason, nothing stored
until every row is good) and a table to type scores into. Every change goes through
ita.store.scores, which checks the editor's scope and audits each value."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ita import ui
from ita.analytics import scores as score_views
from ita.analytics.ratings import rules
from ita.present import export
from ita.present.labels import t
from ita.present.refusals import refusal_message
from ita.present.scores import export_frame, refusal_lines, template_frame, typed_grid
from ita.read.records import ImportRefused
from ita.read.scores import SCORE_COLUMNS, ScoreRow, parse_scores_file, scores_from_grid
from ita.store.access import NotAllowed
from ita.store.replicas import read_only
from ita.store.scores import ScoresRefused, store_scores
from ita.store.session import StoreBusy
from ita.ui.manage_run import ManageRun


def scores_tab(run: ManageRun) -> None:
    lang = run.lang
    source = run.everything
    if source is None:
        st.info(t("empty_store", lang), icon=":material/upload_file:")
        return
    scoped = run.orgs_param()
    if scoped is None:  # an editor who may change none of the organisations chosen
        st.info(t("scope_no_orgs_here", lang), icon=":material/lock:")
        return
    orgs = tuple(scoped)
    stored = source.per_version(("scores_export", orgs), lambda: export_frame(
        score_views.stored_scores(source, orgs), score_views.indicator_scores(source, orgs)))
    with st.container(horizontal=True):
        st.download_button(f"{t('scores_export', lang)} CSV", lambda: export.to_csv_bytes(stored),
                           file_name="ita_scores.csv", mime="text/csv", key="sc_export_csv", on_click="ignore")
        st.download_button(f"{t('scores_export', lang)} XLSX", lambda: export.to_xlsx_bytes({"ITA": stored}),
                           file_name="ita_scores.xlsx", key="sc_export_xlsx", on_click="ignore")
        st.download_button(f"{t('scores_template', lang)} XLSX",
                           lambda: export.to_xlsx_bytes({"ITA": template_frame(lang)}),
                           file_name="ita_scores_template.xlsx", key="sc_template", on_click="ignore")
    if not run.editor or read_only():
        st.caption(t("scores_editors_only", lang))
        st.markdown(f"**{t('scores_stored_list', lang)}**")
        st.dataframe(stored, hide_index=True, width="stretch", key="sc_stored", placeholder=ui.MISSING)
        return
    _upload(run)
    st.markdown(f"**{t('scores_stored_list', lang)}**")
    if not st.toggle(t("scores_type", lang), key="sc_type"):  # the table to type into, when asked for
        st.dataframe(stored, hide_index=True, width="stretch", key="sc_stored", placeholder=ui.MISSING)
        return
    st.caption(t("scores_type_hint", lang))
    round_ = st.session_state.setdefault("sc_edit_round", 0)
    typed = st.data_editor(stored[list(SCORE_COLUMNS)], hide_index=True, width="stretch", num_rows="dynamic",
                           key=f"sc_editor_{round_}")
    st.button(t("scores_store", lang), key="sc_store_typed", type="primary", on_click=_store_typed, args=(run, typed))


def _store_typed(run: ManageRun, typed: pd.DataFrame) -> None:
    """A button callback: the typed table checked as a file would be, then stored."""
    rows, refused = scores_from_grid(typed_grid(typed), rules())
    _store(run, rows, refused, t("tab_scores", run.lang), "sc_edit_round")


def _upload(run: ManageRun) -> None:
    lang = run.lang
    round_ = st.session_state.setdefault("sc_upload_round", 0)
    upload = st.file_uploader(t("scores_upload", lang), type=["csv", "xlsx"], key=f"sc_upload_{round_}")
    if upload is None:
        return
    try:
        rows, refused = parse_scores_file(upload.name, upload.getvalue(), rules())
    except ImportRefused as problem:
        st.error(f"{ui.tr('refused')}: {ui.md(refusal_message(problem, lang))}", icon=":material/block:")
        return
    st.caption(t("scores_preview", lang).format(rows=len(rows)))
    st.button(t("scores_store", lang), key="sc_store_file", type="primary", on_click=_store,
              args=(run, rows, refused, upload.name, "sc_upload_round"))


def _store(run: ManageRun, rows: list[ScoreRow], refused: list, file_name: str, round_key: str) -> None:
    """Store the rows, or say why not (a button callback: messages shown on the run that follows);
    once stored, a fresh uploader or table (`round_key`)."""
    lang = run.lang
    try:
        change = store_scores(ui.store_path(), rows, run.actor(), file_name=file_name, refused=refused)
    except ScoresRefused as problem:
        lines = refusal_lines(problem.file_name, problem.refusals, lang)
        ui.flash("error", "\n".join(f"- {line}" for line in lines) + f"\n\n{t('scores_nothing_stored', lang)}")
        return
    except (NotAllowed, StoreBusy) as problem:
        ui.flash("error", str(problem))
        return
    if change.changed:
        ui.flash("success", t("scores_saved", lang).format(changed=change.changed, values=change.values))
    else:
        ui.flash("success", t("scores_unchanged", lang))
    st.session_state[round_key] = st.session_state.get(round_key, 0) + 1

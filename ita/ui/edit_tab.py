"""The manage page's Edit tab: the chosen organisation's measures in an editable table, saved with
a reason through ita.store.edits (which audits every change and refuses one made over someone
else's meanwhile)."""

from __future__ import annotations

import streamlit as st

from ita import ui
from ita.analytics import views
from ita.present.labels import status_label, year_label
from ita.store import edits
from ita.ui.editors import fault_text
from ita.ui.manage_run import WRITE_PROBLEMS, ManageRun

# The editable columns come right after what identifies a measure, so they are on screen.
EDIT_COLUMNS = ["measure_id", "fiscal_year", "indicator", "item_text", "status", "evidence_url", "note", "item_code",
                "responsible_text", "action"]


def edit_tab(run: ManageRun) -> None:
    source, filters, lang = run.source, run.filters, run.lang
    if not run.may_edit_here(source):
        return
    scoped = run.editable_orgs
    if not filters.orgs and (len(scoped) if scoped is not None else views.organisation_count(source)) > 1:
        st.info(ui.tr("edit_choose_org"))
        return
    st.caption(ui.tr("edit_hint"))
    view, measures = views.editable_measures(source, filters, scoped)
    if measures.empty:
        st.info(ui.tr("no_rows"))
        return
    fresh = measures[EDIT_COLUMNS].set_index("measure_id")
    fresh["fiscal_year"] = fresh["fiscal_year"].map(lambda y: year_label(int(y), lang))
    # The table stays as the editor first saw it until they save or reload, so that a change
    # someone else makes meanwhile shows up as a conflict instead of being written over.
    scope = repr(sorted(view.params().items()))
    snapshot = st.session_state.get("mg_snapshot")
    if snapshot is None or snapshot[0] != scope:
        st.session_state.pop("mg_editor", None)
        st.session_state["mg_snapshot"] = snapshot = (scope, fresh)
    original = snapshot[1]
    st.button(ui.tr("reload"), key="mg_reload", icon=":material/refresh:", on_click=forget_snapshot)
    edited = st.data_editor(
        original, key="mg_editor", width="stretch", num_rows="fixed",
        disabled=["fiscal_year", "indicator", "item_text", "action"],
        column_config={
            "_index": st.column_config.NumberColumn("#", disabled=True),
            "fiscal_year": ui.tr("col_fiscal_year"),
            "indicator": st.column_config.TextColumn(ui.tr("col_indicator"), width="small"),
            "item_text": st.column_config.TextColumn(ui.tr("col_item"), width="medium"),
            "action": st.column_config.TextColumn(ui.tr("col_action"), width="large"),
            "status": st.column_config.SelectboxColumn(ui.tr("col_status"), options=list(ui.STATUSES),
                                                       required=True, format_func=lambda s: status_label(s, lang)),
            "evidence_url": st.column_config.LinkColumn(ui.tr("col_evidence_url"), validate=r"^https?://\S+$"),
            "note": st.column_config.TextColumn(ui.tr("col_note")),
            "item_code": st.column_config.TextColumn(ui.tr("col_item_code"), validate=r"^[ieo][1-9][0-9]?$"),
            "responsible_text": st.column_config.TextColumn(ui.tr("col_responsible")),
        },
    )
    changes = edits.edits_between(original, edited)
    st.text_input(ui.tr("reason"), key="mg_reason")
    st.button(f"{ui.tr('save')} ({len(changes)})", type="primary", key="mg_save", disabled=not changes,
              on_click=save, args=(run, changes, "mg_reason"))


def save(run: ManageRun, changes: list[edits.Edit], reason_key: str) -> None:
    """Store edits (a button callback); a conflict or a bad value becomes a message, nothing is stored."""
    try:
        count = edits.apply_edits(run.store, changes, run.actor(), st.session_state.get(reason_key, ""))
    except edits.EditConflict:
        ui.flash("error", ui.tr("conflict"))
    except WRITE_PROBLEMS as problem:
        ui.flash("error", fault_text(problem))
    else:
        ui.flash("success", f"{ui.tr('saved')}: {count}")
    # Either way the table shows the store as it is now: the editor's unsaved cells are dropped.
    forget_snapshot()


def forget_snapshot() -> None:
    st.session_state.pop("mg_editor", None)
    st.session_state.pop("mg_snapshot", None)

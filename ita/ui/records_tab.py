"""The manage page's tabs on what the store records: open import warnings (fixed or acknowledged by
an editor), the import history (an import removed or restored) and the audit log.

Each table's text is built once per result and language for every session (`CachedSource.derived`),
not on every rerun.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import pyarrow as pa
import streamlit as st

from ita import ui
from ita.analytics import views
from ita.present import export
from ita.present.labels import finding_text, format_dates, line_ref, status_label, t, year_label
from ita.store import edits
from ita.ui.edit_tab import save
from ita.ui.editors import WarningChoice, fault_text
from ita.ui.manage_run import WRITE_PROBLEMS, ManageRun
from ita.ui.source import CachedSource

WARNING_LABELS = {"where": "col_source", "message": "col_message", "item_text": "col_item", "status": "col_status"}
HISTORY_LABELS = {"import_id": "col_import_id", "org_name": "col_organisation", "fiscal_year": "col_fiscal_year",
                  "file_name": "col_file", "state": "col_state", "row_count": "col_measures",
                  "open_warnings": "open_warnings", "imported_at": "col_imported_at", "imported_by": "col_imported_by",
                  "is_sample": "col_sample"}
AUDIT_LABELS = {"changed_at": "col_changed_at", "actor": "col_actor", "action": "col_action_done",
                "org_name": "col_organisation", "measure_id": "col_measure_id", "item_code": "col_item_code",
                "field": "col_field", "old_value": "col_old", "new_value": "col_new", "reason": "col_reason"}


def _orgs_to_show(run: ManageRun, source: CachedSource | None) -> list[str] | None:
    """The `$orgs` a tab on `source` shows; None, once the tab has said why, when it shows nothing."""
    if source is None:
        ui.empty_store_notice()
        return None
    orgs = run.orgs_param()
    if orgs is None:
        st.info(ui.tr("scope_no_orgs_here"), icon=":material/lock:")
    return orgs


def quality_tab(run: ManageRun) -> None:
    source, lang = run.source, run.lang
    orgs = _orgs_to_show(run, source)
    if orgs is None:
        return
    total, findings, table, choices = source.derived(
        ("warnings shown", lang), "open_findings", partial(_warnings_shown, lang=lang), orgs=orgs,
        years=list(run.filters.years))
    if not total:
        st.success(ui.tr("no_open_warnings"), icon=":material/task_alt:")
        return
    st.markdown(f"**{ui.tr('open_warnings')}** ({total:,})")
    if total > len(findings):
        st.caption(ui.tr("rows_shown").format(shown=f"{len(findings):,}", total=f"{total:,}"))
    run.plain_table(table, WARNING_LABELS, key="mg_findings")
    if not run.editor:
        return
    chosen = st.selectbox(ui.tr("choose_warning"), list(choices), format_func=lambda f: choices[f].label,
                          key="mg_finding")
    row = choices[chosen]
    st.text_input(ui.tr("reason"), key="mg_fix_reason")
    field, current = {
        "unknown_status": ("status", row.status),
        "new_division": ("responsible_text", row.responsible_text),
    }.get(row.code, ("item_code", row.item_code))
    with st.container(horizontal=True, vertical_alignment="bottom"):
        if field == "status":
            st.selectbox(ui.tr("col_status"), ui.STATUSES, key="mg_fix_value",
                         format_func=lambda s: status_label(s, lang))
        else:
            st.text_input(t(f"col_{'responsible' if field == 'responsible_text' else 'item_code'}", lang),
                          value=current if isinstance(current, str) else "", key="mg_fix_value")
        if not pd.isna(row.measure_id):
            old = current if isinstance(current, str) else None
            st.button(ui.tr("fix"), key="mg_fix", type="primary", on_click=_fix_warning,
                      args=(run, int(row.measure_id), field, old))
        st.button(ui.tr("acknowledge"), key="mg_ack", on_click=_acknowledge, args=(run, chosen))


def _warnings_shown(findings: pd.DataFrame, lang: str) -> tuple[int, pd.DataFrame, pa.Table,
                                                                dict[int, WarningChoice]]:
    """(how many open warnings, the first MAX_TABLE_ROWS with their message, place and status in words,
    the same in the table's columns, and each by its id for the fix controls)."""
    total = len(findings)
    findings = findings.head(ui.MAX_TABLE_ROWS)
    raw_status = findings["status"]
    findings["message"] = [finding_text(r.code, tuple(r.args), lang) for r in findings.itertuples()]
    findings["where"] = [line_ref(r.file_name, r.line, lang) for r in findings.itertuples()]
    findings["status"] = [status_label(s, lang) if isinstance(s, str) else None for s in raw_status]
    # The fix controls need the stored status (a key of STATUSES), not its words.
    choices = {int(r.finding_id): WarningChoice(f"{r.where}: {r.message}", r.code, r.measure_id, raw,
                                                r.responsible_text, r.item_code)
               for r, raw in zip(findings.itertuples(), raw_status, strict=True)}
    return total, findings, ui.arrow_table(findings[list(WARNING_LABELS)]), choices


def _fix_warning(run: ManageRun, measure_id: int, field: str, old: str | None) -> None:
    value = st.session_state.get("mg_fix_value") or None
    save(run, [edits.Edit(measure_id, field, old, value)], "mg_fix_reason")


def _acknowledge(run: ManageRun, finding_id: int) -> None:
    try:
        edits.acknowledge_finding(run.store, finding_id, run.actor(), st.session_state.get("mg_fix_reason", ""))
    except WRITE_PROBLEMS as problem:
        ui.flash("error", fault_text(problem))
    else:
        ui.flash("success", ui.tr("saved"))


def history_tab(run: ManageRun) -> None:
    # Also when nothing is on the dashboard: a removed report must still be restorable.
    everything, lang = run.everything, run.lang
    orgs = _orgs_to_show(run, everything)
    if orgs is None:
        return
    total, history, shown, choices = everything.derived(("history shown", lang), "import_history",
                                                        partial(_history_shown, lang=lang), orgs=orgs, years=[])
    if total > len(history):
        st.caption(ui.tr("rows_shown").format(shown=f"{len(history):,}", total=f"{total:,}"))
    run.plain_table(shown, HISTORY_LABELS, key="mg_history")
    if not run.editor or history.empty:
        return
    chosen = st.selectbox(ui.tr("choose_import"), list(choices), format_func=lambda i: choices[i][0],
                          key="mg_import")
    st.text_input(ui.tr("reason"), key="mg_import_reason")
    restore = choices[chosen][1] != "active"
    st.button(ui.tr("restore_import" if restore else "remove_import"), key="mg_import_toggle",
              on_click=_toggle_import, args=(run, chosen, restore))


def _history_shown(history: pd.DataFrame, lang: str) -> tuple[int, pd.DataFrame, pa.Table,
                                                               dict[int, tuple[str, str]]]:
    """(how many imports, the first MAX_TABLE_ROWS, the same in words: state, year and date, and each
    import's (label, state) by its id for the restore controls)."""
    total = len(history)
    history = history.head(ui.MAX_TABLE_ROWS)
    shown = history.assign(
        state=history["state"].map(lambda s: t(f"state_{s}", lang)),
        fiscal_year=history["fiscal_year"].map(lambda y: year_label(int(y), lang)),
        imported_at=format_dates(history["imported_at"], lang),
    )
    choices = {int(r.import_id): (f"#{r.import_id} {r.file_name} ({t('state_' + r.state, lang)})", r.state)
               for r in history.itertuples()}
    return total, history, ui.arrow_table(shown[list(HISTORY_LABELS)]), choices


def _toggle_import(run: ManageRun, import_id: int, active: bool) -> None:
    try:
        edits.set_import_active(run.store, import_id, active, run.actor(),
                                st.session_state.get("mg_import_reason", ""))
    except WRITE_PROBLEMS as problem:
        ui.flash("error", fault_text(problem))
    else:
        ui.flash("success", ui.tr("saved"))


def audit_tab(run: ManageRun) -> None:
    everything, filters, lang = run.everything, run.filters, run.lang
    if everything is None:
        ui.empty_store_notice()
        return
    log = everything.derived(("audit shown", lang), "audit_log", partial(_audit_shown, lang=lang),
                             orgs=list(filters.orgs), years=[], limit=ui.MAX_TABLE_ROWS)
    run.plain_table(log, AUDIT_LABELS, key="mg_audit")

    def whole_log() -> pd.DataFrame:  # the downloads hold every row, built on click
        whole = views.audit_log(everything, filters.orgs, None)
        return whole[list(AUDIT_LABELS)].rename(columns={c: t(label, lang) for c, label in AUDIT_LABELS.items()})

    with st.container(horizontal=True):
        st.download_button("CSV", lambda: export.to_csv_bytes(whole_log()), file_name="ita_audit_log.csv",
                           mime="text/csv", key="mg_audit_csv", on_click="ignore")
        st.download_button("XLSX", lambda: export.to_xlsx_bytes({ui.tr("tab_audit"): whole_log()}),
                           file_name="ita_audit_log.xlsx", key="mg_audit_xlsx", on_click="ignore")


def _audit_shown(log: pd.DataFrame, lang: str) -> pa.Table:
    return ui.arrow_table(log.assign(changed_at=format_dates(log["changed_at"], lang))[list(AUDIT_LABELS)])

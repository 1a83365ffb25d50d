"""จัดการข้อมูล: import with a preview, correct measures, resolve warnings, restore imports, audit log.

Viewers see the history, the warnings and the audit log; importing and editing need an editor.
An editor sees and changes only the organisations of their scope (ita/store/access.py); the
write path checks the scope again, so a hidden control is never the only guard. All changes go
through ita.store.imports / ita.store.edits (the store's single write path).
"""

from functools import partial

import pandas as pd
import pyarrow as pa
import streamlit as st

from ita import ui
from ita.analytics import views
from ita.analytics.preview import build_preview
from ita.present import export
from ita.present.faults import FAULTS
from ita.present.labels import finding_text, format_dates, line_ref, status_label, t, year_label
from ita.present.refusals import refusal_message
from ita.read import writers
from ita.read.formats import MAX_FILE_BYTES, SUPPORTED_EXTENSIONS
from ita.read.records import ImportRefused
from ita.store import edits
from ita.store.access import EditorScope
from ita.store.imports import Prepared, commit
from ita.store.reader import StoreReader
from ita.store.replicas import read_only
from ita.ui.editors import WarningChoice, editor_scope, fault_text
from ita.ui.framework_tab import framework_tab

# What a write may end in that is the user's to read: refusals, conflicts, bad values, store faults.
WRITE_PROBLEMS = (edits.InvalidEdit, *FAULTS)

source, filters = ui.shared()
lang = ui.lang()
store = ui.store_path()
# The store's source even when the dashboard shows nothing (history and warnings still matter).
everything = ui.whole_store()
st.title(ui.tr("page_manage"))
ui.show_flash()
if read_only():
    st.info(ui.tr("replica_read_only"), icon=":material/lock:")
    editor = None
else:
    editor = ui.sign_in_panel()
if not editor:
    st.caption(ui.tr("viewer_note"))


def actor() -> EditorScope:
    """The signed-in editor's scope, read again at each write (a callback may run after it changed)."""
    return editor_scope(editor)


def editable_orgs() -> list[str] | None:
    """Organisations the editor may change, within the sidebar's choice; None means no limit
    (viewers, and administrators who chose nothing)."""
    if not editor:
        return None
    scope = actor()
    if everything is None:
        return list(filters.orgs) or None
    return views.editable_organisations(everything, scope, filters.orgs)


def orgs_param() -> list[str] | None:
    """The `$orgs` parameter of the history and warnings: the editor's organisations; None when the
    editor may change none here (the tab then says so instead of showing everyone's)."""
    scoped = editable_orgs()
    if scoped is None:
        return list(filters.orgs)
    return scoped or None


def plain_table(frame: pd.DataFrame | pa.Table, labels: dict[str, str], key: str) -> None:
    """A read-only table; report text in it is shown as text, never rendered."""
    # Tables kept across runs come as Arrow tables with their columns chosen: no copy, no conversion.
    shown = frame if isinstance(frame, pa.Table) else frame[list(labels)]
    st.dataframe(shown, hide_index=True, width="stretch", key=key, placeholder=ui.MISSING,
                 column_config={c: t(label, lang) for c, label in labels.items()})


def import_tab() -> None:
    # Built on click: the XLSX took 4 ms of every rerun of this page, two fifths of its warm time.
    with st.expander(ui.tr("template"), icon=":material/description:"), st.container(horizontal=True):
        st.download_button("CSV", template_csv, file_name="ita_template.csv", mime="text/csv",
                           key="mg_tpl_csv", on_click="ignore")
        st.download_button("XLSX", template_xlsx, file_name="ita_template.xlsx", key="mg_tpl_xlsx",
                           on_click="ignore")
    round_ = st.session_state.setdefault("mg_upload_round", 0)
    upload = st.file_uploader(
        ui.tr("upload_label"), type=[e.lstrip(".") for e in SUPPORTED_EXTENSIONS], key=f"mg_upload_{round_}",
        help=ui.tr("upload_help"), max_upload_size=MAX_FILE_BYTES // (1024 * 1024),
    )
    left, right = st.columns(2)
    organisation = left.text_input(ui.tr("override_org"), key="mg_org").strip() or None
    year = right.number_input(ui.tr("override_year"), min_value=2500, max_value=2700, value=None, step=1,
                              key="mg_year")
    if upload is None:
        return
    data = upload.getvalue()
    try:
        preview = build_preview(StoreReader(store), upload.name, data, organisation=organisation,
                                fiscal_year=int(year) if year else None)
    except ImportRefused as refused:
        st.error(f"{ui.tr('refused')}: {ui.md(refusal_message(refused, ui.lang()))}", icon=":material/block:")
        return
    report = preview.report
    st.subheader(ui.tr("preview"))
    statuses = pd.Series([m.status for m in report.measures]).value_counts()
    st.markdown(f"**{ui.md(report.organisation)}** · {ui.tr('col_fiscal_year')} {year_label(report.fiscal_year, lang)}"
                f" · {ui.tr('col_measures')} {len(report.measures)}"
                + "".join(f" · {status_label(s, lang)} {n}" for s, n in statuses.items()))
    {"new": st.info, "replace": st.warning, "unchanged": st.success}[preview.state](ui.tr(f"preview_{preview.state}"))
    allowed = in_scope(report.organisation, report.province)
    if not allowed:
        st.error(ui.tr("not_allowed").format(actor=ui.md(editor), organisation=ui.md(report.organisation)),
                 icon=":material/lock:")
    st.markdown(f"**{ui.tr('warnings')}** ({len(report.findings)})")
    if report.findings:
        warnings = pd.DataFrame({"line": [f.line for f in report.findings],
                                 "message": [finding_text(f.code, f.args, lang) for f in report.findings]})
        plain_table(warnings, {"line": "col_line", "message": "col_message"}, key="mg_preview_warnings")
    else:
        st.caption(ui.tr("no_warnings"))
    if preview.state != "new":
        counts = preview.counts()
        st.markdown(f"**{ui.tr('changes_vs_current')}**: " + " · ".join(
            f"{t('change_' + c, lang)} {n}" for c, n in counts.items()))
        if not preview.diff.empty:
            diff = preview.diff.assign(
                change=preview.diff["change"].map(lambda c: t("change_" + c, lang)),
                status_before=preview.diff["status_before"].map(lambda s: status_label(s, lang) if s else ""),
                status_after=preview.diff["status_after"].map(lambda s: status_label(s, lang) if s else ""),
            )
            plain_table(diff, {"change": "col_change", "indicator": "col_indicator", "item_text": "col_item",
                               "status_before": "col_old", "status_after": "col_new"}, key="mg_preview_diff")
    measures = pd.DataFrame([{"indicator": m.indicator, "item_code": m.item_code, "item_text": m.item_text,
                              "action": m.action, "responsible_text": m.responsible_text,
                              "status": status_label(m.status, lang), "source_line": m.line}
                             for m in report.measures])
    with st.expander(f"{ui.tr('all_measures')} ({len(measures)})"):
        plain_table(measures, {"indicator": "col_indicator", "item_code": "col_item_code", "item_text": "col_item",
                               "action": "col_action", "responsible_text": "col_responsible",
                               "status": "col_status", "source_line": "col_line"}, key="mg_preview_measures")
    with st.container(horizontal=True):
        st.button(ui.tr("confirm_import"), type="primary", key="mg_confirm",
                  disabled=preview.state == "unchanged" or not allowed,
                  on_click=confirm_import, args=(preview.prepared, upload.name))
        st.button(ui.tr("cancel"), key="mg_cancel", on_click=next_upload)


def template_csv() -> bytes:
    return writers.csv_report(writers.TEMPLATE_TITLE, writers.template_rows()).encode("utf-8-sig")


def template_xlsx() -> bytes:
    return writers.xlsx_report(writers.TEMPLATE_TITLE, writers.template_rows())


def in_scope(organisation: str, province: str | None) -> bool:
    """Whether the editor may import this report (the store's province counts for a known organisation)."""
    return views.may_import(everything, actor(), organisation, province)


def next_upload() -> None:
    """A fresh, empty uploader: Streamlit cannot clear one, so it gets a new key."""
    st.session_state["mg_upload_round"] = st.session_state.get("mg_upload_round", 0) + 1


def confirm_import(prepared: Prepared, file_name: str) -> None:
    # Callbacks run before the page draws, so the click counts even if Streamlit reruns at once.
    try:
        outcome = commit(store, [prepared], actor())[0]
    except FAULTS as problem:
        ui.flash("error", fault_text(problem))
        return
    next_upload()
    ui.flash("success", f"{ui.tr('imported')}: {file_name} → {outcome.organisation} "
                        f"{year_label(outcome.fiscal_year, lang)}, {ui.tr('col_measures')} {outcome.measures}")


# The editable columns come right after what identifies a measure, so they are on screen.
EDIT_COLUMNS = ["measure_id", "fiscal_year", "indicator", "item_text", "status", "evidence_url", "note", "item_code",
                "responsible_text", "action"]


def edit_tab() -> None:
    if source is None:
        ui.empty_store_notice()
        return
    scoped = editable_orgs()
    if scoped is not None and not scoped:
        st.info(ui.tr("scope_no_orgs_here"), icon=":material/lock:")
        return
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
              on_click=save, args=(changes, "mg_reason"))


def save(changes: list[edits.Edit], reason_key: str) -> None:
    """Store edits (a button callback); a conflict or a bad value becomes a message, nothing is stored."""
    try:
        count = edits.apply_edits(store, changes, actor(), st.session_state.get(reason_key, ""))
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


def quality_tab() -> None:
    if source is None:
        ui.empty_store_notice()
        return
    orgs = orgs_param()
    if orgs is None:
        st.info(ui.tr("scope_no_orgs_here"), icon=":material/lock:")
        return
    # The table's text is built once per result and language for every session, not on every rerun.
    total, findings, table, choices = source.derived(
        ("warnings shown", lang), "open_findings", partial(_warnings_shown, lang=lang), orgs=orgs,
        years=list(filters.years))
    if not total:
        st.success(ui.tr("no_open_warnings"), icon=":material/task_alt:")
        return
    st.markdown(f"**{ui.tr('open_warnings')}** ({total:,})")
    if total > len(findings):
        st.caption(ui.tr("rows_shown").format(shown=f"{len(findings):,}", total=f"{total:,}"))
    plain_table(table, WARNING_LABELS, key="mg_findings")
    if not editor:
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
            st.button(ui.tr("fix"), key="mg_fix", type="primary", on_click=fix_warning,
                      args=(int(row.measure_id), field, old))
        st.button(ui.tr("acknowledge"), key="mg_ack", on_click=acknowledge, args=(chosen,))


WARNING_LABELS = {"where": "col_source", "message": "col_message", "item_text": "col_item", "status": "col_status"}


def _warnings_shown(findings: pd.DataFrame, lang: str) -> tuple[int, pd.DataFrame, pd.DataFrame,
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


def fix_warning(measure_id: int, field: str, old: str | None) -> None:
    value = st.session_state.get("mg_fix_value") or None
    save([edits.Edit(measure_id, field, old, value)], "mg_fix_reason")


def acknowledge(finding_id: int) -> None:
    try:
        edits.acknowledge_finding(store, finding_id, actor(), st.session_state.get("mg_fix_reason", ""))
    except WRITE_PROBLEMS as problem:
        ui.flash("error", fault_text(problem))
    else:
        ui.flash("success", ui.tr("saved"))


def history_tab() -> None:
    # Also when nothing is on the dashboard: a removed report must still be restorable.
    if everything is None:
        ui.empty_store_notice()
        return
    orgs = orgs_param()
    if orgs is None:
        st.info(ui.tr("scope_no_orgs_here"), icon=":material/lock:")
        return
    total, history, shown, choices = everything.derived(("history shown", lang), "import_history",
                                                        partial(_history_shown, lang=lang), orgs=orgs, years=[])
    if total > len(history):
        st.caption(ui.tr("rows_shown").format(shown=f"{len(history):,}", total=f"{total:,}"))
    plain_table(shown, HISTORY_LABELS, key="mg_history")
    if not editor or history.empty:
        return
    chosen = st.selectbox(ui.tr("choose_import"), list(choices), format_func=lambda i: choices[i][0],
                          key="mg_import")
    st.text_input(ui.tr("reason"), key="mg_import_reason")
    restore = choices[chosen][1] != "active"
    st.button(ui.tr("restore_import" if restore else "remove_import"), key="mg_import_toggle",
              on_click=toggle_import, args=(chosen, restore))


HISTORY_LABELS = {"import_id": "col_import_id", "org_name": "col_organisation", "fiscal_year": "col_fiscal_year",
                  "file_name": "col_file", "state": "col_state", "row_count": "col_measures",
                  "open_warnings": "open_warnings", "imported_at": "col_imported_at", "imported_by": "col_imported_by",
                  "is_sample": "col_sample"}


def _history_shown(history: pd.DataFrame, lang: str) -> tuple[int, pd.DataFrame, pd.DataFrame,
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


def toggle_import(import_id: int, active: bool) -> None:
    try:
        edits.set_import_active(store, import_id, active, actor(), st.session_state.get("mg_import_reason", ""))
    except WRITE_PROBLEMS as problem:
        ui.flash("error", fault_text(problem))
    else:
        ui.flash("success", ui.tr("saved"))


AUDIT_LABELS = {"changed_at": "col_changed_at", "actor": "col_actor", "action": "col_action_done",
                "org_name": "col_organisation", "measure_id": "col_measure_id", "item_code": "col_item_code",
                "field": "col_field", "old_value": "col_old", "new_value": "col_new", "reason": "col_reason"}


def _audit_shown(log: pd.DataFrame, lang: str) -> pa.Table:
    return ui.arrow_table(log.assign(changed_at=format_dates(log["changed_at"], lang))[list(AUDIT_LABELS)])


def audit_tab() -> None:
    if everything is None:
        ui.empty_store_notice()
        return
    labels = AUDIT_LABELS
    log = everything.derived(("audit shown", lang), "audit_log", partial(_audit_shown, lang=lang),
                             orgs=list(filters.orgs), years=[], limit=ui.MAX_TABLE_ROWS)
    plain_table(log, labels, key="mg_audit")
    def whole_log() -> pd.DataFrame:  # the downloads hold every row, built on click
        whole = views.audit_log(everything, filters.orgs, None)
        return whole[list(labels)].rename(columns={c: t(label, lang) for c, label in labels.items()})

    with st.container(horizontal=True):
        st.download_button("CSV", lambda: export.to_csv_bytes(whole_log()), file_name="ita_audit_log.csv",
                           mime="text/csv", key="mg_audit_csv", on_click="ignore")
        st.download_button("XLSX", lambda: export.to_xlsx_bytes({ui.tr("tab_audit"): whole_log()}),
                           file_name="ita_audit_log.xlsx", key="mg_audit_xlsx", on_click="ignore")


names = ["tab_import", "tab_edit", "tab_quality", "tab_history", "tab_audit", "tab_framework"] if editor else \
    ["tab_quality", "tab_history", "tab_audit", "tab_framework"]
# The chosen tab is kept across reruns (a save reruns the page); viewers and editors have their own.
tab_key = "mg_tab_editor" if editor else "mg_tab_viewer"
tabs = dict(zip(names, st.tabs([ui.tr(n) for n in names], key=tab_key, on_change="rerun"), strict=True))
runners = {"tab_import": import_tab, "tab_edit": edit_tab, "tab_quality": quality_tab, "tab_history": history_tab,
           "tab_audit": audit_tab, "tab_framework": lambda: framework_tab(editor, lang)}
for name, tab in tabs.items():
    with tab:
        runners[name]()

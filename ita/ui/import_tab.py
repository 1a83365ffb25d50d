"""The manage page's Import tab: a report uploaded, previewed against the store (its warnings, what
it changes) and imported on confirmation, through ita.store.imports, which checks the editor's
scope again."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ita import ui
from ita.analytics import views
from ita.analytics.preview import build_preview
from ita.present.faults import FAULTS
from ita.present.labels import finding_text, status_label, t, year_label
from ita.present.refusals import refusal_message
from ita.read import writers
from ita.read.formats import MAX_FILE_BYTES, SUPPORTED_EXTENSIONS
from ita.read.records import ImportRefused
from ita.store.imports import Prepared, commit
from ita.store.reader import StoreReader
from ita.ui.editors import fault_text
from ita.ui.manage_run import ManageRun


def import_tab(run: ManageRun) -> None:
    lang = run.lang
    # Built on click: the XLSX took 4 ms of every rerun of this page, two fifths of its warm time.
    with st.expander(ui.tr("template"), icon=":material/description:"), st.container(horizontal=True):
        st.download_button("CSV", _template_csv, file_name="ita_template.csv", mime="text/csv",
                           key="mg_tpl_csv", on_click="ignore")
        st.download_button("XLSX", _template_xlsx, file_name="ita_template.xlsx", key="mg_tpl_xlsx",
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
        preview = build_preview(StoreReader(run.store), upload.name, data, organisation=organisation,
                                fiscal_year=int(year) if year else None)
    except ImportRefused as refused:
        st.error(f"{ui.tr('refused')}: {ui.md(refusal_message(refused, lang))}", icon=":material/block:")
        return
    report = preview.report
    st.subheader(ui.tr("preview"))
    statuses = pd.Series([m.status for m in report.measures]).value_counts()
    st.markdown(f"**{ui.md(report.organisation)}** · {ui.tr('col_fiscal_year')} {year_label(report.fiscal_year, lang)}"
                f" · {ui.tr('col_measures')} {len(report.measures)}"
                + "".join(f" · {status_label(s, lang)} {n}" for s, n in statuses.items()))
    {"new": st.info, "replace": st.warning, "unchanged": st.success}[preview.state](ui.tr(f"preview_{preview.state}"))
    allowed = views.may_import(run.everything, run.actor(), report.organisation)
    if not allowed:
        st.error(ui.tr("not_allowed_import").format(actor=ui.md(run.editor), organisation=ui.md(report.organisation)),
                 icon=":material/lock:")
    st.markdown(f"**{ui.tr('warnings')}** ({len(report.findings)})")
    if report.findings:
        warnings = pd.DataFrame({"line": [f.line for f in report.findings],
                                 "message": [finding_text(f.code, f.args, lang) for f in report.findings]})
        run.plain_table(warnings, {"line": "col_line", "message": "col_message"}, key="mg_preview_warnings")
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
            run.plain_table(diff, {"change": "col_change", "indicator": "col_indicator", "item_text": "col_item",
                                   "status_before": "col_old", "status_after": "col_new"}, key="mg_preview_diff")
    measures = pd.DataFrame([{"indicator": m.indicator, "item_code": m.item_code, "item_text": m.item_text,
                              "action": m.action, "responsible_text": m.responsible_text,
                              "status": status_label(m.status, lang), "source_line": m.line}
                             for m in report.measures])
    with st.expander(f"{ui.tr('all_measures')} ({len(measures)})"):
        run.plain_table(measures, {"indicator": "col_indicator", "item_code": "col_item_code", "item_text": "col_item",
                                   "action": "col_action", "responsible_text": "col_responsible",
                                   "status": "col_status", "source_line": "col_line"}, key="mg_preview_measures")
    with st.container(horizontal=True):
        st.button(ui.tr("confirm_import"), type="primary", key="mg_confirm",
                  disabled=preview.state == "unchanged" or not allowed,
                  on_click=_confirm_import, args=(run, preview.prepared, upload.name))
        st.button(ui.tr("cancel"), key="mg_cancel", on_click=_next_upload)


def _template_csv() -> bytes:
    return writers.csv_report(writers.TEMPLATE_TITLE, writers.template_rows()).encode("utf-8-sig")


def _template_xlsx() -> bytes:
    return writers.xlsx_report(writers.TEMPLATE_TITLE, writers.template_rows())


def _next_upload() -> None:
    """A fresh, empty uploader: Streamlit cannot clear one, so it gets a new key."""
    st.session_state["mg_upload_round"] = st.session_state.get("mg_upload_round", 0) + 1


def _confirm_import(run: ManageRun, prepared: Prepared, file_name: str) -> None:
    # Callbacks run before the page draws, so the click counts even if Streamlit reruns at once.
    try:
        outcome = commit(run.store, [prepared], run.actor())[0]
    except FAULTS as problem:
        ui.flash("error", fault_text(problem))
        return
    _next_upload()
    ui.flash("success", f"{ui.tr('imported')}: {file_name} → {outcome.organisation} "
                        f"{year_label(outcome.fiscal_year, run.lang)}, {ui.tr('col_measures')} {outcome.measures}")

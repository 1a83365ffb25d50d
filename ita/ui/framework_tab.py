"""The Framework tab of the manage page: each fiscal year's ITA framework as data.

Everyone sees a year's framework read-only (every row with its confidence and source note), its
versions and the crosswalk to the next year. Editors also upload a year's framework as CSV or
XLSX in the columns of data/reference/ita_framework.csv, see what it adds, renames and removes
and which rows are refused (line and reason), confirm, and restore an earlier version. Every
change goes through ita.store.framework, which audits it and re-matches the stored measures.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa
import streamlit as st

from ita import ui
from ita.present import export
from ita.present.labels import format_dates, t, year_label
from ita.present.refusals import refusal_message
from ita.read.catalogue import FRAMEWORK_COLUMNS
from ita.read.records import ImportRefused
from ita.store import framework
from ita.store.access import NotAllowed
from ita.store.framework import FrameworkPreview
from ita.store.reader import StoreReader
from ita.store.replicas import read_only
from ita.store.session import StoreBusy, Unchanged
from ita.ui.editors import editor_scope

_ROW_LABELS = {
    "tool": "col_tool", "indicator_no": "col_indicator", "indicator_th": "col_name", "sub_indicator_th":
    "col_sub_indicator", "topic_th": "col_topic", "item_code": "col_item_code", "item_name_th": "col_item_name",
    "confidence": "col_confidence", "note": "col_source_note",
}
_TEMPLATE_ROWS = [
    {"fiscal_year_be": "2570", "tool": "OIT", "indicator_no": "9", "indicator_th": "การเปิดเผยข้อมูล",
     "indicator_en": "Information disclosure", "sub_indicator_th": "", "topic_th": "ข้อมูลพื้นฐาน",
     "item_code": "o1", "item_name_th": "โครงสร้าง", "confidence": "high", "note": "where this row comes from"},
]


def framework_tab(editor: str | None, lang: str) -> None:
    """Draw the tab: the editor's upload and preview first (when signed in), then the years."""
    # Reads go through the run's cached source of the whole store: the framework changes only
    # with a write, so a rerun reuses them (and the download files).
    source = ui.whole_store()
    if source is None:
        st.info(t("fw_none", lang), icon=":material/info:")
        return
    years = source.read("framework_years", framework.framework_years)
    administrator = bool(editor) and editor_scope(editor).everything
    if editor and not administrator:
        st.caption(t("fw_administrators_only", lang))
    if administrator and not read_only():
        _upload(editor, lang)
    if years.empty:
        st.info(t("fw_none", lang), icon=":material/info:")
        return
    choices = [int(y) for y in years["fiscal_year"]]
    year = st.selectbox(t("fw_year", lang), choices, index=len(choices) - 1, key="fw_year",
                        format_func=lambda y: year_label(y, lang))
    rows = source.read("framework_rows", framework.export_frame, year)
    shown_rows = source.per_version(("framework_rows_shown", year), lambda: ui.arrow_table(rows[list(_ROW_LABELS)]))
    history = source.read("framework_versions", _versions, year)
    links = source.read("framework_crosswalk", _crosswalk, year) if year + 1 in choices else None
    st.dataframe(shown_rows, hide_index=True, width="stretch", key="fw_rows", placeholder=ui.MISSING,
                 column_config={c: t(label, lang) for c, label in _ROW_LABELS.items()})
    # Built on click: bytes handed to a download button are hashed on every rerun.
    with st.container(horizontal=True):
        st.download_button("CSV", lambda: export.to_csv_bytes(rows), file_name=f"ita_framework_{year}.csv",
                           mime="text/csv", key="fw_csv", on_click="ignore")
        st.download_button("XLSX", lambda: export.to_xlsx_bytes({str(year): rows}),
                           file_name=f"ita_framework_{year}.xlsx", key="fw_xlsx", on_click="ignore")
    st.markdown(f"**{t('fw_versions', lang)}**")
    shown = source.per_version(("framework_versions_shown", year, lang),
                               lambda: ui.arrow_table(history.assign(
                                   created_at=format_dates(history["created_at"], lang))[
                                   ["version_id", "state", "created_at", "created_by", "source", "file_name",
                                    "row_count"]]))
    st.dataframe(shown, hide_index=True, width="stretch", key="fw_versions", placeholder=ui.MISSING,
                 column_config={"version_id": t("col_version", lang), "state": t("col_state", lang),
                                "created_at": t("col_created_at", lang), "created_by": t("col_created_by", lang),
                                "source": t("col_source", lang), "file_name": t("col_source_note", lang),
                                "row_count": t("col_rows", lang)})
    earlier = administrator and [int(v) for v in history.loc[history["state"] != "active", "version_id"]]
    if earlier and not read_only():
        with st.container(horizontal=True, vertical_alignment="bottom"):
            chosen = st.selectbox(t("col_version", lang), earlier, key="fw_restore_version")
            st.button(t("fw_restore", lang), key="fw_restore", on_click=_restore, args=(int(chosen), editor, lang))
    if links is not None:
        st.markdown(f"**{t('fw_crosswalk', lang)}** ({year_label(year, lang)} → {year_label(year + 1, lang)})")
        st.dataframe(links, hide_index=True, width="stretch", key="fw_crosswalk", placeholder=ui.MISSING,
                     column_config={"from_code": t("col_item_code", lang), "from_name": t("col_item_name", lang),
                                    "to_code": t("col_to_code", lang), "to_name": t("col_item_name", lang),
                                    "relation": t("col_relation", lang), "score": t("col_score", lang),
                                    "note": t("col_note", lang)})


def _crosswalk(cursor: duckdb.DuckDBPyConnection, year: int) -> pa.Table:
    links = framework.crosswalk(cursor, year, year + 1)
    return ui.arrow_table(links[["from_code", "from_name", "to_code", "to_name", "relation", "score", "note"]])


def _versions(cursor: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    return framework.versions(cursor, [year])


def _template() -> pd.DataFrame:
    return pd.DataFrame(_TEMPLATE_ROWS, columns=list(FRAMEWORK_COLUMNS))


def _upload(editor: str, lang: str) -> None:
    # Built on click, as the report template is (an XLSX costs milliseconds of every rerun).
    with st.expander(t("fw_template", lang), icon=":material/description:"), st.container(horizontal=True):
        st.download_button("CSV", lambda: _template().to_csv(index=False).encode("utf-8-sig"),
                           file_name="ita_framework_template.csv", mime="text/csv", key="fw_tpl_csv",
                           on_click="ignore")
        st.download_button("XLSX", lambda: export.to_xlsx_bytes({"framework": _template()}),
                           file_name="ita_framework_template.xlsx", key="fw_tpl_xlsx", on_click="ignore")
    round_ = st.session_state.setdefault("fw_upload_round", 0)
    upload = st.file_uploader(t("fw_upload", lang), type=["csv", "xlsx"], key=f"fw_upload_{round_}")
    year = st.number_input(t("fw_upload_year", lang), min_value=2500, max_value=2700, value=None, step=1,
                           key="fw_upload_year")
    if upload is None:
        return
    try:
        with StoreReader(ui.store_path()).cursor() as cursor:
            preview = framework.preview_import(cursor, upload.name, upload.getvalue(), int(year) if year else None)
    except ImportRefused as refused:
        st.error(f"{ui.tr('refused')}: {ui.md(refusal_message(refused, ui.lang()))}", icon=":material/block:")
        return
    _show_preview(preview, lang)
    with st.container(horizontal=True):
        st.button(t("fw_confirm", lang), type="primary", key="fw_confirm", disabled=not preview.changes,
                  on_click=_confirm, args=(preview, editor, lang))
        st.button(ui.tr("cancel"), key="fw_cancel", on_click=_next_upload)


def _show_preview(preview: FrameworkPreview, lang: str) -> None:
    st.subheader(t("fw_preview", lang))
    if preview.refused:
        st.markdown(f"**{t('fw_refused', lang)}** ({len(preview.refused)})")
        refused = pd.DataFrame([{"line": r.line, "reason": t(f"fw_row_{r.code}", lang).format(*r.args)}
                                for r in preview.refused])
        st.dataframe(refused, hide_index=True, width="stretch", key="fw_preview_refused",
                     column_config={"line": t("col_line", lang), "reason": t("col_reason", lang)})
    if not preview.years:
        st.warning(t("fw_nothing", lang))
    for change in preview.years:
        if change.unchanged:
            st.success(t("fw_unchanged", lang).format(year=year_label(change.fiscal_year, lang)))
            continue
        st.markdown(f"**{year_label(change.fiscal_year, lang)}** · {len(change.rows)} "
                    f"{t('col_rows', lang)} · {t('fw_added', lang)} {len(change.added)} · "
                    f"{t('fw_renamed', lang)} {len(change.renamed)} · {t('fw_removed', lang)} {len(change.removed)}")
        for kind in ("added", "renamed", "removed"):
            items = getattr(change, kind)
            if items:
                frame = pd.DataFrame(items)
                st.dataframe(frame, hide_index=True, width="stretch", key=f"fw_preview_{kind}_{change.fiscal_year}",
                             column_config={"item_code": t("col_item_code", lang),
                                            "item_name_th": t("col_item_name", lang),
                                            "old_name": t("col_old_name", lang)})


def _confirm(preview: FrameworkPreview, editor: str, lang: str) -> None:
    try:
        change = framework.commit_import(ui.store_path(), preview, editor_scope(editor))
    except (StoreBusy, NotAllowed) as problem:
        ui.flash("error", str(problem))
        return
    years = ", ".join(year_label(y, lang) for y in change.versions)
    ui.flash("success", t("fw_saved", lang).format(years=years, rematched=change.rematched))
    _next_upload()


def _restore(version_id: int, editor: str, lang: str) -> None:
    try:
        framework.restore_version(ui.store_path(), version_id, editor_scope(editor))
    except (StoreBusy, KeyError, NotAllowed) as problem:
        ui.flash("error", str(problem))
        return
    except Unchanged:
        return
    ui.flash("success", t("fw_restored", lang).format(version=version_id))


def _next_upload() -> None:
    st.session_state["fw_upload_round"] = st.session_state.get("fw_upload_round", 0) + 1

"""จัดการข้อมูล: import with a preview, correct measures, resolve warnings, restore imports, audit log.

Viewers see the history, the warnings and the audit log; importing and editing need an editor.
An editor sees and changes only the organisations of their scope (ita/store/access.py); the
write path checks the scope again, so a hidden control is never the only guard. All changes go
through ita.store.imports / ita.store.edits (the store's single write path). Each tab is a
module of ita/ui.
"""

import streamlit as st

from ita import ui
from ita.store.replicas import read_only
from ita.ui.edit_tab import edit_tab
from ita.ui.framework_tab import framework_tab
from ita.ui.import_tab import import_tab
from ita.ui.manage_run import ManageRun
from ita.ui.recipients_tab import recipients_tab
from ita.ui.records_tab import audit_tab, history_tab, quality_tab
from ita.ui.scores_tab import scores_tab

source, filters = ui.shared()
st.title(ui.tr("page_manage"))
ui.show_flash()
if read_only():
    st.info(ui.tr("replica_read_only"), icon=":material/lock:")
    editor = None
else:
    editor = ui.sign_in_panel()
if not editor:
    st.caption(ui.tr("viewer_note"))
run = ManageRun(source=source, everything=ui.whole_store(), filters=filters, lang=ui.lang(),
                store=ui.store_path(), editor=editor)
# Each tab and what draws it, in order; importing and editing need an editor.
draw = {"tab_import": import_tab, "tab_edit": edit_tab, "tab_quality": quality_tab, "tab_history": history_tab,
        "tab_audit": audit_tab, "tab_framework": lambda run: framework_tab(run.editor, run.lang),
        "tab_scores": scores_tab, "tab_recipients": recipients_tab}
names = [name for name in draw if editor or name not in ("tab_import", "tab_edit", "tab_recipients")]
# The chosen tab is kept across reruns (a save reruns the page); viewers and editors have their own.
tabs = st.tabs([ui.tr(n) for n in names], key="mg_tab_editor" if editor else "mg_tab_viewer", on_change="rerun")
for name, tab in zip(names, tabs, strict=True):
    with tab:
        draw[name](run)

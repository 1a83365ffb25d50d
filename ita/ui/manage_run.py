"""What the manage page's tabs share, read once a run: the sources, the filters, the language, the
store file and the signed-in editor; and the read-only table they all draw.

The tabs live in modules of their own (import_tab, edit_tab, records_tab, framework_tab) so that
the page script stays a few lines: Streamlit runs a page's whole text again on every rerun.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow as pa
import streamlit as st

from ita.analytics import views
from ita.analytics.filters import Filters
from ita.present.faults import FAULTS
from ita.present.labels import t
from ita.store import edits
from ita.store.access import EditorScope
from ita.ui.components import MISSING, empty_store_notice
from ita.ui.editors import editor_scope
from ita.ui.source import CachedSource

# What a write may end in that is the user's to read: refusals, conflicts, bad values, store faults.
WRITE_PROBLEMS = (edits.InvalidEdit, *FAULTS)


@dataclass(frozen=True)
class ManageRun:
    """One run of the manage page. Callbacks keep the run that drew their button."""

    source: CachedSource | None  # what the dashboard shows; None when it shows nothing
    everything: CachedSource | None  # the whole store: history and warnings matter even then
    filters: Filters
    lang: str
    store: Path
    editor: str | None

    def actor(self) -> EditorScope:
        """The signed-in editor's scope, read again at each write (a callback may run after it changed)."""
        return editor_scope(self.editor)

    @cached_property
    def editable_orgs(self) -> list[str] | None:
        """Organisations the editor may change, within the sidebar's choice; None means no limit
        (viewers, and administrators who chose nothing). Worked out once a run: several tabs ask."""
        if not self.editor:
            return None
        scope = self.actor()
        if self.everything is None:
            return list(self.filters.orgs) or None
        return views.editable_organisations(self.everything, scope, self.filters.orgs)

    def may_edit_here(self, source: CachedSource | None) -> bool:
        """Whether a writing tab has anything to show on `source`; when not, the tab is told why
        (no store yet, or none of the sidebar's organisations is the editor's)."""
        if source is None:
            empty_store_notice()
            return False
        if self.editable_orgs is not None and not self.editable_orgs:
            st.info(t("scope_no_orgs_here", self.lang), icon=":material/lock:")
            return False
        return True

    def orgs_param(self) -> list[str] | None:
        """The `$orgs` parameter of the history and warnings: the editor's organisations; None when the
        editor may change none here (the tab then says so instead of showing everyone's)."""
        scoped = self.editable_orgs
        if scoped is None:
            return list(self.filters.orgs)
        return scoped or None

    def plain_table(self, frame: pd.DataFrame | pa.Table, labels: dict[str, str], key: str) -> None:
        """A read-only table; report text in it is shown as text, never rendered."""
        # Tables kept across runs come as Arrow tables with their columns chosen: no copy, no conversion.
        shown = frame if isinstance(frame, pa.Table) else frame[list(labels)]
        st.dataframe(shown, hide_index=True, width="stretch", key=key, placeholder=MISSING,
                     column_config={c: t(label, self.lang) for c, label in labels.items()})

"""The manage page's Recipients tab: who receives each division's digest (python -m ita digest).

Editors only (the addresses are people's): the editor picks one of their organisations and a
division, types its addresses and saves them with a reason through ita.store.recipients, which
checks the editor's scope again and audits the change.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ita import ui
from ita.analytics import digest, views
from ita.store import recipients
from ita.ui.editors import fault_text
from ita.ui.manage_run import WRITE_PROBLEMS, ManageRun


def recipients_tab(run: ManageRun) -> None:
    source = run.everything
    if not run.may_edit_here(source):
        return
    scoped = run.editable_orgs
    organisations = scoped if scoped is not None else views.organisation_places(source)["name"].tolist()
    st.caption(ui.tr("recipients_hint"))
    org = st.selectbox(ui.tr("col_organisation"), organisations, key="rc_org")
    if org is None:
        return
    lists = digest.recipient_lists(source, org)
    st.dataframe(pd.DataFrame({ui.tr("col_division"): list(lists),
                               ui.tr("col_email"): [", ".join(a) or ui.tr("recipients_none") for a in lists.values()]}),
                 key="rc_table", hide_index=True, width="stretch")
    if not lists:
        return
    division = st.selectbox(ui.tr("col_division"), list(lists), key="rc_division")
    # Keyed by organisation and division, so the box shows the chosen division's list when the choice changes.
    key = f"rc_emails_{org}_{division}"
    st.text_area(ui.tr("recipients_emails"), value="\n".join(lists[division]), key=key)
    st.text_input(ui.tr("reason"), key="rc_reason")
    st.button(ui.tr("save"), type="primary", key="rc_save", on_click=save, args=(run, org, division, key))


def save(run: ManageRun, org: str, division: str, key: str) -> None:
    """Store the typed list (a button callback); a bad address or a refusal becomes a message."""
    typed = recipients.addresses_in(st.session_state.get(key, ""))
    try:
        changed = recipients.set_recipients(run.store, org, division, typed, run.actor(),
                                            st.session_state.get("rc_reason", ""))
    except (recipients.InvalidRecipients, *WRITE_PROBLEMS) as problem:
        ui.flash("error", fault_text(problem))
        return
    ui.flash("success", ui.tr("recipients_saved" if changed else "recipients_unchanged"))
    st.session_state.pop(key, None)  # shows the list as stored

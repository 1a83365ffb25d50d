"""Editor sign-in (password accounts or st.login), each editor's scope of organisations, and
messages that outlive a callback's rerun.

A sign-in lives in the session only: Streamlit 1.x can read cookies (st.context.cookies) but
not set them, and a token in the URL would travel with every copied link, so a reload or a new
tab signs a password editor out, and the page says so. (st.login accounts stay signed in: their
cookie is Streamlit's own.) Failed sign-ins are limited per user name across the process.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import streamlit as st

from ita.present.faults import fault_message
from ita.store.access import EditorScope, scope_for, scopes_from
from ita.ui.state import lang, md, tr


class WarningChoice(NamedTuple):
    """An open warning as the editor's fix controls need it (defined here, not in the page script,
    which runs again on every rerun and would make the class anew each time)."""
    label: str
    code: str
    measure_id: float  # NaN for a warning about the whole report
    status: str | None
    responsible_text: str | None
    item_code: str | None


def read_secrets() -> dict[str, Any]:
    """.streamlit/secrets.toml as plain data, or {} when there is no such file.

    Read once by each caller and handed on: with no secrets file, Streamlit looks for one again
    on every read, and the sign-in panel's three reads were 0.2 ms of every view of the manage page.
    """
    try:
        return st.secrets.to_dict()
    except Exception:  # StreamlitSecretNotFoundError, TOML errors: as good as no secrets
        return {}


def _section(secrets: Mapping[str, Any] | None, name: str) -> dict:
    """A section of the secrets (read afresh when none are given), or {} when there is none."""
    section = (read_secrets() if secrets is None else secrets).get(name)
    return dict(section) if isinstance(section, Mapping) else {}


def editor_accounts(secrets: Mapping[str, Any] | None = None) -> dict[str, str]:
    from ita.store.auth import editors_from

    return editors_from(_section(secrets, "editors"))


def oidc_configured(secrets: Mapping[str, Any] | None = None) -> bool:
    """st.login is usable: an [auth] section exists and Authlib is installed."""
    if not _section(secrets, "auth"):
        return False
    try:
        import authlib  # noqa: F401
    except ImportError:
        return False
    return True


def oidc_editor(secrets: Mapping[str, Any] | None = None) -> str | None:
    """The signed-in OIDC user, when their e-mail is listed in secrets [editor_emails] emails."""
    secrets = read_secrets() if secrets is None else secrets
    if not oidc_configured(secrets) or not st.user.get("is_logged_in", False):
        return None
    email = str(st.user.get("email", "")).lower()
    allowed = [str(e).lower() for e in _section(secrets, "editor_emails").get("emails", [])]
    return email if email in allowed else None


def current_editor(secrets: Mapping[str, Any] | None = None) -> str | None:
    return st.session_state.get("editor") or oidc_editor(secrets)


def editor_scope(editor: str, secrets: Mapping[str, Any] | None = None) -> EditorScope:
    """The organisations `editor` may change; without `secrets`, read afresh (a scope taken away
    applies at once: a write's callback reads it again)."""
    return scope_for(scopes_from(_section(secrets, "editor_scopes")), editor)


def scope_text(scope: EditorScope) -> str:
    if scope.everything:
        return tr("scope_everything")
    return scope.describe()


def fault_text(error: BaseException) -> str:
    """The one-line message for a fault of the store, or the error's own words for anything else."""
    return fault_message(error, lang()) or str(error)


def sign_in_panel() -> str | None:
    """Sign-in for editors; returns the editor's name, or None for a viewer."""
    secrets = read_secrets()
    editor = current_editor(secrets)
    if editor:
        scope = editor_scope(editor, secrets)
        with st.container(horizontal=True, vertical_alignment="center"):
            st.caption(f"{tr('signed_in_as')} {md(editor)} · {tr('scope_caption')}: {md(scope_text(scope))}")
            if st.session_state.get("editor"):
                st.button(tr("sign_out"), key="mg_sign_out", on_click=lambda: st.session_state.pop("editor", None))
            elif oidc_editor(secrets):
                st.button(tr("sign_out"), key="mg_oidc_sign_out", on_click=st.logout)
        if st.session_state.get("editor"):
            st.caption(tr("reload_signs_out"))
        if scope.is_empty:
            st.warning(tr("scope_empty"), icon=":material/lock:")
        return editor
    accounts = editor_accounts(secrets)
    if not accounts and not oidc_configured(secrets):
        # The commands, never a hash: viewers see this too.
        st.info(tr("no_editors_configured"), icon=":material/key:")
        st.code(tr("editors_howto"), language="bash")
        return None
    with st.expander(tr("editor_sign_in"), expanded=False, icon=":material/login:"):
        if accounts:
            with st.form("mg_sign_in"):
                st.text_input(tr("username"), key="mg_user")
                st.text_input(tr("password"), type="password", key="mg_password")
                st.form_submit_button(tr("sign_in"), key="mg_sign_in_button", on_click=_sign_in, args=(accounts,))
            st.caption(tr("reload_signs_out"))
        if oidc_configured(secrets):
            st.button(tr("sign_in_oidc"), key="mg_oidc", on_click=st.login)
    return None


def _sign_in(accounts: dict[str, str]) -> None:
    # A callback, so the click counts even when Streamlit reruns the script straight away.
    from ita.store.auth import LIMITER, sign_in

    user = st.session_state.get("mg_user", "")
    result = sign_in(LIMITER, accounts, user, st.session_state.get("mg_password", ""))
    if result == "ok":
        st.session_state["editor"] = user.strip()
    elif result == "locked":
        minutes = max(1, round(LIMITER.blocked_for(user) / 60))
        flash("error", tr("sign_in_locked").format(minutes=minutes))
    else:
        flash("error", tr("sign_in_failed"))
    st.session_state["mg_password"] = ""


def flash(kind: str, text: str) -> None:
    """A message to show at the top of the next run (callbacks run before the page draws)."""
    st.session_state.setdefault("_flash", []).append((kind, text))


def show_flash() -> None:
    for kind, text in st.session_state.pop("_flash", []):
        (st.success if kind == "success" else st.error)(md(text))

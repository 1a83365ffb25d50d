"""Editor sign-in (password accounts or st.login) and messages that outlive a callback's rerun."""

from __future__ import annotations

import streamlit as st

from ita.ui.state import md, tr


def _secrets_section(name: str) -> dict:
    """A section of .streamlit/secrets.toml, or {} when there is no such file or section."""
    try:
        return dict(st.secrets[name]) if name in st.secrets else {}
    except Exception:  # StreamlitSecretNotFoundError, TOML errors: as good as no secrets
        return {}


def editor_accounts() -> dict[str, str]:
    from ita.store.auth import editors_from

    return editors_from(_secrets_section("editors"))


def oidc_configured() -> bool:
    """st.login is usable: an [auth] section exists and Authlib is installed."""
    if not _secrets_section("auth"):
        return False
    try:
        import authlib  # noqa: F401
    except ImportError:
        return False
    return True


def oidc_editor() -> str | None:
    """The signed-in OIDC user, when their e-mail is listed in secrets [editor_emails] emails."""
    if not oidc_configured() or not st.user.get("is_logged_in", False):
        return None
    email = str(st.user.get("email", "")).lower()
    allowed = [str(e).lower() for e in _secrets_section("editor_emails").get("emails", [])]
    return email if email in allowed else None


def current_editor() -> str | None:
    return st.session_state.get("editor") or oidc_editor()


def sign_in_panel() -> str | None:
    """Sign-in for editors; returns the editor's name, or None for a viewer."""
    editor = current_editor()
    if editor:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.caption(f"{tr('signed_in_as')} {md(editor)}")
            if st.session_state.get("editor"):
                st.button(tr("sign_out"), key="mg_sign_out", on_click=lambda: st.session_state.pop("editor", None))
            elif oidc_editor():
                st.button(tr("sign_out"), key="mg_oidc_sign_out", on_click=st.logout)
        return editor
    accounts = editor_accounts()
    if not accounts and not oidc_configured():
        st.info(tr("no_editors_configured"), icon=":material/key:")
        st.code(tr("editors_howto"), language="toml")
        return None
    with st.expander(tr("editor_sign_in"), expanded=False, icon=":material/login:"):
        if accounts:
            with st.form("mg_sign_in"):
                st.text_input(tr("username"), key="mg_user")
                st.text_input(tr("password"), type="password", key="mg_password")
                st.form_submit_button(tr("sign_in"), key="mg_sign_in_button", on_click=_sign_in, args=(accounts,))
        if oidc_configured():
            st.button(tr("sign_in_oidc"), key="mg_oidc", on_click=st.login)
    return None


def _sign_in(accounts: dict[str, str]) -> None:
    # A callback, so the click counts even when Streamlit reruns the script straight away.
    from ita.store.auth import authenticate

    user = st.session_state.get("mg_user", "")
    if authenticate(accounts, user, st.session_state.get("mg_password", "")):
        st.session_state["editor"] = user.strip()
    else:
        flash("error", tr("sign_in_failed"))
    st.session_state["mg_password"] = ""


def flash(kind: str, text: str) -> None:
    """A message to show at the top of the next run (callbacks run before the page draws)."""
    st.session_state.setdefault("_flash", []).append((kind, text))


def show_flash() -> None:
    for kind, text in st.session_state.pop("_flash", []):
        (st.success if kind == "success" else st.error)(md(text))

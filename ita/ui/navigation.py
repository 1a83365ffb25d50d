"""The app's menu: its pages, registered explicitly, and page switches asked for by callbacks."""

from __future__ import annotations

import contextlib
import copy
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

from ita.paths import REPO_ROOT
from ita.present.labels import t
from ita.ui.state import lang


def ensure_entry() -> None:
    """Run the app through dashboard.py even when Streamlit ran a page file directly.

    A folder named pages/ makes a freshly started Streamlit serve a deep link (/overview) in its
    old multipage mode, running the page without the entry script until some session has
    called st.navigation. Calling it here switches the process to the app's own navigation;
    the rerun then goes through dashboard.py to the same page.
    """
    # Streamlit's own flag for that old mode; st.navigation (our entry) turns it off.
    if not PagesManager.uses_pages_directory:
        return
    # The mode switch happens before st.navigation checks anything else, so its complaint is moot.
    with contextlib.suppress(st.errors.StreamlitAPIException):
        navigation()
    st.rerun()


# (file, title label, icon). The URL path is the file's stem, as Streamlit's old multipage mode
# names it too, so a deep link resolves to the same page in both modes.
PAGES = (
    ("pages/overview.py", "page_overview", ":material/dashboard:"),
    ("pages/indicators.py", "page_indicators", ":material/checklist:"),
    ("pages/divisions.py", "page_divisions", ":material/groups:"),
    ("pages/compare_years.py", "page_compare", ":material/compare_arrows:"),
    ("pages/in_progress.py", "page_in_progress", ":material/pending_actions:"),
    ("pages/organisations.py", "page_organisations", ":material/leaderboard:"),
    ("pages/scores.py", "page_scores", ":material/military_tech:"),
    ("pages/manage.py", "page_manage", ":material/edit_note:"),
)


def open_organisation(name: str) -> None:
    """A button callback: show `name` in the sidebar and go to its overview on the next run."""
    st.session_state["org"] = name
    st.session_state["_go_to"] = PAGES[0][0]


def go_where_asked() -> None:
    """Follow a page switch asked for by a callback (callbacks themselves cannot switch pages)."""
    target = st.session_state.pop("_go_to", None)
    if target:
        st.switch_page(REPO_ROOT / target)


def navigation() -> StreamlitPage:
    """Register the app's pages (only these: the pages/ folder is not auto-discovered)."""
    # Each run gets its own copies (st.navigation marks the one it returns as runnable, and a run
    # unmarks it: sessions must not share them); building them anew resolved every page's path on
    # disk, about 3 ms of CPU per view.
    return st.navigation([copy.copy(page) for page in _pages(lang())], position="sidebar")


_PAGES: dict[str, tuple[StreamlitPage, ...]] = {}  # per language: the titles are in it


def _pages(lang_: str) -> tuple[StreamlitPage, ...]:
    pages = _PAGES.get(lang_)
    if pages is None:
        root = REPO_ROOT
        # Streamlit serves the default page only at the root, though its url_path stays reserved:
        # /overview (the old multipage mode's link, or a guess from /indicators) would say "page not
        # found". A hidden twin answers it; it comes last, so a switch to the file finds the default.
        pages = tuple(
            st.Page(root / path, title=t(title, lang_), url_path="home" if index == 0 else Path(path).stem,
                    icon=icon, default=index == 0)
            for index, (path, title, icon) in enumerate(PAGES)
        )
        path, title, icon = PAGES[0]
        twin = st.Page(root / path, title=t(title, lang_), url_path=Path(path).stem, icon=icon, visibility="hidden")
        pages = _PAGES[lang_] = (*pages, twin)
    return pages

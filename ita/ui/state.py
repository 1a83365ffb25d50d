"""The language and the view's state in the URL, so a copied link reopens the same view."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from ita.present.labels import t

# URL parameter → (session key, kind). Lists are repeated parameters (?year=2564&year=2565).
URL_KEYS = {
    "lang": "lang",
    "org": "org",
    "year": "year",
    "division": "division",
    "shared": "shared",
    "indicator": "indicator",
    "tool": "tool",
    "status": "status",
    "province": "province",
    "otype": "otype",
}


LIST_KEYS = {"year", "division", "indicator", "tool", "status", "province", "otype"}


def lang() -> str:
    return "en" if st.session_state.get("lang") == "en" else "th"


def tr(key: str) -> str:
    return t(key, lang())


_MARKDOWN_SPECIAL = "\\`*_{}[]()<>#+-.!|~$"
# Where GitHub-flavoured markdown makes a link of bare text: a scheme's "://", "www." and an e-mail
# address's "@". Escaping cannot stop it: Streamlit's markdown finds these in the text after its
# escapes are undone (mdast-util-gfm-autolink-literal), so an organisation named
# "http://2130706433/" became a link. An invisible word joiner inside each breaks the pattern;
# the text reads and wraps as before.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def md(text: str) -> str:
    """Text from a report, escaped so st.markdown shows it as written instead of rendering it, links included."""
    text = _AUTOLINK.sub(WORD_JOINER, str(text))
    return "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in text)


def load_url_state() -> None:
    """On a session's first run, seed the filters from the shared link's query parameters.

    The link's parameters are also kept aside so a page can seed its own widgets later
    (`url_value`), after the entry script has already rewritten the URL.
    """
    if st.session_state.get("_url_loaded"):
        return
    st.session_state["_url_loaded"] = True
    # This run checks the link's values against the data: what it drops is named on the page.
    st.session_state["_link_ignored"] = []
    initial = {k: st.query_params.get_all(k) for k in st.query_params}
    for old, new in OLD_PARAMS.items():
        if old in initial and new not in initial:
            initial[new] = initial[old]
    st.session_state["_url_initial"] = initial
    for param, key in URL_KEYS.items():
        if param not in initial:
            continue
        values = initial[param]
        if param in LIST_KEYS:
            st.session_state[key] = values
        elif param == "shared":
            st.session_state[key] = values[-1].lower() == "true"
        else:
            st.session_state[key] = values[-1]


def url_value(key: str, options: Sequence[Any], *, many: bool = False, convert: Callable[[str], Any] = str) -> None:
    """Prepare a page's own URL-kept widget `key`: seed it from the link once, check it against
    `options`, and have it written back into the URL at the end of the run."""
    st.session_state.setdefault("_page_keys", [])
    if key not in st.session_state["_page_keys"]:
        st.session_state["_page_keys"].append(key)
    seeded = st.session_state.setdefault("_url_seeded", set())
    initial = st.session_state.get("_url_initial", {})
    if key not in seeded and key in initial:
        seeded.add(key)
        st.session_state[key] = initial[key] if many else initial[key][-1]
    checked(key, options, many=many, convert=convert)


def checked(key: str, options: Sequence[Any], *, many: bool, convert: Callable[[str], Any] = str,
            write_back: bool = True) -> None:
    """Keep only values that exist in the data: a hand-edited or stale link cannot inject others.
    On the run that reads a link, what is dropped is kept for the page to name (`ignored_link_values`).

    `write_back`: store the value even when it is unchanged. A value set through session state
    outlives a page switch, a widget's own value does not, so a widget drawn on every page (the
    sidebar's) needs it on the first run of each page only; a write costs a run about 20 µs a key."""
    if key not in st.session_state:
        return
    value = st.session_state[key]
    allowed = set(options)
    dropped = []
    if many:
        kept = []
        for raw in value if isinstance(value, list) else [value]:
            try:
                item = convert(raw)
            except (TypeError, ValueError):
                dropped.append(raw)
                continue
            if item in allowed and item not in kept:
                kept.append(item)
            elif item not in allowed:
                dropped.append(raw)
        if write_back or kept != value:
            st.session_state[key] = kept
    else:
        try:
            converted = convert(value)
        except (TypeError, ValueError):
            converted = None
        if converted not in allowed:
            dropped.append(value)
            del st.session_state[key]
        elif write_back or type(converted) is not type(value) or converted != value:
            st.session_state[key] = converted
    if dropped and "_link_ignored" in st.session_state:
        st.session_state["_link_ignored"].extend(f"{key}={v}" for v in dropped)


def ignored_link_values() -> list[str]:
    """The link values the last link-reading run ignored (once: the list is emptied as it is read)."""
    return st.session_state.pop("_link_ignored", None) or []


# Page-local parameters of earlier releases, read as the shared filter they became, so old links still work.
OLD_PARAMS = {"div": "division", "ind": "indicator", "div_shared": "shared"}


def begin_run() -> None:
    """Called first by dashboard.py: pages register their URL keys anew on every run, and a
    session's first run reads its link (before the menu, whose titles are in the link's language)."""
    st.session_state["_page_keys"] = []
    load_url_state()


def write_url_state(*, after_page: bool = False) -> None:
    """Mirror the filters and the current page's keys into the URL, so the link reopens this view.

    `after_page`: the call after the page has run, which has something to add only when the page
    keeps keys of its own (the filters cannot have changed since: only callbacks set them, and
    callbacks run before the script).
    """
    page_keys = st.session_state.get("_page_keys", [])
    if after_page and not page_keys:
        return
    wanted: dict[str, list[str]] = {}
    for param in (*URL_KEYS, *page_keys):
        key = URL_KEYS.get(param, param)
        value = st.session_state.get(key)
        if value in (None, "", [], False) or (param == "lang" and value == "th"):
            continue
        if isinstance(value, bool):
            wanted[param] = ["true"]
        elif isinstance(value, list):
            wanted[param] = [str(v) for v in value]
        else:
            wanted[param] = [str(value)]
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)

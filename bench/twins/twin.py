"""Static twins of the app's pages: the same elements with constant data, the floor of a page's
server time.

`capture(at)` turns what a real page drew under AppTest (its element tree, sidebar included)
into a plain spec: blocks (columns, bordered containers, expanders, tabs) and elements with their
data (frames, Plotly specs, metric values, widget labels and options). `render(page)` draws a spec
again with the same Streamlit calls and nothing else: no store, no query, no pandas work beyond
what Streamlit itself does to send a frame; frames (as Arrow tables) and figures are built once per
process. What the real page costs beyond its twin is the app's own work per run.

bench/pages.py captures each page's spec and times it against its twin in the same run; the
twins read their specs from $ITA_TWIN_DIR (bench/out/twins by default). Elements the twin cannot
draw as such (a file uploader, a chat input, …) are drawn as a caption naming them and counted
in the spec's `approximated`.
"""

from __future__ import annotations

import copy
import json
import os
import pickle
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

TWIN_DIR = Path(os.environ.get("ITA_TWIN_DIR", Path(__file__).resolve().parent.parent / "out" / "twins"))

_TEXT = {"title", "header", "subheader", "caption", "markdown", "text", "code", "latex"}
_ALERTS = {"info", "warning", "success", "error", "exception"}


# ---------------------------------------------------------------- capture (under AppTest)
def capture(at: Any) -> dict:
    """The spec of the page an AppTest last ran: {"main": [...], "sidebar": [...], "event": [...],
    "approximated": n}."""
    spec = {"main": [], "sidebar": [], "event": [], "approximated": 0}
    for node in at._tree.children.values():
        if getattr(node, "type", None) in ("main", "sidebar", "event"):  # event: a page's style-only HTML
            spec[node.type] = [_node(child, spec) for child in node.children.values()]
    return spec


def _node(node: Any, spec: dict) -> dict:
    kind = node.type
    children = getattr(node, "children", None)
    if children is not None and kind not in ("selectbox", "multiselect"):
        proto = node.proto
        block = {"block": kind, "children": [_node(c, spec) for c in children.values()]}
        if kind == "flex_container":
            block.update(border=proto.flex_container.border,
                         horizontal=proto.flex_container.direction == proto.flex_container.HORIZONTAL)
        elif kind == "column":  # AppTest keeps only the block's own sub-message for these
            block.update(weight=proto.weight or 1.0)
        elif kind == "expandable":
            block.update(label=proto.label, expanded=proto.expanded)
        elif kind == "tab":
            block.update(label=proto.label)
        return block
    proto = getattr(node, "proto", None)
    if kind in _TEXT:
        return {"element": kind if kind != "text" else "markdown", "body": node.value}
    if kind in _ALERTS:
        return {"element": kind, "body": getattr(proto, "body", "") or getattr(proto, "message", "")}
    if kind == "html":
        return {"element": kind, "body": proto.body}
    if kind == "metric":
        return {"element": kind, "label": proto.label, "body": proto.body, "delta": proto.delta or None}
    if kind in ("dataframe", "table"):
        # The columns' labels, formats and hidden index are part of what the page draws.
        columns = getattr(proto, "columns", "")
        return {"element": "dataframe", "frame": node.value, "column_config": json.loads(columns) if columns else None,
                "placeholder": getattr(proto, "placeholder", "") or None}
    if kind == "plotly_chart":
        return {"element": kind, "spec": proto.spec}
    if kind == "selectbox":
        return {"element": kind, "label": proto.label, "options": list(proto.options),
                "index": proto.default if proto.HasField("default") else None}
    if kind == "multiselect":
        return {"element": kind, "label": proto.label, "options": list(proto.options), "default": list(proto.default)}
    if kind == "button_group":
        return {"element": kind, "label": proto.label, "options": [o.content for o in proto.options],
                "default": list(proto.default), "multi": proto.click_mode == proto.MULTI_SELECT,
                "segmented": proto.style == proto.SEGMENTED_CONTROL}
    if kind in ("toggle", "checkbox"):
        return {"element": kind, "label": proto.label, "value": proto.default}
    if kind in ("button", "download_button"):
        return {"element": kind, "label": proto.label}
    spec["approximated"] += 1
    return {"element": "other", "type": kind}


def save(page: str, spec: dict, folder: Path = TWIN_DIR) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{page}.pickle"
    path.write_bytes(pickle.dumps(spec))
    return path


# ---------------------------------------------------------------- render (the twin page)
_LOADED: dict[str, dict] = {}  # page → spec with frames and figures built, once per process


def render(page: str) -> None:
    """Draw the captured page `page` with constant data, under the app's page menu (drawn on every
    page of the app, it is one of the page's elements; AppTest's tree does not show it)."""
    if page not in _MENUS:
        _MENUS[page] = _menu(page)
    # Copies each run, as the app's navigation makes them (st.navigation marks the page it returns).
    st.navigation([copy.copy(entry) for entry in _MENUS[page]], position="sidebar").run()


_MENUS: dict[str, list] = {}  # page → its menu, built once per process as the app builds its own


def _menu(page: str) -> list:
    """The app's menu (ita.ui.navigation) with `page` drawn by its twin: the same entries, the hidden
    second address of the first page included."""
    from ita.present.labels import t
    from ita.ui.navigation import PAGES

    this = f"pages/{page}.py"
    menu = [st.Page(partial(_render, page) if path == this else _elsewhere, title=t(title, "th"),
                    url_path="home" if index == 0 else Path(path).stem, icon=icon, default=path == this)
            for index, (path, title, icon) in enumerate(PAGES)]
    path, title, icon = PAGES[0]
    return [*menu, st.Page(_elsewhere, title=t(title, "th"), url_path=Path(path).stem, icon=icon,
                           visibility="hidden")]


def _elsewhere() -> None:
    """Another page of the menu: never run by the benchmark."""


def _render(page: str) -> None:
    if page not in _LOADED:
        spec = pickle.loads((TWIN_DIR / f"{page}.pickle").read_bytes())
        _prepare(spec["main"] + spec["sidebar"])
        _LOADED[page] = spec
    spec = _LOADED[page]
    counter = iter(range(1_000_000))
    _draw(spec["main"], counter)
    with st.sidebar:
        _draw(spec["sidebar"], counter)
    _draw(spec.get("event", []), counter)


def _prepare(nodes: list[dict]) -> None:
    import plotly.graph_objects as go

    for node in nodes:
        if "children" in node:
            _prepare(node["children"])
        elif node.get("element") == "plotly_chart":
            node["figure"] = go.Figure(json.loads(node["spec"]))
        elif node.get("element") == "dataframe":
            # Kept as the Arrow table Streamlit sends, as the pages keep theirs (ita.ui.arrow_table):
            # a static page converts its constant frames once, not on every run.
            frame = node["frame"] if isinstance(node["frame"], pd.DataFrame) else pd.DataFrame(node["frame"])
            node["frame"] = pa.Table.from_pandas(frame)


def _draw(nodes: list[dict], counter: Any) -> None:
    for node in nodes:
        if "block" in node:
            _draw_block(node, counter)
        else:
            _draw_element(node, f"twin_{next(counter)}")


def _draw_block(node: dict, counter: Any) -> None:
    kind, children = node["block"], node["children"]
    if kind == "flex_container" and children and all(c.get("block") == "column" for c in children):
        for column, child in zip(st.columns([c["weight"] for c in children]), children, strict=True):
            with column:
                _draw(child["children"], counter)
    elif kind == "flex_container":
        with st.container(border=node["border"], horizontal=node["horizontal"]):
            _draw(children, counter)
    elif kind == "expandable":
        with st.expander(node["label"], expanded=node["expanded"]):
            _draw(children, counter)
    elif kind == "tab_container" and children:
        for tab, child in zip(st.tabs([c.get("label", "") for c in children]), children, strict=True):
            with tab:
                _draw(child["children"], counter)
    else:  # column outside columns, form, popover, …: a plain container keeps the elements
        with st.container():
            _draw(children, counter)


def _draw_element(node: dict, key: str) -> None:
    kind = node["element"]
    if kind in _TEXT or kind in _ALERTS:
        if kind == "exception":
            st.error(node["body"])
        elif kind in ("code", "latex"):
            st.markdown(node["body"])
        else:
            getattr(st, kind)(node["body"])
    elif kind == "html":
        st.html(node["body"])
    elif kind == "metric":
        st.metric(node["label"], node["body"], node["delta"])
    elif kind == "dataframe":
        st.dataframe(node["frame"], key=key, column_config=node.get("column_config"),
                     placeholder=node.get("placeholder"))
    elif kind == "plotly_chart":
        st.plotly_chart(node["figure"], key=key)
    elif kind == "selectbox":
        st.selectbox(node["label"], node["options"], index=node["index"], key=key)
    elif kind == "multiselect":
        st.multiselect(node["label"], node["options"], default=[node["options"][i] for i in node["default"]], key=key)
    elif kind == "button_group":
        chosen = [node["options"][i] for i in node["default"]]
        if node["segmented"]:
            st.segmented_control(node["label"], node["options"], default=chosen[0] if chosen else None, key=key)
        else:
            st.pills(node["label"], node["options"], selection_mode="multi" if node["multi"] else "single",
                     default=chosen if node["multi"] else (chosen[0] if chosen else None), key=key)
    elif kind in ("toggle", "checkbox"):
        getattr(st, kind)(node["label"], value=node["value"], key=key)
    elif kind == "button":
        st.button(node["label"], key=key)
    elif kind == "download_button":
        st.download_button(node["label"], b"twin", file_name="twin.txt", key=key)
    else:
        st.caption(f"({node.get('type')})")

"""A minimal Streamlit browser-protocol client, for load tests without a browser.

It speaks what Streamlit 1.67's frontend speaks on `ws://HOST:PORT/_stcore/stream` (Starlette
route in `streamlit/web/server/starlette/starlette_websocket.py`):

- the WebSocket offers the subprotocol `streamlit`. The second and third subprotocol entries
  (XSRF token, session id to resume) are optional. The server checks the XSRF token only to
  read an auth cookie, and it lets a handshake without an Origin header through.
- every frame is binary protobuf: the client sends `BackMsg`, the server sends `ForwardMsg`.
- connecting creates a session but runs nothing. The frontend first sends a `BackMsg` whose
  `rerun_script` is a `ClientState` (URL query string, page url path in `page_name`, page hash
  once known, changed widget values). The server answers with `new_session`, deltas,
  `page_info_changed` (the URL the app rewrote) and `script_finished`.

A run can end early (`FINISHED_EARLY_FOR_RERUN`) when the app calls `st.rerun()`. The app
does this on a fresh server's first deep link (`ita.ui.navigation.ensure_entry`). So a view
lasts until a run finishes for good. A view counts as an error if it shows an exception
element, ends with a compile error, names an unknown page, breaks the connection or times out.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.common import user_key_from_element_id

STREAM_PATH = "/_stcore/stream"
# The pages a viewer sees, by URL path ("" is the default page, the overview). The editors'
# page ("manage") is left out: it needs a sign-in.
PAGES = ("", "indicators", "divisions", "compare_years", "in_progress")

# Runs that end for good. FINISHED_EARLY_FOR_RERUN (2) is followed by another run.
_FINAL = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
          ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
# Widgets whose values the client can set, and the WidgetState field each one's value travels in.
# All of them send the formatted option strings, as the frontend does (see the serdes in
# streamlit/elements/widgets/{multiselect,selectbox,button_group}.py).
_WIDGET_VALUE_FIELD = {"multiselect": "string_array_value", "button_group": "string_array_value",
                       "selectbox": "string_value", "checkbox": "bool_value"}


@dataclass
class Widget:
    """A widget the last run drew: enough to change its value as a user would."""

    id: str
    kind: str
    options: list[str]


@dataclass
class ViewResult:
    """One page view: a rerun from the request until its run finished."""

    page: str
    elapsed_s: float
    status: str  # "ok", "exception", "compile_error", "page_not_found", "disconnected", "timeout"
    errors: list[str] = field(default_factory=list)
    deltas: int = 0
    metrics: dict[str, str] = field(default_factory=dict)  # metric label → body, as sent
    element_types: list[str] = field(default_factory=list)
    last_delta_s: float = 0.0  # from the request to the run's last delta (its last element drawn)

    @property
    def ok(self) -> bool:
        return self.status == "ok" and not self.errors


class SessionBroken(Exception):
    """The connection is gone; the session cannot view more pages."""


class StreamlitSession:
    """One browser tab: one WebSocket, one Streamlit session, views one at a time."""

    def __init__(self, base_url: str, *, timeout_s: float = 60.0) -> None:
        self.url = base_url.replace("http://", "ws://", 1).rstrip("/") + STREAM_PATH
        self.origin = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.query_string = ""  # the URL's query as the app last rewrote it, sent back like a browser
        self.page_hashes: dict[str, str] = {}  # url path → page script hash, from `navigation`
        self.widgets: dict[str, Widget] = {}  # user key → widget, from the last run's deltas
        self.stray_errors: list[str] = []  # exceptions that arrived outside a view
        self._ws: Any = None
        self._started = 0.0

    async def connect(self) -> None:
        # max_size=None: a page's deltas (Arrow tables, plotly specs) can exceed the 1 MiB default.
        self._ws = await websockets.connect(self.url, subprotocols=["streamlit"], origin=self.origin,
                                            max_size=None, open_timeout=self.timeout_s)

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def __aenter__(self) -> StreamlitSession:
        await self.connect()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        await self.close()

    async def view(self, page: str, query_string: str | None = None,
                   changes: dict[str, list[str] | str | bool] | None = None) -> ViewResult:
        """Run `page` (its URL path) as the frontend would and wait until the run finishes.

        `query_string` replaces the URL's query, as when a link is opened. Without it the
        client sends the query the app last wrote. `changes` sets widgets by key, with
        formatted option strings, e.g. {"year": ["2565"]}. It is sent in the same rerun.
        """
        if self._ws is None:
            raise SessionBroken("not connected")
        if query_string is not None:
            self.query_string = query_string
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        state.page_name = page
        # The frontend sends the page's hash once the navigation has told it; the overview is
        # both "" and its own path, so look it up under the name the navigation gives it.
        state.page_script_hash = self.page_hashes.get(page or "overview", "")
        for key, value in (changes or {}).items():
            widget = self.widgets.get(key)
            if widget is None or widget.kind not in _WIDGET_VALUE_FIELD:
                raise KeyError(f"no settable widget with key {key!r} on the last run")
            _set_widget(state.widget_states.widgets.add(), widget, value)
        result = ViewResult(page=page, elapsed_s=0.0, status="ok")
        started = self._started = time.perf_counter()
        try:
            await self._ws.send(back.SerializeToString())
            await asyncio.wait_for(self._read_run(result), self.timeout_s)
        except TimeoutError:
            result.status = "timeout"
            result.errors.append(f"no script_finished within {self.timeout_s:.0f} s")
        except websockets.ConnectionClosed as closed:
            result.status = "disconnected"
            result.errors.append(f"connection closed: {closed}")
            self._ws = None
        result.elapsed_s = time.perf_counter() - started
        return result

    async def drain(self, seconds: float = 0.3) -> list[str]:
        """Read whatever the server still sends for a moment; return exceptions among it.

        The server reports a failure to handle a BackMsg after the run it ended, so
        a session's last view can only see it here.
        """
        if self._ws is None:
            return []
        sink = ViewResult(page="(after)", elapsed_s=0.0, status="ok")
        deadline = time.monotonic() + seconds
        try:
            while (left := deadline - time.monotonic()) > 0:
                self._handle(ForwardMsg.FromString(await asyncio.wait_for(self._ws.recv(), left)), sink, True)
        except (TimeoutError, websockets.ConnectionClosed):
            pass
        self.stray_errors.extend(sink.errors)
        return sink.errors

    async def _read_run(self, result: ViewResult) -> None:
        # Messages before this view's `new_session` are the tail of an earlier run. An
        # exception among them still counts, so it is kept for this view.
        running = False
        while True:
            msg = ForwardMsg.FromString(await self._ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                running = True
                self.widgets = {}
                result.deltas, result.metrics, result.element_types = 0, {}, []
            elif kind == "script_finished" and running:
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    result.status = "compile_error"
                if msg.script_finished in _FINAL:
                    return
                running = False  # finished early for a rerun: the next run carries on the view
            else:
                self._handle(msg, result, running)
            if result.status == "page_not_found":
                return

    def _handle(self, msg: ForwardMsg, result: ViewResult, running: bool) -> None:
        kind = msg.WhichOneof("type")
        if kind == "navigation":
            for page in msg.navigation.app_pages:
                self.page_hashes[page.url_pathname] = page.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            result.status = "page_not_found"
            result.errors.append(f"page not found: {msg.page_not_found.page_name!r}")
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            error = msg.session_event.script_compilation_exception
            result.errors.append(f"{error.type}: {error.message}")
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            element_type = element.WhichOneof("type")
            if element_type == "exception":
                result.status = "exception"
                result.errors.append(f"{element.exception.type}: {element.exception.message}")
            if not running:
                return
            result.deltas += 1
            result.last_delta_s = time.perf_counter() - self._started
            result.element_types.append(element_type)
            if element_type == "metric":
                result.metrics[element.metric.label] = element.metric.body
            elif element_type in _WIDGET_VALUE_FIELD:
                proto = getattr(element, element_type)
                key = user_key_from_element_id(proto.id)
                if key:
                    options = ([o.content for o in proto.options] if element_type == "button_group"
                               else list(getattr(proto, "options", [])))
                    self.widgets[key] = Widget(proto.id, element_type, options)
        elif kind == "delta" and running:
            result.deltas += 1
            result.last_delta_s = time.perf_counter() - self._started


def _set_widget(state: WidgetState, widget: Widget, value: list[str] | str | bool) -> None:
    state.id = widget.id
    kind = _WIDGET_VALUE_FIELD[widget.kind]
    if kind == "string_array_value":
        state.string_array_value.data.extend([value] if isinstance(value, str) else list(value))
    elif kind == "string_value":
        state.string_value = str(value)
    else:
        state.bool_value = bool(value)

"""Streamlit glue: the cached read path, the shared sidebar filters kept in the URL, and the
small pieces every page draws (notices, KPI cards, charts, downloads).

The only module of the package that imports streamlit. Pages call these helpers and the
`ita` functions they wrap; they never open files or write SQL.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

from ita.analytics import metrics
from ita.analytics.filters import Filters
from ita.paths import REPO_ROOT
from ita.present import export
from ita.present.charts import STATUS_COLORS, chart_config
from ita.present.labels import format_date, status_label, t, year_label
from ita.store.reader import StoreMissing, StoreOutdated, StoreReader
from ita.store.session import default_store_path

STATUSES = ("done", "in_progress", "not_started", "unknown")
TOOLS = ("IIT", "EIT", "OIT")
ALL = ""

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


# ---------------------------------------------------------------- read path
@st.cache_resource(max_entries=4)
def _reader(path: str) -> StoreReader:
    return StoreReader(Path(path))


@st.cache_data(ttl=900, max_entries=256, show_spinner=False)
def _cached_query(path: str, version: str, name: str, frozen: tuple) -> pd.DataFrame:
    # `version` changes whenever a writer publishes, so results of an old store are never reused.
    params = {key: list(value) if isinstance(value, tuple) else value for key, value in frozen}
    return _reader(path).query(name, **params)


_LAST_VERSION: dict[str, str] = {}


class CachedSource:
    """`metrics.Queries` over the cached read path of one store file."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self.version = _reader(self.path).version()
        # Results of an older version are never asked for again: free them for everyone at once.
        if _LAST_VERSION.setdefault(self.path, self.version) != self.version:
            _LAST_VERSION[self.path] = self.version
            _cached_query.clear()

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
        # A new frame over the cached data (pandas copies on write): pages may add columns freely.
        return _cached_query(self.path, self.version, name, frozen).copy(deep=False)


def store_path() -> Path:
    return Path(os.environ.get("ITA_DB") or default_store_path())


def store_source() -> CachedSource | None:
    """The store's cached source even when it shows nothing (its history still matters), or None
    when there is no usable store file."""
    try:
        candidate = CachedSource(store_path())
        if candidate.version == "missing":
            return None
        candidate.query("store_counts")  # fails on a store of another schema version
        return candidate
    except (StoreMissing, StoreOutdated):
        return None


def source() -> CachedSource | None:
    """The store's cached source, or None when there is nothing to show yet."""
    candidate = store_source()
    if candidate is None or metrics.organisations(candidate).empty:
        return None
    return candidate


# ---------------------------------------------------------------- language and URL state
def lang() -> str:
    return "en" if st.session_state.get("lang") == "en" else "th"


def tr(key: str) -> str:
    return t(key, lang())


_MARKDOWN_SPECIAL = "\\`*_{}[]()<>#+-.!|~$"


def md(text: str) -> str:
    """Text from a report, escaped so st.markdown shows it as written instead of rendering it."""
    return "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in str(text))


def load_url_state() -> None:
    """On a session's first run, seed the filters from the shared link's query parameters.

    The link's parameters are also kept aside so a page can seed its own widgets later
    (`url_value`), after the entry script has already rewritten the URL.
    """
    if st.session_state.get("_url_loaded"):
        return
    st.session_state["_url_loaded"] = True
    st.session_state["_url_initial"] = {k: st.query_params.get_all(k) for k in st.query_params}
    for param, key in URL_KEYS.items():
        if param not in st.query_params:
            continue
        values = st.query_params.get_all(param)
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


def checked(key: str, options: Sequence[Any], *, many: bool, convert: Callable[[str], Any] = str) -> None:
    """Keep only values that exist in the data: a hand-edited or stale link cannot inject others."""
    if key not in st.session_state:
        return
    value = st.session_state[key]
    allowed = set(options)
    if many:
        kept = []
        for item in value if isinstance(value, list) else [value]:
            try:
                item = convert(item)
            except (TypeError, ValueError):
                continue
            if item in allowed and item not in kept:
                kept.append(item)
        st.session_state[key] = kept
    else:
        try:
            value = convert(value)
        except (TypeError, ValueError):
            value = None
        if value not in allowed:
            del st.session_state[key]
        else:
            st.session_state[key] = value


# Script runs at once in this process. Each session's run is a thread holding its frames and
# figures; twenty at once on two cores take no less time in all, only more memory.
RENDER_SLOTS = threading.BoundedSemaphore(int(os.environ.get("ITA_RENDER_SLOTS", "4")))


def begin_run() -> None:
    """Called first by dashboard.py: pages register their URL keys anew on every run."""
    st.session_state["_page_keys"] = []


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
    root = REPO_ROOT
    # Streamlit serves the default page only at the root, though its url_path stays reserved:
    # /overview (the old multipage mode's link, or a guess from /indicators) would say "page not
    # found". A hidden twin answers it; it comes last, so a switch to the file finds the default.
    pages = [
        st.Page(root / path, title=tr(title), url_path="home" if index == 0 else Path(path).stem, icon=icon,
                default=index == 0)
        for index, (path, title, icon) in enumerate(PAGES)
    ]
    path, title, icon = PAGES[0]
    twin = st.Page(root / path, title=tr(title), url_path=Path(path).stem, icon=icon, visibility="hidden")
    return st.navigation([*pages, twin], position="top")


def write_url_state() -> None:
    """Mirror the filters and the current page's keys into the URL, so the link reopens this view."""
    wanted: dict[str, list[str]] = {}
    for param in (*URL_KEYS, *st.session_state.get("_page_keys", [])):
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


# ---------------------------------------------------------------- sidebar filters
def sidebar_filters(src: CachedSource | None) -> Filters:
    """Draw the shared filters once (from dashboard.py) and return them."""
    load_url_state()
    with st.sidebar:
        # The value comes from the link or the session; a default as well would make Streamlit warn.
        st.session_state.setdefault("lang", "th")
        st.segmented_control(
            "ภาษา / Language", ["th", "en"], key="lang", format_func=lambda v: "ไทย" if v == "th" else "English",
            required=True,
        )
        if src is None:
            return Filters()
        lang_ = lang()
        places = src.query("place_list")
        provinces = sorted(p for p in places["province"].dropna().unique())
        org_types = sorted(places["org_type"].dropna().unique())
        checked("province", provinces, many=True)
        checked("otype", org_types, many=True)
        if len(provinces) > 1:
            st.multiselect(tr("col_province"), provinces, key="province", placeholder=tr("all"))
        if len(org_types) > 1:
            st.multiselect(tr("col_org_type"), org_types, key="otype", placeholder=tr("all"))
        orgs = src.query(
            "organisation_list", provinces=st.session_state.get("province", []),
            org_types=st.session_state.get("otype", []),
        )["name"].tolist()
        options = [ALL, *orgs] if len(orgs) > 1 else orgs
        checked("org", options, many=False)
        st.selectbox(
            tr("col_organisation"), options, key="org",
            format_func=lambda v: tr("all_organisations") if v == ALL else v,
        )
        org = st.session_state.get("org", options[0] if options else ALL)
        chosen_orgs = (org,) if org else ()
        years = metrics.fiscal_years(src, chosen_orgs)
        checked("year", years, many=True, convert=int)
        if not st.session_state.get("year") and years:
            st.session_state["year"] = [years[0]]
        st.multiselect(tr("col_fiscal_year"), years, key="year", format_func=lambda y: year_label(y, lang_))
        divisions = src.query("division_list", orgs=list(chosen_orgs))
        division_names = divisions.loc[~divisions["is_shared"], "name"].tolist()
        checked("division", division_names, many=True)
        st.multiselect(tr("col_division"), division_names, key="division", placeholder=tr("all"))
        if st.session_state.get("division"):
            st.toggle(tr("include_shared"), key="shared")
        indicators = src.query("indicator_list", orgs=list(chosen_orgs))
        names_en = dict(zip(indicators["name"], indicators["name_en"], strict=True))
        checked("indicator", indicators["name"].tolist(), many=True)
        st.multiselect(
            tr("col_indicator"), indicators["name"].tolist(), key="indicator", placeholder=tr("all"),
            format_func=lambda n: names_en.get(n, n) if lang_ == "en" else n,
        )
        checked("tool", TOOLS, many=True)
        st.pills(tr("col_tool"), TOOLS, key="tool", selection_mode="multi")
        checked("status", STATUSES, many=True)
        st.pills(tr("col_status"), STATUSES, key="status", selection_mode="multi",
                 format_func=lambda s: status_label(s, lang_))
    return Filters(
        orgs=chosen_orgs,
        years=tuple(sorted(st.session_state.get("year", []))),
        divisions=tuple(st.session_state.get("division", [])),
        include_shared=bool(st.session_state.get("shared")) and bool(st.session_state.get("division")),
        indicators=tuple(st.session_state.get("indicator", [])),
        tools=tuple(st.session_state.get("tool", [])),
        statuses=tuple(st.session_state.get("status", [])),
        provinces=tuple(st.session_state.get("province", [])),
        org_types=tuple(st.session_state.get("otype", [])),
    )


# ---------------------------------------------------------------- editors
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


# ---------------------------------------------------------------- shared page pieces
def shared() -> tuple[CachedSource | None, Filters]:
    """What dashboard.py put in session state for the page: the source and the filters."""
    ensure_entry()
    return st.session_state.get("_source"), st.session_state.get("_filters", Filters())


def page(title_key: str) -> tuple[CachedSource, Filters, str]:
    """A dashboard page's start: its title, and the source, filters and language it draws with.

    With nothing imported yet, the page says where to import and stops here.
    """
    source_, filters = shared()
    st.title(tr(title_key))
    if source_ is None:
        empty_store_notice()
        st.stop()
    return source_, filters, lang()


def empty_store_notice() -> None:
    st.info(tr("empty_store"), icon=":material/upload_file:")


def data_notices(src: CachedSource, filters: Filters) -> None:
    """What is shown (organisation, years), the 'data as of' line and, whenever sample years
    are on screen, a notice saying so."""
    row = src.query("data_as_of", **filters.params()).iloc[0]
    stamps = [v for v in (row["imported_at"], row["edited_at"]) if isinstance(v, datetime | pd.Timestamp)
              and not pd.isna(v)]
    parts = [md(filters.orgs[0]) if len(filters.orgs) == 1 else tr("all_organisations")]
    if filters.years:
        parts.append(f"{tr('col_fiscal_year')} {', '.join(year_label(y, lang()) for y in filters.years)}")
    if stamps:
        parts.append(f"{tr('data_as_of')} {format_date(max(stamps), lang(), with_time=True)}")
    st.caption(" · ".join(parts))
    if row["has_sample"]:
        years = ", ".join(year_label(int(y), lang()) for y in row["sample_years"])
        st.warning(f"{tr('sample_notice')} ({tr('col_fiscal_year')} {years})", icon=":material/science:")


def focus_year(filters: Filters) -> int | None:
    return max(filters.years) if filters.years else None


def previous_year(src: CachedSource, filters: Filters, year: int) -> int | None:
    earlier = [y for y in metrics.fiscal_years(src, filters.orgs) if y < year]
    return max(earlier) if earlier else None


def kpi_cards(current: dict, previous: dict | None, year_text: str) -> None:
    """Measures, done, in progress, not started and completion %, with the change from last year."""

    def card(label: str, key: str, *, pct: bool = False, good_when_up: bool | None = True) -> None:
        value = current.get(key)
        shown = "–" if value is None else (f"{value:.1f}%" if pct else f"{value:,}")
        change = None
        if previous is not None and previous.get(key) is not None and value is not None:
            change = value - previous[key]
        if change is None:
            st.metric(label, shown, border=True, help=tr("completion_help") if pct else None)
            return
        colour = "off" if change == 0 or good_when_up is None else ("normal" if good_when_up else "inverse")
        text = f"{change:+.1f} pp" if pct else f"{change:+,d}"
        st.metric(label, shown, text, delta_color=colour, border=True,
                  help=tr("completion_help") if pct else None)

    with st.container(horizontal=True, key="kpis"):
        card(tr("col_measures"), "measures", good_when_up=None)
        card(tr("col_done"), "done")
        card(tr("col_in_progress"), "in_progress", good_when_up=False)
        card(tr("col_not_started"), "not_started", good_when_up=False)
        card(f"{tr('col_completion_pct')} {year_text}", "completion_pct", pct=True)


def chart(fig: go.Figure, key: str, file_name: str) -> None:
    st.plotly_chart(fig, key=key, config=chart_config(file_name), width="stretch")


def status_column_config(label: str) -> Any:
    """The status as a coloured label in the status colours of the charts.

    Shown through a multiselect column over one-element lists: Streamlit colours those labels in
    the browser, while a pandas Styler costs about half a second per 500 rows on the server.
    """
    return st.column_config.MultiselectColumn(
        label, options=list(STATUSES), color=[STATUS_COLORS[s] for s in STATUSES],
        format_func=lambda s: status_label(s, lang()), disabled=True,
    )


def downloads(src: CachedSource, filters: Filters, base_name: str, key: str,
              tables: Callable[[], dict[str, pd.DataFrame]] | None = None) -> None:
    """CSV, XLSX and the executive PDF of exactly what the filters show.

    Each file is built only when its button is clicked: building them on every view would cost
    more than drawing the page.
    """
    from ita.present import pdf_report

    lang_ = lang()
    reader = _reader(src.path)
    make_tables = tables or (lambda: export.tables_for(reader, filters, lang_))

    def csv_bytes() -> bytes:
        made = make_tables()
        return export.to_csv_bytes(made.get(t("sheet_measures", lang_), next(iter(made.values()))))

    with st.container(horizontal=True, key=f"{key}_downloads"):
        st.download_button("CSV", csv_bytes, file_name=f"{base_name}.csv", mime="text/csv", key=f"{key}_csv",
                           icon=":material/download:", on_click="ignore")
        st.download_button(
            "XLSX", lambda: export.to_xlsx_bytes(make_tables()), file_name=f"{base_name}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx",
            icon=":material/download:", on_click="ignore",
        )
        st.download_button(
            tr("pdf"), lambda: pdf_report.summary_pdf(reader, filters, lang_), file_name=f"{base_name}.pdf",
            mime="application/pdf", key=f"{key}_pdf", icon=":material/picture_as_pdf:", on_click="ignore",
        )


# Columns of the measures table, in the order of the agencies' report.
TABLE_COLUMNS = (
    "org_name", "fiscal_year", "indicator", "item_code", "status", "item_text", "action", "responsible_text",
    "period", "follow_up", "evidence_url", "file_name", "source_line",
)


MAX_TABLE_ROWS = 200  # on screen; exports hold every row
MISSING = "–"  # an empty cell in every table (Streamlit would write None)


def measures_block(src: CachedSource, filters: Filters, key: str, *, columns: Sequence[str] = TABLE_COLUMNS) -> int:
    """The filtered measures as a table, at most MAX_TABLE_ROWS of them; returns how many match.

    At national scale a filter can match hundreds of thousands of measures: only the rows shown
    are fetched, the note says how many there are, and the downloads hold them all.
    """
    total = metrics.totals(src, filters)["measures"]
    measures_table(metrics.measures(src, filters, limit=MAX_TABLE_ROWS), key, columns=columns, total=total)
    return total


def measures_table(frame: pd.DataFrame, key: str, *, columns: Sequence[str] = TABLE_COLUMNS,
                   height: int | str = "auto", total: int | None = None) -> None:
    """Measures as a table. Report text is shown as plain text, never as markdown or HTML."""
    if frame.empty:
        st.info(tr("no_rows"))
        return
    total = len(frame) if total is None else total
    if total > min(len(frame), MAX_TABLE_ROWS):
        st.caption(tr("rows_shown").format(shown=f"{min(len(frame), MAX_TABLE_ROWS):,}", total=f"{total:,}"))
        frame = frame.head(MAX_TABLE_ROWS)
    lang_ = lang()
    view = frame[[c for c in columns if c in frame.columns]].copy()
    if "status" in view:
        view["status"] = view["status"].map(lambda s: [s])
    if "fiscal_year" in view:
        view["fiscal_year"] = view["fiscal_year"].map(lambda y: year_label(int(y), lang_))
    labels = {
        "org_name": "col_organisation", "fiscal_year": "col_fiscal_year", "indicator": "col_indicator",
        "item_code": "col_item_code", "item_text": "col_item", "action": "col_action",
        "responsible_text": "col_responsible", "period": "col_period", "follow_up": "col_follow_up",
        "status": "col_status", "evidence_url": "col_evidence_url", "file_name": "col_source",
        "source_line": "col_line", "divisions": "col_division", "note": "col_note", "item_name": "col_item_name",
    }
    config = {c: st.column_config.TextColumn(t(labels.get(c, c), lang_)) for c in view.columns}
    if "evidence_url" in view:
        config["evidence_url"] = st.column_config.LinkColumn(t("col_evidence_url", lang_))
    if "source_line" in view:
        config["source_line"] = st.column_config.NumberColumn(t("col_line", lang_), format="%d")
    if "status" in view:
        config["status"] = status_column_config(t("col_status", lang_))
    st.dataframe(view, key=key, hide_index=True, column_config=config, width="stretch", height=height,
                 placeholder=MISSING)

"""The pieces every page draws: its start, notices, KPI cards, charts, tables and downloads."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from ita.analytics import views
from ita.analytics.filters import Filters
from ita.analytics.metrics import Queries
from ita.analytics.views import Headline, Scope
from ita.present import export
from ita.present.charts import STATUS_COLORS, chart_config
from ita.present.labels import division_label, format_date, status_label, t, year_label
from ita.present.scope import file_stem, scope_sentence
from ita.read.records import STATUSES
from ita.ui.navigation import ensure_entry
from ita.ui.source import CachedSource
from ita.ui.state import ignored_link_values, lang, md, tr

# Plotly's mode bar sits over the top of each chart. On a touch screen it has no hover to show it and
# it covered the top of the chart, on a narrow screen the legend: it is hidden there (its PNG camera
# stays on desktop). The legends are drawn below the plots (ita/present/charts.py) in any case.
# A wide table drawn twice, as a table and as a list (containers keyed <key>_wide and <key>_list), is
# shown as the list only on a narrow screen, where its columns would be cut (see wide_or_list).
NARROW = "(max-width: 640px)"
PAGE_CSS = (
    "<style>"
    f"@media (hover: none), {NARROW} {{ .js-plotly-plot .modebar-container {{ display: none !important; }} }}"
    f"@media {NARROW} {{ [class*='-wide-only'] {{ display: none !important; }} }}"
    # A touch screen shows a table's toolbar at all times, over the end of the heading above it: room for it.
    "@media (hover: none) { [data-testid='stFullScreenFrame']:has([data-testid='stDataFrame']) {"
    " margin-top: 2.25rem; } }"
    f"@media not all and {NARROW} {{ [class*='-list-only'] {{ display: none !important; }} }}"
    "</style>"
)


def wide_or_list(key: str) -> tuple[Any, Any]:
    """Two containers: the first shown on a wide screen only, the second on a narrow one only (PAGE_CSS)."""
    return st.container(key=f"{key}-wide-only"), st.container(key=f"{key}-list-only")


def shared() -> tuple[CachedSource | None, Filters]:
    """What dashboard.py put in session state for the page: the source and the filters."""
    ensure_entry()
    return st.session_state.get("_source"), st.session_state.get("_filters", Filters())


def whole_store() -> CachedSource | None:
    """What dashboard.py put in session state for pages that show the store even when the dashboard
    shows nothing (its history, its framework): the store's source, or None without a usable store."""
    return st.session_state.get("_store")


def page(title_key: str) -> tuple[CachedSource, Filters, str]:
    """A dashboard page's start: its title, and the source, filters and language it draws with.

    With nothing imported yet, the page says where to import and stops here.
    """
    source_, filters = shared()
    st.html(PAGE_CSS)
    st.title(tr(title_key))
    ignored = ignored_link_values()
    if ignored:
        st.warning(f"{tr('link_values_ignored')}: {md(', '.join(ignored))}", icon=":material/link_off:")
    if source_ is None:
        empty_store_notice()
        st.stop()
    return source_, filters, lang()


def empty_store_notice() -> None:
    damaged = st.session_state.get("_store_damaged")
    if damaged is not None:
        from ita.present.faults import fault_message

        st.error(md(fault_message(damaged, lang())), icon=":material/report:")
        return
    outdated = st.session_state.get("_store_outdated")
    if outdated is not None:
        st.warning(tr("store_other_release").format(path=outdated), icon=":material/update:")
        return
    st.info(tr("empty_store"), icon=":material/upload_file:")


def scope_caption(src: CachedSource, scope: Scope, indicator_names: dict[str, str] | None = None, *,
                  status_notice: bool = True) -> None:
    """What every number below counts (the scope sentence), the 'data as of' line, a notice when the
    status filter narrows the lists, and one whenever sample years are on screen."""
    lang_ = lang()
    # Its words are kept with the tokens of its query like a page's view: reading the stamp out of
    # the cached frame and writing the sentence again on every run was a visible share of a warm view.
    caption, sample = src.tracked(
        ("scope caption", scope, lang_, tuple(indicator_names.items()) if indicator_names else None),
        lambda queries: _scope_caption(queries, scope, lang_, indicator_names))
    st.caption(caption)
    if scope.statuses and status_notice:
        st.info(t("status_filter_notice", lang_), icon=":material/filter_alt:")
    if sample:
        st.warning(sample, icon=":material/science:")


def _scope_caption(queries: Queries, scope: Scope, lang_: str,
                   indicator_names: dict[str, str] | None) -> tuple[str, str | None]:
    """(the scope sentence with the data's date, the notice that sample years are on screen or None)."""
    stamp = views.data_stamp(queries, scope)
    parts = [md(scope_sentence(scope, lang_, indicator_names))]
    if stamp["as_of"] is not None:
        parts.append(f"{t('data_as_of', lang_)} {format_date(stamp['as_of'], lang_, with_time=True)}")
    sample = None
    if stamp["sample_years"]:
        years = ", ".join(year_label(y, lang_) for y in stamp["sample_years"])
        sample = f"{t('sample_notice', lang_)} ({t('col_fiscal_year', lang_)} {years})"
    return " · ".join(parts), sample


def kpi_cards(headline: Headline, scope: Scope, as_of: date | None = None) -> None:
    """Completion first (the headline an executive looks for, also on a phone), then the counts, each with
    its change against the year the scope compares with, and overdue: the measures not done whose period
    ended before `as_of` (default today, as `totals`). Every card counts every status of the scope."""
    current, previous = headline.current, headline.previous
    # The year compared with is named once, in the scope sentence above the cards and in each card's tooltip.
    versus = f"{tr('vs_year')} {year_label(scope.compared_year, lang())}" if scope.compared_year else ""

    def card(label: str, key: str, *, pct: bool = False, good_when_up: bool | None = True,
             help_text: str | None = None, compare: bool = True) -> None:
        value = current.get(key)
        shown = "–" if value is None else (f"{value:.1f}%" if pct else f"{value:,}")
        change = None
        if compare and previous is not None and previous.get(key) is not None and value is not None:
            change = value - previous[key]
        if change is None:
            st.metric(label, shown, border=True, help=help_text)
            return
        colour = "off" if change == 0 or good_when_up is None else ("normal" if good_when_up else "inverse")
        text = f"{change:+.1f} {tr('pdf_points')}" if pct else f"{change:+,d}"
        st.metric(label, shown, text, delta_color=colour, border=True,
                  help=f"{help_text}\n\n{versus}" if help_text else versus,
                  delta_arrow="off" if change == 0 else "auto")

    with st.container(horizontal=True, key="kpis"):
        year = f" {year_label(scope.year, lang())}" if scope.year else ""
        card(f"{tr('col_completion_pct')}{year}", "completion_pct", pct=True, help_text=tr("completion_help"))
        card(tr("col_measures"), "measures", good_when_up=None)
        card(tr("col_done"), "done")
        card(tr("col_in_progress"), "in_progress", good_when_up=False)
        card(tr("col_not_started"), "not_started", good_when_up=False)
        if "overdue" in current:
            # No change from last year: last year's measures are judged on the same day, so nearly
            # every open one of them is late, and the difference would say nothing.
            day = format_date(as_of or date.today(), lang())
            card(tr("col_overdue"), "overdue", help_text=tr("overdue_help").format(date=day), compare=False)


def chart(fig: go.Figure, key: str, file_name: str) -> None:
    st.plotly_chart(drawable(fig), key=key, config=chart_config(file_name), width="stretch")


class _Drawn(go.Figure):
    """A figure's dict, made once, in a figure's type. st.plotly_chart checks a dict property by
    property but takes a Plotly figure as it is, asking it only for its dict, which Plotly makes by
    deep-copying the whole figure (about 3 ms of CPU per chart and view on the national store).

    Made without Figure.__init__ and holding the dict alone: the views every session shares keep
    one per chart (`ita.ui.shown`), hundreds in a busy server's result cache, and a Plotly figure
    object costs more memory than its dict (about 40 against 25 KiB for a national bar chart).
    """

    def __init__(self, spec: dict) -> None:  # not Figure.__init__: see above
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec

    def __repr__(self) -> str:
        return f"<chart: {len(self._spec.get('data', ()))} traces>"


def drawable(fig: go.Figure) -> go.Figure:
    """`fig` as what `chart` draws: its dict in a figure's type (`fig` itself when it is one)."""
    return fig if isinstance(fig, _Drawn) else _Drawn(fig.to_dict())


def status_column_config(label: str, lang_: str | None = None) -> Any:
    """The status as a coloured label in the status colours of the charts.

    Shown through a multiselect column over one-element lists: Streamlit colours those labels in
    the browser, while a pandas Styler costs about half a second per 500 rows on the server.
    """
    return st.column_config.MultiselectColumn(
        label, options=list(STATUSES), color=[STATUS_COLORS[s] for s in STATUSES],
        format_func=lambda s: status_label(s, lang_ or lang()), disabled=True,
    )


def downloads(src: CachedSource, scope: Scope, page_name: str, key: str,
              tables: Callable[[], dict[str, pd.DataFrame]] | None = None,
              pdf: Callable[[Queries, Filters, str], bytes] | None = None, pdf_label: str = "pdf") -> None:
    """CSV, XLSX and a PDF of exactly what the page shows, named after its scope; the PDF is the
    executive summary unless the page has its own (`pdf`, called with the store, the listed filters, the
    language; its button says `pdf_label`).

    Each file is built only when its button is clicked: building them on every view would cost
    more than drawing the page.
    """
    from ita.present import pdf_report

    lang_ = lang()
    reader = src.reader
    base_name = file_stem(page_name, scope)
    make_tables = tables or (lambda: export.tables_for(reader, scope, lang_))
    make_pdf = pdf or pdf_report.summary_pdf

    def csv_bytes() -> bytes:
        return export.to_csv_bytes(export.csv_sheet(make_tables(), lang_))

    with st.container(horizontal=True, key=f"{key}_downloads"):
        st.download_button("CSV", csv_bytes, file_name=f"{base_name}.csv", mime="text/csv", key=f"{key}_csv",
                           icon=":material/download:", on_click="ignore")
        st.download_button(
            "XLSX", lambda: export.to_xlsx_bytes(make_tables()), file_name=f"{base_name}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx",
            icon=":material/download:", on_click="ignore",
        )
        st.download_button(
            tr(pdf_label), lambda: make_pdf(reader, scope.listed, lang_), file_name=f"{base_name}.pdf",
            mime="application/pdf", key=f"{key}_pdf", icon=":material/picture_as_pdf:", on_click="ignore",
        )


# Columns of the measures table, in the order of the agencies' report.
TABLE_COLUMNS = (
    "org_name", "fiscal_year", "indicator", "item_code", "status", "item_text", "action", "responsible_text",
    "period", "follow_up", "evidence_url", "file_name", "source_line",
)


MAX_TABLE_ROWS = 200  # on screen; exports hold every row


MISSING = "–"  # an empty cell in every table (Streamlit would write None)


def measures_table(frame: pd.DataFrame | pa.Table, key: str, *, columns: Sequence[str] = TABLE_COLUMNS,
                   height: int | str = "auto", total: int | None = None,
                   year_header: str = "col_fiscal_year", prepared: pd.DataFrame | pa.Table | None = None) -> None:
    """Measures as a table. Report text is shown as plain text, never as markdown or HTML.

    `year_header` names the fiscal-year column (the open-items page calls it the year of the status).
    `prepared` is `shown_measures(frame, columns, lang)` (or its `arrow_table`) when the page keeps it
    from an earlier run; `frame` may then be that Arrow table too (only its length is read)."""
    if len(frame) == 0:
        st.info(tr("no_rows"))
        return
    total = len(frame) if total is None else total
    if total > min(len(frame), MAX_TABLE_ROWS):
        st.caption(tr("rows_shown").format(shown=f"{min(len(frame), MAX_TABLE_ROWS):,}", total=f"{total:,}"))
    lang_ = lang()
    view = shown_measures(frame, columns, lang_) if prepared is None else prepared
    names = tuple(view.column_names if isinstance(view, pa.Table) else view.columns)
    st.dataframe(view, key=key, hide_index=True, column_config=_measures_config(names, lang_, year_header),
                 width="stretch", height=height, placeholder=MISSING)


@functools.lru_cache(maxsize=64)
def _measures_config(names: tuple[str, ...], lang_: str, year_header: str) -> dict[str, Any]:
    """The column config of a measures table: the same few per page and language, built once
    (st.dataframe copies it before use, so sharing it is safe)."""
    labels = dict(_MEASURE_LABELS, fiscal_year=year_header)
    config = {c: st.column_config.TextColumn(t(labels.get(c, c), lang_)) for c in names}
    if "evidence_url" in names:
        config["evidence_url"] = st.column_config.LinkColumn(t("col_evidence_url", lang_))
    if "source_line" in names:
        config["source_line"] = st.column_config.NumberColumn(t("col_line", lang_), format="%d")
    if "status" in names:
        config["status"] = status_column_config(t("col_status", lang_), lang_)
    return config


_MEASURE_LABELS = {
    "org_name": "col_organisation", "fiscal_year": "col_fiscal_year", "indicator": "col_indicator",
    "item_code": "col_item_code", "item_text": "col_item", "action": "col_action",
    "responsible_text": "col_responsible", "period": "col_period", "follow_up": "col_follow_up",
    "status": "col_status", "evidence_url": "col_evidence_url", "file_name": "col_source",
    "source_line": "col_line", "divisions": "col_division", "note": "col_note", "item_name": "col_item_name",
}


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    """A frame as the Arrow table st.dataframe makes of it (index as pandas metadata, as Streamlit
    converts it): for a table a page keeps across runs, which Streamlit then sends without
    converting it again (about a millisecond per table of a few hundred rows, on every run)."""
    return pa.Table.from_pandas(frame)


def grouped_measures(frame: pd.DataFrame, by: Sequence[str], columns: Sequence[str],
                     lang_: str) -> dict[tuple, pa.Table]:
    """The rows of `frame` for each value of the columns `by` (as `frame.groupby(by)` names them),
    each group's first MAX_TABLE_ROWS as the Arrow table `measures_table` draws (`shown_measures`).

    The frame is put into words and converted to Arrow once, and each group taken from that table:
    a mask, a copy and a conversion per group (a page lists a dozen divisions) cost about 80 ms of
    CPU per open-items view on the national store. The tables carry no index (tables hide it)."""
    if frame.empty:
        return {}
    table = pa.Table.from_pandas(shown_measures(frame, columns, lang_, limit=None), preserve_index=False)
    positions = frame.groupby(list(by), sort=False).indices
    return {key: table.take(rows[:MAX_TABLE_ROWS]) for key, rows in positions.items()}


def shown_measures(frame: pd.DataFrame, columns: Sequence[str], lang_: str,
                   limit: int | None = MAX_TABLE_ROWS) -> pd.DataFrame:
    """The rows (at most `limit`, None for all) and columns `measures_table` draws, in words: a page
    that keeps what it draws across runs (`CachedSource.tracked`) builds this once."""
    if limit is not None:
        frame = frame.head(limit)
    view = frame[[c for c in columns if c in frame.columns]].copy()
    if "status" in view:
        view["status"] = [[s] for s in view["status"].tolist()]
    if "fiscal_year" in view:
        view["fiscal_year"] = [year_label(int(y), lang_) for y in view["fiscal_year"].tolist()]
    if lang_ == "en" and "divisions" in view:  # the divisions a measure counts for, in English where known
        view["divisions"] = view["divisions"].map(
            lambda names: names if not isinstance(names, str) else
            ", ".join(division_label(n, False, lang_) for n in names.split(", ")))
    if lang_ == "en" and "indicator" in view and "indicator_en" in frame:
        view["indicator"] = frame.loc[view.index, "indicator_en"]  # the framework's English name
    return view


def choose_one(filter_key: str, options: Sequence[str], chosen: str | None, label: str,
               format_func: Callable[[str], str] = str) -> None:
    """A page that shows one value of a sidebar filter (one division, one indicator) lets the user pick it
    here; the pick is written into the sidebar's own filter, so there is never a second value to disagree."""

    def pick() -> None:
        st.session_state[filter_key] = [st.session_state[f"_pick_{filter_key}"]]

    st.session_state[f"_pick_{filter_key}"] = chosen
    st.selectbox(label, options, key=f"_pick_{filter_key}", on_change=pick, format_func=format_func,
                 placeholder=label)

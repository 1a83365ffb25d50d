"""What each page draws from its view: the view, its figures and its tables in words, built once
per page, filters and language (and day) for every session, and kept until a write changes a
result it read (`CachedSource.tracked`).

Here rather than in the pages so that the server can build the views its first users will open
before it listens (ita/ui/serve.py), under the same keys the pages read them with.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from ita.analytics import metrics, views
from ita.analytics.filters import Filters
from ita.present import charts, export, tables
from ita.present.labels import division_label, format_date, t
from ita.ui.components import (
    MAX_TABLE_ROWS,
    TABLE_COLUMNS,
    arrow_table,
    drawable,
    grouped_measures,
    shown_measures,
)
from ita.ui.source import CachedSource
from ita.ui.state import md

DIVISION_OPEN_COLUMNS = ("indicator", "status", "item_text", "action", "responsible_text", "period", "follow_up")
INDICATOR_ITEM_COLUMNS = ("item_code", "status", "item_name", "item_text", "responsible_text", "action", "period",
                          "follow_up", "evidence_url", "source_line")
OPEN_GROUP_ROWS = 100  # per division on screen: several groups share the page; the downloads hold all
OPEN_COLUMNS = ("org_name", "fiscal_year", "indicator", "status", "days_late", "due_date", "item_text", "action",
                "follow_up", "period", "responsible_text", "file_name", "source_line")


def overview(queries: metrics.Queries, filters: Filters, lang: str) -> dict:
    view = views.overview(queries, filters)
    if view.headline.current["measures"] == 0:
        return {"view": view}
    grid = tables.indicator_division_grid(view.grid, view.indicator_names, lang)
    labelled = tables.grid_labels(grid)
    return {
        "view": view,
        "by_indicator": charts.completion_by_indicator_figure(view.by_indicator, lang),
        "by_division": charts.completion_by_division_figure(view.by_division, lang),
        "grid": grid,
        "grid_labels": labelled,
        "grid_table": arrow_table(labelled.cells),
        "least_complete": tables.grid_least_complete(view.grid, view.indicator_names, lang),
    }


def indicator(queries: metrics.Queries, filters: Filters, lang: str) -> dict:
    view = views.indicator(queries, filters, MAX_TABLE_ROWS)
    if view.chosen is None:
        return {"view": view, "every": charts.completion_by_indicator_figure(view.options, lang)}
    matched = view.measures[view.measures["item_match"] != "code"] if not view.measures.empty else view.measures
    if not matched.empty:
        matched = matched[["item_text", "item_code", "item_name", "item_match", "match_confidence"]].assign(
            item_match=lambda f: f["item_match"].map(lambda m: t(f"match_{m}", lang)))
    return {
        "view": view, "items": arrow_table(shown_measures(view.measures, INDICATOR_ITEM_COLUMNS, lang)),
        "matched": None if matched.empty else arrow_table(matched),
        "by_division": charts.completion_by_division_figure(view.by_division, lang),
    }


def division(queries: metrics.Queries, filters: Filters, lang: str) -> dict:
    view = views.division(queries, filters, MAX_TABLE_ROWS)
    if view.chosen is None:
        return {"view": view, "by_division": charts.completion_by_division_figure(view.by_division, lang)}
    return {"view": view, "by_indicator": charts.completion_by_indicator_figure(view.by_indicator, lang),
            "open": arrow_table(shown_measures(view.open_measures, DIVISION_OPEN_COLUMNS, lang)),
            "all": arrow_table(shown_measures(view.measures, TABLE_COLUMNS, lang))}


def compare_years(queries: metrics.Queries, filters: Filters, lang: str) -> dict:
    view = views.compare_years(queries, filters)
    years = view.years
    if len(years) < 2:
        return {"view": view}
    by_division = view.by_division.assign(name=[division_label(n, s, lang) for n, s in
                                                zip(view.by_division["name"], view.by_division["is_shared"],
                                                    strict=True)])
    indicator_table, division_table = tables.compare_side_by_side(view, lang)
    return {
        "view": view,
        "trend": charts.trend_figure(view.trend, lang),
        "by_indicator": charts.compare_years_figure(view.by_indicator, lang),
        "indicator_table": arrow_table(indicator_table),
        "by_division": charts.compare_years_figure(by_division, lang),
        "division_table": arrow_table(division_table),
    }


def open_items(queries: metrics.Queries, filters: Filters, lang: str) -> dict:
    # One day for the whole page, so the count and the tables agree even across midnight.
    view = views.open_items(queries, filters, OPEN_GROUP_ROWS, date.today())
    if not view.scope.statuses or view.totals["measures"] == 0:
        return {"view": view}
    columns = OPEN_COLUMNS[1:] if len(view.scope.counted.orgs) == 1 else OPEN_COLUMNS  # one organisation: named above
    items = export.due_dates(view.items, lang)
    # One group per responsible division, largest first; a measure naming two divisions is in both.
    grouped = grouped_measures(items, ["division", "is_shared"], columns, lang)
    groups = []
    for row in view.by_division.itertuples():
        title = f"⚑ {md(division_label(row.name, row.is_shared, lang))} ({row.measures:,})"
        table = grouped.get((row.name, row.is_shared), pd.DataFrame())  # none listed: the table says so
        groups.append((title, f"open_{row.name}_{row.is_shared}", row.measures, table))
    return {"view": view, "groups": groups}


def organisations(queries: metrics.Queries, filters: Filters, lang: str) -> dict:
    view = views.organisations(queries, filters)
    if len(view.ranking) < 2:
        return {"view": view}
    ranking = view.ranking
    return {"view": view, "histogram": charts.completion_histogram(ranking, lang),
            "by_type": charts.completion_by_type_figure(view.by_type, lang),
            "counts": (len(ranking), ranking["completion_pct"].median(), int((ranking["completion_pct"] >= 85).sum()),
                       int((ranking["completion_pct"] < 50).sum())),
            "ranking": arrow_table(ranking[["org_name", "org_type", "province", "measures", "done",
                                            "completion_pct", "previous_pct", "change_pct"]])}


DUE_SOON_COLUMNS = ("org_name", "fiscal_year", "indicator", "status", "days_left", "due_date", "item_text", "action",
                    "follow_up", "period", "responsible_text")


def due_soon(source: CachedSource, filters: Filters, days: int, lang: str, as_of: date) -> dict:
    """The open-items page's due-soon part: the measures whose period ends within `days` of `as_of`
    (views.due_soon), counted, and each once in a table (a measure of two divisions is one row)."""
    return source.tracked(("due soon", filters, days, lang, as_of),
                          lambda queries: _due_soon(queries, filters, days, lang, as_of))


def _due_soon(queries: metrics.Queries, filters: Filters, days: int, lang: str, as_of: date) -> dict:
    found = views.due_soon(queries, filters, as_of, days)
    rows = found.rows.drop_duplicates("measure_id") if not found.rows.empty else found.rows
    if not rows.empty:
        rows = rows.assign(days_left=rows["days_left"].astype("Int64"),
                           due_date=[format_date(pd.Timestamp(d).date(), lang) for d in rows["period_end"]])
    columns = DUE_SOON_COLUMNS[1:] if len(views.scope_of(queries, filters, one_year=False).counted.orgs) == 1 \
        else DUE_SOON_COLUMNS
    return {"found": found, "table": arrow_table(shown_measures(rows, columns, lang)) if not rows.empty else None}


def status_changes(source: CachedSource, scope: views.Scope, year_from: int, year_to: int, lang: str) -> dict:
    """The compare page's "what changed" from `year_from` to `year_to`: how many changes, how many of
    each kind (unchanged too), the first MAX_TABLE_ROWS changes in words, and the `views.ChangesView`
    the exports take; kept like the pages' views, not rebuilt per rerun."""
    return source.tracked(("status changes", scope, year_from, year_to, lang),
                          lambda queries: _status_changes(queries, scope, year_from, year_to, lang))


def _status_changes(queries: metrics.Queries, scope: views.Scope, year_from: int, year_to: int, lang: str) -> dict:
    view = views.ChangesView(year_from, year_to, views.status_changes(queries, scope, year_from, year_to))
    changed = view.changed
    table = arrow_table(tables.change_rows(changed.head(MAX_TABLE_ROWS), lang))
    return {"total": len(changed), "counts": view.counts, "table": table, "view": view}


PAGES: dict[str, Callable[[metrics.Queries, Filters, str], dict]] = {
    "overview": overview, "indicator": indicator, "division": division, "compare_years": compare_years,
    "open_items": open_items, "organisations": organisations,
}


def shown(source: CachedSource, page: str, filters: Filters, lang: str) -> dict:
    """What `page` draws for these filters and language, from the cache when it is still valid.
    Its figures are kept as what `components.chart` draws, not as Plotly figures."""
    build = PAGES[page]
    return source.tracked((page, filters, lang), lambda queries: {
        name: drawable(value) if isinstance(value, go.Figure) else value
        for name, value in build(queries, filters, lang).items()})

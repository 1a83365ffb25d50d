"""What each page shows, computed once for the page, its PDF and its exports alike.

A view function takes a source (`metrics.Queries`) and the one filter state of the sidebar and
returns the frames a page draws together with the `Scope` they count, so a page, its PDF, its
XLSX scope sheet and its file names cannot disagree about what a number means (as in Datasette,
one view feeds every rendering).

Two rules hold for every view:
- numbers (KPIs, charts, grids) count every status of the scope; the status filter narrows only
  the lists of measures, so "in progress only" never turns an agency's completion into 0 %;
- one focus year, the latest chosen, compared with the latest earlier year that has measures in
  the same scope (no comparison when there is none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from ita.analytics import digest, metrics
from ita.analytics.filters import Filters
from ita.read.records import DONE, STATUSES
from ita.store.access import EditorScope


@dataclass(frozen=True)
class Scope:
    """What a view counts: organisation(s), fiscal year(s), division, indicator, tool, and the statuses listed."""

    counted: Filters  # what the numbers count: the filters without the status filter
    statuses: tuple[str, ...] = ()  # the status filter, applied to lists only
    compared_year: int | None = None  # the year deltas compare with

    @property
    def listed(self) -> Filters:
        """What the lists of measures show: the counted scope narrowed by the status filter."""
        return self.counted.with_(statuses=self.statuses)

    @property
    def year(self) -> int | None:
        return max(self.counted.years) if self.counted.years else None

    @property
    def previous(self) -> Filters | None:
        return self.counted.with_(years=(self.compared_year,)) if self.compared_year else None


def scope_of(source: metrics.Queries, filters: Filters, *, one_year: bool = True) -> Scope:
    """The scope of a view: organisation resolved when the store holds one, the focus year, the year compared."""
    resolved = metrics.resolve_scope(source, filters) if one_year else _with_orgs(source, filters)
    year = max(resolved.years) if resolved.years else None
    counted = resolved.with_(statuses=())
    if one_year and year:
        counted = counted.with_(years=(year,))
    return Scope(counted, tuple(filters.statuses), _compared_year(source, counted, year) if one_year else None)


def _with_orgs(source: metrics.Queries, filters: Filters) -> Filters:
    if filters.orgs:
        return filters
    names = metrics.organisations(source)["name"]  # 8,317 nationally: only its length is needed
    return filters.with_(orgs=(str(names.iloc[0]),)) if len(names) == 1 else filters


def _compared_year(source: metrics.Queries, counted: Filters, year: int | None) -> int | None:
    """The latest year before `year` with measures in the same scope; None when there is none."""
    if not year:
        return None
    for earlier in sorted((y for y in metrics.fiscal_years(source, counted.orgs) if y < year), reverse=True):
        if metrics.totals(source, counted.with_(years=(earlier,)))["measures"]:
            return earlier
    return None


@dataclass
class Headline:
    """KPI numbers of a scope and of the year it is compared with."""

    current: dict[str, Any]
    previous: dict[str, Any] | None


def headline(source: metrics.Queries, scope: Scope) -> Headline:
    previous = metrics.totals(source, scope.previous) if scope.previous else None
    return Headline(metrics.totals(source, scope.counted), previous)


@dataclass
class OverviewView:
    scope: Scope
    headline: Headline
    by_indicator: pd.DataFrame
    by_division: pd.DataFrame
    grid: pd.DataFrame  # indicator × division, long: indicator, indicator_no, division, is_shared, counts
    indicator_names: pd.DataFrame  # name, name_en


def overview(source: metrics.Queries, filters: Filters) -> OverviewView:
    scope = scope_of(source, filters)
    counted = scope.counted
    return OverviewView(
        scope,
        headline(source, scope),
        metrics.by_indicator(source, counted),
        metrics.by_division(source, counted),
        source.query("indicator_division_grid", **counted.params()),
        source.query("indicator_list", orgs=list(counted.orgs)),
    )


@dataclass
class IndicatorView:
    scope: Scope
    options: pd.DataFrame  # the indicators of the scope with their counts (what the page shows until one is chosen)
    chosen: str | None  # the one indicator shown; None until the sidebar names exactly one
    headline: Headline | None = None
    measures: pd.DataFrame = field(default_factory=pd.DataFrame)
    listed_total: int = 0
    by_division: pd.DataFrame = field(default_factory=pd.DataFrame)


def indicator(source: metrics.Queries, filters: Filters, limit: int) -> IndicatorView:
    """One indicator, the sidebar's: its KPIs, its measures (at most `limit`) and its divisions."""
    scope = scope_of(source, filters)
    options = metrics.by_indicator(source, scope.counted.with_(indicators=()))
    names = options["name"].tolist()
    chosen = filters.indicators[0] if len(filters.indicators) == 1 and filters.indicators[0] in names else None
    view = IndicatorView(scope, options, chosen)
    if chosen is None:
        return view
    view.headline = headline(source, scope)
    view.measures = metrics.measures(source, scope.listed, limit=limit)
    view.listed_total = metrics.totals(source, scope.listed)["measures"]
    view.by_division = metrics.by_division(source, scope.counted)
    return view


@dataclass
class DivisionView:
    scope: Scope
    options: list[str]  # the divisions of the organisation(s), shared entry excluded
    chosen: str | None  # the one division shown; None until the sidebar names exactly one
    headline: Headline | None = None
    open_measures: pd.DataFrame = field(default_factory=pd.DataFrame)
    open_total: int = 0
    by_indicator: pd.DataFrame = field(default_factory=pd.DataFrame)
    measures: pd.DataFrame = field(default_factory=pd.DataFrame)
    listed_total: int = 0
    by_division: pd.DataFrame = field(default_factory=pd.DataFrame)  # every division, until one is chosen


def division(source: metrics.Queries, filters: Filters, limit: int) -> DivisionView:
    """One division, the sidebar's (with or without the shared measures, as the sidebar says); until
    one is chosen, the completion of every division to choose from."""
    scope = scope_of(source, filters)
    divisions = source.query("division_list", orgs=list(scope.counted.orgs))
    options = divisions.loc[~divisions["is_shared"], "name"].tolist()
    chosen = filters.divisions[0] if len(filters.divisions) == 1 and filters.divisions[0] in options else None
    view = DivisionView(scope, options, chosen)
    if chosen is None:
        view.by_division = metrics.by_division(source, scope.counted)
        return view
    view.headline = headline(source, scope)
    not_done = tuple(s for s in (scope.statuses or STATUSES) if s != DONE)
    open_scope = scope.counted.with_(statuses=not_done)
    view.open_total = metrics.totals(source, open_scope)["measures"] if not_done else 0
    view.open_measures = metrics.measures(source, open_scope, limit=limit) if not_done else pd.DataFrame()
    view.by_indicator = metrics.by_indicator(source, scope.counted)
    view.measures = metrics.measures(source, scope.listed, limit=limit)
    view.listed_total = metrics.totals(source, scope.listed)["measures"]
    return view


@dataclass
class CompareView:
    scope: Scope
    years: list[int]  # the years compared, oldest first
    all_years: bool  # True when fewer than two years were chosen and every year is shown
    trend: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_indicator: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_division: pd.DataFrame = field(default_factory=pd.DataFrame)


def compare_years(source: metrics.Queries, filters: Filters) -> CompareView:
    """Completion per year of the chosen years (every year when fewer than two are chosen)."""
    scope = scope_of(source, filters, one_year=False)
    available = metrics.fiscal_years(source, scope.counted.orgs)
    all_years = len(filters.years) < 2
    years = sorted(available) if all_years else sorted(filters.years)
    scope = Scope(scope.counted.with_(years=tuple(years)), scope.statuses)
    view = CompareView(scope, years, all_years)
    if len(years) < 2:
        return view
    params = scope.counted.params()
    view.trend = source.query("by_year", **params)
    view.by_indicator = source.query("by_indicator_year", **params)
    view.by_division = source.query("by_division_year", **params)
    return view


def status_changes(source: metrics.Queries, scope: Scope, year_from: int, year_to: int) -> pd.DataFrame:
    """Measure by measure, every measure of two years of the compared scope paired across them (statuses
    as listed): what changed, what did not (`change` 'unchanged') and how each pair was matched
    (`matched_by`: the same item code, the crosswalk, or the indicator and text where a year has no
    framework to give codes, as the year under way)."""
    changes = source.query("status_changes", **scope.counted.params(), year_from=year_from, year_to=year_to)
    if scope.statuses:
        keep = changes["status_from"].isin(scope.statuses) | changes["status_to"].isin(scope.statuses)
        changes = changes[keep]
    return changes


CHANGE_KINDS = ("status_changed", "renumbered", "appeared", "disappeared", "unchanged")


@dataclass(frozen=True)
class ChangesView:
    """The compare page's "what changed" between two of its years, for the page and its exports alike."""

    year_from: int
    year_to: int
    rows: pd.DataFrame  # status_changes: every paired measure, unchanged ones included

    @property
    def changed(self) -> pd.DataFrame:
        """The measures that changed (what the page's table lists)."""
        return self.rows[self.rows["change"] != "unchanged"]

    @property
    def counts(self) -> dict[str, int]:
        counted = self.rows["change"].value_counts()
        return {kind: int(counted.get(kind, 0)) for kind in CHANGE_KINDS}


def compare_changes(source: metrics.Queries, view: CompareView, year_from: int | None = None,
                    year_to: int | None = None) -> ChangesView | None:
    """What changed between two years of `view` (default its last two), measure by measure; None when the
    view is not of one organisation (across thousands it is a flood, so the page shows none) or has
    fewer than two years."""
    if len(view.years) < 2 or len(view.scope.counted.orgs) != 1:
        return None
    year_from = view.years[-2] if year_from is None else year_from
    year_to = view.years[-1] if year_to is None else year_to
    return ChangesView(year_from, year_to, status_changes(source, view.scope, year_from, year_to))


@dataclass
class OrganisationsView:
    scope: Scope
    ranking: pd.DataFrame
    by_type: pd.DataFrame
    most_open: pd.DataFrame


def organisations(source: metrics.Queries, filters: Filters) -> OrganisationsView:
    """Every organisation of the scope (the organisation filter is not applied), ranked by completion."""
    # The focus year as any view picks it, then every organisation: the year compared is looked up once,
    # over all of them.
    resolved = metrics.resolve_scope(source, filters.with_(orgs=()))
    year = max(resolved.years) if resolved.years else None
    counted = resolved.with_(orgs=(), statuses=(), years=(year,) if year else resolved.years)
    scope = Scope(counted, tuple(filters.statuses), _compared_year(source, counted, year))
    params = counted.params()
    return OrganisationsView(
        scope,
        source.query("org_ranking", **params, previous_year=scope.compared_year),
        source.query("by_org_type", **params),
        source.query("open_by_indicator_across_orgs", **params),
    )


def data_stamp(source: metrics.Queries, scope: Scope) -> dict[str, Any]:
    """When the scope's data was last imported or edited, and the sample years in it."""
    years = tuple(y for y in (*scope.counted.years, scope.compared_year) if y)
    row = source.query("data_as_of", **scope.counted.with_(years=years).params()).iloc[0]
    stamps = [v for v in (row["imported_at"], row["edited_at"]) if v is not None and not pd.isna(v)]
    return {
        "as_of": max(stamps) if stamps else None,
        "sample_years": [int(y) for y in row["sample_years"]] if row["has_sample"] else [],
    }


def grid_cell(source: metrics.Queries, scope: Scope, indicator: str, division: str,
              limit: int) -> tuple[pd.DataFrame, int]:
    """The listed measures of one grid cell (at most `limit`) and how many there are.

    The cell of measures that name no division ('') is not a division filter: it is the measures
    whose division list is empty.
    """
    picked = scope.listed.with_(indicators=(indicator,))
    if division == "":
        every = metrics.measures(source, picked)
        unassigned = every[every["divisions"].isna()]
        return unassigned.head(limit), len(unassigned)
    picked = picked.with_(divisions=(division,), include_shared=False)
    return metrics.measures(source, picked, limit=limit), metrics.totals(source, picked)["measures"]


@dataclass
class OpenItemsView:
    scope: Scope  # every chosen year; the statuses listed are the open ones of the status filter
    as_of: date
    totals: dict[str, Any]  # the open measures: count and overdue
    by_division: pd.DataFrame  # one row per division group, largest first
    items: pd.DataFrame  # the first `per_division` rows of each group, overdue first
    several_years: bool = False  # measures were followed across more than one year
    years: tuple[int, ...] = ()  # the years followed: the chosen ones, or every year the scope has


def open_items(source: metrics.Queries, filters: Filters, per_division: int | None, as_of: date) -> OpenItemsView:
    """Every measure not done, grouped by responsible division, overdue first.

    Each measure appears once, with its latest status within the chosen years and the year of that
    status (`fiscal_year`): a measure open in 2564 but done in 2565, both chosen, is done and not
    listed. Measures are followed across years as compare-years follows them (measure_item_key and
    the crosswalk), and the counts, the groups and the rows all come from that one rule.
    """
    scope = scope_of(source, filters, one_year=False)
    open_statuses = tuple(s for s in (filters.statuses or STATUSES) if s != DONE)
    scope = Scope(scope.counted, open_statuses)
    years = tuple(sorted(set(scope.counted.years or metrics.fiscal_years(source, scope.counted.orgs))))
    several = len(years) > 1
    if not open_statuses:
        return OpenItemsView(scope, as_of, {"measures": 0, "overdue": 0}, pd.DataFrame(), pd.DataFrame(), several,
                             years)
    latest = metrics.latest_measures(source, scope.listed, per_division, as_of, several_years=several)
    return OpenItemsView(scope, as_of, latest.totals, latest.by_division, latest.rows, several, years)


@dataclass(frozen=True)
class OpenItemsCompletion:
    """Completion of the open-items view's scope over every status (each measure once, at its latest
    status within its years), for its exports: an open-items list never turns completion into 0 %."""

    totals: dict[str, Any]
    by_division: pd.DataFrame  # name, is_shared, the counts, completion_pct; largest first


def open_items_completion(source: metrics.Queries, view: OpenItemsView) -> OpenItemsCompletion:
    # One row per division is the least latest_measures lists; only its counts are kept.
    latest = metrics.latest_measures(source, view.scope.counted, 1, view.as_of, several_years=view.several_years)
    return OpenItemsCompletion(latest.totals, latest.by_division)


# ---------------------------------------------------------------- the manage page (editors)
def organisation_places(source: metrics.Queries) -> pd.DataFrame:
    """Every stored organisation with its province (None when unknown): what an editor's scope is checked on."""
    places = source.query("organisation_places")
    return places.astype(object).where(places.notna(), None)


def editable_organisations(source: metrics.Queries, scope: EditorScope, chosen: tuple[str, ...]) -> list[str] | None:
    """The organisations `scope` may change within the sidebar's choice; None means no limit (an
    administrator who chose nothing, or a viewer)."""
    if scope.everything:
        return list(chosen) or None
    allowed = [r.name for r in organisation_places(source).itertuples() if scope.allows(r.name, r.province)]
    return [o for o in allowed if not chosen or o in chosen]


def may_import(source: metrics.Queries | None, scope: EditorScope, organisation: str) -> bool:
    """Whether `scope` may import a report of `organisation`, on the province the store holds for it
    (as the write path, writer.check_scope, judges it): never on the report's own title, which would
    let a report grant its own permission."""
    if scope.everything:
        return True
    province = None
    if source is not None:
        stored = organisation_places(source)
        stored = stored.loc[stored["name"] == organisation, "province"]
        if len(stored):
            province = stored.iloc[0]
    return scope.allows(organisation, province)


def organisation_count(source: metrics.Queries) -> int:
    return len(metrics.organisations(source))


def editable_measures(source: metrics.Queries, filters: Filters,
                      scoped: list[str] | None) -> tuple[Filters, pd.DataFrame]:
    """The measures an editor edits: the editor's organisations of the sidebar's choice, its focus year."""
    view = filters.with_(orgs=tuple(scoped)) if scoped else filters
    if filters.years:
        view = view.with_(years=(max(filters.years),))
    return view, metrics.measures(source, view)


def open_warnings(source: metrics.Queries, orgs: list[str], years: tuple[int, ...]) -> pd.DataFrame:
    return source.query("open_findings", orgs=orgs, years=list(years))


def import_history(source: metrics.Queries, orgs: list[str]) -> pd.DataFrame:
    return source.query("import_history", orgs=orgs, years=[])


def audit_log(source: metrics.Queries, orgs: tuple[str, ...], limit: int | None) -> pd.DataFrame:
    return source.query("audit_log", orgs=list(orgs), years=[], limit=limit)


# ---------------------------------------------------------------- due soon (the open-items page)
def due_soon(source: metrics.Queries, filters: Filters, as_of: date, days: int = digest.DEFAULT_DAYS) -> digest.DueSoon:
    """The open measures of the open-items page's scope (every chosen year, each measure at its latest
    status, the open statuses of the status filter) whose period ends within [as_of, as_of + days]."""
    scope = scope_of(source, filters, one_year=False)
    open_statuses = tuple(s for s in (filters.statuses or STATUSES) if s != DONE)
    if not open_statuses:
        return digest.due_soon(pd.DataFrame(), as_of, days)
    return digest.due_soon_measures(source, Scope(scope.counted, open_statuses).listed, as_of, days)

"""The numbers executives see, computed once for the CLI and the dashboard alike.

Every function takes something with `query(name, **params) -> DataFrame` (a `StoreReader`,
or the dashboard's cached wrapper of one) and a `Filters`, so both show the same figures.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

import pandas as pd

from ita.analytics.filters import Filters

COUNT_COLUMNS = ("measures", "done", "in_progress", "not_started", "unknown")


class Queries(Protocol):
    def query(self, name: str, **params: Any) -> pd.DataFrame: ...


def totals(source: Queries, filters: Filters, as_of: date | None = None) -> dict[str, Any]:
    """The counts by status, completion % and `overdue`: measures not done whose period ended
    before `as_of` (default today); a period that names no dates never makes a measure overdue."""
    return _totals_row(source.query("summary_totals", **filters.params(), as_of=as_of or date.today()))


def _totals_row(frame: pd.DataFrame) -> dict[str, Any]:
    row = frame.iloc[0]
    result: dict[str, Any] = {key: int(row[key]) for key in COUNT_COLUMNS}
    result["completion_pct"] = None if pd.isna(row["completion_pct"]) else float(row["completion_pct"])
    result["overdue"] = int(row["overdue"])
    return result


def by_indicator(source: Queries, filters: Filters) -> pd.DataFrame:
    return source.query("by_indicator", **filters.params())


def by_division(source: Queries, filters: Filters) -> pd.DataFrame:
    """Per division; measures naming no division are the entry named ''."""
    return source.query("by_division", **filters.params())


def latest_totals(source: Queries, filters: Filters, as_of: date | None = None) -> dict[str, Any]:
    """`totals` with each measure once, at its latest status within the chosen years: a measure open in
    one year and done in a later one counts as done (latest_measure_ids in queries/schema/framework_views.sql)."""
    return _totals_row(source.query("latest_totals", **filters.params(), as_of=as_of or date.today()))


def latest_by_division(source: Queries, filters: Filters) -> pd.DataFrame:
    """`by_division` with each measure once, at its latest status within the chosen years."""
    return source.query("latest_by_division", **filters.params())


def latest_measures_by_division(
    source: Queries, filters: Filters, per_division: int | None, as_of: date | None = None
) -> pd.DataFrame:
    """The first `per_division` measures (None: all) of each division, grouped as `latest_by_division`
    groups them, each measure once at its latest status within the chosen years: overdue on `as_of`
    (default today) first, most days late first, then in report order."""
    return source.query("latest_measures_by_division", **filters.params(), per_division=per_division,
                        as_of=as_of or date.today())


def overdue_measures(
    source: Queries, filters: Filters, as_of: date | None = None, limit: int | None = None
) -> pd.DataFrame:
    """The measures overdue on `as_of` (default today), most days late first, with `days_late`."""
    return source.query("overdue_measures", **filters.params(), as_of=as_of or date.today(), limit=limit)


def measures(source: Queries, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """The filtered measures in report order; `limit` rows at most (None: all, as exports need)."""
    return source.query("measures_list", **filters.params(), limit=limit)


def fiscal_years(source: Queries, orgs: tuple[str, ...] = ()) -> list[int]:
    return [int(y) for y in source.query("fiscal_years", orgs=list(orgs))["fiscal_year"]]


def organisations(source: Queries) -> pd.DataFrame:
    return source.query("organisation_list", provinces=[], org_types=[])


def warnings(source: Queries, filters: Filters) -> pd.DataFrame:
    """Unresolved import warnings of the scope: file_name, line, code, args."""
    return source.query("open_findings", orgs=list(filters.orgs), years=list(filters.years))


def resolve_scope(source: Queries, filters: Filters) -> Filters:
    """Fill in what a summary needs when the user gave no organisation or year.

    With one organisation in the store, it is the one meant; without a year, the latest year
    of the chosen organisations is, since adding different years' measures means nothing.
    """
    if not filters.orgs:
        names = organisations(source)["name"].tolist()
        if len(names) == 1:
            filters = filters.with_(orgs=(names[0],))
    if not filters.years:
        years = fiscal_years(source, filters.orgs)
        if years:
            filters = filters.with_(years=(years[0],))
    return filters

"""The numbers executives see, computed once for the CLI and the dashboard alike.

Every function takes something with `query(name, **params) -> DataFrame` (a `StoreReader`,
or the dashboard's cached wrapper of one) and a `Filters`, so both show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import numpy as np
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


@dataclass(frozen=True)
class LatestMeasures:
    """The filtered measures, each once at its latest status within the chosen years: a measure open
    in one year and done in a later one counts as done (latest_filtered_ids in
    queries/schema/framework_views.sql)."""

    totals: dict[str, Any]  # as `totals` counts them
    by_division: pd.DataFrame  # as `by_division` groups them: name, is_shared, the counts; largest first
    rows: pd.DataFrame  # the first rows of each division (see latest_measures)


MEASURE_COLUMNS = ("division", "is_shared", "measure_id", "org_name", "fiscal_year", "indicator", "indicator_en",
                   "item_text", "action", "responsible_text", "period", "follow_up", "status", "file_name",
                   "source_line", "period_end", "days_late")


def latest_measures(
    source: Queries, filters: Filters, per_division: int | None, as_of: date | None = None,
    several_years: bool | None = None,
) -> LatestMeasures:
    """Counts, counts per division and the first `per_division` rows (None: all) of each division,
    each measure once at its latest status within the chosen years: overdue on `as_of` (default
    today) first, most days late first, then in report order; a measure naming two divisions is in
    both. One query (queries/latest_measures.sql), so that following measures across the years
    (the chosen measures against the writer-kept `superseding_years`) is done once for all three.

    `several_years`: whether the scope may hold more than one fiscal year; False skips following
    measures across years (within one year every measure is its own latest), so a caller passes it
    only when it knows the years in scope. None: unless exactly one year is chosen, they are followed."""
    if several_years is None:
        several_years = len(filters.years) != 1
    frame = source.query("latest_measures", **filters.params(), per_division=per_division,
                         as_of=as_of or date.today(), several_years=several_years)
    # The rows of each part found once (factorize), not by comparing every Arrow-backed string
    # with each part's name: the three masks and their takes were most of this function's CPU.
    codes, names = pd.factorize(frame["part"])
    rows = {name: np.flatnonzero(codes == index) for index, name in enumerate(names)}
    empty = np.empty(0, dtype=np.intp)
    counts = [*COUNT_COLUMNS, "completion_pct"]
    groups = _alone(frame, rows.get("division", empty), ["division", "is_shared", *counts])
    return LatestMeasures(_totals_row(frame.take(rows.get("total", empty))),
                          groups.rename(columns={"division": "name"}),
                          _alone(frame, rows.get("measure", empty), list(MEASURE_COLUMNS)))


def _alone(frame: pd.DataFrame, rows: np.ndarray, columns: list[str]) -> pd.DataFrame:
    """The `rows` and `columns` of a result of several parts, as DuckDB would return that part on
    its own: the cells the other parts leave empty make integer and boolean columns nullable
    (Int64, boolean); a column without a missing value in this part is a plain one again."""
    part = frame[columns].take(rows)
    plain = {column: dtype.numpy_dtype for column, dtype in part.dtypes.items()
             if isinstance(dtype, pd.api.extensions.ExtensionDtype)
             and (pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_bool_dtype(dtype))
             and not part[column].isna().any()}
    return part.astype(plain).reset_index(drop=True)


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
        names = organisations(source)["name"]  # 8,317 nationally: a list of them only to count was a visible cost
        if len(names) == 1:
            filters = filters.with_(orgs=(str(names.iloc[0]),))
    if not filters.years:
        years = fiscal_years(source, filters.orgs)
        if years:
            filters = filters.with_(years=(years[0],))
    return filters

"""What each division's digest holds: its overdue and due-soon measures and its organisation's completion.

`digests` is pure over frames read from the store (`read_frames` reads them): one `DivisionDigest`
per division of each organisation's latest fiscal year, and per division an editor keeps recipients
for even when no measure names it this year. A division's digest also lists the measures shared by
every division (ทุกสำนัก/กอง) that are overdue or due soon: they are each division's to do.
The rules are the store's (queries/digest_measures.sql): overdue as `is_overdue` says, due soon when
not done and the period ends within [as_of, as_of + days].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from ita.analytics import metrics
from ita.analytics.filters import Filters

DEFAULT_DAYS = 30
Row = dict[str, Any]  # a row of digest_measures.sql, missing values as None


@dataclass(frozen=True)
class Completion:
    """An organisation's whole fiscal year: every division, every status."""

    measures: int
    done: int
    completion_pct: float | None


@dataclass(frozen=True)
class DivisionDigest:
    org_name: str
    fiscal_year: int
    division: str
    as_of: date
    days: int  # the due-soon window
    completion: Completion
    overdue: tuple[Row, ...]  # the division's own, most days late first (`days`: days late)
    due_soon: tuple[Row, ...]  # soonest first (`days`: days left)
    shared_overdue: tuple[Row, ...]  # measures every division shares
    shared_due_soon: tuple[Row, ...]
    recipients: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str]:
        return self.org_name, self.division


@dataclass(frozen=True)
class DigestFrames:
    """What the digests are built from, as the store answers (see `read_frames`)."""

    completion: pd.DataFrame  # digest_completion.sql
    measures: pd.DataFrame  # digest_measures.sql
    divisions: pd.DataFrame  # digest_divisions.sql
    recipients: pd.DataFrame  # digest/recipients.sql


def read_frames(source: metrics.Queries, orgs: tuple[str, ...], as_of: date, days: int) -> DigestFrames:
    params = {"orgs": list(orgs)}
    return DigestFrames(
        source.query("digest_completion", **params),
        source.query("digest_measures", **params, years=[], as_of=as_of, days=days),
        source.query("digest_divisions", **params),
        source.query("digest/recipients", **params),
    )


def digests(frames: DigestFrames, as_of: date, days: int = DEFAULT_DAYS) -> list[DivisionDigest]:
    """One digest per division of each organisation's latest fiscal year (and per division with
    recipients), by organisation and division."""
    if days < 0:
        raise ValueError("the due-soon window is a number of days, 0 or more")
    completion = frames.completion.sort_values(["org_name", "fiscal_year"]).drop_duplicates("org_name", keep="last")
    latest = dict(zip(completion["org_name"], completion["fiscal_year"].astype(int), strict=True))
    addresses: dict[tuple[str, str], tuple[str, ...]] = {}
    for org, division, email in zip(frames.recipients["org_name"], frames.recipients["division"],
                                    frames.recipients["email"], strict=True):
        addresses[(org, division)] = (*addresses.get((org, division), ()), email)
    divisions: dict[str, set[str]] = {}
    for org, division in addresses:
        divisions.setdefault(org, set()).add(division)
    for org, year, division in zip(frames.divisions["org_name"], frames.divisions["fiscal_year"],
                                   frames.divisions["division"], strict=True):
        if latest.get(org) == int(year):
            divisions.setdefault(org, set()).add(division)
    # Rows as records, sorted into their lists in one pass: pandas' masks and groups per organisation
    # and division took most of a minute for a thousand organisations.
    lists: dict[tuple[str, str | None, str], list[Row]] = {}
    for row in frames.measures.astype(object).where(frames.measures.notna(), None).to_dict("records"):
        if latest.get(row["org_name"]) == int(row["fiscal_year"]):
            division = None if row["is_shared"] else row["division"]
            lists.setdefault((row["org_name"], division, row["kind"]), []).append(row)
    result = []
    for row in completion.itertuples(index=False):
        org_name, year = str(row.org_name), int(row.fiscal_year)
        done = Completion(int(row.measures), int(row.done),
                          None if pd.isna(row.completion_pct) else float(row.completion_pct))
        shared = (tuple(lists.get((org_name, None, "overdue"), ())), tuple(lists.get((org_name, None, "due_soon"), ())))
        for division in sorted(divisions.get(org_name, ())):
            own = (tuple(lists.get((org_name, division, "overdue"), ())),
                   tuple(lists.get((org_name, division, "due_soon"), ())))
            result.append(DivisionDigest(org_name, year, division, as_of, days, done, *own, *shared,
                                         addresses.get((org_name, division), ())))
    return result


@dataclass(frozen=True)
class DueSoon:
    """The due-soon measures of a scope: how many (each once), how many per division, and the rows."""

    as_of: date
    days: int
    total: int
    by_division: pd.DataFrame  # name, is_shared, measures; largest first
    rows: pd.DataFrame  # due_soon.sql, one row per division a measure counts for


def due_soon(rows: pd.DataFrame, as_of: date, days: int) -> DueSoon:
    """Count the rows of due_soon.sql: a measure counted for two divisions is one measure of the total."""
    if rows.empty:
        by_division = pd.DataFrame({"name": pd.Series(dtype=object), "is_shared": pd.Series(dtype=bool),
                                    "measures": pd.Series(dtype=int)})
        return DueSoon(as_of, days, 0, by_division, rows)
    by_division = (rows.groupby(["division", "is_shared"], sort=False)["measure_id"].nunique()
                   .rename("measures").reset_index().rename(columns={"division": "name"})
                   .sort_values(["measures", "name"], ascending=[False, True], kind="stable")
                   .reset_index(drop=True))
    return DueSoon(as_of, days, int(rows["measure_id"].nunique()), by_division, rows)


def due_soon_measures(source: metrics.Queries, filters: Filters, as_of: date, days: int = DEFAULT_DAYS) -> DueSoon:
    """The measures of `filters` due soon on `as_of` (queries/due_soon.sql), counted."""
    if days < 0:
        raise ValueError("the due-soon window is a number of days, 0 or more")
    return due_soon(source.query("due_soon", **filters.params(), as_of=as_of, days=days), as_of, days)


def recipient_lists(source: metrics.Queries, org_name: str) -> dict[str, list[str]]:
    """Division → its recipients, for every division a digest of `org_name` is written for (its
    divisions of every year and those with recipients), in name order; [] for a division without."""
    named = source.query("digest_divisions", orgs=[org_name])["division"].tolist()
    kept = source.query("digest/recipients", orgs=[org_name])
    lists: dict[str, list[str]] = {division: [] for division in sorted(set(named) | set(kept["division"]))}
    for division, address in zip(kept["division"], kept["email"], strict=True):
        lists[division].append(address)
    return lists

"""Which cached results a write cannot have changed: validity tokens from the store's change log.

Every write records what it changed in `store_changes` (see `session.changed_scope`): the
organisation-years it touched, or "everything". A result that reads only some organisations and
years gets as its token the newest write that touched any of them, a (generation, write_id) pair.
While no later write touches them the token stays the same, so a result cached under it is still
the store's answer, whichever other agencies were imported in between. A result that reads
everything gets the current generation as its token and is computed again after any write.

write_id is random per write, so a token never names two contents even when a restored backup
brings a generation number back and later writes reach it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

Token = tuple[int, str]  # (generation, write_id) of the newest write that touched a scope
_ZERO: Token = (0, "")


def _newest(tokens: Iterable[Token | None]) -> Token:
    return max((t for t in tokens if t is not None), default=_ZERO)


@dataclass
class ChangeLog:
    """The store's change log, indexed for `token` (one per store version, built by `from_frame`)."""

    current: Token
    everything: Token  # the newest write that may have changed anything (or the oldest one kept)
    org_year: dict[tuple[str, int], Token] = field(default_factory=dict)
    org_all_years: dict[str, Token] = field(default_factory=dict)  # writes naming no year of an org
    org_any: dict[str, Token] = field(default_factory=dict)  # any write touching the org
    year_any: dict[int, Token] = field(default_factory=dict)  # any write touching the year, any org
    any_org_all_years: Token | None = None  # the newest write naming an org but no year

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, fallback_id: str) -> ChangeLog:
        """From the rows of queries/store_changes.sql; `fallback_id` (the file's identity) stands in
        for a missing write_id, so such a store shares no token with another file."""
        current_rows = frame[frame["is_current"].astype(bool)]
        generation = current_rows["generation"].iloc[0] if not current_rows.empty else None
        write_id = current_rows["write_id"].iloc[0] if not current_rows.empty else None
        if pd.isna(generation) or write_id is None or pd.isna(write_id):
            everything = (0, f"unknown:{fallback_id}")
            return cls(current=everything, everything=everything)
        current: Token = (int(generation), str(write_id))
        changes = frame[~frame["is_current"].astype(bool)]
        if changes.empty:
            return cls(current=current, everything=current)
        tokens = [(int(g), str(w)) for g, w in zip(changes["generation"], changes["write_id"], strict=True)]
        # Writes older than the oldest kept are forgotten: count them as everything, changed then.
        log = cls(current=current, everything=min(tokens))
        for token, org, year, everything in zip(tokens, changes["org_name"], changes["fiscal_year"],
                                                changes["everything"], strict=True):
            if everything:
                log.everything = max(log.everything, token)
                continue
            log.org_any[org] = max(log.org_any.get(org, _ZERO), token)
            if pd.isna(year):
                log.org_all_years[org] = max(log.org_all_years.get(org, _ZERO), token)
                log.any_org_all_years = max(log.any_org_all_years or _ZERO, token)
            else:
                year = int(year)
                log.org_year[(org, year)] = max(log.org_year.get((org, year), _ZERO), token)
                log.year_any[year] = max(log.year_any.get(year, _ZERO), token)
        return log

    def token(self, orgs: Iterable[str] = (), years: Iterable[int] = ()) -> Token:
        """The newest write that touched any of `orgs` × `years` (empty: all), or that may have
        changed anything: equal tokens mean the scope's data did not change in between."""
        orgs, years = tuple(orgs), tuple(years)
        if not orgs and not years:
            return self.current
        if not orgs:
            return _newest([self.everything, self.any_org_all_years, *(self.year_any.get(y) for y in years)])
        if not years:
            return _newest([self.everything, *(self.org_any.get(o) for o in orgs)])
        return _newest([self.everything, *(self.org_all_years.get(o) for o in orgs),
                        *(self.org_year.get((o, y)) for o in orgs for y in years)])

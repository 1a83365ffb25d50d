"""Ratings of stored ITA scores, worked out from the rules of each assessment year.

The rules are data (data/reference/ita_rating_rules.csv, read by ita.read.scores.read_rules); this
module applies them to frames of scores, so that the CLI, the pages and the summary rate alike.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from ita.paths import REFERENCE_DIR
from ita.read.scores import PASS_LINE, TOOLS, Capped, Rules, read_rules

RULES_FILE = "ita_rating_rules.csv"


@cache
def _rules_at(path: Path, mtime_ns: int) -> Rules:
    return read_rules(path)


def rules(reference_dir: Path | None = None) -> Rules:
    """The rating rules of `reference_dir` (default data/reference), read again when the file changes."""
    path = (reference_dir or REFERENCE_DIR) / RULES_FILE
    return _rules_at(path, path.stat().st_mtime_ns)


def _tools(row: pd.Series | dict) -> dict[str, float | None]:
    return {t: None if pd.isna(row[t]) else float(row[t]) for t in TOOLS}


def rating_of(row: pd.Series | dict, rules_: Rules | None = None) -> str | None:
    """The rating of one row of `scores_list` (assessment_year, total, iit, eit, oit)."""
    return (rules_ or rules()).rating(int(row["assessment_year"]), float(row["total"]), _tools(row))


def capped_of(row: pd.Series | dict, rules_: Rules | None = None) -> Capped | None:
    """The instrument that keeps one row's rating below what its total alone would reach, if any."""
    return (rules_ or rules()).capped(int(row["assessment_year"]), float(row["total"]), _tools(row))


def rated(scores: pd.DataFrame, rules_: Rules | None = None) -> pd.DataFrame:
    """`scores` (rows of `scores_list`) with `rating` (as NACC writes it; None when the instruments it
    depends on are not known) and `passed` (total at or above the pass line)."""
    rules_ = rules_ or rules()
    if scores.empty:
        return scores.assign(rating=pd.Series(dtype=object), passed=pd.Series(dtype=bool))
    # Column by column, not row by row: a national store holds 8,317 agencies a year.
    columns = [[None if pd.isna(v) else float(v) for v in scores[c]] for c in TOOLS]
    ratings = [rules_.rating(int(year), float(total), dict(zip(TOOLS, values, strict=True)))
               for year, total, *values in zip(scores["assessment_year"], scores["total"], *columns, strict=True)]
    return scores.assign(rating=ratings, passed=scores["total"] >= PASS_LINE)

"""What the pages show of ITA scores beside the measures: the overview's card and indicators, the
scores page, the organisations page's counts, and the summary's `ita_score`.

Every year join goes through `ita.read.scores.assessments_for`: the measures of fiscal year Y were
planned from assessment Y−1 and are judged by assessment Y.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ita.analytics import metrics
from ita.analytics.filters import Filters
from ita.analytics.ratings import capped_of, rated, rules
from ita.analytics.views import Scope, scope_of
from ita.read.scores import PASS_LINE, TOOLS, AssessmentYears, Capped, assessments_for

INDICATOR_TOOLS = {**dict.fromkeys(range(1, 6), "IIT"), **dict.fromkeys(range(6, 9), "EIT"),
                   **dict.fromkeys(range(9, 11), "OIT")}  # as every framework 2564–2567 numbers them


def stored_scores(source: metrics.Queries, orgs: tuple[str, ...] = (), years: tuple[int, ...] = ()) -> pd.DataFrame:
    """The stored scores (rows of queries/scores_list.sql), rated, newest first per organisation."""
    return rated(source.query("scores_list", orgs=list(orgs), years=list(years)))


def indicator_scores(source: metrics.Queries, orgs: tuple[str, ...] = (),
                     years: tuple[int, ...] = ()) -> pd.DataFrame:
    """Each indicator's stored score (queries/scores_indicators.sql), the tool filled where no framework names it."""
    frame = source.query("scores_indicators", orgs=list(orgs), years=list(years))
    return frame.assign(tool=frame["tool"].fillna(frame["indicator_no"].map(INDICATOR_TOOLS)))


def ita_score(source: metrics.Queries, org: str | None, fiscal_year: int | None) -> dict[str, Any] | None:
    """The summary's `ita_score`: the assessment that judges `fiscal_year`'s measures, or None."""
    if not org or not fiscal_year:
        return None
    year = assessments_for(fiscal_year).judged_by
    found = stored_scores(source, (org,), (year,))
    if found.empty:
        return None
    row = found.iloc[0]
    return {"year": year, "total": float(row["total"]), "rating": row["rating"],
            **{t: None if pd.isna(row[t]) else float(row[t]) for t in TOOLS}}


@dataclass(frozen=True)
class ScoreCard:
    """One assessment's result and its change against the organisation's assessment before it."""

    year: int
    total: float
    rating: str | None
    previous_year: int | None
    change: float | None
    capped: Capped | None


def _card(scores: pd.DataFrame, year: int) -> ScoreCard | None:
    """`scores`: one organisation's rated rows."""
    row = scores[scores["assessment_year"] == year]
    if row.empty:
        return None
    row = row.iloc[0]
    earlier = scores[scores["assessment_year"] < year].sort_values("assessment_year")
    before = earlier.iloc[-1] if len(earlier) else None
    if before is None:
        return ScoreCard(year, float(row["total"]), row["rating"], None, None, capped_of(row))
    return ScoreCard(year, float(row["total"]), row["rating"], int(before["assessment_year"]),
                     round(float(row["total"]) - float(before["total"]), 2), capped_of(row))


@dataclass
class OverviewScores:
    """The overview's scores: the result this year's measures were planned from, per indicator beside them."""

    years: AssessmentYears
    planned: ScoreCard | None  # assessment Y−1
    judged: ScoreCard | None  # assessment Y, once announced
    indicators: pd.DataFrame  # indicator_no, tool, name, name_en, score, weak, measures, done, completion_pct,
    #                           no_measure (weak and no measure planned); by indicator number


def overview_scores(source: metrics.Queries, scope: Scope) -> OverviewScores | None:
    """For one organisation and focus year with any score stored; None otherwise."""
    if len(scope.counted.orgs) != 1 or not scope.year:
        return None
    org = scope.counted.orgs[0]
    years = assessments_for(scope.year)
    scores = stored_scores(source, (org,))
    if scores.empty:
        return None
    measures = metrics.by_indicator(source, scope.counted)[["tool", "indicator_no", "name", "name_en", "measures",
                                                             "done", "completion_pct"]]
    scored = indicator_scores(source, (org,), (years.planned_from,))[["indicator_no", "tool", "name", "name_en",
                                                                        "score"]]
    measures = measures[measures["indicator_no"].notna()].astype({"indicator_no": int})
    joined = scored.merge(measures, on="indicator_no", how="outer", suffixes=("_score", ""))
    for column in ("tool", "name", "name_en"):  # this year's framework names first, the scored year's otherwise
        joined[column] = joined[column].fillna(joined[f"{column}_score"])
    joined = joined.drop(columns=[f"{c}_score" for c in ("tool", "name", "name_en")])
    joined["measures"] = joined["measures"].fillna(0).astype(int)
    joined["done"] = joined["done"].fillna(0).astype(int)
    joined["weak"] = joined["score"] < PASS_LINE
    joined["no_measure"] = joined["weak"] & (joined["measures"] == 0)
    return OverviewScores(years, _card(scores, years.planned_from), _card(scores, years.judged_by),
                          joined.sort_values("indicator_no").reset_index(drop=True))


@dataclass
class ScoresView:
    """The scores page for one organisation: every assessment, each indicator over the years, and each
    fiscal year's measures beside the change of score that followed."""

    scope: Scope
    org: str | None  # None until the sidebar names one organisation (or the store holds one)
    scores: pd.DataFrame = field(default_factory=pd.DataFrame)  # rated, oldest first, with change
    indicators: pd.DataFrame = field(default_factory=pd.DataFrame)  # assessment_year, indicator_no, tool, names, score
    capped: dict[int, Capped] = field(default_factory=dict)  # assessment year -> the instrument capping it
    by_year: pd.DataFrame = field(default_factory=pd.DataFrame)  # fiscal_year, measures, done, completion_pct,
    #   planned_from, total_before, judged_by, total_after, change
    by_indicator_year: pd.DataFrame = field(default_factory=pd.DataFrame)  # fiscal_year, indicator_no, tool, name,
    #   name_en, measures, done, completion_pct, score_before, score_after, change


def scores(source: metrics.Queries, filters: Filters) -> ScoresView:
    scope = scope_of(source, filters)
    if len(scope.counted.orgs) != 1:
        return ScoresView(scope, None)
    org = scope.counted.orgs[0]
    found = stored_scores(source, (org,)).sort_values("assessment_year").reset_index(drop=True)
    view = ScoresView(scope, org)
    if found.empty:
        return view
    view.scores = found.assign(change=found["total"].diff().round(2))
    view.capped = {int(r["assessment_year"]): c for _, r in found.iterrows() if (c := capped_of(r)) is not None}
    view.indicators = indicator_scores(source, (org,))
    # Every fiscal year of the organisation, whatever year the sidebar focuses on.
    every_year = scope.counted.with_(years=())
    by_year = source.query("by_year", **every_year.params())[["fiscal_year", "measures", "done", "completion_pct"]]
    view.by_year = _with_scores(by_year, found[["assessment_year", "total"]].rename(columns={"total": "value"}), [])
    per_indicator = source.query("by_indicator_year", **every_year.params())
    per_indicator = per_indicator[per_indicator["indicator_no"].notna()].astype({"indicator_no": int})
    view.by_indicator_year = _with_scores(
        per_indicator[["fiscal_year", "indicator_no", "tool", "name", "name_en", "measures", "done", "completion_pct"]],
        view.indicators[["assessment_year", "indicator_no", "score"]].rename(columns={"score": "value"}),
        ["indicator_no"])
    return view


def _with_scores(measures: pd.DataFrame, scored: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Each fiscal year's rows beside the score it was planned from and the one that judged it."""
    years = [assessments_for(int(y)) for y in measures["fiscal_year"]]
    frame = measures.assign(planned_from=[y.planned_from for y in years], judged_by=[y.judged_by for y in years])
    for year_column, value_column in (("planned_from", "before"), ("judged_by", "after")):
        frame = frame.merge(scored.rename(columns={"assessment_year": year_column, "value": value_column}),
                            on=[year_column, *keys], how="left")
    frame["change"] = (frame["after"] - frame["before"]).round(2)
    return frame.sort_values(["fiscal_year", *keys]).reset_index(drop=True)


@dataclass
class ScoresAcross:
    """Scores across the organisations of the organisations page: one assessment, the one that judges the
    focus year's measures when announced, else the one they were planned from."""

    assessment_year: int
    judges: bool  # True: the assessment judges the focus year's measures; False: they were planned from it
    rating_counts: pd.DataFrame  # rating, organisations; best rating first
    versus: pd.DataFrame  # org_name, completion_pct, total, rating
    weakest: pd.DataFrame  # indicator_no, tool, name, name_en, organisations, below, below_share_pct; most below first


def scores_across(source: metrics.Queries, focus_year: int | None, ranking: pd.DataFrame,
                  provinces: tuple[str, ...] = (), org_types: tuple[str, ...] = ()) -> ScoresAcross | None:
    """`ranking`: the organisations page's rows (org_name, completion_pct) of `focus_year`, for its
    `provinces` and `org_types` (what the weakest indicators count, as SQL)."""
    if not focus_year or ranking.empty:
        return None
    years = assessments_for(focus_year)
    orgs = set(ranking["org_name"])
    found, year, judges = pd.DataFrame(), years.judged_by, True
    for year, judges in ((years.judged_by, True), (years.planned_from, False)):  # noqa: B007 (used below)
        found = stored_scores(source, (), (year,))
        found = found[found["org_name"].isin(orgs)]
        if not found.empty:
            break
    if found.empty:
        return None
    order = [r.rating for r in rules().of_year(year)]
    counts = found["rating"].fillna("").value_counts()
    rating_counts = pd.DataFrame({"rating": [*order, *([""] if "" in counts else [])]})
    rating_counts["organisations"] = [int(counts.get(r, 0)) for r in rating_counts["rating"]]
    versus = ranking[["org_name", "completion_pct"]].merge(found[["org_name", "total", "rating"]], on="org_name")
    weakest = source.query("scores_by_indicator", years=[year], provinces=list(provinces),
                           org_types=list(org_types), pass_line=PASS_LINE)
    weakest = weakest.assign(tool=weakest["tool"].fillna(weakest["indicator_no"].map(INDICATOR_TOOLS)))
    return ScoresAcross(year, judges, rating_counts, versus, weakest)

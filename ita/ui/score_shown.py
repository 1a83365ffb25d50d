"""What the pages draw of ITA scores, built once per filters and language for every session and kept
until a write changes what it read (`CachedSource.tracked`, as ita/ui/shown.py does for the pages'
views): the scores page, the overview's score section and the organisations page's."""

from __future__ import annotations

import pandas as pd

from ita.analytics import metrics
from ita.analytics import scores as score_views
from ita.analytics.filters import Filters
from ita.analytics.views import Scope
from ita.present import score_charts
from ita.present.labels import t, year_label
from ita.present.scores import capped_sentence, rating_label
from ita.ui.components import arrow_table, drawable
from ita.ui.source import CachedSource


def _label(frame: pd.DataFrame, lang: str) -> list[str]:
    names = frame["name_en"] if lang == "en" else frame["name"]
    return [f"{int(n)}. {name}" if isinstance(name, str) else str(int(n))
            for n, name in zip(frame["indicator_no"], names, strict=True)]


def year_rule(fiscal_year: int, lang: str) -> str:
    """The year join in words (ita.read.scores.assessments_for), said on every page that joins."""
    years = score_views.assessments_for(fiscal_year)
    return t("score_year_rule", lang).format(year=year_label(fiscal_year, lang),
                                              planned=year_label(years.planned_from, lang),
                                              judged=year_label(years.judged_by, lang))


def scores_page(source: CachedSource, filters: Filters, lang: str) -> dict:
    return source.tracked(("scores page", filters, lang), lambda queries: _scores_page(queries, filters, lang))


def _scores_page(queries: metrics.Queries, filters: Filters, lang: str) -> dict:
    view = score_views.scores(queries, filters)
    if view.scores.empty:
        return {"view": view}
    scores = view.scores
    latest = scores.iloc[-1]
    capped = view.capped.get(int(latest["assessment_year"]))
    table = pd.DataFrame({
        "year": [year_label(int(y), lang) for y in scores["assessment_year"]],
        "total": scores["total"], "rating": [rating_label(r, lang) for r in scores["rating"]],
        "iit": scores["iit"], "eit": scores["eit"], "oit": scores["oit"], "change": scores["change"],
        "capped": [capped_sentence(view.capped[int(y)], lang) if int(y) in view.capped else ""
                   for y in scores["assessment_year"]],
    }).iloc[::-1]
    effects = view.by_indicator_year
    effects_table = pd.DataFrame({
        "fiscal_year": [year_label(int(y), lang) for y in effects["fiscal_year"]],
        "indicator": _label(effects, lang), "measures": effects["measures"], "done": effects["done"],
        "completion_pct": effects["completion_pct"], "before": effects["before"], "after": effects["after"],
        "change": effects["change"],
    }) if not effects.empty else pd.DataFrame()
    by_year = view.by_year
    return {
        "view": view,
        "latest": (int(latest["assessment_year"]), float(latest["total"]), rating_label(latest["rating"], lang),
                   None if pd.isna(latest["change"]) else float(latest["change"])),
        "capped": capped_sentence(capped, lang) if capped else None,
        "trend": drawable(score_charts.score_trend_figure(scores, lang)),
        "indicator_trend": drawable(score_charts.indicator_trend_figure(view.indicators, lang))
        if not view.indicators.empty else None,
        "table": arrow_table(table),
        "by_year": arrow_table(pd.DataFrame({
            "fiscal_year": [year_label(int(y), lang) for y in by_year["fiscal_year"]],
            "measures": by_year["measures"], "completion_pct": by_year["completion_pct"],
            "before": by_year["before"], "after": by_year["after"], "change": by_year["change"]})),
        "effects": arrow_table(effects_table) if not effects_table.empty else None,
        # Said of the sidebar's focus year (the latest chosen), as every other page's scope is.
        "rule": year_rule(max(filters.years), lang) if filters.years
        else year_rule(int(by_year["fiscal_year"].max()), lang) if not by_year.empty else None,
    }


def overview_scores(source: CachedSource, scope: Scope, lang: str) -> dict | None:
    """The overview's section: the cards and the indicator table, None without scores for its organisation."""
    return source.tracked(("overview scores", scope, lang), lambda queries: _overview(queries, scope, lang))


def _overview(queries: metrics.Queries, scope: Scope, lang: str) -> dict | None:
    shown = score_views.overview_scores(queries, scope)
    if shown is None:
        return None
    rows = shown.indicators
    year = shown.years.planned_from
    weak = t("score_weak_mark", lang)
    table = pd.DataFrame({
        "indicator": _label(rows, lang), "tool": rows["tool"], "score": rows["score"],
        "weak": [weak if w else "" for w in rows["weak"]], "measures": rows["measures"], "done": rows["done"],
        "completion_pct": rows["completion_pct"],
        "flag": [t("score_no_measure", lang) if f else "" for f in rows["no_measure"]],
    })
    missing = [label for label, flag in zip(_label(rows, lang), rows["no_measure"], strict=True) if flag]
    return {
        "planned": shown.planned, "judged": shown.judged, "rule": year_rule(scope.year, lang), "year": year,
        "table": arrow_table(table), "no_measure": missing,
        "capped": capped_sentence(shown.planned.capped, lang) if shown.planned and shown.planned.capped else None,
    }


def organisations_scores(source: CachedSource, focus_year: int | None, ranking: pd.DataFrame, lang: str,
                         filters: Filters) -> dict | None:
    """The organisations page's section; `filters`: the page's (what `ranking` was built from)."""
    return source.tracked(("organisations scores", filters, lang),
                          lambda queries: _across(queries, focus_year, ranking, lang, filters))


def _across(queries: metrics.Queries, focus_year: int | None, ranking: pd.DataFrame, lang: str,
            filters: Filters) -> dict | None:
    across = score_views.scores_across(queries, focus_year, ranking, filters.provinces, filters.org_types)
    if across is None:
        return None
    weakest = across.weakest
    caption_key = "scores_across_judges" if across.judges else "scores_across_planned"
    return {
        "caption": t(caption_key, lang).format(year=year_label(across.assessment_year, lang),
                                               fy=year_label(focus_year, lang)),
        "rule": year_rule(focus_year, lang),
        "rating_counts": drawable(score_charts.rating_counts_figure(across.rating_counts, lang)),
        "versus": drawable(score_charts.score_vs_completion_figure(across.versus, across.assessment_year, lang)),
        "weakest": arrow_table(pd.DataFrame({
            "indicator": _label(weakest, lang), "tool": weakest["tool"], "organisations": weakest["organisations"],
            "below": weakest["below"], "below_share_pct": weakest["below_share_pct"]})),
        "scored": len(across.versus),
    }

"""The summary `python -m ita summary --json` prints: the dashboard's numbers, in words of one language."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd

from ita.analytics import digest, metrics
from ita.analytics.filters import Filters
from ita.analytics.scores import ita_score
from ita.present.labels import division_label, finding_text, line_ref, name_unassigned


def summary(
    source: metrics.Queries, filters: Filters, lang: str = "th", as_of: date | None = None,
    days: int = digest.DEFAULT_DAYS,
) -> dict[str, Any]:
    """Totals (with `overdue` on `as_of`, default today), completion by indicator and by
    division, the measures due soon (`due_soon`: their period ends within `days` of `as_of`), and
    the open warnings of one scope."""
    filters = metrics.resolve_scope(source, filters)
    as_of = as_of or date.today()
    result: dict[str, Any] = {
        "org": filters.orgs[0] if len(filters.orgs) == 1 else None,
        "fiscal_year": filters.years[0] if len(filters.years) == 1 else None,
        "as_of": as_of.isoformat(),
    }
    result.update(metrics.totals(source, filters, as_of))
    by_indicator = metrics.by_indicator(source, filters)
    result["by_indicator"] = _breakdown(by_indicator, [
        name_en if lang == "en" and name_en else name
        for name, name_en in zip(by_indicator["name"], by_indicator["name_en"], strict=True)
    ])
    by_division = metrics.by_division(source, filters)
    labels = [division_label(name, shared, lang)
              for name, shared in zip(by_division["name"], by_division["is_shared"], strict=True)]
    result["by_division"] = _breakdown(by_division.assign(name=name_unassigned(by_division["name"], lang)), labels)
    result["due_soon"] = due_soon_summary(digest.due_soon_measures(source, filters, as_of, days), lang)
    result["warnings"] = warning_lines(metrics.warnings(source, filters), lang)
    # The assessment that judges the fiscal year's measures (docs/scores.md), or None.
    result["ita_score"] = ita_score(source, result["org"], result["fiscal_year"])
    return result


def due_soon_summary(found: digest.DueSoon, lang: str) -> dict[str, Any]:
    """The due-soon window, its total (each measure once) and its count per division."""
    return {
        "days": found.days,
        "until": (found.as_of + timedelta(days=found.days)).isoformat(),
        "total": found.total,
        "by_division": [{"name": r.name, "label": division_label(r.name, r.is_shared, lang),
                         "measures": int(r.measures)} for r in found.by_division.itertuples()],
    }


def warning_lines(findings: pd.DataFrame, lang: str) -> list[str]:
    """'file, line n: what is wrong' for each warning."""
    return [
        f"{line_ref(r.file_name, r.line, lang)}: {finding_text(r.code, tuple(r.args), lang)}"
        for r in findings.itertuples()
    ]


def _breakdown(frame: pd.DataFrame, labels: list[str]) -> list[dict[str, Any]]:
    """One row per group: `name` as stored (what filters take), `label` as a reader of `lang` sees it."""
    rows = []
    for record, label in zip(frame.to_dict("records"), labels, strict=True):
        row = {"name": record["name"], "label": label}
        row.update({key: int(record[key]) for key in metrics.COUNT_COLUMNS})
        row["completion_pct"] = float(record["completion_pct"])
        rows.append(row)
    return rows

"""A view's scope in words: the one sentence that tells what every number on a page, PDF or file counts."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ita.analytics.views import Scope
from ita.present.labels import division_label, status_label, t, year_label


def scope_parts(scope: Scope, lang: str = "th", indicator_names: Mapping[str, str] | None = None) -> list[str]:
    """The parts of the scope sentence: organisation(s), year(s) and the comparison, then each filter that is on."""
    counted = scope.counted
    parts = [counted.orgs[0] if len(counted.orgs) == 1 else t("all_organisations", lang)]
    if counted.provinces:
        parts.append(f"{t('col_province', lang)} {', '.join(counted.provinces)}")
    if counted.org_types:
        parts.append(f"{t('col_org_type', lang)} {', '.join(counted.org_types)}")
    if counted.years:
        years = ", ".join(year_label(y, lang) for y in sorted(counted.years))
        year_text = f"{t('col_fiscal_year', lang)} {years}"
        if scope.compared_year:
            year_text += f" ({t('vs_year', lang)} {year_label(scope.compared_year, lang)})"
        parts.append(year_text)
    if counted.divisions:
        shared = t("scope_with_shared" if counted.include_shared else "scope_without_shared", lang)
        names = ", ".join(division_label(d, False, lang) for d in counted.divisions)
        parts.append(f"{t('col_division', lang)} {names} ({shared})")
    if counted.indicators:
        names = indicator_names if lang == "en" and indicator_names else {}
        parts.append(f"{t('col_indicator', lang)} {', '.join(names.get(i, i) for i in counted.indicators)}")
    if counted.tools:
        parts.append(f"{t('col_tool', lang)} {', '.join(counted.tools)}")
    parts.append(t("scope_every_status", lang) if not scope.statuses else
                 f"{t('scope_lists_only', lang)} {', '.join(status_label(s, lang) for s in scope.statuses)}")
    return parts


def scope_sentence(scope: Scope, lang: str = "th", indicator_names: Mapping[str, str] | None = None) -> str:
    return " · ".join(scope_parts(scope, lang, indicator_names))


_UNSAFE = re.compile(r"[^\w\u0e00-\u0e7f-]+")


def file_stem(page: str, scope: Scope) -> str:
    """A download's file name without extension, naming the page and every filter that is on (B.E. years)."""
    counted = scope.counted
    parts = ["ita", page]
    if len(counted.orgs) == 1:
        parts.append(counted.orgs[0])
    if counted.years:
        years = sorted(counted.years)
        parts.append(str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}")
    parts += [*counted.divisions, *counted.indicators, *counted.tools, *scope.statuses]
    return "_".join(_UNSAFE.sub("-", p).strip("-") for p in parts if p)

"""The executive summary as a Thai (or English) PDF: headline numbers, charts, open items, every measure.

The page is HTML rendered by WeasyPrint, which shapes Thai and breaks it at word boundaries.
Charts are drawn as HTML rows with SVG bars but no SVG text: WeasyPrint 70 lays out SVG text
one character at a time, which drops Thai tone marks stacked over upper vowels (ที่ → ที).

Report text is untrusted, so the template autoescapes everything; the only markup built here
is CSS strings, which go through `_css_string`.

The text layer (what copying, searching and text extraction read) is the report's Thai exactly,
ำ and marks included: WeasyPrint alone maps each glyph to the first text it drew it for, and
HarfBuzz draws ำ as ํ + า, so า and ำ would read as each other and some tone marks as nothing.
`ita.present.pdf_text.actual_text_spans` puts each line drawn in a PDF ActualText span carrying its text;
the page prints exactly as before. pdftotext and PDFium follow ActualText; pdfminer does not.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from ita.analytics import metrics, views
from ita.analytics.filters import Filters
from ita.paths import FONT_DIR
from ita.present import tables
from ita.present.charts import STATUS_COLORS, STATUS_ORDER, TOOL_ORDER
from ita.present.labels import division_label, format_date, format_pct, status_label, t, year_label
from ita.present.pdf_text import actual_text_spans
from ita.present.scope import scope_sentence

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
FONT_FILES = {400: "Sarabun-Regular.ttf", 600: "Sarabun-SemiBold.ttf", 700: "Sarabun-Bold.ttf"}

def summary_pdf(
    source: metrics.Queries, filters: Filters, lang: str = "th", *, generated_at: datetime | None = None,
    as_of: date | None = None,
) -> bytes:
    """The executive summary of one fiscal year (the latest chosen) as PDF bytes; overdue measures
    are those late on `as_of` (default: the day it is generated)."""
    return _render_pdf(summary_html(source, filters, lang, generated_at=generated_at, as_of=as_of))


def summary_html(
    source: metrics.Queries, filters: Filters, lang: str = "th", *, generated_at: datetime | None = None,
    as_of: date | None = None,
) -> str:
    """The HTML that `summary_pdf` renders (useful on its own for checking the content)."""
    generated_at = generated_at or datetime.now()
    return _environment().get_template("summary.html").render(
        _context(source, filters, lang, generated_at, as_of or generated_at.date())
    )


OPEN_ROWS_PER_DIVISION = 200  # a meeting handout, not the whole list: the XLSX holds every row


def open_items_pdf(
    source: metrics.Queries, filters: Filters, lang: str = "th", *, generated_at: datetime | None = None,
    as_of: date | None = None,
) -> bytes:
    """The open-items page as PDF bytes: each open measure once, at its latest status within the chosen
    years, grouped by responsible division, overdue first (views.open_items, as the page shows it)."""
    return _render_pdf(open_items_html(source, filters, lang, generated_at=generated_at, as_of=as_of))


def open_items_html(
    source: metrics.Queries, filters: Filters, lang: str = "th", *, generated_at: datetime | None = None,
    as_of: date | None = None,
) -> str:
    """The HTML that `open_items_pdf` renders."""
    generated_at = generated_at or datetime.now()
    view = views.open_items(source, filters, OPEN_ROWS_PER_DIVISION, as_of or generated_at.date())
    return _environment().get_template("open_items.html").render(_open_items_context(source, view, lang, generated_at))


def compare_years_pdf(
    source: metrics.Queries, view: views.CompareView, changes: views.ChangesView | None, lang: str = "th", *,
    generated_at: datetime | None = None,
) -> bytes:
    """The compare-years page as PDF bytes, from the page's own view: the trend, the years side by side
    per indicator and per division, and what changed between the two years chosen (`changes`)."""
    return _render_pdf(compare_years_html(source, view, changes, lang, generated_at=generated_at))


def compare_years_html(
    source: metrics.Queries, view: views.CompareView, changes: views.ChangesView | None, lang: str = "th", *,
    generated_at: datetime | None = None,
) -> str:
    """The HTML that `compare_years_pdf` renders."""
    generated_at = generated_at or datetime.now()
    return _environment().get_template("compare_years.html").render(
        _compare_context(source, view, changes, lang, generated_at))


def _compare_context(source: metrics.Queries, view: views.CompareView, changes: views.ChangesView | None,
                     lang: str, generated_at: datetime) -> dict[str, Any]:
    names_en = (dict(zip(view.by_indicator["name"], view.by_indicator["name_en"], strict=True))
                if len(view.by_indicator) else {})
    context: dict[str, Any] = {
        **_frame(source, view.scope, view.years, lang, generated_at, t("pdf_compare_title", lang), names_en),
        "compared": len(view.years) >= 2,
    }
    if not context["compared"]:
        return context
    trend = view.trend.assign(label=[year_label(int(y), lang) for y in view.trend["fiscal_year"]])
    indicators, divisions = tables.compare_side_by_side(view, lang)
    context.update(
        trend=_bars([(str(r["label"]), r) for r in trend.to_dict("records")]),
        legend=[(status_label(s, lang), STATUS_COLORS[s]) for s in STATUS_ORDER if trend[s].sum()],
        trend_table=_table(tables.trend_rows(view.trend, lang), lang),
        side_by_side=[(t("chart_by_indicator", lang), _table(indicators, lang)),
                      (t("chart_by_division", lang), _table(divisions, lang))],
        changes=None,
    )
    if changes is not None:
        rows = tables.change_rows(changes.changed, lang).rename(columns=tables.change_headers(changes, lang))
        context["changes"] = {
            "title": t("changes_between", lang).format(year_from=year_label(changes.year_from, lang),
                                                       year_to=year_label(changes.year_to, lang)),
            "counts": " · ".join(f"{t('change_' + kind, lang)} {n:,}" for kind, n in changes.counts.items()),
            "table": _table(rows, lang),
        }
    else:
        context["changes_note"] = t("changes_one_org", lang)
    return context


def _table(frame: pd.DataFrame, lang: str) -> dict[str, list]:
    """A frame as header and rows of text: completion as on the page (one decimal, %), its change in points."""
    points = t("pdf_points", lang)

    def cell(column: str, value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return "–"
        if isinstance(value, float):
            return f"{value:+.1f} {points}" if column.startswith(t("col_change", lang)) else format_pct(value, lang)
        return f"{value:,}" if isinstance(value, int) else str(value)

    columns = [str(c) for c in frame.columns]
    return {"header": columns,
            "rows": [[cell(c, v) for c, v in zip(columns, row, strict=True)]
                     for row in frame.astype(object).itertuples(index=False, name=None)]}


def _render_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = CSS(filename=str(TEMPLATE_DIR / "summary.css"), font_config=fonts)
    with actual_text_spans():
        return HTML(string=html, base_url=str(TEMPLATE_DIR)).write_pdf(stylesheets=[css], font_config=fonts)


@functools.cache
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["css_string"] = _css_string
    return env


def _context(source: metrics.Queries, filters: Filters, lang: str, generated_at: datetime,
             as_of: date) -> dict[str, Any]:
    # The overview's view: one fiscal year, the latest chosen, compared with the year before it that has
    # measures in the same scope; numbers over every status, the status filter on the lists only.
    view = views.overview(source, filters)
    scope, headline = view.scope, view.headline
    current = headline.current
    names_en = dict(zip(view.indicator_names["name"], view.indicator_names["name_en"], strict=True))
    # Indicator names are the framework's, so English has them; the rest of a row stays as the agency wrote it.
    english = names_en if lang == "en" else {}
    measures = metrics.measures(source, scope.listed)
    rows = [_measure_row(r, english, lang) for r in measures.to_dict("records")]
    overdue = _overdue(source, scope.listed, lang, as_of, english)
    late = {row["measure_id"] for row in overdue["overdue"]}
    # Each open measure once: an overdue one is in the overdue table (with its due date and days late),
    # the others here; the all-measures table after them is the report's layout.
    open_rows = [r for r in rows if r["status"] != "done"]
    kpis = _kpis(current, headline.previous, year_label(scope.compared_year, lang) if scope.compared_year else "",
                 lang)
    # The overdue card as the page has it (every status of the scope, no change against a year), on `as_of`.
    kpis.append({"label": t("col_overdue", lang), "key": "overdue",
                 "value": f"{metrics.totals(source, scope.counted, as_of)['overdue']:,}", "change": "",
                 "versus": "", "tone": "neutral", "color": STATUS_COLORS["not_started"]})
    return {
        **_frame(source, scope, [scope.year] if scope.year else [], lang, generated_at, t("pdf_title", lang), names_en),
        "kpis": kpis,
        "charts": [
            (t("chart_by_indicator", lang), _bars(_indicator_rows(view.by_indicator, lang))),
            (t("chart_by_division", lang), _bars(_division_rows(view.by_division, lang))),
        ] if current["measures"] else [],
        "legend": [(status_label(s, lang), STATUS_COLORS[s]) for s in STATUS_ORDER if current[s]],
        "measures": rows,
        "open_count": len(open_rows),
        "open_items": [r for r in open_rows if r["measure_id"] not in late],
        **overdue,
    }


def _frame(source: metrics.Queries, scope: views.Scope, years: list[int], lang: str, generated_at: datetime,
           title: str, names_en: dict[str, str]) -> dict[str, Any]:
    """What base.html needs: the cover (title, organisation, the years it covers, scope, data as of) and
    the page furniture."""
    stamp = views.data_stamp(source, scope)
    return {
        "lang": lang,
        "tr": lambda key: t(key, lang),
        "title": title,
        "org": scope.counted.orgs[0] if len(scope.counted.orgs) == 1 else t("all_organisations", lang),
        "year": f"{t('col_fiscal_year', lang)} {', '.join(year_label(y, lang) for y in years)}" if years else "",
        "scope": scope_sentence(scope, lang, names_en),
        "data_as_of": format_date(stamp["as_of"], lang, with_time=True) if stamp["as_of"] is not None else "",
        "generated": format_date(generated_at, lang, with_time=True),
        "sample_years": ", ".join(year_label(y, lang) for y in stamp["sample_years"]),
        "fonts": [(weight, (FONT_DIR / name).as_uri()) for weight, name in FONT_FILES.items()],
    }


def _open_items_context(source: metrics.Queries, view: views.OpenItemsView, lang: str,
                        generated_at: datetime) -> dict[str, Any]:
    names_en = dict(zip(view.items["indicator"], view.items["indicator_en"], strict=True)) if len(view.items) else {}
    english = names_en if lang == "en" else {}
    groups = []
    for division in view.by_division.to_dict("records") if len(view.by_division) else []:
        items = view.items[(view.items["division"] == division["name"])
                           & (view.items["is_shared"] == division["is_shared"])]
        rows = []
        for record in items.to_dict("records"):
            row = _measure_row(record, english, lang)
            late = record.get("days_late")
            row.update(org=record["org_name"], year=year_label(int(record["fiscal_year"]), lang),
                       due=format_date(record["period_end"], lang) if not pd.isna(record["period_end"]) else "–",
                       days_late=days_late_text(late))
            rows.append(row)
        count = int(division["measures"])
        more = t("rows_shown", lang).format(shown=f"{len(rows):,}", total=f"{count:,}") if count > len(rows) else ""
        groups.append({"name": division_label(str(division["name"]), bool(division["is_shared"]), lang),
                       "count": f"{count:,}", "rows": rows, "more": more})
    day = format_date(view.as_of, lang)
    return {
        **_frame(source, view.scope, list(view.years), lang, generated_at, t("page_in_progress", lang), names_en),
        "kpis": [
            {"key": "open", "label": t("open_count", lang), "value": f"{view.totals['measures']:,}",
             "color": STATUS_COLORS["in_progress"]},
            {"key": "overdue", "label": f"{t('overdue_as_of', lang)} {day}", "value": f"{view.totals['overdue']:,}",
             "color": STATUS_COLORS["not_started"]},
        ],
        "several_years": view.several_years,
        "show_org": len(view.scope.counted.orgs) != 1,
        "groups": groups,
    }


def _overdue(source: metrics.Queries, view: Filters, lang: str, as_of: date,
             english: dict[str, str]) -> dict[str, Any]:
    """The section เกินกำหนด: measures not done whose period ended before `as_of`, most days late first."""
    rows = []
    for record in metrics.overdue_measures(source, view, as_of).to_dict("records"):
        row = _measure_row(record, english, lang)
        row["due"] = format_date(record["period_end"], lang)
        row["days_late"] = days_late_text(record["days_late"])
        rows.append(row)
    return {"overdue": rows, "overdue_as_of": format_date(as_of, lang)}


def days_late_text(days: object) -> str:
    """Days late as the page shows them (a whole number without separators, as its Int64 column is
    drawn: 1895, not 1,895); empty when not overdue."""
    return "" if days is None or pd.isna(days) else str(int(days))


def _kpis(current: dict[str, Any], previous: dict[str, Any] | None, previous_label: str,
          lang: str) -> list[dict[str, str]]:
    """The headline boxes, each with its change against the previous year and whether that change is good
    (summary.css colours good bluish green and bad vermillion, Okabe–Ito like the statuses)."""
    boxes = [("col_measures", "measures", None), ("col_done", "done", True),
             ("col_in_progress", "in_progress", False), ("col_not_started", "not_started", False)]
    if current["unknown"]:
        boxes.append(("col_unknown", "unknown", False))
    boxes.append(("col_completion_pct", "completion_pct", True))
    result = []
    for label, key, good_when_up in boxes:
        value, before = current[key], (previous or {}).get(key)
        pct = key == "completion_pct"
        box = {"label": t(label, lang), "value": format_pct(value, lang) if pct else f"{value:,}",
               "key": key, "change": "", "versus": "", "tone": "neutral"}
        if value is not None and before is not None:
            change = value - before
            box["change"] = f"{change:+.1f} {t('pdf_points', lang)}" if pct else f"{change:+,d}"
            box["versus"] = f"{t('vs_year', lang)} {previous_label}"
            if change and good_when_up is not None:
                box["tone"] = "good" if (change > 0) == good_when_up else "bad"
        box["color"] = STATUS_COLORS.get(key, "#1F2937")
        result.append(box)
    return result


def _indicator_rows(frame: pd.DataFrame, lang: str) -> list[tuple[str, dict[str, Any]]]:
    """Grouped IIT, EIT, OIT and least complete first, as on the overview page."""
    frame = frame.assign(_tool=frame["tool"].map(TOOL_ORDER).fillna(9))
    frame = frame.sort_values(["_tool", "completion_pct", "name"])
    rows = []
    for record in frame.to_dict("records"):
        name = record["name_en"] if lang == "en" and record.get("name_en") else record["name"]
        rows.append((f"{record['tool']} · {name}" if record.get("tool") else str(name), record))
    return rows


def _division_rows(frame: pd.DataFrame, lang: str) -> list[tuple[str, dict[str, Any]]]:
    frame = frame.sort_values(["is_shared", "completion_pct", "name"])
    return [(division_label(str(r["name"]), bool(r["is_shared"]), lang), r) for r in frame.to_dict("records")]


def _bars(rows: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Stacked bars: lengths in measure counts on one scale for the chart, so long bars mean many measures."""
    longest = max([int(r["measures"]) for _, r in rows] + [1])
    bars = []
    for label, record in rows:
        segments, start = [], 0.0
        for status in STATUS_ORDER:
            width = 100 * int(record[status]) / longest
            if width:
                segments.append({"x": round(start, 3), "width": round(width, 3), "color": STATUS_COLORS[status]})
                start += width
        bars.append({
            "label": label,
            "segments": segments,
            "value": f"{format_pct(float(record['completion_pct']))} ({int(record['done'])}/{int(record['measures'])})",
        })
    return bars


def _measure_row(record: dict[str, Any], english: dict[str, str], lang: str) -> dict[str, Any]:
    def text(key: str) -> str:
        value = record.get(key)
        return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)

    return {
        "measure_id": record.get("measure_id"),
        "tool": text("tool"),
        "indicator": english.get(text("indicator")) or text("indicator"),
        "item": text("item_text"),
        "action": text("action"),
        "responsible": text("responsible_text"),
        "period": text("period"),
        "follow_up": text("follow_up"),
        "status": record["status"],
        "status_label": status_label(record["status"], lang),
        "status_color": STATUS_COLORS.get(record["status"], STATUS_COLORS["unknown"]),
    }


def _css_string(value: object) -> Markup:
    """A quoted CSS string safe inside <style>: quotes, backslashes, newlines and '<' escaped."""
    escaped = "".join(
        f"\\{ord(c):x} " if c in '"\\<>\n\r' else c for c in str(value)
    )
    return Markup(f'"{escaped}"')

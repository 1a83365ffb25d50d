"""Plotly figures of ITA scores, in the style of ita/present/charts.py (its fonts, legend and margins;
B.E. years in Thai, C.E. in English) with the pass line (85) drawn on every score axis."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ita.present.charts import STATUS_COLORS, _figure
from ita.present.labels import t, year_label
from ita.present.scores import rating_label
from ita.read.scores import PASS_LINE

# Instruments and indicators: Okabe–Ito hues other than the status colours' blue, orange and purple
# where possible; the total darkest. Indicators take their instrument's hue family.
TOOL_COLORS = {"IIT": "#009E73", "EIT": "#D55E00", "OIT": "#56B4E9"}
TOTAL_COLOR = "#222222"
INDICATOR_DASHES = ("solid", "dot", "dash", "longdash", "dashdot")
PASS_COLOR = "#B91C1C"


def _pass_line(lang: str, axis: str = "y") -> tuple[list[dict], list[dict]]:
    """The pass line as a shape across the plot and its label at the right end."""
    shape = {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": axis, "y0": PASS_LINE, "y1": PASS_LINE,
             "line": {"color": PASS_COLOR, "width": 1.5, "dash": "dash"}}
    if axis == "x":
        shape = {**shape, "xref": "x", "x0": PASS_LINE, "x1": PASS_LINE, "yref": "paper", "y0": 0, "y1": 1}
        label = {"x": PASS_LINE, "xref": "x", "y": 1, "yref": "paper", "xanchor": "left", "yanchor": "top"}
    else:
        label = {"x": 1, "xref": "paper", "y": PASS_LINE, "yref": "y", "xanchor": "right", "yanchor": "bottom"}
    label.update(text=t("score_pass_line", lang).format(score=f"{PASS_LINE:g}"), showarrow=False,
                 font={"size": 12, "color": PASS_COLOR})
    return [shape], [label]


def _years_axis(years: list[int], lang: str) -> dict:
    return {"type": "category", "title": {"text": t("score_assessment_year", lang)},
            "categoryorder": "array", "categoryarray": [year_label(y, lang) for y in years],
            "range": [-0.5, len(years) - 0.5]}


def _score_axis(low: float) -> dict:
    return {"range": [max(0.0, min(low, PASS_LINE) - 5), 101], "gridcolor": "#eee"}


def score_trend_figure(scores: pd.DataFrame, lang: str = "th") -> go.Figure:
    """The total and each instrument per assessment year, the rating written at each total."""
    frame = scores.sort_values("assessment_year")
    years = [int(y) for y in frame["assessment_year"]]
    x = [year_label(y, lang) for y in years]
    traces = [{
        "type": "scatter", "x": x, "y": frame["total"].tolist(), "mode": "lines+markers+text",
        "name": t("score_total", lang), "line": {"color": TOTAL_COLOR, "width": 3}, "marker": {"size": 11},
        "text": [f"{v:.2f} {rating_label(r, lang)}" for v, r in zip(frame["total"], frame["rating"], strict=True)],
        "textposition": "top center", "cliponaxis": False,
        "hovertemplate": "%{x}: %{y:.2f}<extra>" + t("score_total", lang) + "</extra>",
    }]
    for tool, colour in TOOL_COLORS.items():
        values = frame[tool.lower()]
        if values.notna().any():
            traces.append({"type": "scatter", "x": x, "y": values.tolist(), "mode": "lines+markers", "name": tool,
                           "line": {"color": colour, "width": 2}, "marker": {"size": 8},
                           "hovertemplate": "%{x}: %{y:.2f}<extra>" + tool + "</extra>"})
    shapes, labels = _pass_line(lang)
    low = min(frame[["total", "iit", "eit", "oit"]].min(numeric_only=True).min(), PASS_LINE)
    return _figure(traces, height=360, xaxis=_years_axis(years, lang),
                   yaxis={**_score_axis(low), "title": {"text": t("score_axis", lang)}}, shapes=shapes,
                   annotations=labels)


def indicator_trend_figure(indicators: pd.DataFrame, lang: str = "th") -> go.Figure:
    """Each indicator's score per assessment year (rows of scores_indicators), one line each."""
    frame = indicators.sort_values(["indicator_no", "assessment_year"])
    years = sorted({int(y) for y in frame["assessment_year"]})
    traces = []
    for number, part in frame.groupby("indicator_no", sort=True):
        first = part.iloc[-1]
        name = first["name_en"] if lang == "en" and isinstance(first["name_en"], str) else first["name"]
        label = f"{int(number)}. {name}" if isinstance(name, str) else str(int(number))
        tool = first["tool"] if isinstance(first["tool"], str) else "IIT"
        traces.append({
            "type": "scatter", "x": [year_label(int(y), lang) for y in part["assessment_year"]],
            "y": part["score"].tolist(), "mode": "lines+markers", "name": label,
            "line": {"color": TOOL_COLORS.get(tool, STATUS_COLORS["unknown"]), "width": 2,
                     "dash": INDICATOR_DASHES[int(number) % len(INDICATOR_DASHES)]},
            "marker": {"size": 8, "color": ["white" if s < PASS_LINE else TOOL_COLORS.get(tool, "#999")
                                            for s in part["score"]],
                       "line": {"color": TOOL_COLORS.get(tool, "#999"), "width": 2}},
            "hovertemplate": "%{x}: %{y:.2f}<extra>" + label.replace("<", "&lt;") + "</extra>",
        })
    shapes, labels = _pass_line(lang)
    return _figure(traces, height=460, xaxis=_years_axis(years, lang),
                   yaxis={**_score_axis(float(frame["score"].min()) if len(frame) else PASS_LINE),
                          "title": {"text": t("score_axis", lang)}},
                   shapes=shapes, annotations=labels)


def rating_counts_figure(counts: pd.DataFrame, lang: str = "th") -> go.Figure:
    """How many organisations got each rating (best first); '' counts those whose rating is not known."""
    labels = [rating_label(r, lang) if r else t("score_rating_unknown", lang) for r in counts["rating"]]
    trace = {"type": "bar", "x": labels, "y": counts["organisations"].tolist(),
             "marker": {"color": STATUS_COLORS["done"]}, "text": [f"{n:,}" for n in counts["organisations"]],
             "textposition": "outside", "cliponaxis": False, "hovertemplate": "%{x}: %{y:,}<extra></extra>"}
    return _figure([trace], height=320, xaxis={"type": "category", "title": {"text": t("score_rating", lang)}},
                   yaxis={"title": {"text": t("organisations", lang)}, "gridcolor": "#eee"})


def score_vs_completion_figure(versus: pd.DataFrame, assessment_year: int, lang: str = "th") -> go.Figure:
    """One point per organisation: its measures' completion against its ITA total, the pass line marked."""
    trace = {"type": "scattergl" if len(versus) > 2000 else "scatter", "mode": "markers",
             "x": versus["completion_pct"].tolist(), "y": versus["total"].tolist(),
             "text": versus["org_name"].tolist(),
             "marker": {"size": 6 if len(versus) > 500 else 10, "color": STATUS_COLORS["done"], "opacity": 0.6},
             "hovertemplate": "%{text}<br>%{x:.1f}% · %{y:.2f}<extra></extra>", "showlegend": False}
    shapes, labels = _pass_line(lang)
    title = f"{t('score_total', lang)} ITA {year_label(assessment_year, lang)}"
    return _figure([trace], height=380, xaxis={"range": [-2, 102], "ticksuffix": "%", "gridcolor": "#eee",
                                               "title": {"text": t("col_completion_pct", lang)}},
                   yaxis={**_score_axis(float(versus["total"].min()) if len(versus) else PASS_LINE),
                          "title": {"text": title}},
                   shapes=shapes, annotations=labels)

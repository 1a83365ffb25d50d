"""Plotly figures, built by pure functions from query results.

One colour per status everywhere (Okabe–Ito, readable with every common colour-vision
deficiency), Thai-capable fonts named in every layout, Buddhist-Era years in Thai and
Common-Era years in English.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ita.present.labels import division_label, status_label, t, year_label

STATUS_ORDER = ("done", "in_progress", "not_started", "unknown")
STATUS_COLORS = {
    "done": "#0072B2",  # blue
    "in_progress": "#E69F00",  # orange
    "not_started": "#CC79A7",  # reddish purple
    "unknown": "#999999",  # grey
}
TOOL_ORDER = {"IIT": 0, "EIT": 1, "OIT": 2}
FONT_FAMILY = "Sarabun, 'Noto Sans Thai', 'TH Sarabun New', Garuda, Tahoma, sans-serif"
# Completion shading of table cells: no status colour (those mean a status), and the least complete
# cells the most visible: 0 % dark slate, 100 % almost white, dark table text readable on all.
TABLE_SCALE = [[0.0, "#A9B4C2"], [0.5, "#D5DCE4"], [1.0, "#F6F8FA"]]
# Fiscal years in comparisons: a sequence of greens and greys, never a status colour, newest darkest.
YEAR_COLORS = ["#C9D7CF", "#9DB8A8", "#6F9A82", "#3F7A5C", "#1E5A3E", "#0B3B26"]


# The legend at the foot of the figure (container coordinates: below the axis title, whatever the
# plot's height), across the width; Plotly widens the bottom margin to hold it.
LEGEND = {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "xanchor": "left", "x": 0,
          "traceorder": "normal"}


def completion_colour(pct: float, scale: list | None = None) -> str:
    """The colour of a percentage on `scale` (TABLE_SCALE by default), for shading table cells."""
    scale = scale or TABLE_SCALE
    stops = [(position * 100, colour) for position, colour in scale]
    for (low, low_colour), (high, high_colour) in pairwise(stops):
        if pct <= high:
            share = 0 if high == low else (max(pct, low) - low) / (high - low)
            start = [int(low_colour[i : i + 2], 16) for i in (1, 3, 5)]
            end = [int(high_colour[i : i + 2], 16) for i in (1, 3, 5)]
            return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(start, end, strict=True))
    return scale[-1][1]


def _figure(traces: list[dict], *, height: int, **layout: Any) -> go.Figure:
    """A figure from plain dicts (`layout` holds axes and the like), with the fonts, margins and
    legend every chart shares."""
    # Plotly checks every property as it is set, which took a third of a page's drawing time at
    # national scale; tests/test_charts.py runs the checks on every figure built here instead.
    return go.Figure(
        {
            "data": traces,
            "layout": {
                "font": {"family": FONT_FAMILY, "size": 14},
                "height": height,
                "margin": {"l": 10, "r": 30, "t": 40, "b": 10},
                # The legend below everything, never at the top: Plotly's mode bar sits at the top right
                # and covered a legend there once a phone's width wrapped it.
                "legend": LEGEND,
                "plot_bgcolor": "white",
                "separators": ".,",
                "hoverlabel": {"font": {"family": FONT_FAMILY}},
                **layout,
            },
        },
        _validate=False,
    )


def _label(row: pd.Series, lang: str) -> str:
    name = row["name_en"] if lang == "en" and "name_en" in row and row["name_en"] else row["name"]
    tool = row.get("tool")
    return f"{tool} · {name}" if isinstance(tool, str) and tool else str(name)


def stacked_status_bars(frame: pd.DataFrame, labels: list[str], lang: str) -> go.Figure:
    """Horizontal bars of measure counts stacked by status, with 'x% (done/all)' at each end."""
    traces = [
        {
            "type": "bar",
            "y": labels,
            "x": frame[status].tolist(),
            "name": status_label(status, lang),
            "orientation": "h",
            "marker": {"color": STATUS_COLORS[status]},
            "hovertemplate": "%{y}<br>" + status_label(status, lang) + ": %{x}<extra></extra>",
        }
        for status in STATUS_ORDER
        if status in frame and frame[status].any()
    ]
    traces.append({
        "type": "scatter",
        "y": labels,
        "x": frame["measures"].tolist(),
        "mode": "text",
        "text": [f"  {p:.1f}% ({d}/{m})" for p, d, m in zip(frame["completion_pct"], frame["done"],
                                                               frame["measures"], strict=True)],
        "textposition": "middle right",
        "showlegend": False,
        "hoverinfo": "skip",
        "cliponaxis": False,
    })
    largest = int(frame["measures"].max()) if len(frame) else 1  # an empty scope still draws its axis
    # Each bar's name stands above it, from the left edge, and its 'x% (done/all)' in a right margin of
    # its own: beside the bars, long Thai names took half a phone's width and were cut off.
    names = [
        {"x": 0, "y": label, "xref": "x", "yref": "y", "text": label, "showarrow": False, "xanchor": "left",
         "yanchor": "bottom", "yshift": 11, "font": {"size": 13, "color": "#374151"}}
        for label in labels
    ]
    return _figure(
        traces,
        height=max(220, 62 * len(labels) + 90),
        margin={"l": 10, "r": 115, "t": 40, "b": 10},
        xaxis={"title": {"text": t("col_measures", lang)}, "range": [0, largest * 1.05], "gridcolor": "#eee",
               "dtick": _count_step(largest)},
        yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": labels, "showticklabels": False},
        annotations=names,
        bargap=0.55,
        barmode="stack",
    )


def _count_step(largest: int) -> int:
    """A whole-number tick step for a count axis (never 0.5 of a measure), about five ticks."""
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000):
        if largest / step <= 6:
            return step
    return 10 ** len(str(largest))


def completion_by_indicator_figure(by_indicator: pd.DataFrame, lang: str = "th") -> go.Figure:
    """Indicators grouped IIT, EIT, OIT, least complete first within each group."""
    frame = by_indicator.copy()
    frame["_tool"] = frame["tool"].map(TOOL_ORDER).fillna(9)
    frame = frame.sort_values(["_tool", "completion_pct", "name"]).reset_index(drop=True)
    labels = [_label(row, lang) for _, row in frame.iterrows()]
    return stacked_status_bars(frame, labels, lang)


def completion_by_division_figure(by_division: pd.DataFrame, lang: str = "th") -> go.Figure:
    frame = by_division.sort_values(["is_shared", "completion_pct", "name"]).reset_index(drop=True)
    labels = [division_label(str(name), bool(shared), lang) for name, shared in zip(frame["name"], frame["is_shared"],
                                                                                        strict=True)]
    return stacked_status_bars(frame, labels, lang)


def _trend_label_positions(values: list[float]) -> list[str]:
    """Where each point's percentage stands: above it, or below it when the line came down to it, so
    that neighbouring labels on a phone's narrow chart sit apart rather than on top of each other.
    The first reads rightwards and the last leftwards, so none is clipped at the plot's edge (centred,
    a phone cut the first and last percentages in half)."""
    positions = []
    for index, value in enumerate(values):
        fell = index > 0 and value is not None and values[index - 1] is not None and value < values[index - 1]
        side = "right" if index == 0 and len(values) > 1 else "left" if index == len(values) - 1 > 0 else "center"
        positions.append(f"{'bottom' if fell else 'top'} {side}")
    return positions


def trend_figure(by_year: pd.DataFrame, lang: str = "th") -> go.Figure:
    """Completion % per fiscal year; sample years drawn hollow and named in the legend."""
    frame = by_year.sort_values("fiscal_year")
    trace = {
        "type": "scatter",
        "x": [year_label(int(y), lang) for y in frame["fiscal_year"]],
        "y": frame["completion_pct"].tolist(),
        "mode": "lines+markers+text",
        "text": [f"{p:.1f}%" for p in frame["completion_pct"]],
        "textposition": _trend_label_positions(frame["completion_pct"].tolist()),
        "textfont": {"size": 12},
        "cliponaxis": False,
        "line": {"color": STATUS_COLORS["done"], "width": 3},
        "marker": {
            "size": 12,
            "color": ["white" if s else STATUS_COLORS["done"] for s in frame["is_sample"]],
            "line": {"color": STATUS_COLORS["done"], "width": 2},
        },
        "name": t("col_completion_pct", lang),
        "hovertemplate": "%{x}: %{y:.1f}%<extra></extra>",
    }
    traces = [trace]
    if frame["is_sample"].any():
        # The hollow marker says "sample year" only if the chart says so: a legend entry of its own,
        # a trace with no points drawn in the sample years' marker.
        trace["showlegend"] = True
        traces.append({
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "markers",
            "marker": {"size": 12, "color": "white", "line": {"color": STATUS_COLORS["done"], "width": 2}},
            "name": t("legend_sample_year", lang),
            "hoverinfo": "skip",
        })
    return _figure(
        traces,
        height=320,
        # Half a category of room at each end, so the first and last labels are not cut off.
        xaxis={"type": "category", "title": {"text": t("col_fiscal_year", lang)}, "range": [-0.5, len(frame) - 0.5]},
        yaxis={"range": [0, 109], "ticksuffix": "%", "gridcolor": "#eee",
               "title": {"text": t("col_completion_pct", lang)}},
    )


def compare_years_figure(by_item_year: pd.DataFrame, lang: str = "th", label_column: str = "name") -> go.Figure:
    """Grouped bars: completion % of each indicator (or division) in each selected year."""
    frame = by_item_year.copy()
    if lang == "en" and "name_en" in frame and label_column == "name":
        frame["_label"] = frame["name_en"]
    else:
        frame["_label"] = frame[label_column]
    years = sorted(frame["fiscal_year"].unique())
    palette = YEAR_COLORS[-len(years):] if len(years) <= len(YEAR_COLORS) else YEAR_COLORS
    traces = []
    for index, year in enumerate(years):
        part = frame[frame["fiscal_year"] == year]
        traces.append({
            "type": "bar",
            "y": part["_label"].tolist(),
            "x": part["completion_pct"].tolist(),
            "name": year_label(int(year), lang),
            "orientation": "h",
            "marker": {"color": palette[index % len(palette)]},
            "text": [f"{p:.0f}%" for p in part["completion_pct"]],
            "textposition": "outside",
            "cliponaxis": False,  # "100%" past the axis end stays readable in a narrow column
            "hovertemplate": "%{y}<br>%{x:.1f}%<extra>" + year_label(int(year), lang) + "</extra>",
        })
    labels = list(dict.fromkeys(frame["_label"]))
    # As in stacked_status_bars: each name above its group of bars, from the left edge; beside the
    # bars, long names took half a phone's width and squeezed the bars to slivers.
    group_px = 18 * len(years) + 16  # the height each name's bars get, before the room for the name
    bargap = 0.45
    drawn_px = (1 - bargap) * (group_px + 24)  # the height its bars are drawn at
    names = [
        {"x": 0, "y": label, "xref": "x", "yref": "y", "text": label, "showarrow": False, "xanchor": "left",
         "yanchor": "bottom", "yshift": int(drawn_px / 2) + 2, "font": {"size": 13, "color": "#374151"}}
        for label in labels
    ]
    return _figure(
        traces,
        height=max(260, len(labels) * (group_px + 24) + 90),
        margin={"l": 10, "r": 40, "t": 40, "b": 10},
        xaxis={"range": [0, 115], "ticksuffix": "%", "gridcolor": "#eee"},
        yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": labels, "showticklabels": False},
        annotations=names,
        bargap=bargap,
        barmode="group",
    )


def completion_histogram(ranking: pd.DataFrame, lang: str = "th") -> go.Figure:
    """How many organisations reach each band of completion (10-point bands, 85 % pass line marked)."""
    bands = list(range(0, 101, 10))
    counts = pd.cut(ranking["completion_pct"], bins=[-0.1, *bands[1:]], labels=bands[:-1]).value_counts(sort=False)
    trace = {
        "type": "bar",
        "x": [f"{b}–{b + 10}%" if b < 90 else "90–100%" for b in bands[:-1]],
        "y": counts.tolist(),
        "marker": {"color": [STATUS_COLORS["in_progress"] if b < 80 else STATUS_COLORS["done"] for b in bands[:-1]]},
        "text": [f"{count:,}" for count in counts],
        "textposition": "outside",
        "hovertemplate": "%{x}: %{y}<extra></extra>",
    }
    return _figure(
        [trace],
        height=320,
        xaxis={"title": {"text": t("col_completion_pct", lang)}, "type": "category"},
        yaxis={"title": {"text": t("organisations", lang)}, "gridcolor": "#eee"},
    )


def completion_by_type_figure(by_type: pd.DataFrame, lang: str = "th") -> go.Figure:
    frame = by_type.sort_values("completion_pct")
    trace = {
        "type": "bar",
        "y": frame["org_type"].tolist(),
        "x": frame["completion_pct"].tolist(),
        "orientation": "h",
        "marker": {"color": STATUS_COLORS["done"]},
        "text": [f"{p:.1f}% ({n:,})" for p, n in zip(frame["completion_pct"], frame["organisations"], strict=True)],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x:.1f}%<extra></extra>",
    }
    return _figure([trace], height=max(220, 44 * len(frame) + 80),
                   xaxis={"range": [0, 118], "ticksuffix": "%", "gridcolor": "#eee"})


def chart_config(file_name: str) -> dict:
    """Plotly modebar settings: a PNG download named after the chart, no Plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": file_name, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }

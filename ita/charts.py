"""Plotly figures, built by pure functions from query results.

One colour per status everywhere (Okabe–Ito, readable with every common colour-vision
deficiency), Thai-capable fonts named in every layout, Buddhist-Era years in Thai and
Common-Era years in English.
"""

from __future__ import annotations

from itertools import pairwise

import pandas as pd
import plotly.graph_objects as go

from ita.labels import status_label, t, year_label

STATUS_ORDER = ("done", "in_progress", "not_started", "unknown")
STATUS_COLORS = {
    "done": "#0072B2",  # blue
    "in_progress": "#E69F00",  # orange
    "not_started": "#CC79A7",  # reddish purple
    "unknown": "#999999",  # grey
}
TOOL_ORDER = {"IIT": 0, "EIT": 1, "OIT": 2}
FONT_FAMILY = "Sarabun, 'Noto Sans Thai', 'TH Sarabun New', Garuda, Tahoma, sans-serif"
# Sequential scale from the status colours: 0 % in progress-orange, 100 % done-blue.
COMPLETION_SCALE = [[0.0, "#FBEBD0"], [0.5, "#9CC5E3"], [1.0, STATUS_COLORS["done"]]]
# The same scale, lighter, behind dark table text.
TABLE_SCALE = [[0.0, "#FCE3BF"], [0.5, "#EEF1F4"], [1.0, "#CBE2F4"]]


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


def _layout(fig: go.Figure, *, height: int, lang: str) -> go.Figure:
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 14},
        height=height,
        margin={"l": 10, "r": 30, "t": 40, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "title": None,
                "traceorder": "normal"},
        plot_bgcolor="white",
        separators=".,",
        hoverlabel={"font_family": FONT_FAMILY},
    )
    return fig


def _label(row: pd.Series, lang: str) -> str:
    name = row["name_en"] if lang == "en" and "name_en" in row and row["name_en"] else row["name"]
    tool = row.get("tool")
    return f"{tool} · {name}" if isinstance(tool, str) and tool else str(name)


def stacked_status_bars(frame: pd.DataFrame, labels: list[str], lang: str) -> go.Figure:
    """Horizontal bars of measure counts stacked by status, with 'x% (done/all)' at each end."""
    fig = go.Figure()
    for status in STATUS_ORDER:
        if status not in frame or not frame[status].any():
            continue
        fig.add_bar(
            y=labels,
            x=frame[status],
            name=status_label(status, lang),
            orientation="h",
            marker_color=STATUS_COLORS[status],
            hovertemplate="%{y}<br>" + status_label(status, lang) + ": %{x}<extra></extra>",
        )
    fig.add_scatter(
        y=labels,
        x=frame["measures"],
        mode="text",
        text=[f"  {p:.1f}% ({d}/{m})" for p, d, m in zip(frame["completion_pct"], frame["done"], frame["measures"],
                                                             strict=True)],
        textposition="middle right",
        showlegend=False,
        hoverinfo="skip",
        cliponaxis=False,
    )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    fig.update_xaxes(title=t("col_measures", lang), range=[0, max(1, frame["measures"].max()) * 1.55],
                     gridcolor="#eee")
    return _layout(fig, height=max(220, 46 * len(labels) + 90), lang=lang)


def completion_by_indicator_figure(by_indicator: pd.DataFrame, lang: str = "th") -> go.Figure:
    """Indicators grouped IIT, EIT, OIT, least complete first within each group."""
    frame = by_indicator.copy()
    frame["_tool"] = frame["tool"].map(TOOL_ORDER).fillna(9)
    frame = frame.sort_values(["_tool", "completion_pct", "name"]).reset_index(drop=True)
    labels = [_label(row, lang) for _, row in frame.iterrows()]
    return stacked_status_bars(frame, labels, lang)


def completion_by_division_figure(by_division: pd.DataFrame, lang: str = "th") -> go.Figure:
    frame = by_division.sort_values(["is_shared", "completion_pct", "name"]).reset_index(drop=True)
    labels = [
        t("shared_division", lang) if row["is_shared"] and lang == "en" else str(row["name"])
        for _, row in frame.iterrows()
    ]
    return stacked_status_bars(frame, labels, lang)


def indicator_division_heatmap(grid: pd.DataFrame, indicator_names: dict[str, str], lang: str = "th") -> go.Figure:
    """Completion % of each indicator × division pair, with done/all written in each cell."""
    pivot_pct = grid.pivot_table(index="indicator", columns="division", values="completion_pct", aggfunc="first")
    pivot_done = grid.pivot_table(index="indicator", columns="division", values="done", aggfunc="first")
    pivot_all = grid.pivot_table(index="indicator", columns="division", values="measures", aggfunc="first")
    order = grid.drop_duplicates("indicator").sort_values(["indicator_no", "indicator"])["indicator"].tolist()
    pivot_pct, pivot_done, pivot_all = (p.reindex(order) for p in (pivot_pct, pivot_done, pivot_all))
    text = [
        ["" if pd.isna(m) else f"{int(d)}/{int(m)}" for d, m in zip(drow, mrow, strict=True)]
        for drow, mrow in zip(pivot_done.values, pivot_all.values, strict=True)
    ]
    columns = [t("shared_division", lang) if c == "ทุกสำนัก/กอง" and lang == "en" else c for c in pivot_pct.columns]
    rows = [indicator_names.get(i, i) if lang == "en" else i for i in pivot_pct.index]
    fig = go.Figure(
        go.Heatmap(
            z=pivot_pct.values,
            x=columns,
            y=rows,
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=100,
            colorscale=COMPLETION_SCALE,
            colorbar={"title": "%", "ticksuffix": "%"},
            hovertemplate="%{y} × %{x}<br>%{z:.1f}% (%{text})<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, height=max(260, 44 * len(rows) + 120), lang=lang)


def trend_figure(by_year: pd.DataFrame, lang: str = "th") -> go.Figure:
    """Completion % per fiscal year; sample years drawn hollow and named in the legend."""
    frame = by_year.sort_values("fiscal_year")
    years = [year_label(int(y), lang) for y in frame["fiscal_year"]]
    fig = go.Figure()
    fig.add_scatter(
        x=years,
        y=frame["completion_pct"],
        mode="lines+markers+text",
        text=[f"{p:.1f}%" for p in frame["completion_pct"]],
        textposition="top center",
        line={"color": STATUS_COLORS["done"], "width": 3},
        marker={
            "size": 12,
            "color": ["white" if s else STATUS_COLORS["done"] for s in frame["is_sample"]],
            "line": {"color": STATUS_COLORS["done"], "width": 2},
        },
        name=t("col_completion_pct", lang),
        hovertemplate="%{x}: %{y:.1f}%<extra></extra>",
    )
    fig.update_yaxes(range=[0, 109], ticksuffix="%", gridcolor="#eee", title=t("col_completion_pct", lang))
    fig.update_xaxes(type="category", title=t("col_fiscal_year", lang))
    return _layout(fig, height=320, lang=lang)


def compare_years_figure(by_item_year: pd.DataFrame, lang: str = "th", label_column: str = "name") -> go.Figure:
    """Grouped bars: completion % of each indicator (or division) in each selected year."""
    frame = by_item_year.copy()
    if lang == "en" and "name_en" in frame and label_column == "name":
        frame["_label"] = frame["name_en"]
    else:
        frame["_label"] = frame[label_column]
    years = sorted(frame["fiscal_year"].unique())
    palette = ["#56B4E9", "#0072B2", "#009E73", "#E69F00", "#CC79A7", "#D55E00"]
    fig = go.Figure()
    for index, year in enumerate(years):
        part = frame[frame["fiscal_year"] == year]
        fig.add_bar(
            y=part["_label"],
            x=part["completion_pct"],
            name=year_label(int(year), lang),
            orientation="h",
            marker_color=palette[index % len(palette)],
            text=[f"{p:.0f}%" for p in part["completion_pct"]],
            textposition="outside",
            hovertemplate="%{y}<br>%{x:.1f}%<extra>" + year_label(int(year), lang) + "</extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(range=[0, 115], ticksuffix="%", gridcolor="#eee")
    fig.update_yaxes(autorange="reversed")
    count = frame["_label"].nunique()
    return _layout(fig, height=max(260, count * (18 * len(years) + 16) + 90), lang=lang)


def completion_histogram(ranking: pd.DataFrame, lang: str = "th") -> go.Figure:
    """How many organisations reach each band of completion (10-point bands, 85 % pass line marked)."""
    bands = list(range(0, 101, 10))
    counts = pd.cut(ranking["completion_pct"], bins=[-0.1, *bands[1:]], labels=bands[:-1]).value_counts(sort=False)
    labels = [f"{b}–{b + 10}%" if b < 90 else "90–100%" for b in bands[:-1]]
    colours = [STATUS_COLORS["in_progress"] if b < 80 else STATUS_COLORS["done"] for b in bands[:-1]]
    fig = go.Figure(go.Bar(x=labels, y=counts.values, marker_color=colours, text=counts.values,
                           textposition="outside", hovertemplate="%{x}: %{y}<extra></extra>"))
    fig.update_xaxes(title=t("col_completion_pct", lang), type="category")
    fig.update_yaxes(title=t("organisations", lang), gridcolor="#eee")
    return _layout(fig, height=320, lang=lang)


def completion_by_type_figure(by_type: pd.DataFrame, lang: str = "th") -> go.Figure:
    frame = by_type.sort_values("completion_pct")
    fig = go.Figure(go.Bar(
        y=frame["org_type"], x=frame["completion_pct"], orientation="h", marker_color=STATUS_COLORS["done"],
        text=[f"{p:.1f}% ({n:,})" for p, n in zip(frame["completion_pct"], frame["organisations"], strict=True)],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
    ))
    fig.update_xaxes(range=[0, 118], ticksuffix="%", gridcolor="#eee")
    return _layout(fig, height=max(220, 44 * len(frame) + 80), lang=lang)


def chart_config(file_name: str) -> dict:
    """Plotly modebar settings: a PNG download named after the chart, no Plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": file_name, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }

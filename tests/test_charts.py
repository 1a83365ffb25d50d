"""Every figure the dashboard draws is a valid Plotly figure.

charts.py builds figures without Plotly's property checks (they cost a third of a page's
drawing time), so this test runs the checks instead, on figures built from the demo store in
both languages.
"""

import json

import plotly.graph_objects as go
import pytest

from ita.analytics import metrics
from ita.analytics.filters import Filters
from ita.present import charts, labels
from ita.store.reader import StoreReader


@pytest.fixture(scope="module")
def figures(demo_store_master):
    reader = StoreReader(demo_store_master)
    view = Filters(years=(2564, 2565, 2566))
    params = view.params()
    built = []
    for lang in ("th", "en"):
        built += [
            charts.completion_by_indicator_figure(metrics.by_indicator(reader, view), lang),
            charts.completion_by_division_figure(metrics.by_division(reader, view), lang),
            charts.trend_figure(reader.query("by_year", **params), lang),
            charts.compare_years_figure(reader.query("by_indicator_year", **params), lang),
            charts.compare_years_figure(reader.query("by_division_year", **params), lang),
            charts.completion_histogram(reader.query("org_ranking", **params, previous_year=2563), lang),
            charts.completion_by_type_figure(reader.query("by_org_type", **params), lang),
        ]
    return built


def test_every_figure_passes_plotlys_checks(figures):
    for figure in figures:
        assert figure.data, figure.layout.title
        checked = go.Figure(figure.to_dict())  # raises ValueError on any invalid property
        assert json.loads(checked.to_json()) == json.loads(figure.to_json())  # and keeps every property


def test_an_invalid_property_would_be_caught():
    bar = {"type": "bar", "x": [1], "y": [1], "marker": {"color": "not a colour"}}
    figure = charts._figure([bar], height=200)  # accepted here, unchecked
    with pytest.raises(ValueError):
        go.Figure(figure.to_dict())


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_trend_names_its_hollow_sample_markers_in_the_legend(demo_store_master, lang):
    by_year = StoreReader(demo_store_master).query("by_year", **Filters().params())
    assert by_year["is_sample"].any() and not by_year["is_sample"].all()
    figure = charts.trend_figure(by_year, lang)
    named = {trace.name: trace for trace in figure.data if trace.showlegend is not False}
    key = labels.t("legend_sample_year", lang)
    assert key in named and named[key].marker.color == "white"  # hollow, as the sample years are drawn
    line = figure.data[0]
    hollow = [year for year, colour in zip(line.x, line.marker.color, strict=True) if colour == "white"]
    assert hollow == [labels.year_label(int(y), lang) for y in by_year.loc[by_year["is_sample"], "fiscal_year"]]
    # A store of real reports only has no such entry.
    real = charts.trend_figure(by_year[~by_year["is_sample"]], lang)
    assert [trace.name for trace in real.data] == [labels.t("col_completion_pct", lang)]


def test_legends_stand_below_the_plot_where_the_mode_bar_cannot_cover_them(figures):
    for figure in figures:
        legend = figure.layout.legend
        assert legend.yref == "container" and legend.yanchor == "bottom" and legend.y == 0


def test_trend_labels_stand_below_a_point_the_line_came_down_to():
    """Neighbouring percentages sit apart on a narrow chart: a fall puts the label under its point,
    and the end labels read inwards so the plot's edges never cut them."""
    assert charts._trend_label_positions([92.6, 72.7, 95.2, 88.9]) == [
        "top right", "bottom center", "top center", "bottom left"]
    assert charts._trend_label_positions([80.0]) == ["top center"]
    assert charts._trend_label_positions([50.0, float("nan"), 60.0]) == ["top right", "top center", "top left"]

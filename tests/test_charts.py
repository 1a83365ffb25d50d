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
from ita.present import charts
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

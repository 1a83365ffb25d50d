"""A page's chart reaches Streamlit as the same spec, its dict made once per figure (ita.ui.components.chart)."""

import importlib

import plotly.graph_objects as go
import plotly.io as pio
from plotly.tools import return_figure_from_figure_or_data

from ita.analytics.filters import Filters
from ita.present import charts
from ita.ui import components
from ita.ui.shown import shown

source = importlib.import_module("ita.ui.source")  # ita.ui's `source` is a function of that name


def _spec(figure: go.Figure) -> str:
    """What st.plotly_chart sends for `figure` (streamlit/elements/plotly_chart.py)."""
    return pio.to_json(return_figure_from_figure_or_data(figure, validate_figure=True), validate=False)


def test_a_drawn_figure_sends_the_same_spec_and_keeps_its_dict():
    figure = charts._figure([{"type": "bar", "x": [1, 2], "y": ["ก", "ข"], "orientation": "h"}], height=321,
                            xaxis={"range": [0, 100]})
    drawn = components.drawable(figure)
    assert components.drawable(drawn) is drawn
    assert isinstance(drawn, go.Figure) and drawn is not figure
    assert _spec(drawn) == _spec(figure)
    assert drawn.to_dict()["layout"]["height"] == 321  # what Streamlit sizes the chart by
    # Sending it twice leaves the kept dict as it was.
    kept = drawn.to_dict()
    _spec(drawn)
    assert drawn.to_dict() is kept and _spec(drawn) == _spec(figure)
    assert "1 traces" in repr(drawn)


def test_the_views_sessions_share_keep_charts_as_their_dicts(demo_store):
    """A kept view holds what is drawn, not a Plotly figure beside it (memory of a busy server)."""
    cached = source.CachedSource(demo_store)
    try:
        overview = shown(cached, "overview", Filters(), "th")
        figures = [v for v in overview.values() if isinstance(v, go.Figure)]
        assert len(figures) == 2 and all(type(f) is components._Drawn for f in figures)
        again = shown(cached, "overview", Filters(), "th")
        assert again["by_indicator"] is overview["by_indicator"]  # from the cache, drawn as it is
        expected = charts.completion_by_indicator_figure(overview["view"].by_indicator, "th")
        assert _spec(overview["by_indicator"]) == _spec(expected)
    finally:
        source.RESULTS.clear()

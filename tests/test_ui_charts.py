"""A page's chart reaches Streamlit as the same spec, its dict made once per figure (ita.ui.components.chart)."""

import plotly.graph_objects as go
import plotly.io as pio
from plotly.tools import return_figure_from_figure_or_data

from ita.present import charts
from ita.ui import components


def _spec(figure: go.Figure) -> str:
    """What st.plotly_chart sends for `figure` (streamlit/elements/plotly_chart.py)."""
    return pio.to_json(return_figure_from_figure_or_data(figure, validate_figure=True), validate=False)


def test_a_drawn_figure_sends_the_same_spec_and_is_made_once():
    figure = charts._figure([{"type": "bar", "x": [1, 2], "y": ["ก", "ข"], "orientation": "h"}], height=321,
                            xaxis={"range": [0, 100]})
    drawn = components._drawable(figure)
    assert components._drawable(figure) is drawn and components._drawable(drawn) is drawn
    assert isinstance(drawn, go.Figure) and drawn is not figure
    assert _spec(drawn) == _spec(figure)
    assert drawn.to_dict()["layout"]["height"] == 321  # what Streamlit sizes the chart by
    # Sending it twice leaves the kept dict as it was.
    kept = drawn.to_dict()
    _spec(drawn)
    assert drawn.to_dict() is kept and _spec(drawn) == _spec(figure)

"""Tables a page keeps across runs as Arrow tables reach the browser exactly as the frames would."""

from __future__ import annotations

import pandas as pd
from streamlit import dataframe_util

from ita import ui


def test_a_kept_arrow_table_sends_the_same_bytes_as_its_frame():
    frame = pd.DataFrame({
        "indicator": ["การเปิดเผยข้อมูล", "การใช้อำนาจ", None],
        "status": [["done"], ["in_progress"], ["not_started"]],
        "source_line": [3, 17, 40],
        "completion_pct": [91.3, None, 0.0],
    }, index=[4, 9, 12])  # a filtered frame: its index is not a range
    for shown in (frame, frame.reset_index(drop=True), frame.set_index("indicator")):
        assert dataframe_util.convert_arrow_table_to_arrow_bytes(ui.arrow_table(shown)) == \
            dataframe_util.convert_pandas_df_to_arrow_bytes(shown)

"""Static twin of pages/scores.py: its elements, captured by bench/pages.py, drawn with constant data."""

import sys
from pathlib import Path

# bench/ on the path and the module imported as twins.twin: the one bench/pages.py loads, so that
# it can drop a spec this process loaded before (a run of both scales captures each page twice).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from twins.twin import render

render("scores")

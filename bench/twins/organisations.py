"""Static twin of pages/organisations.py: its elements, captured by bench/pages.py, drawn with constant data."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from twin import render

render("organisations")

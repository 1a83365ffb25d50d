"""Static twin of pages/compare_years.py: its elements, captured by bench/pages.py, drawn with constant data."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from twin import render

render("compare_years")

"""Where the project's files are: one place, so moving a module never breaks a path."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = REPO_ROOT / "queries"
DATA_DIR = REPO_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
FONT_DIR = REPO_ROOT / "static" / "fonts"

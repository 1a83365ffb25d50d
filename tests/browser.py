"""Helpers for the real-browser tests: start the app on a free port, drive Debian's chromium."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import app_server  # bench/: the same launcher the load benchmark uses

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextlib.contextmanager
def running_app(store: Path, env: dict | None = None):
    """The app served on 127.0.0.1 against `store`; yields its base URL."""
    with tempfile.TemporaryFile() as log, app_server.running_app(store, log, env=env) as (url, _process):
        yield url


@contextlib.contextmanager
def browser_page(width: int = 1500, height: int = 1400):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, locale="th-TH")
            page.set_default_timeout(30_000)
            yield page
        finally:
            browser.close()


# Streamlit is done with a run when its "running" widget is gone and no element is left stale
# (data-stale marks what the previous run drew and this one has not yet redrawn).
IDLE = ("!document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-stale=\"true\"]')")


def wait_for_idle(page) -> None:
    """Until the app has finished its current run."""
    page.wait_for_function(IDLE)


def wait_for_app(page, plots: int = 0, metrics: bool = True) -> None:
    """Until the page shows its numbers (and `plots` charts have drawn) and its run has finished."""
    page.wait_for_selector('[data-testid="stMetricValue"]' if metrics else '[data-testid="stAlert"]')
    if plots:
        page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {plots}")
    wait_for_idle(page)


def grid_column(grid, column: str) -> int:
    """The position (aria-colindex) of the column headed `column` in a data grid (st.dataframe,
    st.data_editor), read from the accessible table the grid keeps beside its canvas; that table is
    visually hidden, hence include_hidden."""
    header = grid.get_by_role("columnheader", name=column, exact=True, include_hidden=True)
    return int(header.get_attribute("aria-colindex"))


def grid_cell(grid, column: str, row: int = 0):
    """The accessible cell of a data grid in the column headed `column`, `row` rows below the header."""
    index = grid_column(grid, column)
    return grid.locator(f'tr[aria-rowindex="{row + 2}"] td[role="gridcell"][aria-colindex="{index}"]')


def metric_values(page) -> dict[str, str]:
    # Label and value read inside each card: a card drawn with its label but not yet its value is waited
    # for, not paired with the next card's value.
    cards = page.locator('[data-testid="stMetric"]')
    return {
        card.locator('[data-testid="stMetricLabel"]').inner_text().strip():
            card.locator('[data-testid="stMetricValue"]').inner_text().strip()
        for card in cards.all()
    }

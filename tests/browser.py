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


def wait_for_app(page, plots: int = 0, metrics: bool = True) -> None:
    """Until the page shows its numbers (and `plots` charts have drawn)."""
    page.wait_for_selector('[data-testid="stMetricValue"]' if metrics else '[data-testid="stAlert"]')
    if plots:
        page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {plots}")
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')")
    page.wait_for_timeout(500)


def metric_values(page) -> dict[str, str]:
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    return {label.strip(): value.strip() for label, value in zip(labels, values, strict=True)}

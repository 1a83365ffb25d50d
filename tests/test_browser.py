"""The main flows in a real browser: headless Debian chromium driven by Playwright.

The app runs in its own process against a demo store in a temp folder. Set ITA_SCREENSHOTS=1
to write the README's screenshots into docs/screenshots/.
"""

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from playwright.sync_api import expect

from ita.analytics import metrics, views
from ita.analytics.filters import Filters
from ita.store.reader import StoreReader

import seed_oracle as oracle
from browser import CHROMIUM, browser_page, metric_values, running_app, wait_for_app, wait_for_idle
from conftest import REPO

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():  # pragma: no cover - .ci/run installs it; say so rather than skip silently
    pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (see .ci/run)", pytrace=False)


@pytest.fixture(scope="module")
def app_url(demo_store_master, tmp_path_factory):
    store = tmp_path_factory.mktemp("browser") / "ita.duckdb"
    shutil.copyfile(demo_store_master, store)
    with running_app(store) as url:
        yield url


def screenshot_dir(tmp_path: Path) -> Path:
    return REPO / "docs" / "screenshots" if os.environ.get("ITA_SCREENSHOTS") else tmp_path


def test_overview_numbers_fonts_and_a_screenshot(app_url, tmp_path):
    with browser_page(height=1800) as page:
        page.goto(f"{app_url}/?year={oracle.FISCAL_YEAR}")
        wait_for_app(page, plots=2)
        values = metric_values(page)
        assert values["จำนวนมาตรการ"] == str(oracle.MEASURES)
        completion = [value for label, value in values.items() if label.startswith("ร้อยละความสำเร็จ")]
        assert completion == [f"{oracle.COMPLETION}%"]
        # The app's own Thai font is loaded and covers the Thai text on screen.
        assert page.evaluate("document.fonts.check('16px Sarabun', 'ภาพรวมมาตรการ')")
        assert page.evaluate("[...document.fonts].some(f => f.family.includes('Sarabun') && f.status === 'loaded')")
        folder = screenshot_dir(tmp_path)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / "overview.png"))
        assert (folder / "overview.png").stat().st_size > 50_000


def test_each_page_opens_from_the_menu(app_url):
    titles = ["รายตัวชี้วัด", "รายสำนัก/กอง", "เปรียบเทียบปีงบประมาณ", "รายการที่ยังไม่แล้วเสร็จ", "ภาพรวม"]
    menu = [*titles[-1:], *titles[:-1], "เปรียบเทียบหน่วยงาน", "คะแนน ITA", "จัดการข้อมูล"]
    # without a chosen indicator or division those pages show their overview tables, not KPI cards
    with_metrics = {"รายตัวชี้วัด": False, "รายสำนัก/กอง": False, "เปรียบเทียบปีงบประมาณ": False}
    with browser_page(width=1440) as page:
        page.goto(app_url)
        wait_for_app(page)
        nav = page.locator('[data-testid="stSidebarNav"]')
        # exactly our menu, every page in it visible at 1440 px (nothing folded under "more"), in Thai only
        links = nav.get_by_role("link")
        # a link's text is its icon's ligature name, then its title
        assert [text.split("\n")[-1] for text in links.all_inner_texts()] == menu
        for link in links.all():
            box = link.bounding_box()
            assert box and box["height"] > 0 and box["y"] + box["height"] <= 1400
        for title in titles:
            nav.get_by_role("link", name=title).click()
            page.wait_for_selector(f"h1:has-text('{title}')")
            wait_for_app(page, metrics=with_metrics.get(title, True))
            assert not page.locator('[data-testid="stException"]').count()
            # the current page is the one the menu marks
            assert nav.locator('a[aria-current="page"]').inner_text().split("\n")[-1] == title


def test_a_filter_change_and_the_shared_link_it_makes(app_url):
    with browser_page() as page:
        page.goto(f"{app_url}/?year={oracle.FISCAL_YEAR}")
        wait_for_app(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="สำนัก/กอง").click()
        page.get_by_role("option", name="สำนักปลัด").click()
        page.keyboard.press("Escape")
        own, open_items = oracle.BY_DIVISION["สำนักปลัด"]
        measures = page.get_by_test_id("stMetric").filter(has_text="จำนวนมาตรการ").get_by_test_id("stMetricValue")
        expect(measures).to_have_text(str(own))  # the rerun with the division filter has drawn
        wait_for_idle(page)
        assert metric_values(page)["ระหว่างดำเนินการ"] == str(open_items)
        page.wait_for_function("location.search.includes('division=')")
        link = page.url
        assert parse_qs(urlparse(link).query)["division"] == ["สำนักปลัด"]

    with browser_page() as page:  # someone else opens the link
        page.goto(link)
        wait_for_app(page)
        assert metric_values(page)["จำนวนมาตรการ"] == str(own)


def test_a_deep_link_to_a_page_on_a_freshly_started_app(demo_store):
    with running_app(demo_store) as url, browser_page() as page:
        page.goto(f"{url}/divisions?year=2566&division=กองคลัง")
        page.wait_for_selector("h1:has-text('รายสำนัก/กอง')")
        wait_for_app(page)
        assert not page.get_by_text("Page not found").count()
        expected = metrics.totals(StoreReader(demo_store), Filters(years=(2566,), divisions=("กองคลัง",)))
        # Awaited by its label, as on the overview below: a freshly started app's first run may still be
        # drawing the link's page when the previous run's cards are idle (a read of every card once missed it).
        label = page.get_by_test_id("stMetricLabel").get_by_text("จำนวนมาตรการ", exact=True)
        measures = page.get_by_test_id("stMetric").filter(has=label).get_by_test_id("stMetricValue")
        expect(measures).to_have_text(str(expected["measures"]))


def test_the_overview_answers_at_its_own_path_too(app_url):
    # Streamlit serves the default page at the root only; /overview must not say "page not found".
    with browser_page() as page:
        page.goto(f"{app_url}/overview?year={oracle.FISCAL_YEAR}&lang=en")
        page.wait_for_selector("h1:has-text('Overview')")
        wait_for_app(page)
        # The card is awaited by its English label: the run in the link's language may still be drawing.
        measures = page.get_by_test_id("stMetric").filter(has_text="Measures").get_by_test_id("stMetricValue")
        expect(measures).to_have_text(str(oracle.MEASURES))
        assert not page.get_by_text("Page not found").count()


# A wait, not a timing: the first pages of a freshly started app on a busy machine took longer than the
# helpers' 30 s to draw.
SLOW_START = 120_000

# Each Plotly chart's boxes on screen: its mode bar (None when hidden), legend, svg, and every text it draws
# (tick labels, axis titles, bar names and values, legend entries).
CHART_BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
    const box = e => {
        if (!e) return null;
        const style = getComputedStyle(e), r = e.getBoundingClientRect();
        return style.display === 'none' || style.visibility === 'hidden' || r.width === 0 ? null
            : {left: r.left, top: r.top, right: r.right, bottom: r.bottom, text: e.textContent};
    };
    const container = plot.querySelector('.modebar-container');
    const barShown = container && getComputedStyle(container).display !== 'none';
    return {
        modebar: barShown ? box(plot.querySelector('.modebar')) : null,
        legend: box(plot.querySelector('.legend')),
        svg: box(plot.querySelector('.main-svg')),
        texts: [...plot.querySelectorAll('.xtick text, .ytick text, .g-xtitle text, .g-ytitle text, '
                                       + '.annotation-text, .textpoint text, .bartext, .legendtext')]
            .map(box).filter(b => b && b.text.trim()),
    };
})"""


def _overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _inside(inner: dict, outer: dict, slack: float = 1.0) -> bool:
    return (inner["left"] >= outer["left"] - slack and inner["right"] <= outer["right"] + slack
            and inner["top"] >= outer["top"] - slack and inner["bottom"] <= outer["bottom"] + slack)


@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize(("path", "plots", "cards"), [(f"/?year={oracle.FISCAL_YEAR}", 2, True),
                                                      ("/compare_years?", 3, False)])
def test_charts_keep_mode_bar_legend_and_labels_apart_on_a_phone_and_a_desktop(app_url, path, plots, cards, lang,
                                                                               width):
    with browser_page(width=width, height=3200 if width < 600 else 1400) as page:
        page.set_default_timeout(SLOW_START)
        page.goto(f"{app_url}{path}&lang={lang}")
        wait_for_app(page, plots=plots, metrics=cards)
        # every chart drawn to its legend (a plot has two .main-svg layers, so wait_for_app's count can be early)
        page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .legend').length >= {plots}")
        charts = page.evaluate(CHART_BOXES)
        assert len(charts) == plots
        for chart in charts:
            assert chart["legend"] and chart["texts"], chart
            if width < 600:
                assert chart["modebar"] is None  # hidden on a phone: it covered the legend there
            elif chart["modebar"]:
                assert not _overlap(chart["modebar"], chart["legend"]), chart
            outside = [t["text"] for t in chart["texts"] if not _inside(t, chart["svg"])]
            assert outside == [], outside
            assert chart["svg"]["right"] <= width  # and the chart itself fits the screen


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_grid_on_a_phone_lists_every_incomplete_cell_within_the_screen(app_url, demo_store_master, lang):
    from ita.analytics import views
    from ita.present import tables

    view = views.overview(StoreReader(demo_store_master), Filters(years=(oracle.FISCAL_YEAR,)))
    least, _complete = tables.grid_least_complete(view.grid, view.indicator_names, lang)
    assert least  # the seed has open cells
    for width in (390, 1440):
        with browser_page(width=width, height=3200 if width < 600 else 1400) as page:
            page.set_default_timeout(SLOW_START)
            page.goto(f"{app_url}/?year={oracle.FISCAL_YEAR}&lang={lang}")
            wait_for_app(page, plots=2)
            items = page.locator(".st-key-ov_grid-list-only li")
            table = page.locator(".st-key-ov_grid-wide-only [data-testid='stDataFrame']")
            if width > 600:
                expect(table).to_be_visible()
                expect(items.first).to_be_hidden()
                continue
            expect(items.first).to_be_visible()
            expect(table).to_be_hidden()
            assert items.count() == len(least)
            for item, cell in zip(items.all(), least, strict=True):
                box = item.bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, item.inner_text()
                text = item.inner_text()
                assert text.startswith(f"{cell.pct:.0f}%") and f"({cell.done}/{cell.measures})" in text


def test_the_open_items_downloads_hold_what_the_page_counts(app_url, demo_store_master, tmp_path):
    """Over two years: the PDF is the open-items list (not the executive summary of one year) and the
    CSV holds one row per open measure, the number on the page."""
    years = (2566, 2567)
    expected = views.open_items(StoreReader(demo_store_master), Filters(years=years), None, date.today())
    with browser_page(height=2400) as page:
        page.goto(f"{app_url}/in_progress?year={years[0]}&year={years[1]}")
        wait_for_app(page)
        shown = metric_values(page)["มาตรการที่ยังไม่แล้วเสร็จ"]
        assert shown == f"{expected.totals['measures']:,}"
        with page.expect_download() as pdf_download:
            page.get_by_role("button", name="PDF รายการที่ยังไม่แล้วเสร็จ").click()
        pdf = tmp_path / "open.pdf"
        pdf_download.value.save_as(pdf)
        assert f"_{years[0]}-{years[1]}_" in pdf_download.value.suggested_filename
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        assert "รายการที่ยังไม่แล้วเสร็จ" in text and "รายงานสรุปผล" not in text
        assert f"ปีงบประมาณ {years[0]}, {years[1]}" in text
        with page.expect_download() as csv_download:
            page.locator(".st-key-open_downloads").get_by_role("button", name="CSV").click()
        rows = pd.read_csv(csv_download.value.path(), encoding="utf-8-sig")
        assert len(rows) == expected.totals["measures"]

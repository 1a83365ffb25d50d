"""The main flows in a real browser: headless Debian chromium driven by Playwright.

The app runs in its own process against a demo store in a temp folder. Set ITA_SCREENSHOTS=1
to write the README's screenshots into docs/screenshots/.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from ita.analytics import metrics
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
    menu = [*titles[-1:], *titles[:-1], "เปรียบเทียบหน่วยงาน", "จัดการข้อมูล"]
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
        assert metric_values(page)["จำนวนมาตรการ"] == str(expected["measures"])


def test_the_overview_answers_at_its_own_path_too(app_url):
    # Streamlit serves the default page at the root only; /overview must not say "page not found".
    with browser_page() as page:
        page.goto(f"{app_url}/overview?year={oracle.FISCAL_YEAR}&lang=en")
        page.wait_for_selector("h1:has-text('Overview')")
        wait_for_app(page)
        assert metric_values(page)["Measures"] == str(oracle.MEASURES)
        assert not page.get_by_text("Page not found").count()

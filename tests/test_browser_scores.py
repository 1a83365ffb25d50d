"""The scores page in a real browser (headless Debian chromium): the last assessment's card, the
instrument that capped its rating, and the trend chart drawn, in Thai at 1440 px and English at 390 px."""

import shutil
from pathlib import Path

import pytest

from ita.analytics.ratings import rules
from ita.store.scores import import_scores

from browser import CHROMIUM, browser_page, metric_values, running_app, wait_for_app

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():  # pragma: no cover - make test installs it
    pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (see Makefile)", pytrace=False)

ORG = "เทศบาลตำบลหนองจอก"
# 2566 is rated by the named levels: a total of 88.00 with EIT at 82.10 passes (total >= 85) but one
# instrument below 85 keeps it at ผ่าน, not ผ่านดี; 2565 is rated by the letter bands (87.50 -> A).
SCORES = (
    "organisation,year,total,iit,eit,oit\n"
    f"{ORG},2565,87.50,90.00,86.00,87.00\n"
    f"{ORG},2566,88.00,90.00,82.10,91.00\n"
)


@pytest.fixture(scope="module")
def scores_url(demo_store_master, tmp_path_factory):
    store = tmp_path_factory.mktemp("browser_scores") / "ita.duckdb"
    shutil.copyfile(demo_store_master, store)
    import_scores(store, "scores.csv", SCORES.encode("utf-8"), rules())
    with running_app(store) as url:
        yield url


@pytest.mark.parametrize(("lang", "width", "capped"), [
    ("th", 1440, "EIT 82.1 ทำให้ผลการประเมินอยู่ที่ระดับ ผ่าน"),
    ("en", 390, "EIT 82.1 keeps the rating at"),
])
def test_the_scores_page_shows_the_last_assessment_and_what_capped_it(scores_url, lang, width, capped):
    with browser_page(width=width, height=1800) as page:
        page.goto(f"{scores_url}/scores?year=2566" + ("&lang=en" if lang == "en" else ""))
        wait_for_app(page, plots=2)
        values = metric_values(page)
        assert any(value == "88.00" for value in values.values()), values
        assert capped in page.locator('[data-testid="stAlert"]').all_inner_texts()[-1]
        # The year join is said of the year the sidebar chose, not of the latest year stored.
        rule = ("มาตรการปีงบประมาณ 2566 วางแผนจากผลการประเมิน ITA 2565" if lang == "th"
                else "The measures of FY2023 were planned from the result of ITA 2022")
        captions = page.locator('[data-testid="stCaptionContainer"]').all_inner_texts()
        assert any(rule in caption for caption in captions), captions
        # Years as the language writes them: B.E. in Thai, C.E. in English, on the trend's axis.
        axis = page.eval_on_selector_all(".js-plotly-plot .xtick text", "texts => texts.map(t => t.textContent)")
        assert ("2566" if lang == "th" else "2023") in axis, axis

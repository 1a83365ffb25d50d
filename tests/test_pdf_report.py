"""The PDF executive summary: it renders, says the right things, and shows report text as text.

The PDF is read back with poppler (`pdftoppm` for pages, `pdftotext -layout` for text). Thai text
read back is compared on its letters in order, without whitespace and without the marks above and
below the line, because the page is right but its text layer is not exactly the report's:
- pdftotext puts a mark the font raises or lowers (GPOS, drawn with PDF text rise) on a line of its
  own, after the next letter: "ผู้รับ" comes out "ผู้รบ\\nั";
- WeasyPrint maps a glyph to the first text it drew it for, and ำ is drawn as ํ + า, so า and ำ may
  come out as each other ("ดาเนินการ", "มำตรกำร").
"""

import os
import re
import shutil
import subprocess
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from ita.analytics.filters import Filters
from ita.present.labels import t
from ita.present.labels import t as label
from ita.present.pdf_report import summary_html, summary_pdf
from ita.store.imports import ingest_paths
from ita.store.reader import StoreReader

import seed_oracle as oracle
from conftest import REPO, SEED

ORG = "เทศบาลตำบลหนองจอก"
GENERATED = datetime(2025, 1, 2, 9, 30)

for tool in ("pdftoppm", "pdftotext"):
    if shutil.which(tool) is None:  # pragma: no cover - .ci/run installs poppler-utils; say so rather than skip
        pytest.fail(f"{tool} is missing: apt-get install poppler-utils (see .ci/run)", pytrace=False)


def letters(text: str) -> str:
    """Text as compared with pdftotext output: NFKC (ำ to ํา), then no whitespace and no Thai marks (ํ included)."""
    return re.sub(r"[\s\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", "", unicodedata.normalize("NFKC", text))


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def render_pages(pdf: bytes, tmp_path: Path) -> list[Path]:
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(path), str(tmp_path / "page")], check=True)
    return sorted(tmp_path.glob("page-*.png"))


@pytest.fixture
def seed_open_actions(seed_store) -> list[str]:
    measures = StoreReader(seed_store).query("measures_list", **Filters(years=(2564,)).params(), limit=None)
    actions = measures.loc[measures["status"] != "done", "action"].tolist()
    assert len(actions) == oracle.IN_PROGRESS and all(a.startswith(oracle.OPEN_ACTIONS) for a in actions)
    return actions


def test_seed_summary_in_thai(seed_store, seed_open_actions, tmp_path):
    pdf = summary_pdf(StoreReader(seed_store), Filters(), "th", generated_at=GENERATED)
    assert pdf.startswith(b"%PDF")
    pages = render_pages(pdf, tmp_path)
    assert len(pages) >= 3 and all(p.stat().st_size > 10_000 for p in pages)
    if os.environ.get("ITA_SCREENSHOTS"):  # the README's picture of the first page
        shutil.copyfile(pages[0], REPO / "docs" / "screenshots" / "summary_pdf_page1.png")

    text = pdf_text(pdf, tmp_path)
    assert "84.6%" in text
    assert "2564" in text and "2021" not in text
    flat = letters(text)
    assert letters(f"{label('pdf_page')} 1 {label('pdf_of')} {len(pages)}") in flat  # page X of Y
    assert letters("2 ม.ค. 2568 09:30") in flat  # generated on, in Buddhist Era
    for expected in (ORG, label("pdf_title"), *seed_open_actions):
        assert letters(expected) in flat, expected
    assert letters(t("pdf_sample_notice")) not in flat


def test_seed_summary_in_english_uses_common_era(seed_store, tmp_path):
    text = pdf_text(summary_pdf(StoreReader(seed_store), Filters(), "en", generated_at=GENERATED), tmp_path)
    assert "Fiscal year 2021" in text
    assert label("pdf_title", "en") in text
    assert "Page 1 of" in text and "2 Jan 2025 09:30" in text
    assert "Information disclosure" in text  # indicator names in English, report text as written
    assert letters(ORG) in letters(text)


def test_demo_store_says_it_holds_sample_data(demo_store, tmp_path):
    """The latest demo year is sample data; the notice names it, and the previous year is compared."""
    text = pdf_text(summary_pdf(StoreReader(demo_store), Filters(), "th"), tmp_path)
    assert letters(t("pdf_sample_notice")) in letters(text)
    assert "2567" in text and letters(f"{t('vs_year')} 2566") in letters(text)


def test_the_seed_year_of_the_demo_store_has_no_notice(demo_store, tmp_path):
    text = pdf_text(summary_pdf(StoreReader(demo_store), Filters(years=(2564,)), "th"), tmp_path)
    assert letters(t("pdf_sample_notice")) not in letters(text)
    assert "84.6%" in text


def test_report_text_is_shown_as_text(tmp_path):
    """An action written as markup reaches the page as those characters, not as markup."""
    hostile = "<script>alert(1)</script>"
    report = tmp_path / "nongchok_2564_hostile.txt"
    first_action = "สร้างการรับรู้แผนการใช้จ่าย งบประมาณประจำปี เปิดเผย โปร่งใส และตรวจสอบได้"
    source_text = SEED.read_text(encoding="utf-8")
    assert first_action in source_text
    report.write_text(source_text.replace(first_action, hostile, 1), encoding="utf-8")
    store = tmp_path / "ita.duckdb"
    assert ingest_paths([report], store, actor="test")[0].refused is None

    reader = StoreReader(store)
    assert hostile not in summary_html(reader, Filters())
    assert hostile in pdf_text(summary_pdf(reader, Filters()), tmp_path)

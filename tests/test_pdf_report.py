"""The PDF executive summary: it renders, says the right things, and shows report text as text.

The PDF is read back with poppler (`pdftoppm` for pages, `pdftotext` for text, in reading order
so that a table cell's lines stay together) and with PDFium (pypdfium2). Its text layer must give
the report's Thai exactly, marks and ำ included: ita.present.pdf_text puts each line in an ActualText
span (pdfplumber/pdfminer ignore those, so they are not used here). Text is compared without
whitespace only, since a line break stands for a space or falls between two Thai words.
"""

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest

from ita.analytics import metrics, views
from ita.analytics.filters import Filters
from ita.present.labels import t
from ita.present.labels import t as label
from ita.present.labels import year_label as labels_year
from ita.present.pdf_report import open_items_html, open_items_pdf, summary_html, summary_pdf
from ita.present.pdf_text import actual_text_spans
from ita.store.imports import ingest_paths
from ita.store.reader import StoreReader

import seed_oracle as oracle
from conftest import REPO, SEED

ORG = "เทศบาลตำบลหนองจอก"
GENERATED = datetime(2025, 1, 2, 9, 30)

for tool in ("pdftoppm", "pdftotext"):
    if shutil.which(tool) is None:  # pragma: no cover - .ci/run installs poppler-utils; say so rather than skip
        pytest.fail(f"{tool} is missing: apt-get install poppler-utils (see .ci/run)", pytrace=False)


def flat(text: str) -> str:
    """Text without whitespace, and nothing else changed."""
    return re.sub(r"\s", "", text)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdfium_text(pdf: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def render_pages(pdf: bytes, tmp_path: Path) -> list[Path]:
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(path), str(tmp_path / "page")], check=True)
    return sorted(tmp_path.glob("page-*.png"))


@pytest.fixture
def seed_actions(seed_store) -> list[str]:
    """Every measure's action as the store holds it (the summary prints them all)."""
    measures = StoreReader(seed_store).query("measures_list", **Filters(years=(2564,)).params(), limit=None)
    open_actions = measures.loc[measures["status"] != "done", "action"].tolist()
    assert len(measures) == oracle.MEASURES and len(open_actions) == oracle.IN_PROGRESS
    assert all(a.startswith(oracle.OPEN_ACTIONS) for a in open_actions)
    return measures["action"].tolist()


def test_seed_summary_in_thai(seed_store, tmp_path):
    pdf = summary_pdf(StoreReader(seed_store), Filters(), "th", generated_at=GENERATED)
    assert pdf.startswith(b"%PDF")
    pages = render_pages(pdf, tmp_path)
    assert len(pages) >= 3 and all(p.stat().st_size > 10_000 for p in pages)
    if os.environ.get("ITA_SCREENSHOTS"):  # the README's picture of the first page
        shutil.copyfile(pages[0], REPO / "docs" / "screenshots" / "summary_pdf_page1.png")

    text = pdf_text(pdf, tmp_path)
    assert "84.6%" in text
    assert "2564" in text and "2021" not in text
    compact = flat(text)
    assert flat(f"{label('pdf_page')} 1 {label('pdf_of')} {len(pages)}") in compact  # page X of Y
    assert flat("2 ม.ค. 2568 09:30") in compact  # generated on, in Buddhist Era
    for expected in (ORG, label("pdf_title")):
        assert flat(expected) in compact, expected
    assert flat(t("pdf_sample_notice")) not in compact


@pytest.mark.parametrize("reader", ["pdftotext", "pypdfium2"])
def test_thai_copied_out_of_the_summary_is_the_thai_written(seed_store, seed_actions, tmp_path, reader):
    """ำ, tone marks and vowels above and below the line come out as written, nothing dropped or swapped
    (without ActualText spans: "ความสาเร็จ", "มำตรกำร", "รายตัวชีว ้ ัด")."""
    pdf = summary_pdf(StoreReader(seed_store), Filters(), "th", generated_at=GENERATED)
    text = pdf_text(pdf, tmp_path) if reader == "pdftotext" else pdfium_text(pdf)
    for word in ("ความสำเร็จ", "มาตรการ", "ดำเนินการ", "รายตัวชี้วัด", "ผู้รับผิดชอบ", ORG):
        assert word in text, word
    compact = flat(text)
    missing = [action for action in seed_actions if flat(action) not in compact]
    assert not missing


def test_actual_text_spans_are_scoped_to_the_block(tmp_path):
    """The wrapper is in place only while a block is open, and PDFs made outside one are WeasyPrint's own."""
    from weasyprint import HTML
    from weasyprint.draw import text as weasyprint_text

    original = weasyprint_text.draw_first_line
    page = "<p lang=th>ความสำเร็จของมาตรการ</p>"

    def render() -> bytes:
        return HTML(string=page).write_pdf(uncompressed_pdf=True)

    with actual_text_spans():
        with actual_text_spans():
            assert weasyprint_text.draw_first_line is not original
        spanned = render()
        with ThreadPoolExecutor(1) as pool:  # another thread, not in a block, meanwhile
            elsewhere = pool.submit(render).result()
    assert weasyprint_text.draw_first_line is original
    plain = render()
    assert b"/ActualText" in spanned
    assert b"/ActualText" not in plain and b"/ActualText" not in elsewhere
    assert "ความสำเร็จของมาตรการ" in pdfium_text(spanned)


def test_actual_text_spans_refuse_an_unknown_weasyprint(monkeypatch):
    import weasyprint

    monkeypatch.setattr(weasyprint, "__version__", "99.0")
    with pytest.raises(RuntimeError, match="draw_first_line"), actual_text_spans():
        pass


def test_seed_summary_in_english_uses_common_era(seed_store, tmp_path):
    text = pdf_text(summary_pdf(StoreReader(seed_store), Filters(), "en", generated_at=GENERATED), tmp_path)
    assert "Fiscal year 2021" in text
    assert label("pdf_title", "en") in text
    assert "Page 1 of" in text and "2 Jan 2025 09:30" in text
    assert "Information disclosure" in text  # indicator names in English, report text as written
    assert flat(ORG) in flat(text)


def test_demo_store_says_it_holds_sample_data(demo_store, tmp_path):
    """The latest demo year is sample data; the notice names it, and the previous year is compared."""
    reader = StoreReader(demo_store)
    latest, previous = metrics.fiscal_years(reader)[:2]
    text = pdf_text(summary_pdf(reader, Filters(), "th"), tmp_path)
    assert flat(t("pdf_sample_notice")) in flat(text)
    assert str(latest) in text and flat(f"{t('vs_year')} {previous}") in flat(text)


def test_the_seed_year_of_the_demo_store_has_no_notice(demo_store, tmp_path):
    text = pdf_text(summary_pdf(StoreReader(demo_store), Filters(years=(2564,)), "th"), tmp_path)
    assert flat(t("pdf_sample_notice")) not in flat(text)
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


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_open_items_pdf_lists_what_the_page_lists_over_several_years(two_year_store, tmp_path, lang):
    """Each open measure once at its latest status, under its division, with the years it covers and
    the note saying so; not the executive summary of the latest year."""
    reader, both = StoreReader(two_year_store), Filters(years=(oracle.FISCAL_YEAR, oracle.NEXT_YEAR))
    as_of = datetime(2030, 1, 1)
    view = views.open_items(reader, both, None, as_of.date())
    assert view.totals["measures"] == oracle.OPEN_OVER_BOTH_YEARS
    pdf = open_items_pdf(reader, both, lang, generated_at=as_of)
    assert pdf.startswith(b"%PDF")
    text = flat(pdf_text(pdf, tmp_path))
    assert flat(label("page_in_progress", lang)) in text and flat(label("pdf_title", lang)) not in text
    assert flat(label("open_items_latest", lang)) in text
    years = ", ".join(labels_year(y, lang) for y in (oracle.FISCAL_YEAR, oracle.NEXT_YEAR))
    assert flat(f"{label('col_fiscal_year', lang)} {years}") in text
    # Every listed action is in the PDF, and no action of a measure done in the later year.
    for action in view.items["action"]:
        assert flat(action) in text
    html = open_items_html(reader, both, lang, generated_at=as_of)
    # No year chosen is every year the store has: the cover names them.
    every_year = open_items_html(reader, Filters(), lang, generated_at=as_of)
    assert f'<span class="year">{label("col_fiscal_year", lang)} {years}</span>' in every_year
    assert re.search(rf'kpi-label">{label("open_count", lang)}</div>\s*<div class="kpi-value">'
                     rf'{oracle.OPEN_OVER_BOTH_YEARS}</div>', html)
    done_later = StoreReader(two_year_store).query(
        "measures_list", **Filters(years=(oracle.NEXT_YEAR,), statuses=("done",)).params(), limit=None)
    reopened = set(done_later["action"]) - set(view.items["action"])
    assert reopened and not any(flat(a) in text for a in reopened if len(a) > 20)

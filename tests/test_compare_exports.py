"""The downloads carry what their page shows, and completion counts every status everywhere.

- Compare years: its XLSX and PDF are the page's own view (the trend per year, the years side by side
  per indicator and division, what changed between the two years chosen), not one pooled figure over
  every year nor the executive summary of the latest year.
- Open items: its XLSX counts completion over every status of the scope; the divisions page's list of
  measures says what it lists of how many.
- The PDF summary: the overdue card of the page, each open item listed once, days late written as
  on screen.
PDFs are read back with pdftotext (poppler-utils), compared without whitespace.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from test_pages import app

from ita.analytics import metrics, views
from ita.analytics.filters import Filters
from ita.present import export, pdf_report, tables
from ita.present.labels import t, year_label
from ita.store.reader import StoreReader

import seed_oracle as oracle

GENERATED = datetime(2026, 12, 8, 9, 0)
AS_OF = GENERATED.date()  # every seed period (fiscal year 2564) ended long before: its open items are overdue


def flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    import pypdfium2  # the same text layer (ActualText), where poppler is not installed

    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def read_xlsx(data: bytes) -> dict[str, pd.DataFrame]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    sheets = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        sheets[sheet.title] = pd.DataFrame(rows[1:], columns=rows[0]) if rows else pd.DataFrame()
    return sheets


# ---------------------------------------------------------------- compare years
def test_the_compare_xlsx_holds_the_pages_tables_not_a_pooled_figure(demo_store):
    reader = StoreReader(demo_store)
    view = views.compare_years(reader, Filters())
    years = view.years
    assert len(years) == 7
    changes = views.compare_changes(reader, view)
    sheets = read_xlsx(export.to_xlsx_bytes(export.compare_tables(view, changes)))
    assert set(sheets) == {t("scope_sheet"), t("sheet_trend"), t("sheet_by_indicator"), t("sheet_by_division"),
                           t("sheet_summary"), t("sheet_changes")}
    # The trend: one row per year, each counted as that year alone counts it.
    trend = sheets[t("sheet_trend")]
    assert trend[t("col_fiscal_year")].astype(str).tolist() == [year_label(y) for y in years]
    for year, row in zip(years, trend.itertuples(index=False), strict=True):
        alone = metrics.totals(reader, Filters(years=(year,)))
        assert (row[1], row[2], row[3]) == (alone["measures"], alone["done"], alone["completion_pct"])
    # No sheet pools the years into one figure (what the old export's summary did).
    pooled = metrics.totals(reader, Filters(years=tuple(years)))["measures"]
    assert all(pooled not in frame.to_numpy() for name, frame in sheets.items() if name != t("sheet_trend"))


def test_the_compare_xlsx_tables_are_the_ones_the_page_draws(demo_store):
    years = ("2568", "2569", "2570")
    at = app(demo_store, "pages/compare_years.py", year=list(years))
    on_page = {tuple(d.value.columns): d.value for d in at.dataframe}
    reader = StoreReader(demo_store)
    view = views.compare_years(reader, Filters(years=tuple(int(y) for y in years)))
    changes = views.compare_changes(reader, view)
    assert (changes.year_from, changes.year_to) == (2569, 2570)  # the page's default pair
    sheets = export.compare_tables(view, changes)
    for name in ("sheet_by_indicator", "sheet_by_division"):
        sheet = sheets[t(name)]
        page = on_page[tuple(sheet.columns)]
        pd.testing.assert_frame_equal(sheet.reset_index(drop=True), page.reset_index(drop=True), check_dtype=False)
    changed = sheets[t("sheet_changes")]
    page_changes = next(d.value for d in at.dataframe if "status_from" in d.value.columns)
    assert len(changed) == len(page_changes) > 0
    assert changed[t("col_change")].tolist() == page_changes["change"].tolist()
    counts = sheets[t("sheet_summary")]
    assert counts[t("col_measures")].sum() == len(changes.rows)


def test_the_compare_pdf_is_the_comparison_not_the_summary_of_the_last_year(demo_store, tmp_path):
    reader = StoreReader(demo_store)
    view = views.compare_years(reader, Filters(years=(2564, 2570)))
    changes = views.compare_changes(reader, view)
    text = flat(pdf_text(pdf_report.compare_years_pdf(reader, view, changes, generated_at=GENERATED), tmp_path))
    assert flat(t("pdf_compare_title")) in text and flat(t("pdf_title")) not in text
    assert flat(t("trend")) in text and flat(tables.change_label(2564, 2570, "th")) in text
    assert flat(t("changes_between").format(year_from="2564", year_to="2570")) in text
    for kind, count in changes.counts.items():
        assert flat(f"{t('change_' + kind)} {count:,}") in text
    for item in changes.changed["item_text"].dropna():
        if len(item) > 30:
            assert flat(item) in text
    # Each year's completion, as the trend counts it.
    for year in (2564, 2570):
        alone = metrics.totals(reader, Filters(years=(year,)))
        assert flat(f"{alone['completion_pct']:.1f}% ({alone['done']}/{alone['measures']})") in text


# ---------------------------------------------------------------- open items and divisions
def test_the_open_items_xlsx_counts_completion_over_every_status(seed_store):
    reader = StoreReader(seed_store)
    view = views.open_items(reader, Filters(), None, AS_OF)
    sheets = read_xlsx(export.to_xlsx_bytes(export.open_items_tables(view, "th", views.open_items_completion(reader,
                                                                                                             view))))
    by_division = sheets[t("sheet_by_division")].set_index(t("col_name"))
    own, open_count = oracle.BY_DIVISION["สำนักปลัด"]
    row = by_division.loc["สำนักปลัด"]
    assert (row[t("open_count")], row[t("col_measures")]) == (open_count, own)
    assert row[t("col_completion_pct")] == round(100 * (own - open_count) / own, 1)
    assert list(by_division.index) == ["สำนักปลัด"]  # the divisions with open items, as the page groups them
    summary = sheets[t("sheet_summary")].iloc[0]
    assert (summary[t("open_count")], summary[t("col_completion_pct")]) == (oracle.IN_PROGRESS, oracle.COMPLETION)


def test_the_divisions_list_says_what_it_lists_beside_the_cards(seed_store):
    own, open_count = oracle.BY_DIVISION["สำนักปลัด"]
    filtered = app(seed_store, "pages/divisions.py", division="สำนักปลัด", status="in_progress")
    assert [e.label for e in filtered.expander] == [
        f"มาตรการที่แสดง (สถานะ: ระหว่างดำเนินการ) {open_count} จาก {own}"]
    every = app(seed_store, "pages/divisions.py", division="สำนักปลัด")
    assert [e.label for e in every.expander] == [f"{t('all_measures')} ({own})"]


# ---------------------------------------------------------------- the PDF summary
@pytest.fixture
def summary(seed_store, tmp_path) -> tuple[str, str, pd.DataFrame]:
    reader = StoreReader(seed_store)
    html = pdf_report.summary_html(reader, Filters(), generated_at=GENERATED, as_of=AS_OF)
    pdf = pdf_report.summary_pdf(reader, Filters(), generated_at=GENERATED, as_of=AS_OF)
    return html, flat(pdf_text(pdf, tmp_path)), metrics.overdue_measures(reader, Filters(), AS_OF)


def test_the_pdf_summary_has_the_overdue_card_of_the_page(summary):
    html, text, overdue = summary
    assert len(overdue) == oracle.IN_PROGRESS
    assert re.search(rf'kpi-label">{t("col_overdue")}</div>\s*<div class="kpi-value">{len(overdue)}</div>', html)
    kpis = text[:text.index(flat(t("chart_by_indicator")))]
    assert flat(f"{t('col_overdue')}") in kpis


def test_the_pdf_summary_lists_each_open_item_once(summary, seed_store):
    _, text, _ = summary
    before_the_report_table = text[:text.index(flat(f"{t('all_measures')} ({oracle.MEASURES})"))]
    open_ = metrics.measures(StoreReader(seed_store), Filters(statuses=("in_progress",)))
    assert len(open_) == oracle.IN_PROGRESS
    for action in open_["action"]:
        assert before_the_report_table.count(flat(action)) == 1, action


def test_days_late_are_written_as_on_screen(summary, two_year_store, tmp_path):
    _, text, overdue = summary
    days = {int(d) for d in overdue["days_late"]}
    assert min(days) > 999  # where a thousands separator would show
    for day in days:
        assert str(day) in text and f"{day:,}" not in text
    reader = StoreReader(two_year_store)
    both = Filters(years=(oracle.FISCAL_YEAR, oracle.NEXT_YEAR))
    later = date(2030, 1, 1)
    items = views.open_items(reader, both, None, later).items
    open_text = flat(pdf_text(pdf_report.open_items_pdf(reader, both, generated_at=datetime(2030, 1, 1)), tmp_path))
    for day in {int(d) for d in items["days_late"].dropna()}:
        assert day > 999 and str(day) in open_text and f"{day:,}" not in open_text

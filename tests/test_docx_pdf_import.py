"""Word and PDF reports import to the same measures as the seed's text report.

The documents are built here from the seed's cells as written (`report_documents`), with what
real ones have: merged cells, repeated headers, a table restarted on a new page, Track Changes
and content controls in Word; Thai shaping, wrapped cells, rows broken across pages and a page
footer in the PDF. Each test first shows that the difficulty is really in the file, so that a
pass means the reader handled it. Scanned, damaged and table-less files are refused with
`ImportRefused` naming the file, never another exception.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest

from ita.read.formats import read_report
from ita.read.formats.pdf_table import repair_thai
from ita.read.normalise import normalise
from ita.read.records import COLUMNS, ImportRefused
from ita.read.thai import compact, squash_spaces

import report_documents as documents
import seed_oracle as oracle

# The seed's report restarts its table on a new page here, headed ชื่อ (as on its last pages).
SPLIT_AT = 19
ORGANISATION, FISCAL_YEAR = "เทศบาลตำบลหนองจอก", 2564


@pytest.fixture(scope="module")
def seed_rows(seed_bytes):
    return [row.cells for row in read_report("nongchok_2564.txt", seed_bytes).rows]


@pytest.fixture(scope="module")
def seed_report(seed_bytes, framework, directory):
    return normalise(read_report("nongchok_2564.txt", seed_bytes), framework, directory)


@pytest.fixture(scope="module")
def docx_bytes(seed_rows) -> bytes:
    return documents.docx_report(documents.TITLE, seed_rows, split_at=SPLIT_AT)


@pytest.fixture(scope="module")
def edited_docx_bytes(seed_rows) -> bytes:
    return documents.docx_report(documents.TITLE, seed_rows, split_at=SPLIT_AT, edited=True)


# Columns whose equal neighbouring cells agencies merge; all but the action.
MERGED = ("indicator", "item", "responsible", "period", "follow_up", "status")
PDF_VARIANTS = {
    # WeasyPrint leaves a row broken by a page break open at the foot of the page ...
    "open-page-breaks": {},
    # ... Word rules it closed, which takes away the plainest sign of a broken row.
    "closed-page-breaks": {"closed_breaks": True},
    # Merged cells that a page break cuts in two leave empty cells at the top of the next page.
    "merged-cells": {"merge": MERGED},
    "merged-cells-closed-page-breaks": {"merge": MERGED, "closed_breaks": True},
}


@pytest.fixture(scope="module", params=list(PDF_VARIANTS), ids=list(PDF_VARIANTS))
def pdf_bytes(request, seed_rows) -> bytes:
    return documents.pdf_report(documents.TITLE, seed_rows, split_at=SPLIT_AT, **PDF_VARIANTS[request.param])


@pytest.fixture(scope="module")
def docx_import(docx_bytes, framework, directory):
    return _imported("nongchok_2564.docx", docx_bytes, framework, directory)


@pytest.fixture(scope="module")
def pdf_import(pdf_bytes, framework, directory):
    return _imported("nongchok_2564.pdf", pdf_bytes, framework, directory)


@pytest.fixture(scope="module")
def small_pdf(seed_rows) -> bytes:
    """Three measures on one page: for the refusals, where the content does not matter."""
    return documents.pdf_report(documents.TITLE, seed_rows[:3])


def _imported(name: str, data: bytes, framework, directory):
    raw = read_report(name, data)
    return raw, normalise(raw, framework, directory)


def _summary(report):
    """What the dashboard shows of a report, as in test_readers."""
    return (
        len(report.measures),
        sum(m.status == "done" for m in report.measures),
        sorted((m.indicator, m.status, m.item_code or "") for m in report.measures),
        [f.code for f in report.findings],
    )


def _assert_is_the_seed(raw, report, seed_report) -> None:
    """The hand-counted oracle, measure for measure the same as the text report."""
    assert (raw.organisation, raw.fiscal_year) == (ORGANISATION, FISCAL_YEAR)
    measures = report.measures
    assert len(measures) == oracle.MEASURES
    assert Counter(m.status for m in measures) == {"done": oracle.DONE, "in_progress": oracle.IN_PROGRESS}
    by_indicator = Counter(m.indicator for m in measures)
    open_by_indicator = Counter(m.indicator for m in measures if m.status == "in_progress")
    assert {name: (by_indicator[name], open_by_indicator[name]) for name in by_indicator} == oracle.INDICATORS
    by_division: Counter[str] = Counter()
    open_by_division: Counter[str] = Counter()
    for measure in measures:
        for name in {d.parent or d.name for d in measure.divisions}:
            by_division[name] += 1
            open_by_division[name] += measure.status == "in_progress"
    assert {name: (by_division[name], open_by_division[name]) for name in by_division} == oracle.BY_DIVISION
    assert Counter(m.responsible_text for m in measures) == oracle.RESPONSIBLE_AS_WRITTEN
    assert [m.item_code for m in measures if m.tool == "OIT"] == oracle.OIT_CODES
    # The single warning: item ๒๐ (i20) filed under การใช้งบประมาณ, pointing at its own row.
    assert [(f.code, f.args[0]) for f in report.findings] == [("item_wrong_indicator", "i20")]
    warned = next(row for row in raw.rows if row.line == report.findings[0].line)
    assert warned.cells["item"].startswith("๒๐")
    assert _summary(report) == _summary(seed_report)
    for ours, theirs in zip(measures, seed_report.measures, strict=True):
        assert (ours.indicator, ours.item_code, ours.status, [d.name for d in ours.divisions]) == (
            theirs.indicator, theirs.item_code, theirs.status, [d.name for d in theirs.divisions]
        )


# ---------------------------------------------------------------------------------------- Word


def test_the_word_document_has_what_agencies_put_in_theirs(docx_bytes):
    import docx

    document = docx.Document(io.BytesIO(docx_bytes))
    xml = document.element.xml
    assert len(document.tables) == 2
    assert "w:vMerge" in xml and "w:tblHeader" in xml
    assert [t.rows[0].cells[1].text for t in document.tables] == ["ข้อ", "ชื่อ"]
    assert any(len(cell.paragraphs) > 1 for row in document.tables[0].rows for cell in row.cells)


def test_word_report_imports_as_the_seed(docx_import, seed_report):
    raw, report = docx_import
    assert raw.source_kind == "docx"
    _assert_is_the_seed(raw, report, seed_report)


def test_word_cells_read_exactly_as_typed(docx_import, seed_rows):
    raw, _ = docx_import
    assert raw.title == documents.TITLE
    assert [row.cells for row in raw.rows] == seed_rows


def test_word_report_edited_in_word_imports_as_the_seed(edited_docx_bytes, seed_report, framework, directory):
    import docx

    # What python-docx's own text gives for it: the tracked status and the controlled item vanish.
    table = docx.Document(io.BytesIO(edited_docx_bytes)).tables[0]
    first = [cell.text for cell in table.rows[2].cells]
    assert first[COLUMNS.index("status")] == "" and not first[COLUMNS.index("item")].startswith("๑๒")
    raw, report = _imported("nongchok_2564_edited.docx", edited_docx_bytes, framework, directory)
    _assert_is_the_seed(raw, report, seed_report)
    assert raw.title == documents.TITLE  # from the merged title row; not the page header
    assert not any("ลงชื่อ" in value for row in raw.rows for value in row.cells.values())


def test_word_tables_inside_content_controls_are_read(seed_rows):
    import docx

    rows = seed_rows[:4]  # the last repeats the indicator of the one above
    assert rows[3]["indicator"] == rows[2]["indicator"]
    data = documents.in_content_controls(documents.docx_report(documents.TITLE, rows, merge=()))
    assert docx.Document(io.BytesIO(data)).tables == []
    raw = read_report("form.docx", data)
    assert [row.cells for row in raw.rows] == rows


def test_word_document_without_a_measures_table_is_refused():
    import docx

    document = docx.Document()
    document.add_paragraph(documents.TITLE)
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(ImportRefused, match="no table of measures") as refused:
        read_report("notes.docx", buffer.getvalue())
    assert refused.value.file_name == "notes.docx"
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "ชื่อ-สกุล"
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(ImportRefused, match="no table header found"):
        read_report("notes.docx", buffer.getvalue())


# ----------------------------------------------------------------------------------------- PDF


def test_the_pdf_has_the_problems_of_real_ones(pdf_bytes):
    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            found = page.find_tables()
            foot = max(table.bbox[3] for table in found)
            # Text below the tables other than the page number: rows pdfplumber did not see.
            below = (page.crop((0, foot, page.width, page.height)).extract_text() or "").split("\n")
            lost = [line for line in below if line and not line.startswith("หน")]
            pages.append((page.extract_text(), [t.extract() for t in found], lost))
    assert len(pages) >= 8
    naive = "\n".join(text for text, _, _ in pages)
    # pdfplumber's own text: sara am split (ด าเนินการ), marks out of order (ตัวช้วี ัด).
    assert "ดำเนินการ" not in naive and "ตัวชี้วัด" not in naive
    # The header repeats on every page, and some page begins with a row whose status is not
    # there: the rest of a row broken by the page break, or a merged status cell cut by it.
    assert all("การติดตามผล" in text for text, _, _ in pages)
    assert any(len(t[0]) > 1 and not (t[0][1][-1] or "").strip() for _, t, _ in pages)
    # Rows broken across pages: pdfplumber's tables hold more rows than there are measures,
    # or miss the first part of a row left open at the foot of a page.
    rows = sum(1 for _, tables, _ in pages for table in tables for row in table[1:] if any(row))
    assert rows > oracle.MEASURES or any(lost for _, _, lost in pages)
    # Cells wrap over several lines.
    assert any("\n" in (cell or "") for _, tables, _ in pages for t in tables for row in t for cell in row)


def test_pdf_report_imports_as_the_seed(pdf_import, seed_report):
    raw, report = pdf_import
    assert raw.source_kind == "pdf"
    _assert_is_the_seed(raw, report, seed_report)


def test_pdf_cells_read_as_typed_but_for_the_spaces_of_wrapped_lines(pdf_import, seed_rows):
    raw, _ = pdf_import
    assert squash_spaces(raw.title) == documents.TITLE
    assert len(raw.rows) == len(seed_rows)
    for row, typed in zip(raw.rows, seed_rows, strict=True):
        assert {k: compact(v) for k, v in row.cells.items()} == {k: compact(v) for k, v in typed.items()}, row.line


@pytest.mark.parametrize("via", ["pillow", "weasyprint"])
def test_a_scanned_pdf_is_refused_as_images(small_pdf, via):
    scan = documents.scanned_pdf(small_pdf, via=via)
    with pytest.raises(ImportRefused) as refused:
        read_report("scan.pdf", scan)
    message = str(refused.value)
    assert message.startswith("scan.pdf: ")
    assert "scanned images" in message and "cannot be read" in message


def test_a_pdf_table_without_ruled_cells_is_refused(seed_rows):
    import weasyprint

    page = documents.report_html(documents.TITLE, seed_rows[:3]).replace("0.6pt solid #000", "none")
    with pytest.raises(ImportRefused, match="no table with ruled cells") as refused:
        read_report("plain.pdf", weasyprint.HTML(string=page).write_pdf())
    assert refused.value.file_name == "plain.pdf"


def test_thai_pdf_artefacts_are_repaired():
    # Sara am drawn as an unmapped nikhahit (or a space) and sara aa, also after a tone mark.
    assert repair_thai("ด\ufffcาเนินการ น้\ufffcา") == "ดำเนินการ น้ำ"
    assert repair_thai("ด าเนินการ ก ากับ") == "ดำเนินการ กำกับ"
    # Shifted and lowered marks of TH SarabunPSK-style fonts, in the Private Use Area.
    assert repair_thai("ที\uf70a") == "ที่" and repair_thai("ป\uf701") == "ปิ" and repair_thai("\uf70fาณ") == "ญาณ"
    assert repair_thai("กา ขา") == "กา ขา"  # an ordinary space before a syllable stays


# ------------------------------------------------------------------------------ damaged files


def _damaged(data: bytes, how: str) -> bytes:
    if how == "half":
        return data[: len(data) // 2]
    if how == "tail":
        return data[:-40]
    # Bytes overwritten in the middle, as a bad disk or a broken transfer leaves them.
    middle = len(data) // 2
    return data[:middle] + b"\0" * 512 + data[middle + 512 :]


@pytest.mark.parametrize("how", ["half", "tail", "middle"])
@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_damaged_files_are_refused_naming_the_file(kind, how, docx_bytes, small_pdf):
    data = _damaged(docx_bytes if kind == "docx" else small_pdf, how)
    name = f"report_{how}.{kind}"
    with pytest.raises(ImportRefused) as refused:
        read_report(name, data)
    assert refused.value.file_name == name and str(refused.value).startswith(name)

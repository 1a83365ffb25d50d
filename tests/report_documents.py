"""Word and PDF versions of a report, built the way agencies build theirs, for the import tests.

Agencies type the measures table in Word and publish the .docx and a PDF printed from it. These
builders reproduce what matters to a reader: a title paragraph above the table, a header row
marked to repeat on every page, merged cells where consecutive rows repeat a value, cells with
several paragraphs and runs, a table split in two where the document restarts it on a new page
(the second headed ชื่อ, as on the seed's last pages), edits made later in Word (Track Changes,
content controls of a form template); and for the PDF real Thai shaping by WeasyPrint with
embedded subset fonts, ruled and wrapped cells, a header repeated on every page, rows broken
across pages (left open, as WeasyPrint does, or ruled closed, as Word does), merged cells cut by
a page break, and a page number in the footer.

A "scanned" PDF is a picture of the printed table and nothing else, as a scanner produces.
Everything is built in memory; nothing is written to the repository.
"""

from __future__ import annotations

import html
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from ita.read.records import COLUMNS
from ita.read.writers import THAI_HEADERS

REPO = Path(__file__).resolve().parent.parent
SARABUN = REPO / "static" / "fonts" / "Sarabun-Regular.ttf"
SARABUN_BOLD = REPO / "static" / "fonts" / "Sarabun-Bold.ttf"

TITLE = "รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส ของเทศบาลตำบลหนองจอก ประจำปีงบประมาณ ๒๕๖๔"

Row = Mapping[str, str]


def _headers(name_header: bool) -> list[str]:
    headers = list(THAI_HEADERS)
    if name_header:
        headers[1] = "ชื่อ"
    return headers


def _runs(groups: Sequence[int], rows: Sequence[Row], column: str) -> list[tuple[int, int]]:
    """(first, last) index pairs of consecutive rows in `groups` sharing the value of `column`."""
    runs: list[tuple[int, int]] = []
    for index in groups:
        if runs and runs[-1][1] == index - 1 and rows[index][column] == rows[runs[-1][0]][column]:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def docx_report(
    title: str,
    rows: Sequence[Row],
    *,
    split_at: int | None = None,
    merge: Sequence[str] = ("indicator",),
    edited: bool = False,
) -> bytes:
    """A Word report: title paragraphs, then the table (two tables when `split_at` is given).

    Merged cells are typed once and merged down with python-docx's `cell.merge`, which is what
    Word stores when a user selects the cells and merges them (`w:vMerge`).

    `edited=True` gives the document a life in Word after it was typed: the title moves into
    a first table row merged across every column, the status column is merged down too, one
    status was changed with Track Changes on (the old wording deleted, the new one inserted),
    the item cells are content controls of a form template, a line break separates a division
    from its section, and a signature block laid out as a two-column table follows the table.
    """
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.header.paragraphs[0].text = "แบบรายงาน ITA"  # page headers are not the title
    document.styles["Normal"].font.name = "TH SarabunPSK"
    document.styles["Normal"].font.size = Pt(16)

    if edited:
        merge = (*merge, "status")
    else:
        # The title as agencies type it: centred, bold, broken over two lines with a line
        # break, the organisation in its own run.
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        before, _, after = title.partition(" ของ")
        heading.add_run(before).bold = True
        heading.add_run().add_break(WD_BREAK.LINE)
        heading.add_run("ของ" + after.split(" ประจำ")[0]).bold = True
        heading.add_run(" ประจำ" + after.split(" ประจำ", 1)[1]).bold = True
        document.add_paragraph()

    parts = [range(len(rows))] if split_at is None else [range(split_at), range(split_at, len(rows))]
    for number, part in enumerate(parts):
        if number:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        table = document.add_table(rows=1 + len(part), cols=len(COLUMNS))
        table.style = "Table Grid"
        header = table.rows[0]
        # w:tblHeader: Word repeats this row at the top of every page the table runs onto.
        row_properties = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        row_properties.append(repeat)
        for cell, text in zip(header.cells, _headers(name_header=number > 0), strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        merged = {(index, column) for column in merge for first, last in _runs(part, rows, column)
                  for index in range(first + 1, last + 1)}
        for offset, index in enumerate(part, start=1):
            for position, column in enumerate(COLUMNS):
                if (index, column) not in merged:
                    _write_cell(table.cell(offset, position), rows[index][column])
        for column in merge:
            position = COLUMNS.index(column)
            for first, last in _runs(part, rows, column):
                if last > first:
                    start = first - part[0] + 1
                    table.cell(start, position).merge(table.cell(last - part[0] + 1, position))
        if edited and number == 0:
            _edit_in_word(table, title)
    document.add_paragraph()
    if edited:
        signature = document.add_table(rows=2, cols=2)
        signature.cell(0, 0).text = "(ลงชื่อ) ............................ ผู้รายงาน"
        signature.cell(0, 1).text = "(ลงชื่อ) ............................ ผู้รับรอง"
        signature.cell(1, 0).text = "หัวหน้าสำนักปลัด"
        signature.cell(1, 1).text = "ปลัดเทศบาลตำบลหนองจอก"
    else:
        document.add_paragraph("ลงชื่อ ............................ ผู้รายงาน")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _edit_in_word(table: object, title: str) -> None:
    """The edits of `docx_report(edited=True)` to its first table, in WordprocessingML."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    w = nsdecls("w")
    # A title row above the header, one cell spanning the seven columns.
    title_row = parse_xml(
        f'<w:tr {w}><w:tc><w:tcPr><w:gridSpan w:val="{len(COLUMNS)}"/></w:tcPr>'
        f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>{html.escape(title)}</w:t>'
        "</w:r></w:p></w:tc></w:tr>"
    )
    table.rows[0]._tr.addprevious(title_row)
    body = table.rows[2:]
    status, item, responsible = (COLUMNS.index(c) for c in ("status", "item", "responsible"))
    # Track Changes: a status first typed as in progress, then corrected to done.
    for row in body:
        cell = row.cells[status]
        if cell.text == "ดำเนินการแล้ว":
            paragraph = cell.paragraphs[0]._p
            for run in list(paragraph.findall(qn("w:r"))):
                paragraph.remove(run)
            change = f'w:author="งานนิติการ" w:date="2021-09-30T10:00:00Z" {w}'
            deleted = "<w:r><w:delText>ระหว่างดำเนินการ</w:delText></w:r>"
            paragraph.append(parse_xml(f'<w:del w:id="90" {change}>{deleted}</w:del>'))
            paragraph.append(parse_xml(f'<w:ins w:id="91" {change}><w:r><w:t>ดำเนินการแล้ว</w:t></w:r></w:ins>'))
            break
    # Item cells as plain-text content controls of a form template.
    for row in body:
        paragraph = row.cells[item].paragraphs[0]._p
        runs = paragraph.findall(qn("w:r"))
        if not runs:
            continue
        control = parse_xml(f'<w:sdt {w}><w:sdtPr><w:text/></w:sdtPr><w:sdtContent/></w:sdt>')
        runs[0].addprevious(control)
        content = control.find(qn("w:sdtContent"))
        for run in runs:
            content.append(run)
    # A line break, not a space, between a section and its division.
    for row in body:
        paragraph = row.cells[responsible].paragraphs[0]
        if paragraph.text == "งานพัสดุ กองคลัง":
            for run in list(paragraph.runs):
                run._r.getparent().remove(run._r)
            run = paragraph.add_run("งานพัสดุ")
            run.add_break()
            run.add_text("กองคลัง")


def in_content_controls(data: bytes) -> bytes:
    """The Word report of `data` as a form template holds it: the table inside a block content
    control and its measure rows in a repeating-section control, which python-docx's
    `Document.tables` does not see; the last row starts one column late (`w:gridBefore`), its
    indicator left to the row above, and has an unfilled field showing its prompt."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    def control() -> object:
        return parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")

    document = docx.Document(io.BytesIO(data))
    table = document.tables[0]._tbl
    rows = table.findall(qn("w:tr"))
    repeating = control()
    rows[1].addprevious(repeating)
    for row in rows[1:]:
        repeating.find(qn("w:sdtContent")).append(row)
    block = control()
    table.addprevious(block)
    block.find(qn("w:sdtContent")).append(table)
    last = rows[-1]
    last.get_or_add_trPr().append(parse_xml(f'<w:gridBefore {nsdecls("w")} w:val="1"/>'))
    last.remove(last.findall(qn("w:tc"))[0])
    # A field of the template nobody filled in: Word shows its prompt, which is not text.
    prompt = parse_xml(
        f"<w:p {nsdecls('w')}><w:sdt><w:sdtPr><w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent>"
        "<w:r><w:t>คลิกหรือแตะที่นี่เพื่อใส่ข้อความ</w:t></w:r></w:sdtContent></w:sdt></w:p>"
    )
    last.findall(qn("w:tc"))[-2].append(prompt)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _write_cell(cell: object, text: str) -> None:
    """Cell text as a person types it: a long cell in two paragraphs, a leading item number in
    its own bold run."""
    words = text.split(" ")
    if len(words) > 6:
        middle = len(words) // 2
        cell.paragraphs[0].add_run(" ".join(words[:middle]))
        cell.add_paragraph(" ".join(words[middle:]))
        return
    first, _, rest = text.partition(" ")
    if rest and first[:1] in "๐๑๒๓๔๕๖๗๘๙0123456789E":
        cell.paragraphs[0].add_run(first).bold = True
        cell.paragraphs[0].add_run(" " + rest)
    else:
        cell.paragraphs[0].add_run(text)


def _font_faces() -> str:
    # A family name of our own, so that WeasyPrint takes these files rather than a system font.
    return "".join(
        f"@font-face {{ font-family: ReportSarabun; src: url('{path.as_uri()}'); font-weight: {weight}; }}\n"
        for path, weight in ((SARABUN, 400), (SARABUN_BOLD, 700))
    )


_CSS = """
@page { size: A4 landscape; margin: 14mm 12mm 16mm 12mm;
        @bottom-center { content: "หน้า " counter(page); font-family: ReportSarabun; font-size: 11pt; } }
body { font-family: ReportSarabun; font-size: 14pt; line-height: 1.25; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 8pt 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 0.6pt solid #000; padding: 2pt 4pt; vertical-align: top; overflow-wrap: break-word; }
th { background: #dde; font-weight: bold; }
tr { break-inside: auto; }
.next { break-before: page; }
td.rule { padding: 0; height: 0; border-style: solid none none none; }
"""
# Narrow columns, as agencies lay them out, so that most cells wrap over several lines.
_WIDTHS = (11, 18, 25, 10, 10, 15, 11)


def report_html(
    title: str,
    rows: Sequence[Row],
    *,
    split_at: int | None = None,
    closed_breaks: bool = False,
    merge: Sequence[str] = (),
) -> str:
    """The report as HTML: a title, then a ruled table whose header repeats on every page.

    Rows may break across pages. WeasyPrint leaves a broken row open at the foot of the page;
    `closed_breaks=True` draws a rule there, as Word does, with a footer row of no height that
    repeats on every page. Equal neighbouring cells of the `merge` columns become one cell
    (`rowspan`), which a page break may cut in two.
    """
    parts = [range(len(rows))] if split_at is None else [range(split_at), range(split_at, len(rows))]
    foot = (
        f'<tfoot><tr><td colspan="{len(COLUMNS)}" class="rule"></td></tr></tfoot>' if closed_breaks else ""
    )
    tables = []
    for number, part in enumerate(parts):
        columns = "".join(f'<col style="width: {width}%">' for width in _WIDTHS)
        head = "".join(f"<th>{html.escape(text)}</th>" for text in _headers(name_header=number > 0))
        spans = {}
        covered = set()
        for column in merge:
            for first, last in _runs(part, rows, column):
                spans[(first, column)] = last - first + 1
                covered.update((index, column) for index in range(first + 1, last + 1))
        body = "".join(
            "<tr>"
            + "".join(
                f'<td rowspan="{spans.get((index, column), 1)}">{html.escape(rows[index][column])}</td>'
                for column in COLUMNS
                if (index, column) not in covered
            )
            + "</tr>"
            for index in part
        )
        css_class = ' class="next"' if number else ""
        tables.append(
            f"<table{css_class}><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead>{foot}"
            f"<tbody>{body}</tbody></table>"
        )
    before, _, after = title.partition(" ของ")
    return (
        f'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><style>{_font_faces()}{_CSS}</style></head>'
        f"<body><h1>{html.escape(before)}<br>ของ{html.escape(after)}</h1>{''.join(tables)}</body></html>"
    )


def pdf_report(
    title: str,
    rows: Sequence[Row],
    *,
    split_at: int | None = None,
    closed_breaks: bool = False,
    merge: Sequence[str] = (),
) -> bytes:
    """The report printed to PDF by WeasyPrint (HarfBuzz shaping, embedded subset fonts)."""
    import weasyprint

    document = report_html(title, rows, split_at=split_at, closed_breaks=closed_breaks, merge=merge)
    return weasyprint.HTML(string=document).write_pdf()


def scanned_pdf(pdf: bytes, *, via: str = "pillow") -> bytes:
    """A scan of `pdf`'s first page: the page rendered to a picture and saved as an image-only PDF.

    `via="pillow"` saves the picture as a PDF with Pillow (what scanner software writes);
    `via="weasyprint"` places it on an otherwise empty HTML page.
    """
    import base64

    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=100 / 72).to_pil().convert("L")
    finally:
        document.close()
    buffer = io.BytesIO()
    if via == "pillow":
        image.save(buffer, format="PDF", resolution=100)
        return buffer.getvalue()
    import weasyprint

    image.save(buffer, format="PNG")
    source = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    page = (
        "<html><head><style>@page { size: A4 landscape; margin: 0 } img { width: 100%; }</style></head>"
        f'<body><img src="{source}"></body></html>'
    )
    return weasyprint.HTML(string=page).write_pdf()

"""Word reports: the measures table(s) of a .docx, with the paragraphs above as the title.

The document's XML is read directly (python-docx only opens the package), because the text a
person sees in Word is not what python-docx's `cell.text` returns in documents that have been
edited for real:

- text typed with Track Changes on sits in `w:ins` (and content controls in `w:sdt`), which
  `cell.text` leaves out; deleted text (`w:del`) and deleted rows are not part of the document,
  nor is the prompt an unfilled content control shows ("Click or tap here to enter text.");
- a line break (`w:br`) or tab inside a cell separates words;
- a cell merged down (`w:vMerge`) reads as the cell above it, a cell merged across
  (`w:gridSpan`) counts once, and rows that start late (`w:gridBefore`) keep their columns;
- a table inside a content control (a form template) is still a table, which
  `Document.tables` does not list.

Which tables hold the measures: every table with a recognised header row, and a table without
one that directly continues the previous measures table with the same number of columns (a
table restarted on a new page). Tables before the first measures table count as title text
(agencies put the title in a one-cell table); tables after it that do not continue it, such as
a signature block, are not measures. The page header is read as the title only when the body
above the table names no organisation or fiscal year.

Rows are numbered across the measures tables in order, header rows included, which is what
"line" means for a Word file.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from ita.read.formats.package import check_package
from ita.read.formats.table import build_report, header_map
from ita.read.organisations import parse_title
from ita.read.records import ImportRefused, RawReport
from ita.read.thai import squash_spaces

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Elements whose text is not part of what the document says: deleted and moved-away text, the
# fallback copy of a drawing (the same text box a second time), field codes, properties (among
# them a content control's, whose placeholder and list items are not what was chosen).
_SKIP = frozenset(
    _W + tag
    for tag in ("del", "moveFrom", "delText", "instrText", "rPr", "pPr", "tcPr", "trPr", "tblPr", "sdtPr", "sdtEndPr")
) | {_MC + "Fallback"}
# Containers that only wrap content: content controls, custom XML, smart tags.
_WRAPPERS = frozenset(_W + tag for tag in ("sdt", "sdtContent", "customXml", "smartTag"))
# How many rows down a table's header row may sit (below a title row or two).
_HEADER_DEPTH = 5


def read_docx(data: bytes) -> RawReport:
    """Read the measures table of a Word document; raises `ImportRefused` saying why."""
    import docx

    check_package(data, ".docx")  # python-docx reads every part whole, however far it expands
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        # A truncated download, a renamed file or a damaged package: all the same to the user.
        raise ImportRefused(
            f"not a readable .docx document: damaged, incomplete or not Word ({type(error).__name__})"
        ) from None
    preamble: list[str] = []
    grid: list[tuple[int, list[str]]] = []
    width: int | None = None  # columns of the last measures table; None before the first
    any_table = False
    for kind, content in _blocks(document.element.body):
        if kind == "p":
            if width is None:
                preamble.append(squash_spaces(content))
            continue
        any_table = True
        rows: list[list[str]] = content
        if _has_header(rows) or (width is not None and rows and len(rows[0]) == width):
            if width is None:
                # Rows above the first header row (a title row) are title text too.
                heading = next(r for r in rows if header_map(r))
                above = rows[: rows.index(heading)]
                found = parse_title(" ".join([*preamble, *(" ".join(row) for row in above)]))
                if found.organisation is None or found.fiscal_year is None:
                    preamble = [*_page_header(document), *preamble]
            width = len(next((r for r in rows if header_map(r)), rows[0]))
            grid.extend(enumerate(rows, start=len(grid) + 1))
        elif width is None:
            preamble.extend(squash_spaces(" ".join(cell for cell in row if cell)) for row in rows)
    if not any_table:
        raise ImportRefused("the document has no table of measures")
    # No measures table: let build_report refuse with the columns it expected.
    return build_report("docx", grid or [(1, [])], fill_down=True, preamble=preamble)


def _has_header(rows: list[list[str]]) -> bool:
    return any(header_map(row) for row in rows[:_HEADER_DEPTH])


def _children(element: object) -> Iterator[object]:
    """Child elements, looking through content controls and custom XML."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or _placeholder(child):
            continue  # comments and processing instructions; an unfilled form field
        if tag in _WRAPPERS:
            yield from _children(child)
        else:
            yield child


def _placeholder(element: object) -> bool:
    """A content control still showing its prompt ("Click or tap here to enter text."), not text."""
    if element.tag != _W + "sdt":
        return False
    properties = element.find(_W + "sdtPr")
    return properties is not None and properties.find(_W + "showingPlcHdr") is not None


def _blocks(body: object) -> Iterator[tuple[str, object]]:
    """("p", text) for each paragraph and ("tbl", rows) for each table of the body, in order."""
    for child in _children(body):
        if child.tag == _W + "p":
            yield "p", _text(child)
        elif child.tag == _W + "tbl":
            yield "tbl", _table(child)


def _table(table: object) -> list[list[str]]:
    """Rows of cell texts, one per grid column."""
    rows: list[list[str]] = []
    above: list[str] = []
    for row in _children(table):
        if row.tag != _W + "tr":
            continue
        properties = row.find(_W + "trPr")
        if properties is not None and properties.find(_W + "del") is not None:
            continue  # a row deleted with Track Changes on
        cells = [""] * _int(properties, "gridBefore")
        for cell in _children(row):
            if cell.tag != _W + "tc":
                continue
            cell_properties = cell.find(_W + "tcPr")
            span = max(1, _int(cell_properties, "gridSpan") or 1)
            column = len(cells)
            if _continues(cell_properties, "vMerge"):
                text = above[column] if column < len(above) else ""
            elif _continues(cell_properties, "hMerge"):
                text = ""  # the old form of a cell merged across: counted in the cell before
            else:
                text = _text(cell)
            cells.append(text)
            cells.extend([""] * (span - 1))
        rows.append(cells)
        above = cells
    return rows


def _int(properties: object, name: str) -> int:
    element = properties.find(_W + name) if properties is not None else None
    value = element.get(_W + "val") if element is not None else None
    return int(value) if value and value.isdigit() else 0


def _continues(properties: object, name: str) -> bool:
    """True for the second and later cells of a merge; the first says w:val="restart"."""
    element = properties.find(_W + name) if properties is not None else None
    return element is not None and element.get(_W + "val", "continue") == "continue"


def _text(element: object) -> str:
    """What Word shows for a paragraph or a cell: paragraphs and line breaks as new lines."""
    parts: list[str] = []

    def walk(node: object) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP or _placeholder(child):
                continue
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag == _W + "tab":
                parts.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                parts.append("\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag in (_W + "p", _W + "tbl", _W + "tr"):
                walk(child)
                parts.append("\n")
            elif tag == _W + "tc":
                walk(child)
                parts.append("\t")
            else:
                walk(child)

    walk(element)
    return "".join(parts).strip()


def _page_header(document: object) -> list[str]:
    """Paragraphs of the first section's page headers, for a title typed there."""
    lines: list[str] = []
    if not document.sections:
        return lines
    section = document.sections[0]
    for header in (section.first_page_header, section.header):
        # A header linked to the previous section has no part of its own; reading it would add one.
        if not header.is_linked_to_previous:
            lines.extend(squash_spaces(text) for kind, text in _blocks(header._element) if kind == "p" and text)
    return lines

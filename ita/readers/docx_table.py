"""Word reports: the measures table(s) of a .docx, with the paragraphs above as the title.

Rows are numbered across all tables in order, which is what "line" means for a Word file.
Merged cells come back from python-docx as the same cell, so they already read "as above".
"""

from __future__ import annotations

import io
import zipfile

from ita.readers.table import build_report
from ita.records import ImportRefused, RawReport


def read_docx(file_name: str, data: bytes) -> RawReport:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ImportRefused(file_name, f"not a readable .docx document ({type(error).__name__})") from None
    if not document.tables:
        raise ImportRefused(file_name, "the document has no table of measures")
    preamble = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag.endswith("}tbl"):
            break
        if child.tag.endswith("}p"):
            preamble.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
    grid = []
    number = 0
    for table in document.tables:
        for row in table.rows:
            number += 1
            grid.append((number, [cell.text for cell in row.cells]))
    return build_report(file_name, "docx", grid, fill_down=True, preamble=preamble)

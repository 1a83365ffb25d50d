"""PDF reports as agencies publish them: the table extracted from a text PDF.

A PDF made of scanned page images has no text to extract; it is refused with that reason
rather than imported empty. Thai extraction artefacts are repaired by `thai.fix_characters`
in `table.build_report`. Rows are numbered across pages.
"""

from __future__ import annotations

import io

from ita.readers.table import build_report
from ita.records import ImportRefused, RawReport


def read_pdf(file_name: str, data: bytes) -> RawReport:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as error:
        raise ImportRefused(file_name, f"not a readable PDF ({type(error).__name__})") from None
    grid: list[tuple[int, list[str]]] = []
    preamble: list[str] = []
    any_text = False
    with pdf:
        for page in pdf.pages:
            text = page.extract_text() or ""
            any_text = any_text or bool(text.strip())
            tables = page.extract_tables()
            if not grid and tables:
                top = min(t.bbox[1] for t in page.find_tables())
                preamble.append(page.crop((0, 0, page.width, top)).extract_text() or "")
            for table in tables:
                for row in table:
                    grid.append((len(grid) + 1, [cell or "" for cell in row]))
    if not any_text:
        raise ImportRefused(
            file_name,
            "the PDF holds scanned images with no text; it cannot be read (type the table into the template instead)",
        )
    if not grid:
        raise ImportRefused(file_name, "no table found in the PDF")
    return build_report(file_name, "pdf", grid, fill_down=True, preamble=preamble)

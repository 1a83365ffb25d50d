"""The agencies' report as text extracted from a PDF: one tab-separated line per row.

Lines without tabs before the table are the title; a page break repeats the header row.
"""

from __future__ import annotations

from ita.read.formats.decode import decode_text
from ita.read.formats.table import build_report
from ita.read.records import RawReport


def read_text_report(data: bytes) -> RawReport:
    text = decode_text(data)
    if "\r" in text:  # a search is cheaper than two replacements that find nothing, as most files have no \r
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    grid = ((number, line.split("\t")) for number, line in enumerate(text.split("\n"), start=1))
    return build_report("text", grid, fill_down=False)

"""Readers turn the bytes of an uploaded or ingested file into a `RawReport`.

`read_report(file_name, data)` picks the reader from the file's content first and its
extension second, because agencies rename files (an HTML page saved as .xls).
"""

from __future__ import annotations

from ita.read.formats.limits import MAX_FILE_BYTES, check_size
from ita.read.records import ImportRefused, RawReport

__all__ = ["MAX_FILE_BYTES", "SUPPORTED_EXTENSIONS", "read_report"]

SUPPORTED_EXTENSIONS = (".txt", ".csv", ".tsv", ".xlsx", ".docx", ".pdf")


def read_report(file_name: str, data: bytes) -> RawReport:
    """Read any supported file; raises `ImportRefused` with a message naming the file."""
    from ita.read.formats.decode import sniff_kind

    check_size(file_name, len(data))
    kind = sniff_kind(file_name, data)
    try:
        return _read(file_name, data, kind)
    except ImportRefused:
        raise
    except Exception as error:
        # Third-party parsers raise anything on a malformed file; to the user it is one refusal.
        raise ImportRefused(file_name, f"cannot be read as {kind} ({type(error).__name__}: {error})") from None


def _read(file_name: str, data: bytes, kind: str) -> RawReport:
    from ita.read.formats import docx_table, pdf_table, spreadsheet, text_report

    if kind == "xlsx":
        return spreadsheet.read_xlsx(file_name, data)
    if kind == "docx":
        return docx_table.read_docx(file_name, data)
    if kind == "pdf":
        return pdf_table.read_pdf(file_name, data)
    if kind == "csv":
        return spreadsheet.read_csv(file_name, data)
    if kind == "text":
        return text_report.read_text_report(file_name, data)
    raise ImportRefused(file_name, kind)

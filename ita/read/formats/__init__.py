"""Readers turn the bytes of an uploaded or ingested file into a `RawReport`.

`read_report(file_name, data)` picks the reader from the file's content first and its
extension second, because agencies rename files (an HTML page saved as .xls). It is the
boundary that knows the file: the readers below it see bytes only and refuse with a reason and
a line, and `read_report` names the file in every refusal and in the report it returns.
"""

from __future__ import annotations

from ita.read.formats.limits import MAX_FILE_BYTES, check_size
from ita.read.records import ImportRefused, RawReport

__all__ = ["MAX_FILE_BYTES", "SUPPORTED_EXTENSIONS", "read_report"]

SUPPORTED_EXTENSIONS = (".txt", ".csv", ".tsv", ".xlsx", ".docx", ".pdf")


def read_report(file_name: str, data: bytes) -> RawReport:
    """Read any supported file; raises `ImportRefused` with a message naming the file."""
    from ita.read.formats.decode import sniff_kind

    kind = "report"
    try:
        check_size(len(data))
        kind = sniff_kind(file_name, data)
        raw = _read(data, kind)
    except ImportRefused as refused:
        refused.naming(file_name)
        raise
    except MemoryError:
        raise  # not the file's fault as such: the sandbox refuses it for its size (ita.read.sandbox)
    except Exception as error:
        # Third-party parsers raise anything on a malformed file; to the user it is one refusal.
        raise ImportRefused(f"cannot be read as {kind} ({type(error).__name__}: {error})",
                            file_name=file_name) from None
    # Each read makes its own RawReport: named in place (dataclasses.replace copied it field by field).
    raw.file_name = file_name
    return raw


def _read(data: bytes, kind: str) -> RawReport:
    from ita.read.formats import docx_table, pdf_table, spreadsheet, text_report

    if kind == "xlsx":
        return spreadsheet.read_xlsx(data)
    if kind == "docx":
        return docx_table.read_docx(data)
    if kind == "pdf":
        return pdf_table.read_pdf(data)
    if kind == "csv":
        return spreadsheet.read_csv(data)
    if kind == "text":
        return text_report.read_text_report(data)
    raise ImportRefused(kind)

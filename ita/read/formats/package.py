"""An .xlsx or .docx package checked before a parser opens it: what its parts expand to, and
how far a workbook's cells reach.

Parsers trust a package: python-docx reads every part whole, and calamine sizes a sheet by its
farthest cell, so one cell at XFD1048576 made it ask for 549 GB and abort the process. Here each
part is decompressed in chunks (never held whole) and counted against the limits; a part that
expands past what it declares fails zipfile's CRC check and is refused as damaged.
"""

from __future__ import annotations

import io
import re
import zipfile

from ita.read.formats.limits import MAX_COLUMNS, MAX_PART_BYTES, MAX_PARTS, MAX_SHEET_ROWS, MAX_UNPACKED_BYTES
from ita.read.records import ImportRefused

_CHUNK = 1024 * 1024
_MB = 1024 * 1024
# A row or a cell start tag, with its r="…" reference when it has one. calamine places a cell by
# its reference, or after the cell before it in its row when it has none, and ignores empty cells
# (self-closing tags).
_TAG = re.compile(rb'<(?:\w{1,20}:)?(row|c)\b([^>]{0,1000}?)(/?)>')
_REF = re.compile(rb'\br="([A-Z]{0,3})([0-9]{1,8})"')
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError)
_OVERLAP = 2048  # longer than any tag _TAG matches, so none is cut between two chunks


def check_package(data: bytes, kind: str, *, max_rows: int = MAX_SHEET_ROWS) -> None:
    """Refuse (unnamed) a package whose parts expand past the limits, or an .xlsx whose cells
    reach past `max_rows` rows or MAX_COLUMNS columns. A file that is no zip is left to its reader."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise ImportRefused(f"the {kind} package holds {len(parts):,} parts; a report has a few dozen")
        declared = sum(part.file_size for part in parts)
        if declared > MAX_UNPACKED_BYTES:
            raise _expands(kind, declared, MAX_UNPACKED_BYTES)
        for part in parts:
            if part.file_size > MAX_PART_BYTES:
                raise _expands(f"{kind} part {part.filename}", part.file_size, MAX_PART_BYTES)
        for part in parts:
            extent = _Extent(max_rows) if kind == ".xlsx" and part.filename.endswith(".xml") else None
            try:
                _unpack(archive, part, extent)
            except _DAMAGED as error:
                raise ImportRefused(
                    f"not a readable {kind} file: part {part.filename} is damaged ({type(error).__name__})"
                ) from None


def _expands(what: str, size: int, limit: int) -> ImportRefused:
    return ImportRefused(f"the {what} expands to {size / _MB:,.0f} MB when unpacked; the limit is {limit // _MB} MB")


def _unpack(archive: zipfile.ZipFile, part: zipfile.ZipInfo, extent: _Extent | None) -> None:
    """Decompress one part in chunks; zipfile stops at its declared size and checks its CRC."""
    with archive.open(part) as stream:
        tail = b""
        while chunk := stream.read(_CHUNK):
            if extent is not None:
                tail = extent.scan(tail + chunk, final=False)
        if extent is not None:
            extent.scan(tail, final=True)


class _Extent:
    """The farthest row and column a sheet's non-empty cells reach, read as the XML streams by."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self.row = 0
        self.column = 0

    def scan(self, text: bytes, *, final: bool) -> bytes:
        """Scan `text`, returning the unscanned end to put before the next chunk."""
        cut = len(text) if final else max(0, len(text) - _OVERLAP)
        end = 0
        for found in _TAG.finditer(text):
            if found.start() >= cut:
                break
            end = found.end()
            name, attributes, empty = found.groups()
            ref = _REF.search(attributes)
            if name == b"row":
                self.row = int(ref.group(2)) if ref else self.row + 1
                self.column = 0 if not empty else self.column
                continue
            if ref and ref.group(1):
                column = _column_number(ref.group(1))
                self.row = int(ref.group(2))
            else:
                column = self.column + 1
            self.column = column
            if not empty:
                self._check(self.row, column)
        return text[max(cut, end):]

    def _check(self, row: int, column: int) -> None:
        if row > self.max_rows or column > MAX_COLUMNS:
            raise ImportRefused(
                f"a sheet has a cell at row {row:,}, column {column:,}; a report fits in "
                f"{self.max_rows:,} rows and {MAX_COLUMNS} columns"
            )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number

"""Limits on what one import may hold, stated to users in the app and the README.

Besides the file's size, the limits on what a file may expand to when read (the parts of an .xlsx
or .docx uncompressed, a sheet's extent, a PDF's pages) bound the memory a crafted file can make a
reader take; the sandbox (`ita.read.sandbox`) bounds the rest.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ita.read.records import ImportRefused

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5_000  # one organisation's report for one year; the seed has 26
# A sheet's extent: the measures plus titles, headers repeated per page, blank and signature rows.
MAX_SHEET_ROWS = MAX_ROWS + 1_000
MAX_COLUMNS = 200  # a report has seven columns; wide sheets keep notes to the right
# One part of an .xlsx or .docx uncompressed (the shared strings, a sheet, document.xml): a report
# of MAX_ROWS measures of long Thai text is some 10 MB of XML.
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # every part of the package together
MAX_PARTS = 2_000
MAX_PAGES = 200  # a report is about ten pages


def check_size(size: int) -> None:
    if size == 0:
        raise ImportRefused("the file is empty")
    if size > MAX_FILE_BYTES:
        raise ImportRefused(
            f"the file is {size / 1024 / 1024:.1f} MB; the limit is {MAX_FILE_BYTES // 1024 // 1024} MB"
        )


def check_rows(count: int, line: int) -> None:
    if count > MAX_ROWS:
        raise ImportRefused(f"more than {MAX_ROWS:,} measures; one report holds one organisation's year", line)


def read_limited(path: Path) -> bytes:
    """A file's bytes, refused (unnamed) before they are read when there are more than MAX_FILE_BYTES.

    A regular file is judged by its size on disk; anything else (a pipe, a device such as /dev/zero)
    is read up to one byte past the limit, so nothing larger is ever held whole.
    """
    # Opened without waiting: a pipe nobody writes to would otherwise block the import for ever.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if stat.S_ISREG(status.st_mode):
            check_size(status.st_size)
        os.set_blocking(descriptor, True)
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(f"the file is larger than the {MAX_FILE_BYTES // 1024 // 1024} MB limit")
    return data

"""Turning bytes into text: which kind of file this is, and which encoding it uses.

Thai files arrive in UTF-8, UTF-8 with BOM, UTF-16 (Excel's "Unicode text") and TIS-620 /
cp874 (older Windows). A file that mixes encodings is refused rather than half read.
"""

from __future__ import annotations

import re

from ita.read.records import ImportRefused

_THAI_UTF8 = re.compile(rb"\xe0[\xb8\xb9][\x80-\xbf]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])  # as _CONTROL


def sniff_kind(file_name: str, data: bytes) -> str:
    """'xlsx', 'docx', 'pdf', 'csv' or 'text'; anything else is refused with a reason.

    Called where one file is read (the boundary): the name's extension is a hint after the content."""
    head = data[:2048]
    lowered = file_name.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data[:65536] or lowered.endswith(".docx"):
            return "docx"
        if b"xl/" in data[:65536] or lowered.endswith(".xlsx"):
            return "xlsx"
        raise ImportRefused("a ZIP archive that is neither .xlsx nor .docx")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused("an old Excel/Word 97–2003 file: save it as .xlsx or .docx and import again")
    stripped = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower().replace(b"\x00", b"")
    if stripped.startswith((b"<!doctype", b"<html", b"<?xml", b"<table", b"<head")):
        raise ImportRefused("an HTML/XML page, not a report or spreadsheet: open it and save it as .xlsx or .csv")
    if lowered.endswith((".csv", ".tsv")):
        return "csv"
    if lowered.endswith((".xlsx", ".docx", ".pdf")):
        kind = lowered.rsplit(".", 1)[-1]
        raise ImportRefused(f"the file is named {file_name} but is not a valid {kind} file")
    return "text"


def decode_text(data: bytes) -> str:
    """Decode a text or CSV file; refuse binary data and mixed encodings, naming the line."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportRefused("the file is empty")
    wide = False  # UTF-16: two bytes a character
    if data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data[3:], "utf-8")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, wide = _strict(data, "utf-16"), True
    elif _looks_utf16(data):
        text, wide = _strict(data, "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"), True
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            if _THAI_UTF8.search(data):
                line = data.count(b"\n", 0, error.start) + 1
                raise ImportRefused(
                    "mixed encodings: part UTF-8, part another encoding; save it as UTF-8", line
                ) from None
            text = _strict(data, "cp874")
    # UTF-8 and cp874 write U+0000–U+007F as those very bytes and use no byte below 0x80 for
    # anything else: there the bytes tell, several times faster than a search of the text.
    clean = not wide and len(data.translate(None, _CONTROL_BYTES)) == len(data)
    control = None if clean else _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise ImportRefused("binary data, not text: is this the right file?", line)
    return text.lstrip("\ufeff")


def _looks_utf16(data: bytes) -> bool:
    sample = data[:400]
    return len(sample) >= 4 and (sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportRefused(f"cannot be read as {encoding} text (binary data?)", line) from None

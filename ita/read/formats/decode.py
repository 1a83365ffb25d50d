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
    elif wide_encoding := _utf16_without_bom(data):
        text, wide = _strict(data, wide_encoding), True
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


# What a report's text is made of: Thai, ASCII, Latin-1 and general punctuation.
_PLAUSIBLE = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u0e00-\u0e7f\u2000-\u206f\ufeff]")


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the data reads as such without a BOM, else None.

    The high bytes of ASCII and Thai characters (0x00, 0x0E) tell it and the byte order: at odd
    places little endian, at even places big endian. A few NUL bytes make a short binary or UTF-8
    file look the same, so the guess must also read as a report's text: read as UTF-16, those come
    out as CJK or Hangul."""
    sample = data[:400]
    if len(sample) < 4:
        return None
    if _mostly_high_bytes(sample[1::2]):
        encoding = "utf-16-le"
    elif _mostly_high_bytes(sample[0::2]):
        encoding = "utf-16-be"
    else:
        return None
    text = sample[:len(sample) // 2 * 2].decode(encoding, errors="replace")
    implausible = sum(1 for character in text if not _PLAUSIBLE.match(character))
    return encoding if implausible <= len(text) // 10 else None


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportRefused(f"cannot be read as {encoding} text (binary data?)", line) from None


def _mostly_high_bytes(part: bytes) -> bool:
    return part.count(0) + part.count(0x0E) > len(part) // 2

"""The one rule for text that comes from an imported file, whatever its format.

Checked where a file's cells become a report (`ita.read.prepared`), so text, CSV, XLSX, DOCX and
PDF files are held to it alike:

- no control characters: the text and CSV readers already refuse a file with one (C0 but tab and
  line breaks, which cells turn into spaces) as binary data; an XLSX cell carries them as `_x001B_`,
  which the reader decodes into the character itself. Refused, not removed, as those readers do: a
  control character in a cell is a damaged paste or the wrong file, and removing it would change what
  the agency wrote without a word. C1 controls, U+FFFE/U+FFFF and lone surrogates are refused too:
  no report's text holds them, and the XML inside an .xlsx export cannot hold them;
- every cell no longer than its column allows (`CELL_LIMITS`): the longest real cells (the seed,
  the samples) are a few hundred characters, and a cell of a hundred thousand made the PDF export
  take minutes;
- an evidence link is a web address (http:// or https://), as the edit tab requires.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ita.read.records import ImportRefused, RawReport

# Characters no report's text holds: C0 controls but tab, line feed and carriage return; DEL and
# the C1 controls; lone surrogates; and the two non-characters U+FFFE and U+FFFF.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# Longest text a cell of each column may hold (characters). The seed's and the samples' longest
# cells: action 441, item 189, follow-up 98, period 28, status 20, indicator 26, responsible 16.
LONG_TEXT = 2_000  # what was done and how it is followed up: a paragraph or a few
NAME = 300  # a name (indicator, division, organisation), a period, a status, a code
URL = 2_000  # the common practical limit of a web address
CELL_LIMITS: dict[str, int] = {
    "action": LONG_TEXT,
    "follow_up": LONG_TEXT,
    "item": LONG_TEXT,  # an OIT row may copy the framework's whole question
    "note": LONG_TEXT,
    "evidence_url": URL,
    "indicator": NAME,
    "responsible": NAME,
    "period": NAME,
    "status": NAME,
    "item_code": NAME,
    "organisation": NAME,
    "fiscal_year": NAME,
    "sample": NAME,
}
# What a refusal calls each cell (the readers' column keys); refusals.py gives each its Thai.
CELL_NAMES: dict[str, str] = {
    "indicator": "indicator",
    "item": "item",
    "action": "action",
    "responsible": "responsible",
    "period": "period",
    "follow_up": "follow-up",
    "status": "status",
    "item_code": "item code",
    "evidence_url": "evidence",
    "note": "note",
    "organisation": "organisation",
    "fiscal_year": "fiscal year",
    "sample": "sample",
}

_WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def is_web_address(text: str) -> bool:
    """True for one http:// or https:// address (never javascript:, data:, file: …)."""
    return _WEB_ADDRESS.match(text) is not None


def check_report(raw: RawReport) -> None:
    """Refuse `raw` (ImportRefused naming its file and line) when its text breaks the rule above."""
    for field, value in (("organisation", raw.organisation), ("province", raw.province),
                         ("district", raw.district)):
        if value:
            _check_cell(field, value, None, raw.file_name)
    for row in raw.rows:
        for field, value in row.cells.items():
            # Most cells are clean (cells repeat: a cache hit each) and shorter than any limit.
            if not _clean(value) or (len(value) > NAME and len(value) > CELL_LIMITS.get(field, NAME)):
                _check_cell(field, value, row.line, raw.file_name)


@lru_cache(maxsize=50_000)
def _clean(text: str) -> bool:
    # Cached per cell text: indicators, divisions, periods and statuses fill every report again, and a
    # search of Thai text costs some 10 ns a character (a report's rows took a tenth of reading it).
    return FORBIDDEN.search(text) is None


def _check_cell(field: str, value: str, line: int | None, file_name: str) -> None:
    name = CELL_NAMES.get(field, field)
    found = FORBIDDEN.search(value)
    if found:
        raise ImportRefused(
            f"the {name} cell holds a control character (U+{ord(found.group()):04X}), which no report's "
            "text holds: delete it and import again", line, file_name=file_name)
    limit = CELL_LIMITS.get(field, NAME)
    if len(value) > limit:
        raise ImportRefused(f"the {name} cell is {len(value):,} characters long; the limit is {limit:,}",
                            line, file_name=file_name)

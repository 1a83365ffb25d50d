"""PDF reports as agencies publish them: the ruled measures table of a text PDF.

pdfplumber finds the table from its ruling lines; the text of each cell is then rebuilt here
from the characters, because the generic text extraction garbles Thai:

- it orders characters by their x position, but a Thai vowel or tone mark has no width and is
  drawn at (or slightly left of) the end of its consonant, so marks swap places with the next
  letter and with each other (ที่ comes out ท่ี, ตัวชี้วัด as ตัวช้วี ัด). Here every mark stays with
  the letter drawn before it, in the order the PDF draws them, which is the order they were typed;
- sara am (ำ) is drawn as two glyphs, nikhahit and sara aa, and the nikhahit often has no text
  mapping (or maps to a space), so ดำเนินการ comes out ด าเนินการ. Both forms are put back;
- fonts such as TH SarabunPSK carry shifted and lowered marks in the Private Use Area
  (U+F700–U+F71A); they are mapped back to the Thai marks they draw;
- a cell's wrapped lines become lines of text, which `table.build_report` joins with a space and
  `normalise` removes where a word was cut (as for the PDF-extracted text reports).

Page breaks cut the table: a row that Word or a browser let break across pages comes in two
parts, and a cell merged down over a break leaves empty cells at the top of the next page.
`_across_page_breaks` joins the parts and carries merged cells over (see there for the rules and
the one case they cannot tell apart). Within a page, a merged cell reads "as above": it gives
its text to every row it covers.

Refused, naming the file: a truncated or damaged PDF (never imported in part: pdfminer reads on
through damage and would return fewer measures), a PDF of scanned page images, a PDF whose
fonts do not map their glyphs to text, a PDF without a ruled table. Rows are numbered across
pages, header rows included.
"""

from __future__ import annotations

import bisect
import contextlib
import io
import itertools
import logging
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ita.read.formats.limits import MAX_PAGES, MAX_PART_BYTES, MAX_UNPACKED_BYTES
from ita.read.formats.table import build_report, header_map
from ita.read.records import ImportRefused, RawReport

SCANNED = (
    "the PDF holds scanned images of the pages, not text; it cannot be read "
    "(import the original .docx or .xlsx, or type the table into the template)"
)

# Thai marks drawn on or under the letter before them, with no width of their own.
_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
# Presentation forms in the Private Use Area (the convention of Windows and Mac Thai fonts):
# each glyph is a shifted or lowered copy of a Thai character.
_PUA = str.maketrans(
    {
        0xF700: "\u0e10", 0xF701: "\u0e34", 0xF702: "\u0e35", 0xF703: "\u0e36", 0xF704: "\u0e37",
        0xF705: "\u0e48", 0xF706: "\u0e49", 0xF707: "\u0e4a", 0xF708: "\u0e4b", 0xF709: "\u0e4c",
        0xF70A: "\u0e48", 0xF70B: "\u0e49", 0xF70C: "\u0e4a", 0xF70D: "\u0e4b", 0xF70E: "\u0e4c",
        0xF70F: "\u0e0d", 0xF710: "\u0e31", 0xF711: "\u0e4d", 0xF712: "\u0e47", 0xF713: "\u0e48",
        0xF714: "\u0e49", 0xF715: "\u0e4a", 0xF716: "\u0e4b", 0xF717: "\u0e4c", 0xF718: "\u0e38",
        0xF719: "\u0e39", 0xF71A: "\u0e3a",
    }
)
# A glyph with no text mapping; kept as a placeholder until we know whether it is the nikhahit
# of a sara am (followed by sara aa) or something else (then dropped).
_UNMAPPED = "\ufffc"
_CID = re.compile(r"^\(cid:\d+\)$")
# ำ drawn as nikhahit + sara aa: the nikhahit unmapped, or mapped to a space, or to itself.
_SARA_AM = re.compile("\ufffc([\u0e48-\u0e4b]?)\u0e32|([\u0e01-\u0e2e][\u0e48-\u0e4b]?) +\u0e32")
# A blank wider than this share of the font size is a space even where no space glyph is drawn.
_SPACE_GAP = 0.2
# pdfplumber's defaults, but only ruling lines: Thai text has no spaces to find columns by.
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass
class _Glyphs:
    """A letter (or space, digit, punctuation) and the marks drawn after it."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


@dataclass
class _Row:
    line: int
    page: int
    cells: list[str]
    owners: list[object]  # per column, which cell of the page's table the text comes from
    tall: list[bool]  # per column, whether that cell is merged over more than one row


@dataclass
class _Foot:
    """Where a page's last table ends, and which of its columns run on to the next page."""

    bottom: float
    open_columns: list[bool]

    @property
    def row_broken(self) -> bool:
        """No rule under any column: the last row itself goes on over the page break."""
        return bool(self.open_columns) and all(self.open_columns)


@dataclass
class _Reading:
    rows: list[_Row] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    characters: int = 0
    unmapped: int = 0
    image_pages: int = 0
    rotated: int = 0  # letters not upright: stamps, watermarks, or a table turned on the page
    stray: int = 0  # letters outside any table, below the first one: a table drawn without rules
    feet: dict[int, _Foot] = field(default_factory=dict)
    font_size: float = 0.0

    def full_pages(self) -> set[int]:
        """Pages whose table reaches as low as any table in the document does (within three
        lines, for widow and orphan control): the pages where a row may have been broken."""
        if not self.feet:
            return set()
        deepest = max(foot.bottom for foot in self.feet.values())
        slack = 3 * 1.3 * (self.font_size or 12)
        return {page for page, foot in self.feet.items() if foot.bottom >= deepest - slack}


def read_pdf(data: bytes) -> RawReport:
    """Read the measures table of a text PDF; raises `ImportRefused` saying why."""
    # PDF readers look for the end-of-file marker in the last 1024 bytes. A file cut short
    # (an interrupted download) may still open, and pdfminer would then read whichever pages
    # survive: the import would silently lose measures, so it is refused instead.
    if b"%%EOF" not in data[-1024:]:
        raise ImportRefused("the PDF is incomplete or damaged (it does not end as a PDF does); download it again")
    reading = _read_pages(data)
    if not reading.rows:
        if reading.image_pages:
            raise ImportRefused(SCANNED)
        if reading.characters == 0 and reading.rotated:
            raise ImportRefused("the PDF's text runs sideways on the page; it cannot be read " + _INSTEAD)
        if reading.characters == 0:
            raise ImportRefused("the PDF holds no text (blank, or letters drawn as shapes); " + _INSTEAD)
    if reading.unmapped > reading.characters // 2:
        raise ImportRefused(
            "the PDF's fonts do not say which letters they draw, so its text cannot be read; " + _INSTEAD
        )
    unruled = "no table with ruled cells found in the PDF; " + _INSTEAD
    if not reading.rows or (
        reading.stray > 100 and all(header_map(row.cells) or not any(row.cells) for row in reading.rows)
    ):
        # No ruled table at all, or only its header band is ruled (shaded) and the measures are loose text.
        raise ImportRefused(unruled)
    grid = [(row.line, row.cells) for row in _across_page_breaks(reading)]
    return build_report("pdf", grid, fill_down=True, preamble=reading.preamble)


_INSTEAD = "import the original .docx or .xlsx, or type the table into the template"


def _read_pages(data: bytes) -> _Reading:
    """Every page's table rows, title text and counts; a damaged file is refused."""
    import pdfplumber

    reading = _Reading()
    with _damage_reports() as damage:
        try:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                # Counted before any page or stream is read: a 5,000-page file took a minute.
                _check_pages(pdf.doc)
                broken = _broken_stream(pdf.doc)
                if broken:
                    damage.append(broken)
                else:
                    for number, page in enumerate(pdf.pages, start=1):
                        _read_page(page, number, reading)
        except ImportRefused:
            raise
        except Exception as error:
            # pdfminer raises anything on a malformed file, at opening or on any page.
            raise ImportRefused(f"not a readable PDF ({type(error).__name__}: {error})"[:200]) from None
    if damage:
        raise ImportRefused(f"the PDF is damaged ({damage[0]}); download it again")
    return reading


# pdfminer reads on through a damaged file and only logs what it could not read: a content stream
# that does not decompress, or drawing commands with garbage operands. Either means that text
# may be missing, so the file is refused rather than imported in part.
_DAMAGE = (
    "Data-loss while decompressing",
    "can be parsed as floats",
    "invalid float value",
    "invalid int value",
    "non-indirect object",
)


class _DamageHandler(logging.Handler):
    def __init__(self, thread: int) -> None:
        super().__init__(logging.WARNING)
        self.thread = thread
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Imports may run side by side in the app's threads; only this one's reports count.
        if record.thread == self.thread:
            message = record.getMessage()
            if any(marker in message for marker in _DAMAGE):
                self.found.append(message[:80])


_LOGGER_LOCK = threading.Lock()
_readers = 0  # PDF reads under way, so that the last one to finish restores the logger
_saved_level = logging.NOTSET


@contextlib.contextmanager
def _damage_reports() -> Iterator[list[str]]:
    """Collect pdfminer's reports of damaged content while the block runs."""
    global _readers, _saved_level
    logger = logging.getLogger("pdfminer")
    handler = _DamageHandler(threading.get_ident())
    with _LOGGER_LOCK:
        if _readers == 0:
            _saved_level = logger.level
            if logger.getEffectiveLevel() > logging.WARNING:
                logger.setLevel(logging.WARNING)  # an app that quietens pdfminer must not hide damage from us
        _readers += 1
        logger.addHandler(handler)
    try:
        yield handler.found
    finally:
        with _LOGGER_LOCK:
            logger.removeHandler(handler)
            _readers -= 1
            if _readers == 0:
                logger.setLevel(_saved_level)


def _check_pages(document: object) -> None:
    """Refuse a PDF of more than MAX_PAGES pages, walking no further into its page tree than that."""
    from pdfminer.pdfpage import PDFPage

    pages = sum(1 for _ in itertools.islice(PDFPage.create_pages(document), MAX_PAGES + 1))
    if pages > MAX_PAGES:
        raise ImportRefused(f"the PDF has more than {MAX_PAGES} pages; a report has a few dozen at most")


def _broken_stream(document: object) -> str | None:
    """The first object of the file that cannot be read, or a compressed stream that does not
    decompress; pdfminer would silently read such a stream (a page's text, a font's character
    map) as empty. A stream that expands past MAX_PART_BYTES (or all of them together past
    MAX_UNPACKED_BYTES) is refused before pdfminer decompresses it whole."""
    import zlib

    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

    seen: set[int] = set()
    unpacked = 0
    for objid in _objects_in_order(document):
        if objid in seen:
            continue
        seen.add(objid)
        try:
            stream = document.getobj(objid)
        except Exception:
            return f"object {objid} cannot be read"
        if not isinstance(stream, PDFStream) or stream.rawdata is None:
            continue
        filters = stream.get_filters()
        if not filters or filters[0][0] not in LITERALS_FLATE_DECODE:
            continue
        data = stream.rawdata
        if stream.decipher:
            data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
        inflater = zlib.decompressobj()
        try:
            unpacked += len(inflater.decompress(data, MAX_PART_BYTES))
        except zlib.error:
            return f"stream {objid} does not decompress"
        if inflater.unconsumed_tail or unpacked > MAX_UNPACKED_BYTES:
            limit = MAX_PART_BYTES if inflater.unconsumed_tail else MAX_UNPACKED_BYTES
            raise ImportRefused(
                f"a compressed stream of the PDF expands past {limit // 1024 // 1024} MB; the file may be damaged"
            )
        if not inflater.eof:
            return f"stream {objid} does not decompress"
    return None


def _objects_in_order(document: object) -> Iterator[int]:
    """The file's object numbers, those stored directly first: reading an object kept inside an
    object stream decompresses that whole stream, which is thus checked before it is unpacked."""
    inside: list[int] = []
    for xref in document.xrefs:
        for objid in xref.get_objids():
            try:
                direct = xref.get_pos(objid)[0] is None
            except Exception:
                direct = True  # getobj then says it cannot be read
            if direct:
                yield objid
            else:
                inside.append(objid)
    yield from inside


def _read_page(page: object, number: int, reading: _Reading) -> None:
    glyphs, unmapped, total = _glyphs(page.chars)
    reading.characters += total
    reading.unmapped += unmapped
    reading.rotated += sum(not char.get("upright", True) for char in page.chars)
    if _mostly_image(page):
        reading.image_pages += 1
    if glyphs and not reading.font_size:
        reading.font_size = sorted(g.size for g in glyphs)[len(glyphs) // 2]
    found = page.find_tables({**_TABLE_SETTINGS, "explicit_horizontal_lines": _closing_lines(page)})
    tables = sorted(found, key=lambda t: (t.bbox[1], t.bbox[0]))
    # Each table takes the glyphs inside it; what is left above the first table of the report
    # is its title. Footers, page numbers and signatures outside the tables are not read.
    remaining = glyphs
    for serial, table in enumerate(tables):
        xs = sorted({round(c[0], 1) for c in table.cells})
        # A line of text that starts right at the foot of the table overflows its last row
        # (WeasyPrint lets a cell cut by a page break do so); a page footer starts well below.
        inside, remaining = _split(remaining, table.bbox)
        if not reading.rows:
            above = [g for g in remaining if g.bottom <= table.bbox[1]]
            reading.preamble.extend(_lines(above))
            remaining = [g for g in remaining if g.bottom > table.bbox[1]]
        grid, owners, tall = _table_cells(table, inside)
        for cells, row_owners, row_tall in zip(grid, owners, tall, strict=True):
            keyed = [(serial, owner) if owner is not None else None for owner in row_owners]
            reading.rows.append(_Row(len(reading.rows) + 1, number, cells, keyed, row_tall))
        reading.feet[number] = _Foot(table.bbox[3], _open_columns(page, table.bbox, xs))
    if not tables and not reading.rows:
        reading.preamble.extend(_lines(remaining))
    elif reading.rows:
        reading.stray += sum(not glyph.text.isspace() for glyph in remaining)


def _open_columns(page: object, bbox: tuple[float, float, float, float], xs: Sequence[float]) -> list[bool]:
    """For each column of a table, whether no rule closes it at the table's foot."""
    bottom = bbox[3]
    rules = [e for e in page.edges if e["orientation"] == "h" and abs(e["top"] - bottom) <= 1.5]
    bounds = [*xs, bbox[2]]
    columns = []
    for left, right in itertools.pairwise(bounds):
        covered = sum(max(0.0, min(e["x1"], right) - max(e["x0"], left)) for e in rules)
        columns.append(covered < 0.5 * (right - left))
    return columns


def _closing_lines(page: object) -> list[dict]:
    """Horizontal rules where a table's column lines end, or begin, with no rule across them.

    A page break leaves a table open: a row broken over the break, or a cell merged down past
    it, is drawn with its column lines running to the foot of the page (or from its head) and
    no rule under (or over) them, and pdfplumber finds only closed cells. Closing the table
    there keeps the text of those cells; `_across_page_breaks` then joins the parts. Only the
    ends where a column line stops are closed: a rule across the table between its rows would
    cut every merged cell in two.
    """
    vertical = [e for e in page.edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 2]
    horizontal = [e for e in page.edges if e["orientation"] == "h"]

    def goes_on(x: float, low: float, high: float) -> bool:
        return any(abs(e["x0"] - x) <= 1.5 and e["top"] <= low and e["bottom"] >= high for e in vertical)

    ends = [(e["bottom"], e) for e in vertical if not goes_on(e["x0"], e["bottom"] + 1, e["bottom"] + 2)]
    ends += [(e["top"], e) for e in vertical if not goes_on(e["x0"], e["top"] - 2, e["top"] - 1)]
    ends.sort(key=lambda end: end[0])
    groups: list[list[tuple[float, dict]]] = []
    for end in ends:
        if groups and end[0] - groups[-1][-1][0] <= 1:
            groups[-1].append(end)
        else:
            groups.append([end])
    lines = []
    for group in groups:
        if len(group) < 2:
            continue  # one line alone closes no cell
        y = group[0][0]
        x0, x1 = min(e["x0"] for _, e in group), max(e["x1"] for _, e in group)
        covered = sum(
            max(0.0, min(h["x1"], x1) - max(h["x0"], x0)) for h in horizontal if abs(h["top"] - y) <= 1.5
        )
        if covered < 0.9 * (x1 - x0):
            lines.append({"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0,
                          "height": 0})
    return lines


def _glyphs(chars: Sequence[dict]) -> tuple[list[_Glyphs], int, int]:
    """The page's letters with their marks, in drawing order; also (unmapped, total) counts."""
    glyphs: list[_Glyphs] = []
    drawn: dict[tuple[str, int, int], list[tuple[float, float]]] = {}
    duplicate = False  # the letter before was a second copy: its marks go too
    unmapped = total = 0
    for char in chars:
        if not char.get("upright", True):
            continue  # rotated text: watermarks and stamps, never table cells
        text = (char.get("text") or "").translate(_PUA)
        if not text or _CID.match(text):
            if char["x1"] - char["x0"] > 0.05 * char["size"]:
                unmapped += 1
                total += 1
                continue
            text = _UNMAPPED
        if glyphs and (text[0] in _MARKS or text == _UNMAPPED):
            if not duplicate:
                glyphs[-1].text += text
            continue
        # Some producers draw text twice, slightly offset, for a heavier look; keep one copy.
        duplicate = _drawn_before(drawn, text, char["x0"], char["top"])
        if duplicate:
            continue
        total += not text.isspace()
        glyphs.append(_Glyphs(text, char["x0"], char["x1"], char["top"], char["bottom"], char["size"]))
    return glyphs, unmapped, total


def _drawn_before(drawn: dict, text: str, x: float, y: float, tolerance: float = 1.0) -> bool:
    """Whether `text` was drawn within `tolerance` of (x, y) already; records it if not."""
    cell = (text, int(x // tolerance), int(y // tolerance))
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for other_x, other_y in drawn.get((text, cell[1] + dx, cell[2] + dy), ()):
                if abs(other_x - x) <= tolerance and abs(other_y - y) <= tolerance:
                    return True
    drawn.setdefault(cell, []).append((x, y))
    return False


def _mostly_image(page: object) -> bool:
    area = float(page.width * page.height) or 1.0
    covered = sum(
        max(0.0, float(i["x1"] - i["x0"])) * max(0.0, float(i["bottom"] - i["top"])) for i in page.images
    )
    return covered / area > 0.4


def _split(glyphs: Iterable[_Glyphs], bbox: tuple[float, float, float, float]) -> tuple[list, list]:
    """Glyphs inside `bbox` or on a line that starts at its foot, and the rest."""
    x0, top, x1, bottom = bbox
    inside, outside = [], []
    for glyph in glyphs:
        x, y = glyph.middle
        overflows = y > bottom >= glyph.top - 0.3 * glyph.size
        (inside if x0 <= x <= x1 and (top <= y <= bottom or overflows) else outside).append(glyph)
    return inside, outside


def _table_cells(
    table: object, glyphs: Sequence[_Glyphs]
) -> tuple[list[list[str]], list[list[int | None]], list[list[bool]]]:
    """The table as rows of cell texts on the grid of all its column and row boundaries.

    A cell merged across rows gives its text to every row it covers ("same as above"); a cell
    merged across columns gives it to the first column only, so a title row spanning the table
    reads once. Also returned: which cell each grid position belongs to, and whether that cell
    covers more than one row.
    """
    cells = table.cells
    xs = sorted({round(c[0], 1) for c in cells})
    tops = sorted({round(c[1], 1) for c in cells})
    owner: dict[tuple[int, int], int] = {}
    rows_covered: dict[int, int] = {}
    for index, (x0, top, x1, bottom) in enumerate(cells):
        rows = range(bisect.bisect_left(tops, round(top, 1)), bisect.bisect_left(tops, round(bottom, 1) - 0.5))
        rows_covered[index] = len(rows)
        for row in rows:
            for column in range(bisect.bisect_left(xs, round(x0, 1)), bisect.bisect_left(xs, round(x1, 1) - 0.5)):
                owner.setdefault((row, column), index)
    texts: dict[int, list[_Glyphs]] = {}
    for glyph in glyphs:
        x, y = glyph.middle
        position = (bisect.bisect_right(tops, y) - 1, bisect.bisect_right(xs, x) - 1)
        if position in owner:
            texts.setdefault(owner[position], []).append(glyph)
    read = {index: "\n".join(_lines(found)) for index, found in texts.items()}
    grid, owners, tall = [], [], []
    for row in range(len(tops)):
        line, line_owners, line_tall = [], [], []
        for column in range(len(xs)):
            index = owner.get((row, column))
            line_owners.append(index)
            line_tall.append(index is not None and rows_covered[index] > 1)
            if index is None:
                line.append("")
            elif bisect.bisect_left(tops, round(cells[index][1], 1)) == row and (
                bisect.bisect_left(xs, round(cells[index][0], 1)) != column
            ):
                line.append("")  # the rest of a cell merged across columns
            else:
                line.append(read.get(index, ""))
        grid.append(line)
        owners.append(line_owners)
        tall.append(line_tall)
    return grid, owners, tall


def _lines(glyphs: Sequence[_Glyphs]) -> list[str]:
    """Glyphs grouped into lines top to bottom, each read left to right, with Thai repaired."""
    lines: list[list[_Glyphs]] = []
    for glyph in sorted(glyphs, key=lambda g: g.top):
        if lines and abs(glyph.top - lines[-1][0].top) < 0.5 * glyph.size:
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    out = []
    for line in lines:
        parts: list[str] = []
        previous: _Glyphs | None = None
        for glyph in sorted(line, key=lambda g: g.x0):
            gap = glyph.x0 - previous.x1 if previous else 0.0
            if previous and gap > _SPACE_GAP * glyph.size and not (parts[-1].isspace() or glyph.text.isspace()):
                parts.append(" ")
            parts.append(glyph.text)
            previous = glyph
        text = repair_thai("".join(parts)).strip()
        if text:
            out.append(text)
    return out


def repair_thai(text: str) -> str:
    """Undo the PDF-specific Thai artefacts of one extracted line (see the module docstring)."""
    text = text.translate(_PUA)
    text = _SARA_AM.sub(lambda match: (match.group(1) or match.group(2) or "") + "\u0e33", text)
    return text.replace(_UNMAPPED, "")


def _across_page_breaks(reading: _Reading) -> list[_Row]:
    """Undo what page breaks do to the table: rows broken in two, merged cells cut in two.

    At each break, between the last measure row of one page and the first of the next, the
    first row continues the last one (a row that Word or a browser let break across pages):

    - when nothing closes the page's table (the row was left open at the foot of the page); or,
      for producers that rule it closed, when that page is full to its foot and a cell is empty
      on one side of the break only, in a column that is never empty otherwise: the item and the
      action, which every measure has, and any column filled in every row away from the breaks
      and not merged anywhere (the status, typed once, has an empty cell in the other part).

    Two whole rows have all of those. Otherwise the first row is a row of its own, and a cell of
    it left empty under a cell that is merged down (runs open over the foot of the page, or spans
    several rows, or sits in a column merged elsewhere) takes that cell's text, as do the rows
    below it that the same merged cell covers. What stays ambiguous: a broken row in a closed
    table whose every other column is merged or continues on both sides reads as two rows.
    """
    rows = reading.rows
    mapping = next((m for m in map(header_map, (row.cells for row in rows)) if m), None)
    if mapping is None:
        return rows
    column_of = {key: index for index, key in mapping.items()}
    required = [column_of[key] for key in ("item", "action") if key in column_of]
    body: dict[int, list[_Row]] = {}
    for row in rows:
        if header_map(row.cells) is None and any(row.cells):
            body.setdefault(row.page, []).append(row)
    width = max(len(row.cells) for row in rows)
    merged_columns = {c for c in range(width) if any(c < len(row.tall) and row.tall[c] for row in rows)}
    # Columns never left empty away from a page break: an empty one at a break is a broken row.
    inner = [row for page in body.values() for row in page[1:-1]]
    always_filled = {c for c in range(width) if inner and all(_cell(row.cells, c) for row in inner)}
    evidence = sorted(set(required) | (always_filled - merged_columns))
    full = reading.full_pages()
    joined_into: dict[int, _Row] = {}  # a row joined into the row before it → that row
    for before, after in itertools.pairwise(sorted(body)):
        if after != before + 1:
            continue
        last, first = body[before][-1], body[after][0]
        while id(last) in joined_into:  # a row broken over three pages
            last = joined_into[id(last)]
        foot = reading.feet.get(before)
        open_columns = foot.open_columns if foot else []

        def one_sided(column: int, above: _Row = last, below: _Row = first) -> bool:
            return bool(_cell(above.cells, column)) != bool(_cell(below.cells, column))

        broken = (foot is not None and foot.row_broken) or (before in full and any(map(one_sided, evidence)))
        for column, text in enumerate(last.cells):
            runs_on = (
                broken
                or (column < len(open_columns) and open_columns[column])
                or last.tall[column]
                or column in merged_columns
            )
            if not text or not runs_on or _cell(first.cells, column):
                continue
            region = first.owners[column]
            for row in body[after]:
                if row.owners[column] != region or _cell(row.cells, column):
                    break
                row.cells[column] = text
        if broken:
            last.cells = [
                "\n".join(part for part in (above, below) if part) if above != below else above
                for above, below in zip(last.cells, first.cells, strict=False)
            ]
            joined_into[id(first)] = last
    return [row for row in rows if id(row) not in joined_into]


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index].strip() if 0 <= index < len(cells) else ""

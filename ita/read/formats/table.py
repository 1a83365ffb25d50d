"""From a grid of cells to a `RawReport`: the part every reader shares.

Every reader (text report, CSV, XLSX, DOCX, PDF) produces numbered rows of cells; this
module finds the header row (Thai or English, any column order), reads the title above it,
skips the header where a new page repeats it, maps cells to column keys, and joins a row that
a page break cut in two back into one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from ita.read.formats.limits import MAX_ROWS, check_rows
from ita.read.organisations import parse_title
from ita.read.records import COLUMNS, ImportRefused, RawReport, RawRow
from ita.read.thai import compact, fix_characters, squash_spaces

# Header wordings, compared with blanks removed and in lower case.
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "indicator": ("ตัวชี้วัด", "ตัวชี้วัดที่", "indicator"),
    "item": ("ข้อ", "ชื่อ", "ข้อ/ชื่อ", "ข้อคำถาม", "ประเด็น", "ประเด็นการประเมิน", "รายการ", "item", "question"),
    "action": ("วิธีดำเนินการ", "วิธีการดำเนินการ", "แนวทางการดำเนินการ", "มาตรการ", "action", "measure"),
    "responsible": ("ผู้รับผิดชอบ", "หน่วยงานที่รับผิดชอบ", "หน่วยงานรับผิดชอบ", "responsible", "division"),
    "period": ("ระยะเวลาดำเนินการ", "ระยะเวลา", "period", "timeline", "timeframe"),
    "follow_up": ("การติดตามผล", "การติดตาม", "followup", "follow-up", "follow_up"),
    "status": ("ผลการดำเนินงาน", "ผลการดำเนินการ", "สถานะ", "สถานะการดำเนินงาน", "status", "result"),
    # ข้อ ITA / ITA item: the item code column of the app's own export.
    "item_code": ("รหัสข้อ", "รหัส", "ข้อita", "itemcode", "item_code", "code", "itaitem"),
    "evidence_url": ("หลักฐาน", "ลิงก์", "ลิงก์หลักฐาน", "url", "evidence", "evidenceurl", "evidence_url"),
    "note": ("หมายเหตุ", "note", "notes"),
    # หน่วยงาน: the organisation column of the app's own export (see ita/present/export.py).
    "organisation": ("องค์กรปกครองส่วนท้องถิ่น", "หน่วยงาน", "organisation", "organization", "org"),
    "fiscal_year": ("ปีงบประมาณ", "fiscalyear", "fiscal_year", "year"),
    # The export's sample column: a row marked [ข้อมูลตัวอย่าง] / [sample] makes the report sample data.
    "sample": ("ข้อมูลตัวอย่าง", "sample"),
}
_BY_NAME = {name: key for key, names in HEADER_NAMES.items() for name in names}
_LONGEST_HEADER = 2 * max(map(len, _BY_NAME)) + 10  # room for the spaces a PDF puts inside a header
REQUIRED = ("indicator", "item", "action", "status")
FILL_DOWN = ("indicator", "responsible", "period", "follow_up", "organisation", "fiscal_year")
# A row with none of these is not a measure of its own: it is the rest of the row above, whose
# cells ran over a page break (see `continues_row`).
ROW_IDENTITY = ("indicator", "item", "item_code", "responsible", "status")
CONTINUED = ("action", "period", "follow_up", "evidence_url", "note")


def header_map(cells: Sequence[str]) -> dict[int, str] | None:
    """Column index → key when `cells` is a header row, else None."""
    mapping: dict[int, str] = {}
    for index, cell in enumerate(cells):
        # Header names are short; skipping long cells keeps this cheap on every data row.
        if not cell or len(cell) > _LONGEST_HEADER:
            continue
        key = _header_key(cell)
        if key and key not in mapping.values():
            mapping[index] = key
    found = set(mapping.values())
    return mapping if len(found & set(COLUMNS)) >= 4 and {"indicator", "status"} <= found else None


@lru_cache(maxsize=50_000)
def _header_key(cell: str) -> str | None:
    return _BY_NAME.get(compact(cell).lower())


@lru_cache(maxsize=200_000)
def clean_cell(text: str) -> str:
    """A cell's text without extraction artefacts and with single spaces (cells repeat a lot)."""
    return squash_spaces(fix_characters(text)) if text else ""


def continues_row(cells: Mapping[str, str], above: Mapping[str, str]) -> bool:
    """True when `cells` holds only the rest of the row `above`: text in the columns a cell can
    run on in (action, period, follow-up, evidence, note) and none in the columns that make a
    measure (indicator, item, responsible division, status). The organisation and fiscal-year
    columns of an exported file repeat on every row, so they only have to agree with `above`.
    """
    # map(), not generators: this runs on every data row, and a generator costs more than the test.
    get = cells.get
    if any(map(get, ROW_IDENTITY)):
        return False
    for key in ("organisation", "fiscal_year"):
        value = get(key)
        if value and value != above.get(key):
            return False
    return any(map(get, CONTINUED))


def join_continuation(above: Mapping[str, str], cells: Mapping[str, str]) -> dict[str, str]:
    """`above` with each continued cell's text appended to the same column, joined with a space
    as wrapped lines within a cell are (the text was cut at a page break, not at a paragraph)."""
    joined = dict(above)
    for key in CONTINUED:
        if cells.get(key):
            joined[key] = f"{joined[key]} {cells[key]}" if joined.get(key) else cells[key]
    return joined


def build_report(
    source_kind: str,
    grid: Iterable[tuple[int, Sequence[str]]],
    *,
    fill_down: bool,
    preamble: Sequence[str] = (),
) -> RawReport:
    """Read numbered rows into a report. `preamble` is text above the table (DOCX paragraphs)."""
    # Readers may pass lines with breaks in them (a Word title typed over two lines).
    title_lines: list[str] = [squash_spaces(fix_characters(p)) for p in preamble if p.strip()]
    mapping: dict[int, str] | None = None
    rows: list[RawRow] = []
    previous: dict[str, str] = {}
    indicator_at: int | None = None  # the indicator column, once the header row is found
    columns: list[tuple[int, str]] = []  # the mapping's (index, key) pairs, walked on every row
    for line, raw_cells in grid:
        cells = list(map(clean_cell, raw_cells))
        if not any(cells):
            continue
        # Once the columns are known, only a row whose indicator cell reads like a header can be one.
        maybe_header = mapping is None or (
            indicator_at is not None and indicator_at < len(cells) and _header_key(cells[indicator_at]) == "indicator"
        )
        as_header = header_map(cells) if maybe_header else None
        if as_header is not None:
            if mapping is not None and set(as_header.values()) != set(mapping.values()):
                # A new page with different columns would silently mis-assign every cell.
                raise ImportRefused("the table's columns change here; split the file per table", line)
            mapping = as_header
            indicator_at = next((i for i, k in mapping.items() if k == "indicator"), None)
            columns = list(mapping.items())
            continue
        if mapping is None:
            title_lines.append(" ".join(c for c in cells if c))
            continue
        width = len(cells)
        mapped = {key: cells[index] if index < width else "" for index, key in columns}
        # Before filling down: an empty cell under a value means "same as above" only on a row of its own.
        if rows and continues_row(mapped, rows[-1].cells):
            previous = join_continuation(rows[-1].cells, mapped)
            rows[-1] = RawRow(rows[-1].line, previous)
            continue
        if fill_down:
            for key in FILL_DOWN:
                if key in mapped and not mapped[key] and previous.get(key):
                    mapped[key] = previous[key]
        if not (mapped.get("item") or mapped.get("action")):
            continue
        previous = mapped
        rows.append(RawRow(line, mapped))
        if len(rows) > MAX_ROWS:
            check_rows(len(rows), line)
    if mapping is None:
        wanted = ", ".join(HEADER_NAMES[k][0] for k in COLUMNS)
        raise ImportRefused(f"no table header found; expected the columns {wanted}")
    missing = [HEADER_NAMES[k][0] for k in REQUIRED if k not in mapping.values()]
    if missing:
        raise ImportRefused("missing columns: " + ", ".join(missing))
    if not rows:
        raise ImportRefused("the table has a header but no measures")
    title = parse_title(" ".join(title_lines))
    organisation, fiscal_year = title.organisation, title.fiscal_year
    named = _one_organisation_year(rows)
    organisation = named[0] or organisation
    fiscal_year = named[1] or fiscal_year
    is_sample = title.is_sample or any(parse_title(r.cells["sample"]).is_sample for r in rows if r.cells.get("sample"))
    return RawReport(
        "", " ".join(title_lines), rows, source_kind, organisation, fiscal_year, is_sample,
        title.district, title.province,
    )


@lru_cache(maxsize=1_000)
def _year_of(cell: str) -> int | None:
    """A fiscal-year cell as B.E.: 2564, ๒๕๖๔, พ.ศ. 2564, or the C.E. 2021 / FY2021 of English exports."""
    return parse_title("ปีงบประมาณ " + cell).fiscal_year


def _one_organisation_year(rows: Sequence[RawRow]) -> tuple[str | None, int | None]:
    """The organisation and fiscal year the rows' own columns name (an export has them on every
    row); refuses a file whose rows name more than one, because one import is one report."""
    organisations = sorted({r.cells["organisation"] for r in rows if r.cells.get("organisation")})
    years = sorted({y for r in rows if r.cells.get("fiscal_year") and (y := _year_of(r.cells["fiscal_year"]))})
    if len(organisations) > 1 or len(years) > 1:
        named = (organisations if len(organisations) > 1 else []) + [str(y) for y in years if len(years) > 1]
        shown = ", ".join(named[:6]) + (", …" if len(named) > 6 else "")
        raise ImportRefused(
            f"holds {len(organisations) or 1} organisations and {len(years) or 1} fiscal years ({shown}); "
            "one file is one organisation's report for one fiscal year: export or save each separately",
        )
    return (organisations[0] if organisations else None, years[0] if years else None)

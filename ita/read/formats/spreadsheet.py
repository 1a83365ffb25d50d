"""CSV and XLSX reports: same columns as the text report, any order, Thai or English headers.

Vertically merged cells (XLSX) and empty cells under a value (CSV exported from such a
sheet) mean "same as above" for the columns that agencies merge; see `table.FILL_DOWN`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from ita.read.formats.decode import decode_text
from ita.read.formats.package import check_package
from ita.read.formats.table import build_report, header_map
from ita.read.records import ImportRefused, RawReport

_DELIMITERS = ",;\t|"
_ESCAPED_FORMULA = ("'=", "'+", "'-", "'@", "'\t", "'\r")


def read_csv(data: bytes) -> RawReport:
    text = decode_text(data)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for row in reader:
            grid.append((line, [_unescaped(cell) for cell in row]))
            line = reader.line_num + 1
    except csv.Error as error:
        raise ImportRefused(f"not a readable CSV table ({error})", reader.line_num) from None
    return build_report("csv", grid, fill_down=True)


def _unescaped(cell: str) -> str:
    """A cell as written before the app's CSV export escaped it: the export puts an apostrophe
    before text a spreadsheet would run as a formula (ita/present/export.py), so that its
    exports import back as they were."""
    return cell[1:] if cell.startswith(_ESCAPED_FORMULA) else cell


def _delimiter(text: str) -> str:
    """The delimiter that makes some early line a header row; commas by default."""
    lines = text.splitlines()[:30]
    for delimiter in _DELIMITERS:
        if any(header_map(next(csv.reader([line], delimiter=delimiter), [])) for line in lines):
            return delimiter
    return ","


def read_xlsx(data: bytes) -> RawReport:
    """The first sheet of a workbook that reads as a report, with merged cells filled down their first column.

    Read with calamine (a Rust reader, about ten times faster than openpyxl, which took some 55 ms
    a workbook in a bulk import); cells come out as openpyxl read them with `data_only` (the
    values Excel computed, never the formulas themselves), see `_cell_text`."""
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

    check_package(data, ".xlsx")  # before calamine, which trusts the sheet's extent and the parts' sizes
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [book.get_sheet_by_index(index) for index, meta in enumerate(book.sheets_metadata)
                  if meta.typ == SheetTypeEnum.WorkSheet]
    except (CalamineError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportRefused(f"not a readable .xlsx workbook ({type(error).__name__})") from None
    problems = []
    for sheet in sheets:
        try:
            grid = sheet_grid(sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or ())
        except (CalamineError, ValueError) as error:
            raise ImportRefused(f"not a readable .xlsx workbook ({type(error).__name__})") from None
        try:
            report = build_report("xlsx", grid, fill_down=True)
        except ImportRefused as refused:
            problems.append(f"sheet {sheet.name}: {refused.reason}")
            continue
        return report
    raise ImportRefused("; ".join(problems) or "the workbook has no sheets")


def sheet_grid(
    rows: Iterable[Sequence[object]], merged: Iterable[tuple[tuple[int, int], tuple[int, int]]]
) -> list[tuple[int, list[str]]]:
    """A sheet's cells as text, numbered from row 1, from its rows (starting at A1) and merged
    ranges ((first row, first column), (last row, last column)), counted from 0 as calamine does."""
    values = [[_cell_text(v) for v in row] for row in rows]
    for (min_row, column), (max_row, _) in merged:
        if min_row >= len(values) or column >= len(values[min_row]):
            continue
        top = values[min_row][column]
        # calamine's rows end at the last cell with a value; openpyxl's went on to the end of a
        # merged range below it, whose rows then hold the merged value.
        values.extend([""] * len(values[min_row]) for _ in range(len(values), max_row + 1))
        # Down the first column only: a title merged across columns stays a single cell.
        for row in range(min_row, max_row + 1):
            if column < len(values[row]):
                values[row][column] = top
    return list(enumerate(values, start=1))


def _cell_text(value: object) -> str:
    """A cell's value as text, as openpyxl gave it: whole numbers without ".0" (Excel stores every
    number as a float), a date as a datetime at midnight, an empty cell as ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date) and not isinstance(value, datetime):
        return str(datetime(value.year, value.month, value.day))
    return str(value)

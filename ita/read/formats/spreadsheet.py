"""CSV and XLSX reports: same columns as the text report, any order, Thai or English headers.

Vertically merged cells (XLSX) and empty cells under a value (CSV exported from such a
sheet) mean "same as above" for the columns that agencies merge; see `table.FILL_DOWN`.
"""

from __future__ import annotations

import csv
import io
import zipfile

from openpyxl.worksheet.worksheet import Worksheet

from ita.read.formats.decode import decode_text
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
    from openpyxl import load_workbook

    try:
        # data_only: read the values Excel computed, never the formulas themselves.
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportRefused(f"not a readable .xlsx workbook ({type(error).__name__})") from None
    problems = []
    for sheet in book.worksheets:
        grid = _sheet_grid(sheet)
        try:
            report = build_report("xlsx", grid, fill_down=True)
        except ImportRefused as refused:
            problems.append(f"sheet {sheet.title}: {refused.reason}")
            continue
        return report
    raise ImportRefused("; ".join(problems) or "the workbook has no sheets")


def _sheet_grid(sheet: Worksheet) -> list[tuple[int, list[str]]]:
    values = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        column = merged.min_col - 1
        top = values[merged.min_row - 1][column]
        # Down the first column only: a title merged across columns stays a single cell.
        for row in range(merged.min_row, min(merged.max_row, len(values)) + 1):
            values[row - 1][column] = top
    return list(enumerate(values, start=1))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

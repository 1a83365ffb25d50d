"""XLSX reports are read with calamine; its cells must be the ones openpyxl read (the reader before).

openpyxl still writes workbooks (exports, tests); here it is the oracle: generated workbooks with
text (Thai digits, numbers typed as text), whole and fractional numbers, booleans, dates, times,
empty cells and cells merged down a column, read both ways, must give the same grid.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from ita.read.formats import read_report
from ita.read.formats.spreadsheet import sheet_grid

CELLS = st.one_of(
    st.none(),
    st.text(alphabet="ab ๑๒๓0123456789.-/ก", max_size=8),
    st.integers(min_value=-10**9, max_value=10**9),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda x: round(x, 3)),
    st.booleans(),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31)).map(
        lambda d: d.replace(microsecond=0)),
    st.times().map(lambda t: t.replace(microsecond=0)),
)


def _openpyxl_grid(data: bytes) -> list[list[tuple[int, list[str]]]]:
    """Every sheet's grid as the reader read it with openpyxl (merged cells filled down their first column)."""
    book = load_workbook(io.BytesIO(data), data_only=True)
    grids = []
    for sheet in book.worksheets:
        values = [["" if v is None else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
                   for v in row] for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            column = merged.min_col - 1
            top = values[merged.min_row - 1][column]
            for row in range(merged.min_row, min(merged.max_row, len(values)) + 1):
                values[row - 1][column] = top
        grids.append(list(enumerate(values, start=1)))
    return grids


def _calamine_grid(data: bytes) -> list[list[tuple[int, list[str]]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = [book.get_sheet_by_index(i) for i in range(len(book.sheet_names))]
    return [sheet_grid(s.to_python(skip_empty_area=False), s.merged_cell_ranges or ()) for s in sheets]


def _trimmed(grid: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Rows with some text, without trailing empty cells: what the table reader looks at."""
    kept = []
    for line, cells in grid:
        while cells and not cells[-1]:
            cells = cells[:-1]
        if cells:
            kept.append((line, cells))
    return kept


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    book = Workbook()
    for index in range(draw(st.integers(1, 2))):
        sheet = book.active if index == 0 else book.create_sheet(f"s{index}")
        height, width = draw(st.integers(1, 8)), draw(st.integers(1, 5))
        top = draw(st.integers(0, 2))  # empty rows above the table: line numbers must still count them
        for row in range(height):
            for column in range(width):
                value = draw(CELLS)
                if value is not None:
                    sheet.cell(top + row + 1, column + 1, value)
        for _ in range(draw(st.integers(0, 2))):
            column = draw(st.integers(1, width))
            first = draw(st.integers(top + 1, top + height))
            last = draw(st.integers(first, top + height))
            if last > first and not any(column == m.min_col and not (last < m.min_row or first > m.max_row)
                                        for m in sheet.merged_cells.ranges):
                sheet.merge_cells(start_row=first, start_column=column, end_row=last, end_column=column)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks())
def test_calamine_reads_the_cells_openpyxl_read(data):
    assert [_trimmed(g) for g in _calamine_grid(data)] == [_trimmed(g) for g in _openpyxl_grid(data)]


def test_a_report_with_thai_digits_merged_cells_and_numbers_as_text_reads_the_same():
    book = Workbook()
    sheet = book.active
    sheet.append(["รายงานผลการดำเนินงาน ขององค์การบริหารส่วนตำบลทดสอบ ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"])
    sheet.append(["ตัวชี้วัด", "ข้อ", "วิธีดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "การติดตามผล", "ผลการดำเนินงาน"])
    sheet.append(["การปฏิบัติหน้าที่", "๑", "กำชับบุคลากร", "สำนักปลัด", "ต.ค. ๒๕๖๖", "รายงาน", "แล้วเสร็จ"])
    sheet.append([None, 2, "ประชุมชี้แจง", "กองคลัง", datetime(2024, 1, 5), "รายงาน", "ร้อยละ 50"])
    sheet.append([None, "3", "จัดอบรม", "กองช่าง", time(9, 30), 0.5, "อยู่ระหว่างดำเนินการ"])
    sheet.merge_cells("A3:A5")
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    assert _calamine_grid(data) == _openpyxl_grid(data)
    raw = read_report("r.xlsx", data)
    assert [r.cells["indicator"] for r in raw.rows] == ["การปฏิบัติหน้าที่"] * 3
    assert [r.cells["item"] for r in raw.rows] == ["๑", "2", "3"]
    assert raw.fiscal_year == 2567

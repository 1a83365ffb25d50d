"""Writing reports in the formats the importers read: the text report, CSV and XLSX.

Used for the downloadable import template, for sample data, and by tests that turn the
seed report into every other format.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from ita.read.formats.table import HEADER_NAMES
from ita.read.records import COLUMNS

THAI_HEADERS = ("ตัวชี้วัด", "ข้อ", "วิธีดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "การติดตามผล", "ผลการดำเนินงาน")
ENGLISH_HEADERS = ("indicator", "item", "action", "responsible", "period", "follow_up", "status")

Row = Mapping[str, str]


def headers(lang: str = "th", columns: Sequence[str] = COLUMNS) -> list[str]:
    names = dict(zip(COLUMNS, THAI_HEADERS if lang == "th" else ENGLISH_HEADERS, strict=True))
    return [names.get(c) or HEADER_NAMES[c][0 if lang == "th" else -1] for c in columns]


def text_report(title: str, rows: Sequence[Row], *, rows_per_page: int = 3, name_header_from_page: int = 0) -> str:
    """The PDF-extracted layout: title, then pages that each repeat the tab-separated header.

    From page `name_header_from_page` on (1-based; 0 = never) the item column is headed ชื่อ, as
    in the seed report's last pages.
    """
    lines = ["", "", title, ""]
    for page, start in enumerate(range(0, len(rows), rows_per_page), start=1):
        header = list(THAI_HEADERS)
        if name_header_from_page and page >= name_header_from_page:
            header[1] = "ชื่อ"
        lines.append("\t".join(header))
        for row in rows[start : start + rows_per_page]:
            lines.append("\t".join(row.get(c, "") for c in COLUMNS))
        lines.append("")
    return "\n".join(lines[:-1])


def csv_report(title: str | None, rows: Sequence[Row], *, columns: Sequence[str] = COLUMNS, lang: str = "th") -> str:
    """CSV with an optional title row above the header; `columns` sets the column order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if title:
        writer.writerow([title])
    writer.writerow(headers(lang, columns))
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buffer.getvalue()


def xlsx_report(
    title: str | None,
    rows: Sequence[Row],
    *,
    columns: Sequence[str] = COLUMNS,
    lang: str = "th",
    merge_repeats: Sequence[str] = (),
) -> bytes:
    """XLSX with a title row merged across the table; equal neighbouring cells of the
    `merge_repeats` columns are merged vertically, as agencies do for the indicator column."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "มาตรการ"
    first = 1
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
        first = 2
    sheet.append(headers(lang, columns))
    for row in rows:
        sheet.append([row.get(c, "") for c in columns])
    top = first + 1
    for index, column in enumerate(columns, start=1):
        if column not in merge_repeats:
            continue
        start = top
        for current in range(top + 1, top + len(rows) + 1):
            same = current < top + len(rows) and rows[current - top].get(column) == rows[start - top].get(column)
            if not same:
                if current - 1 > start:
                    sheet.merge_cells(start_row=start, start_column=index, end_row=current - 1, end_column=index)
                start = current
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_rows() -> list[dict[str, str]]:
    """Two example rows for the downloadable import template."""
    return [
        {
            "indicator": "การใช้งบประมาณ",
            "item": "๑๒ หน่วยงานของท่าน เปิดโอกาสให้ท่าน มีส่วนร่วม ในการตรวจสอบการใช้จ่ายงบประมาณ",
            "action": "สร้างการรับรู้แผนการใช้จ่ายงบประมาณประจำปี",
            "responsible": "กองคลัง",
            "period": "ตลอดปีงบประมาณ ๒๕๖๘",
            "follow_up": "รายงานผลการดำเนินงาน",
            "status": "ดำเนินการแล้ว",
        },
        {
            "indicator": "การเปิดเผยข้อมูล",
            "item": "การปฏิสัมพันธ์ข้อมูล",
            "action": "จัดทำช่องทางถาม-ตอบ (Q&A) บนเว็บไซต์ของหน่วยงาน",
            "responsible": "สำนักปลัด",
            "period": "ตลอดปีงบประมาณ ๒๕๖๘",
            "follow_up": "จัดทำและเผยแพร่ผ่านช่องทางเว็บไซต์",
            "status": "ระหว่างดำเนินการ",
        },
    ]


TEMPLATE_TITLE = "รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส ของ(ชื่อหน่วยงาน) ประจำปีงบประมาณ ๒๕๖๘"

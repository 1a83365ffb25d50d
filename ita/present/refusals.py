"""Why a file was refused, in the reader's language.

The readers (ita/read) are pure and say why in one fixed English sentence each; this table gives
each sentence its Thai. A sentence the table does not know is shown as written after a Thai
lead-in, so a new refusal is never lost, only untranslated (tests/test_refusals.py reads every
refusal the readers can raise and checks each is known).
"""

from __future__ import annotations

import re

from ita.present.labels import line_ref
from ita.read.records import ImportRefused

_INSTEAD_TH = "นำเข้าไฟล์ .docx หรือ .xlsx ต้นฉบับ หรือพิมพ์ตารางลงในแม่แบบ"

# (English pattern, Thai template): groups of the pattern fill {0}, {1}, … of the template.
_THAI: tuple[tuple[str, str], ...] = (
    (r"the file is empty", "ไฟล์ว่างเปล่า"),
    (r"the file is ([\d.]+) MB; the limit is (\d+) MB", "ไฟล์มีขนาด {0} MB เกินขีดจำกัด {1} MB"),
    (r"the file is larger than the (\d+) MB limit", "ไฟล์มีขนาดเกินขีดจำกัด {0} MB"),
    (r"the file needs more memory than an import may use \(([\d,]+) MB\); check that it is the report and not damaged",
     "การอ่านไฟล์ต้องใช้หน่วยความจำเกินที่การนำเข้าใช้ได้ ({0} MB): ตรวจสอบว่าเป็นไฟล์รายงานที่ถูกต้องและไม่เสีย"),
    (r"reading the file took longer than ([\d.]+) s; check that it is the report and not damaged",
     "การอ่านไฟล์ใช้เวลานานเกิน {0} วินาที: ตรวจสอบว่าเป็นไฟล์รายงานที่ถูกต้องและไม่เสีย"),
    (r"the (\S+) expands to ([\d,]+) MB when unpacked; the limit is (\d+) MB",
     "{0} ขยายเป็น {1} MB เมื่อแตกไฟล์ เกินขีดจำกัด {2} MB"),
    (r"the (\S+) part (.+) expands to ([\d,]+) MB when unpacked; the limit is (\d+) MB",
     "ส่วน {1} ของไฟล์ {0} ขยายเป็น {2} MB เมื่อแตกไฟล์ เกินขีดจำกัด {3} MB"),
    (r"the (\S+) package holds ([\d,]+) parts; a report has a few dozen",
     "ไฟล์ {0} มีส่วนประกอบ {1} ส่วน มากเกินกว่าไฟล์รายงาน"),
    (r"not a readable (\S+) file: part (.+) is damaged \((.*)\)", "อ่านไฟล์ {0} ไม่ได้: ส่วน {1} เสีย ({2})"),
    (r"a sheet has a cell at row ([\d,]+), column ([\d,]+); a report fits in ([\d,]+) rows and (\d+) columns",
     "แผ่นงานมีเซลล์ที่แถว {0} คอลัมน์ {1}: รายงานต้องอยู่ภายใน {2} แถวและ {3} คอลัมน์"),
    (r"more than ([\d,]+) measures; one report holds one organisation's year",
     "มีมาตรการเกิน {0} รายการ: รายงานหนึ่งไฟล์คือข้อมูลหนึ่งหน่วยงานในหนึ่งปี"),
    (r"a ZIP archive that is neither \.xlsx nor \.docx", "เป็นไฟล์ ZIP ที่ไม่ใช่ .xlsx หรือ .docx"),
    (r"an old Excel/Word 97–2003 file: save it as \.xlsx or \.docx and import again",
     "เป็นไฟล์ Excel/Word รุ่นเก่า (97–2003): บันทึกเป็น .xlsx หรือ .docx แล้วนำเข้าอีกครั้ง"),
    (r"an HTML/XML page, not a report or spreadsheet: open it and save it as \.xlsx or \.csv",
     "เป็นหน้าเว็บ HTML/XML ไม่ใช่รายงานหรือตาราง: เปิดแล้วบันทึกเป็น .xlsx หรือ .csv"),
    (r"the file is named (.+) but is not a valid (\S+) file", "ไฟล์ชื่อ {0} แต่ไม่ใช่ไฟล์ {1} ที่ถูกต้อง"),
    (r"mixed encodings: part UTF-8, part another encoding; save it as UTF-8",
     "ไฟล์ใช้รหัสอักขระปนกัน (UTF-8 กับแบบอื่น): บันทึกใหม่เป็น UTF-8"),
    (r"binary data, not text: is this the right file\?", "เป็นข้อมูลไบนารี ไม่ใช่ข้อความ: ไฟล์ถูกต้องหรือไม่"),
    (r"cannot be read as (\S+) text \(binary data\?\)", "อ่านเป็นข้อความ {0} ไม่ได้ (อาจเป็นข้อมูลไบนารี)"),
    (r"cannot be read as (\S+) \((.*)\)", "อ่านเป็น {0} ไม่ได้ ({1})"),
    (r"not a readable CSV table \((.*)\)", "อ่านเป็นตาราง CSV ไม่ได้ ({0})"),
    (r"not a readable \.xlsx workbook \((.*)\)", "อ่านเป็นสมุดงาน .xlsx ไม่ได้ ({0})"),
    (r"not a readable \.docx document: damaged, incomplete or not Word \((.*)\)",
     "อ่านเป็นเอกสาร .docx ไม่ได้: ไฟล์เสีย ไม่ครบ หรือไม่ใช่ Word ({0})"),
    (r"the workbook has no sheets", "สมุดงานไม่มีแผ่นงาน"),
    (r"the document has no table of measures", "เอกสารไม่มีตารางมาตรการ"),
    (r"no table header found; expected the columns (.*)", "ไม่พบหัวตาราง: ต้องมีคอลัมน์ {0}"),
    (r"missing columns: (.*)", "ขาดคอลัมน์: {0}"),
    (r"the table has a header but no measures", "ตารางมีหัวตารางแต่ไม่มีมาตรการ"),
    (r"the table's columns change here; split the file per table",
     "คอลัมน์ของตารางเปลี่ยนที่บรรทัดนี้: แยกเป็นไฟล์ละหนึ่งตาราง"),
    (r"holds (\d+) organisations and (\d+) fiscal years \((.*)\); "
     r"one file is one organisation's report for one fiscal year: export or save each separately",
     "มี {0} หน่วยงานและ {1} ปีงบประมาณ ({2}): หนึ่งไฟล์คือรายงานของหนึ่งหน่วยงานในหนึ่งปี ส่งออกหรือบันทึกแยกกัน"),
    (r"cannot tell the (.+?): add a title line such as .*",
     "ระบุ{0}ไม่ได้: เพิ่มบรรทัดชื่อรายงาน เช่น 'รายงานผล... ของเทศบาลตำบลหนองจอก ประจำปีงบประมาณ 2564' "
     "หรือระบุตอนนำเข้า"),
    (r"fiscal year (\d+) is not a Buddhist-Era year between 2500 and 2700",
     "ปีงบประมาณ {0} ไม่ใช่ปีพุทธศักราชระหว่าง 2500 ถึง 2700"),
    (r"the PDF holds scanned images of the pages, not text; it cannot be read .*",
     "PDF เป็นภาพสแกนของหน้า ไม่มีข้อความ จึงอ่านไม่ได้: " + _INSTEAD_TH),
    (r"the PDF's text runs sideways on the page; it cannot be read .*",
     "ข้อความใน PDF วางตะแคงหน้า จึงอ่านไม่ได้: " + _INSTEAD_TH),
    (r"the PDF holds no text \(blank, or letters drawn as shapes\); .*",
     "PDF ไม่มีข้อความ (หน้าว่าง หรือตัวอักษรเป็นภาพ): " + _INSTEAD_TH),
    (r"the PDF's fonts do not say which letters they draw, so its text cannot be read; .*",
     "แบบอักษรใน PDF ไม่บอกว่าวาดตัวอักษรใด จึงอ่านข้อความไม่ได้: " + _INSTEAD_TH),
    (r"no table with ruled cells found in the PDF; .*", "ไม่พบตารางที่มีเส้นตารางใน PDF: " + _INSTEAD_TH),
    (r"the PDF is incomplete or damaged \(it does not end as a PDF does\); download it again",
     "PDF ไม่ครบหรือเสีย: ดาวน์โหลดใหม่อีกครั้ง"),
    (r"the PDF is damaged \((.*)\); download it again", "PDF เสีย ({0}): ดาวน์โหลดใหม่อีกครั้ง"),
    (r"not a readable PDF \((.*)\)", "อ่านเป็น PDF ไม่ได้ ({0})"),
    (r"the PDF has more than (\d+) pages; a report has a few dozen at most",
     "PDF มีเกิน {0} หน้า มากเกินกว่าไฟล์รายงาน"),
    (r"a compressed stream of the PDF expands past (\d+) MB; the file may be damaged",
     "ข้อมูลบีบอัดใน PDF ขยายเกิน {0} MB: ไฟล์อาจเสีย"),
    # The rule for every imported file's text (ita/read/text_rules.py); {0} is a cell's name (_CELL_TH).
    (r"the (.+?) cell holds a control character \((U\+[0-9A-F]{4})\), which no report's text holds: "
     r"delete it and import again",
     "ช่อง{0} มีอักขระควบคุม ({1}) ซึ่งข้อความในรายงานไม่มี: ลบออกแล้วนำเข้าอีกครั้ง"),
    (r"the (.+?) cell is ([\d,]+) characters long; the limit is ([\d,]+)",
     "ช่อง{0} ยาว {1} ตัวอักษร เกินขีดจำกัด {2} ตัวอักษร"),
)
_COMPILED = tuple((re.compile(pattern + r"\Z", re.DOTALL), thai) for pattern, thai in _THAI)
_SHEETS = re.compile(r"sheet (.+?): (.+?)(?:; (?=sheet )|\Z)", re.DOTALL)
_MISSING_TH = {"organisation": "หน่วยงาน", "fiscal year": "ปีงบประมาณ",
               "organisation and fiscal year": "หน่วยงานและปีงบประมาณ"}
# The cells a refusal names (ita.read.text_rules.CELL_NAMES), as the report's headers call them.
_CELL_TH = {"indicator": "ตัวชี้วัด", "item": "ข้อ/ชื่อ", "action": "วิธีดำเนินการ", "responsible": "ผู้รับผิดชอบ",
            "period": "ระยะเวลาดำเนินการ", "follow-up": "การติดตามผล", "status": "ผลการดำเนินงาน",
            "item code": "รหัสข้อ", "evidence": "ลิงก์หลักฐาน", "note": "หมายเหตุ", "sample": "ข้อมูลตัวอย่าง",
            "province": "จังหวัด", "district": "อำเภอ"}


def reason_text(reason: str, lang: str = "th") -> str:
    """A reader's reason in `lang`; an unknown English reason keeps its words after a Thai lead-in."""
    if lang == "en":
        return reason
    sheets = _SHEETS.findall(reason) if reason.startswith("sheet ") else []
    if sheets:  # a workbook's reasons, one per sheet ("sheet A: why; sheet B: why")
        return "; ".join(f"แผ่นงาน {name}: {reason_text(why, lang)}" for name, why in sheets)
    for pattern, thai in _COMPILED:
        found = pattern.match(reason)
        if found:
            return thai.format(*(_MISSING_TH.get(g) or _CELL_TH.get(g, g) for g in found.groups()))
    return f"อ่านไฟล์ไม่ได้: {reason}"


def refusal_message(refused: ImportRefused, lang: str = "th") -> str:
    """'file, line n: why' in `lang`."""
    return f"{line_ref(refused.file_name, refused.line, lang)}: {reason_text(refused.reason, lang)}"


def is_known(reason: str) -> bool:
    return any(pattern.match(reason) for pattern, _ in _COMPILED)

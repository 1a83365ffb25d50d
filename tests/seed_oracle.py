"""The seed report's hand count (../shared/seed/README.md), the oracle for many tests."""

MEASURES, DONE, IN_PROGRESS, COMPLETION = 26, 22, 4, 84.6

# official indicator name → (measures, in progress)
INDICATORS = {
    "การเปิดเผยข้อมูล": (7, 3),
    "การป้องกันการทุจริต": (4, 1),
    "คุณภาพการดำเนินงาน": (4, 0),
    "การปรับปรุงระบบการทำงาน": (4, 0),
    "ประสิทธิภาพการสื่อสาร": (3, 0),
    "การใช้งบประมาณ": (2, 0),
    "การใช้ทรัพย์สินของราชการ": (2, 0),
}

# responsible as written → measures; สำนักปลัด holds all four in-progress items
RESPONSIBLE_AS_WRITTEN = {"สำนักปลัด": 11, "ทุกสำนัก/ กอง": 11, "งานพัสดุ กองคลัง": 3, "กองคลัง": 1}
# by_division rolls the section up into its division
BY_DIVISION = {"สำนักปลัด": (11, 4), "ทุกสำนัก/กอง": (11, 0), "กองคลัง": (4, 0)}

# The four open items, by the first words of their action
OPEN_ACTIONS = (
    "หน่วยงานควรแสดงถึงช่องทางที่",
    "หน่วยงานควรแสดงช่องทางที่",
    "หน่วยงานควรแสดงถึงช่องทางที่ บุคคลภายนอก",
    "หน่วยงานควรแสดงถึงการดำเนินการ หรือกิจกรรมที่แสดงถึงการเสริมสร้าง",
)

# OIT rows named by topic, in report order, and the 2564 item each answers
OIT_CODES = ["o8", "o17", "o25", "o26", "o27", "o28", "o30", "o38", "o41", "o42", "o43"]

# The organisation and fiscal year of the seed's title, and สำนักปลัด's own completion (7 of 11 done)
ORGANISATION, FISCAL_YEAR = "เทศบาลตำบลหนองจอก", 2564
DIVISION_COMPLETION = {"สำนักปลัด": 63.6}

# The second version of the report (conftest.seed_v2): the two in-progress rows written with a break,
# "ระหว่าง ดำเนินการ" (lines 41 and 42), marked done; the two written "ระหว่างดำเนินการ" stay open.
V2_DONE, V2_IN_PROGRESS = DONE + 2, IN_PROGRESS - 2

# The same report as the next fiscal year (conftest.seed_next_year_bytes): the measures of 2564 in
# 2565's numbering. Over both years each measure is open only when open in 2565: the two V2 still
# in progress, both under สำนักปลัด (lines 29 and 30); the two done in 2565 are not open.
NEXT_YEAR = FISCAL_YEAR + 1
OPEN_OVER_BOTH_YEARS = V2_IN_PROGRESS
OPEN_OVER_BOTH_YEARS_LINES = (29, 30)

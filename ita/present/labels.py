"""Every word a user reads, in Thai and English, and the formatting of numbers and years.

Code identifiers are English; text shown in the app, in charts and in exports comes from
here so the two languages never drift apart.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from functools import cache

import pandas as pd

from ita.paths import REFERENCE_DIR

_TEXT: dict[str, tuple[str, str]] = {
    # statuses
    "status_done": ("ดำเนินการแล้ว", "Done"),
    "status_in_progress": ("ระหว่างดำเนินการ", "In progress"),
    "status_not_started": ("ยังไม่ดำเนินการ", "Not started"),
    "status_unknown": ("ไม่ทราบสถานะ", "Unknown status"),
    # columns of a report and of exports
    "col_organisation": ("หน่วยงาน", "Organisation"),
    "col_fiscal_year": ("ปีงบประมาณ", "Fiscal year"),
    "col_tool": ("เครื่องมือ", "Tool"),
    "col_indicator": ("ตัวชี้วัด", "Indicator"),
    "col_item_code": ("ข้อ ITA", "ITA item"),
    "col_item_name": ("ชื่อข้อ ITA", "ITA item name"),
    "col_item": ("ข้อ/ชื่อ", "Item"),
    "col_action": ("วิธีดำเนินการ", "Action"),
    "col_responsible": ("ผู้รับผิดชอบ", "Responsible"),
    "col_division": ("สำนัก/กอง", "Division"),
    "col_period": ("ระยะเวลาดำเนินการ", "Period"),
    "col_follow_up": ("การติดตามผล", "Follow-up"),
    "col_status": ("ผลการดำเนินงาน", "Status"),
    "col_status_text": ("ผลการดำเนินงาน (ตามต้นฉบับ)", "Status as written"),
    "col_match": ("วิธีจับคู่ข้อ", "Item matched by"),
    "col_confidence": ("ความมั่นใจ", "Confidence"),
    "col_evidence_url": ("ลิงก์หลักฐาน", "Evidence URL"),
    "col_note": ("หมายเหตุ", "Note"),
    "col_source": ("แหล่งที่มา", "Source"),
    "col_line": ("บรรทัด", "Line"),
    "col_measures": ("จำนวนมาตรการ", "Measures"),
    "col_done": ("ดำเนินการแล้ว", "Done"),
    "col_in_progress": ("ระหว่างดำเนินการ", "In progress"),
    "col_not_started": ("ยังไม่ดำเนินการ", "Not started"),
    "col_unknown": ("ไม่ทราบสถานะ", "Unknown"),
    "col_completion_pct": ("ร้อยละความสำเร็จ", "Completion %"),
    "col_name": ("ชื่อ", "Name"),
    "col_change": ("เปลี่ยนแปลง", "Change"),
    # deadlines: a measure not done whose period ended before the as-of date is overdue
    "col_overdue": ("เกินกำหนด", "Overdue"),
    "overdue_help": (
        "มาตรการที่ยังไม่แล้วเสร็จ และระยะเวลาดำเนินการสิ้นสุดก่อนวันที่ {date} "
        "(ไม่นับมาตรการที่อ่านระยะเวลาเป็นวันที่ไม่ได้)",
        "Measures not done whose period ended before {date} "
        "(measures whose period cannot be read as dates are not counted)",
    ),
    "overdue_as_of": ("เกินกำหนด ณ วันที่", "Overdue as of"),
    "as_of": ("ณ วันที่", "as of"),
    "no_overdue": ("ไม่มีมาตรการที่เกินกำหนด", "No measure is overdue"),
    "open_not_overdue": ("ยังไม่ถึงกำหนด", "Not yet due"),
    "open_all_overdue": ("มาตรการที่ยังไม่แล้วเสร็จทุกรายการเกินกำหนดแล้ว: ดูหัวข้อเกินกำหนดด้านล่าง",
                         "Every measure not yet done is overdue: see Overdue below"),
    "days_late": ("เกินกำหนด (วัน)", "Days late"),
    "due_date": ("กำหนดแล้วเสร็จ", "Due"),
    # navigation
    "page_overview": ("ภาพรวม", "Overview"),
    "page_indicators": ("รายตัวชี้วัด", "Indicators"),
    "page_divisions": ("รายสำนัก/กอง", "Divisions"),
    "page_compare": ("เปรียบเทียบปีงบประมาณ", "Compare years"),
    "page_in_progress": ("รายการที่ยังไม่แล้วเสร็จ", "Open items"),
    "page_manage": ("จัดการข้อมูล", "Manage data"),
    "page_organisations": ("เปรียบเทียบหน่วยงาน", "Organisations"),
    # filters and common words
    "all": ("ทั้งหมด", "All"),
    "all_organisations": ("ทุกหน่วยงาน", "All organisations"),
    "organisation_by_province": (
        "เลือกจังหวัดก่อน แล้วจึงเลือกหน่วยงานในจังหวัดนั้น",
        "Choose a province first, then an organisation in it",
    ),
    "scope_with_shared": ("รวมมาตรการที่ทุกสำนัก/กองรับผิดชอบร่วมกัน", "with measures shared by every division"),
    "scope_without_shared": ("ไม่รวมมาตรการที่ทุกสำนัก/กองรับผิดชอบร่วมกัน", "without measures shared by every division"),
    "open_items_latest": (
        "แต่ละมาตรการแสดงครั้งเดียว ด้วยสถานะล่าสุดในปีงบประมาณที่เลือก (คอลัมน์ปีของสถานะ):"
        " มาตรการที่ดำเนินการแล้วในปีหลังจะไม่แสดงในรายการนี้",
        "Each measure is listed once, with its latest status in the chosen fiscal years (the status year column):"
        " a measure done in a later year is not listed here",
    ),
    "col_status_year": ("ปีของสถานะ", "Status year"),
    "fw_administrators_only": (
        "เฉพาะผู้ดูแลระดับประเทศ (สิทธิ์ทุกหน่วยงาน) นำเข้าหรือเรียกคืนกรอบการประเมินได้ เพราะการเปลี่ยนกรอบจะจับคู่มาตรการของทุกหน่วยงานใหม่",
        "Only a national administrator (every organisation) may import or restore a framework: a change re-matches "
        "every organisation's measures",
    ),
    "grid_legend": (
        "แต่ละช่อง: ดำเนินการแล้ว/ทั้งหมด · ร้อยละ ยิ่งสีเข้มยิ่งเสร็จน้อย (ช่องว่าง: ไม่มีมาตรการ)",
        "Each cell: done/all · completion; the darker, the less complete (empty: no measures)",
    ),
    "link_values_ignored": (
        "ค่าในลิงก์ที่ไม่มีในข้อมูลจึงไม่ถูกใช้", "Values in the link that are not in the data were ignored"),
    "scope_every_status": ("ทุกสถานะ", "every status"),
    "scope_lists_only": ("รายการแสดงเฉพาะสถานะ", "lists show only"),
    "status_filter_notice": (
        "ตัวกรองสถานะใช้กับรายการมาตรการเท่านั้น: ตัวเลขสรุปและกราฟนับมาตรการทุกสถานะของขอบเขตนี้",
        "The status filter narrows the lists of measures only: the numbers and charts count every status of this scope",
    ),
    "pdf_scope": ("ขอบเขตของตัวเลขในรายงานนี้", "What the numbers in this report count"),
    "scope_sheet": ("ขอบเขตข้อมูล", "Scope"),
    "choose_indicator": ("เลือกตัวชี้วัด (ตั้งค่าตัวกรองด้านข้าง)", "Choose an indicator (sets the sidebar filter)"),
    "choose_division": ("เลือกสำนัก/กอง (ตั้งค่าตัวกรองด้านข้าง)", "Choose a division (sets the sidebar filter)"),
    "col_province": ("จังหวัด", "Province"),
    "col_org_type": ("ประเภทหน่วยงาน", "Organisation type"),
    "include_shared": ("รวมมาตรการที่ทุกสำนัก/กองรับผิดชอบร่วมกัน", "Include measures shared by every division"),
    "store_other_release": (
        "ไฟล์ข้อมูล `{path}` บันทึกโดย ITA Tracker รุ่นอื่น ข้อมูลยังอยู่ครบ: ปรับให้ใช้กับรุ่นนี้ด้วยคำสั่ง "
        "`python -m ita build --db {path}` (คำสั่ง make run ทำให้เอง) แล้วโหลดหน้านี้ใหม่",
        "The store `{path}` was written by another release of ITA Tracker; nothing in it is lost. Bring it to "
        "this release with `python -m ita build --db {path}` (make run does it) and reload this page",
    ),
    "empty_store": (
        "ยังไม่มีข้อมูลในระบบ: นำเข้ารายงานได้ที่หน้า 'จัดการข้อมูล' หรือใช้คำสั่ง "
        "python -m ita ingest ไฟล์รายงาน",
        "No data yet: import a report on the 'Manage data' page or run python -m ita ingest REPORT",
    ),
    "data_as_of": ("ข้อมูล ณ", "Data as of"),
    "sample_notice": (
        "มีข้อมูลตัวอย่าง (ไม่ใช่ข้อมูลจริง) แสดงอยู่ในหน้านี้",
        "Sample data (not real reports) is shown on this page",
    ),
    "completion_help": (
        "ร้อยละของมาตรการที่ดำเนินการแล้ว เทียบกับปีงบประมาณก่อนหน้า (pp = จุดร้อยละ)",
        "Share of measures done; the change is against the previous fiscal year (pp = percentage points)",
    ),
    "chart_by_indicator": ("ความสำเร็จรายตัวชี้วัด", "Completion by indicator"),
    "chart_by_division": ("ความสำเร็จรายสำนัก/กอง", "Completion by responsible division"),
    "chart_grid": ("ตัวชี้วัด × สำนัก/กอง", "Indicator × division"),
    "grid_hint": (
        "เลือกช่องในตารางเพื่อดูรายการมาตรการของตัวชี้วัดและสำนัก/กองนั้น",
        "Select a cell to list the measures of that indicator and division",
    ),
    "grid_items": ("มาตรการของ", "Measures of"),
    "grid_list_caption": (
        "ช่องที่ยังไม่ครบ เรียงจากเสร็จน้อยที่สุด: ร้อยละ · ตัวชี้วัด × สำนัก/กอง (ดำเนินการแล้ว/ทั้งหมด)",
        "Cells not yet complete, least complete first: completion · indicator × division (done/all)",
    ),
    "grid_list_complete": ("อีก {n} ช่องดำเนินการแล้วครบ 100%", "{n} more cells are 100% complete"),
    "grid_all_complete": ("ทุกช่องดำเนินการแล้วครบ 100%", "Every cell is 100% complete"),
    "no_rows": ("ไม่มีมาตรการตามตัวกรองนี้", "No measures match these filters"),
    "vs_year": ("เทียบกับปี", "vs"),
    "indicator_items": ("มาตรการของตัวชี้วัดนี้", "Measures of this indicator"),
    "match_note": (
        "แถวที่ไม่ได้ระบุรหัสข้อ ITA ถูกจับคู่กับข้อในกรอบการประเมินโดยอัตโนมัติ ตรวจสอบได้ที่นี่",
        "Rows without an ITA item code were matched to framework items automatically; check them here",
    ),
    "all_done": ("ทุกมาตรการดำเนินการแล้ว", "Every measure is done"),
    "all_measures": ("มาตรการทั้งหมด", "All measures"),
    "open_count": ("มาตรการที่ยังไม่แล้วเสร็จ", "Measures not yet done"),
    "trend": ("แนวโน้มร้อยละความสำเร็จ", "Completion trend"),
    "changes": ("มาตรการที่เปลี่ยนแปลงระหว่างปี", "Measures that changed between years"),
    "year_from": ("จากปีงบประมาณ", "From fiscal year"),
    "year_to": ("ถึงปีงบประมาณ", "To fiscal year"),
    "no_changes": ("ไม่มีมาตรการที่เปลี่ยนแปลง", "No measure changed"),
    "change_status_changed": ("สถานะเปลี่ยน", "Status changed"),
    "change_appeared": ("เพิ่มใหม่", "Appeared"),
    "change_disappeared": ("ไม่มีในปีหลัง", "Disappeared"),
    "compare_needs_two": (
        "การเปรียบเทียบต้องมีข้อมูลอย่างน้อยสองปีงบประมาณ: นำเข้ารายงานของปีอื่นที่หน้า 'จัดการข้อมูล'",
        "Comparing needs at least two fiscal years: import another year's report on the 'Manage data' page",
    ),
    "compare_all_years": (
        "แสดงทุกปีงบประมาณที่มีข้อมูล (เลือกปีในแถบด้านข้างอย่างน้อยสองปีเพื่อจำกัด)",
        "Showing every fiscal year with data (pick two or more years in the sidebar to narrow)",
    ),
    "rows_shown": (
        "แสดง {shown} รายการแรกจาก {total} รายการ: ใช้ตัวกรองเพื่อจำกัด หรือดาวน์โหลดเพื่อดูทั้งหมด",
        "Showing the first {shown} of {total}: narrow the filters, or download them all",
    ),
    "changes_choose_org": (
        "เลือกหน่วยงานในแถบด้านข้างเพื่อดูรายการมาตรการที่เปลี่ยนแปลงของหน่วยงานนั้น",
        "Choose an organisation in the sidebar to list the measures that changed",
    ),
    "edit_choose_org": (
        "เลือกหน่วยงานในแถบด้านข้างเพื่อแก้ไขมาตรการของหน่วยงานนั้น",
        "Choose an organisation in the sidebar to edit its measures",
    ),
    # manage page
    "signed_in_as": ("เข้าสู่ระบบในชื่อ", "Signed in as"),
    "sign_out": ("ออกจากระบบ", "Sign out"),
    "sign_in": ("เข้าสู่ระบบ", "Sign in"),
    "sign_in_oidc": ("เข้าสู่ระบบด้วยบัญชีองค์กร", "Sign in with your organisation account"),
    "editor_sign_in": ("เข้าสู่ระบบสำหรับผู้แก้ไขข้อมูล", "Editor sign-in"),
    "username": ("ชื่อผู้ใช้", "Username"),
    "password": ("รหัสผ่าน", "Password"),
    "sign_in_failed": ("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "Wrong username or password"),
    "no_editors_configured": (
        "ยังไม่ได้ตั้งค่าผู้แก้ไขข้อมูล ทุกคนดูข้อมูลได้แต่แก้ไขไม่ได้ ตั้งค่าผู้แก้ไขได้ดังนี้",
        "No editor is configured: everyone can view, no one can change anything. To configure one:",
    ),
    "editors_howto": (
        "# 1. สร้างบัญชี (ระบบจะถามรหัสผ่านโดยไม่แสดงบนจอ):\n"
        ".venv/bin/python -m ita hash-password somchai\n"
        "# 2. วางบรรทัดที่ได้ใต้ [editors] ใน .streamlit/secrets.toml (git ไม่เก็บไฟล์นี้)\n"
        "#    แล้วระบุหน่วยงานที่บัญชีนี้แก้ไขได้ใต้ [editor_scopes] เช่น\n"
        "#    somchai = [\"เทศบาลตำบลหนองจอก\"]   หรือ   [\"province:ขอนแก่น\"]   หรือ   \"*\" (ทุกหน่วยงาน)\n"
        "# 3. หรือใช้บัญชีองค์กรผ่าน st.login: ส่วน [auth] ตามเอกสารของ Streamlit\n"
        "#    และรายชื่ออีเมลใต้ [editor_emails] emails = [...] พร้อม [editor_scopes] ของอีเมลนั้น",
        "# 1. Create an account (the password is asked for without echo):\n"
        ".venv/bin/python -m ita hash-password somchai\n"
        "# 2. Paste the line it prints under [editors] in .streamlit/secrets.toml (git ignores this file)\n"
        "#    and name the organisations the account may change under [editor_scopes], e.g.\n"
        "#    somchai = [\"เทศบาลตำบลหนองจอก\"]   or   [\"province:ขอนแก่น\"]   or   \"*\" (every organisation)\n"
        "# 3. Or organisation accounts through st.login: an [auth] section as Streamlit documents it,\n"
        "#    the e-mails under [editor_emails] emails = [...], and [editor_scopes] for each e-mail",
    ),
    "reload_signs_out": (
        "การโหลดหน้าใหม่หรือเปิดลิงก์จะออกจากระบบผู้แก้ไข (ข้อมูลที่บันทึกแล้วไม่หายไป)",
        "Reloading the page or opening a link signs you out (what you saved stays saved)",
    ),
    "sign_in_locked": (
        "ลงชื่อเข้าใช้ผิดหลายครั้งเกินไป ลองใหม่ได้อีกใน {minutes} นาที",
        "Too many failed sign-ins; try again in {minutes} minutes",
    ),
    "scope_caption": ("แก้ไขได้เฉพาะ", "May change"),
    "scope_everything": ("ทุกหน่วยงาน", "every organisation"),
    "scope_empty": (
        "บัญชีนี้ยังไม่ได้ระบุหน่วยงานที่แก้ไขได้ ให้ผู้ดูแลระบบเพิ่มใน [editor_scopes] ของ .streamlit/secrets.toml",
        "This account may change no organisation yet: an administrator adds it under [editor_scopes] "
        "in .streamlit/secrets.toml",
    ),
    "scope_no_orgs_here": (
        "ยังไม่มีข้อมูลของหน่วยงานที่บัญชีนี้แก้ไขได้",
        "The store holds no organisation this account may change",
    ),
    "not_allowed": (
        "{actor} ไม่มีสิทธิ์เปลี่ยนแปลงข้อมูลของ {organisation} ไม่มีการบันทึกใด ๆ (การปฏิเสธนี้บันทึกไว้แล้ว)",
        "{actor} may not change data of {organisation}; nothing was saved (the refusal is logged)",
    ),
    "not_allowed_import": (
        "{actor} ไม่มีสิทธิ์นำเข้ารายงานของ {organisation}: สิทธิ์ตามจังหวัดใช้ได้เฉพาะหน่วยงานที่ระบบบันทึกจังหวัดไว้แล้ว"
        " (จังหวัดในชื่อรายงานไม่นับ) ผู้ดูแลระบบเพิ่มหน่วยงานนี้ในสิทธิ์ของบัญชีได้",
        "{actor} may not import a report of {organisation}: a province covers only organisations the store already"
        " places in it (a report's title does not count); an administrator can add this organisation to the account",
    ),
    "write_failed": (
        "บันทึกข้อมูลไม่สำเร็จ ({reason}) ข้อมูลเดิมไม่เปลี่ยนแปลง: {store}",
        "Could not save ({reason}); the store is unchanged: {store}",
    ),
    "store_damaged": (
        "ไฟล์ข้อมูล {store} เสียหายหรืออ่านไม่ได้ ({detail}) กู้คืนฉบับสำรองล่าสุด ({backup}) ด้วยคำสั่ง: {command}",
        "The store {store} is damaged or unreadable ({detail}). Restore the newest backup ({backup}): {command}",
    ),
    "store_damaged_no_backup": (
        "ไฟล์ข้อมูล {store} เสียหายหรืออ่านไม่ได้ ({detail}) และไม่มีฉบับสำรอง สร้างใหม่ด้วยคำสั่ง: {command}",
        "The store {store} is damaged or unreadable ({detail}) and no backup is kept. Rebuild it: {command}",
    ),
    "store_lost": (
        "ไม่พบไฟล์ข้อมูล {store} แต่ยังมีฉบับสำรองอยู่ (ล่าสุด {backup}) กู้คืนด้วยคำสั่ง: {command} "
        "(อย่าสร้างใหม่ด้วย build --force ซึ่งจะได้ข้อมูลตัวอย่างแทนข้อมูลจริง)",
        "The store {store} is missing, but its backups are kept (newest {backup}). Restore it: {command} "
        "(build --force would start afresh from the demo data instead)",
    ),
    "write_failed_folder": (
        "บันทึกข้อมูลไม่สำเร็จ: เขียนไฟล์ในโฟลเดอร์ {folder} ไม่ได้ ({reason}) ข้อมูลเดิมไม่เปลี่ยนแปลง",
        "Could not save: the folder {folder} does not accept new files ({reason}); the store is unchanged",
    ),
    "store_busy": (
        "มีผู้อื่นกำลังบันทึกข้อมูลอยู่ ลองใหม่อีกครั้ง",
        "Someone else is saving a change; try again",
    ),
    "store_missing": (
        "ยังไม่มีไฟล์ข้อมูลที่ {store}: นำเข้ารายงานก่อนด้วยคำสั่ง python -m ita ingest ไฟล์รายงาน",
        "No store at {store}: import a report first with python -m ita ingest REPORT",
    ),
    "store_outdated": (
        "ไฟล์ข้อมูลใช้โครงสร้างรุ่นอื่น: {detail}",
        "The store has another schema version: {detail}",
    ),
    "password_empty": ("รหัสผ่านว่างไม่ได้", "The password cannot be empty"),
    "password_rules": (
        "รหัสผ่านไม่ตรงกันหรือสั้นกว่า 10 ตัวอักษร",
        "The passwords differ or are shorter than 10 characters",
    ),
    "viewer_note": (
        "คุณกำลังดูข้อมูลในฐานะผู้ชม: การนำเข้าและการแก้ไขต้องเข้าสู่ระบบผู้แก้ไขข้อมูล",
        "You are viewing: importing and editing need an editor sign-in",
    ),
    "tab_import": ("นำเข้ารายงาน", "Import"),
    "tab_edit": ("แก้ไขมาตรการ", "Edit measures"),
    "tab_quality": ("คุณภาพข้อมูล", "Data quality"),
    "tab_history": ("ประวัติการนำเข้า", "Import history"),
    "tab_audit": ("บันทึกการเปลี่ยนแปลง", "Audit log"),
    "upload_label": ("เลือกไฟล์รายงาน", "Choose a report file"),
    "upload_help": (
        "ข้อความรายงาน (.txt), CSV, XLSX, DOCX หรือ PDF ที่มีข้อความ ขนาดไม่เกิน 20 MB รายงานละหนึ่งหน่วยงานหนึ่งปี",
        "Report text (.txt), CSV, XLSX, DOCX or a text PDF, at most 20 MB, one organisation's year per file",
    ),
    "template": ("แบบฟอร์มนำเข้า", "Import template"),
    "override_org": ("ชื่อหน่วยงาน (ถ้าไฟล์ไม่ได้ระบุ)", "Organisation (if the file does not say)"),
    "override_year": ("ปีงบประมาณ พ.ศ. (ถ้าไฟล์ไม่ได้ระบุ)", "Fiscal year B.E. (if the file does not say)"),
    "refused": ("นำเข้าไม่ได้", "Cannot import"),
    "preview": ("ตรวจสอบก่อนนำเข้า", "Check before importing"),
    "preview_new": ("รายงานใหม่ของหน่วยงานและปีนี้", "A new report for this organisation and year"),
    "preview_replace": (
        "มีรายงานของหน่วยงานและปีนี้อยู่แล้ว: ไฟล์นี้จะแทนที่ (ฉบับเดิมเก็บไว้ในประวัติ)",
        "A report for this organisation and year exists: this file replaces it (the old one stays in the history)",
    ),
    "preview_unchanged": (
        "ไฟล์นี้นำเข้าแล้ว จะไม่มีการบันทึกซ้ำ",
        "This file is already imported; nothing will be stored again",
    ),
    "warnings": ("คำเตือน", "Warnings"),
    "no_warnings": ("ไม่มีคำเตือน", "No warnings"),
    "changes_vs_current": ("ความแตกต่างจากรายงานเดิม", "Changes against the stored report"),
    "confirm_import": ("ยืนยันการนำเข้า", "Confirm import"),
    "cancel": ("ยกเลิก", "Cancel"),
    "imported": ("นำเข้าแล้ว", "Imported"),
    "reason": ("เหตุผลของการแก้ไข (บันทึกในประวัติ)", "Why (kept in the audit log)"),
    "save": ("บันทึก", "Save"),
    "saved": ("บันทึกแล้ว", "Saved"),
    "edit_hint": (
        "แก้ไขผลการดำเนินงาน ลิงก์หลักฐาน หมายเหตุ ข้อ ITA หรือผู้รับผิดชอบในตาราง แล้วกดบันทึก",
        "Change status, evidence URL, note, ITA item or responsible division in the table, then save",
    ),
    "conflict": (
        "มีผู้อื่นแก้ไขข้อมูลนี้ก่อนคุณ กรุณาโหลดใหม่แล้วแก้ไขอีกครั้ง",
        "Someone else changed this first: reload and try again",
    ),
    "reload": ("โหลดใหม่", "Reload"),
    "fix": ("แก้ไข", "Fix"),
    "acknowledge": ("ยืนยันว่าถูกต้อง (ปิดคำเตือน)", "Confirm it is right (close the warning)"),
    "open_warnings": ("คำเตือนที่ยังไม่ได้แก้ไข", "Open warnings"),
    "no_open_warnings": ("ไม่มีคำเตือนค้าง", "No open warnings"),
    "choose_warning": ("เลือกคำเตือนที่จะแก้ไข", "Choose a warning to fix"),
    "remove_import": ("นำออกจากแดชบอร์ด", "Remove from the dashboard"),
    "restore_import": ("นำกลับมาใช้", "Restore"),
    "choose_import": ("เลือกการนำเข้า", "Choose an import"),
    "state_active": ("ใช้งานอยู่", "active"),
    "state_superseded": ("ถูกแทนที่", "replaced"),
    "state_removed": ("นำออกแล้ว", "removed"),
    "col_changed_at": ("เวลา", "When"),
    "col_actor": ("ผู้ดำเนินการ", "Who"),
    "col_action_done": ("การดำเนินการ", "What"),
    "col_field": ("ข้อมูล", "Field"),
    "col_old": ("ค่าเดิม", "Old value"),
    "col_new": ("ค่าใหม่", "New value"),
    "col_reason": ("เหตุผล", "Why"),
    "col_message": ("ข้อความ", "Message"),
    "col_state": ("สถานะ", "State"),
    "col_file": ("ไฟล์", "File"),
    "col_imported_at": ("นำเข้าเมื่อ", "Imported at"),
    "col_imported_by": ("นำเข้าโดย", "Imported by"),
    "col_sample": ("ข้อมูลตัวอย่าง", "Sample"),
    "legend_sample_year": ("จุดกลวง: ปีข้อมูลตัวอย่าง (ไม่ใช่ข้อมูลจริง)", "Hollow marker: sample year (not real data)"),
    # The sample column's value in exports; the importer reads the bracketed marker back.
    "sample_mark": ("[ข้อมูลตัวอย่าง]", "[sample]"),
    "pdf": ("PDF สรุปผู้บริหาร", "Executive PDF"),
    "pdf_open_items": ("PDF รายการที่ยังไม่แล้วเสร็จ", "Open items PDF"),
    "col_import_id": ("เลขที่การนำเข้า", "Import"),
    "col_measure_id": ("เลขที่มาตรการ", "Measure"),
    # PDF executive summary
    "pdf_title": (
        "รายงานสรุปผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
        "Integrity and transparency measures: executive summary",
    ),
    "pdf_generated": ("จัดทำเมื่อ", "Generated"),
    "pdf_page": ("หน้า", "Page"),
    "pdf_of": ("จาก", "of"),
    "pdf_points": ("จุด", "pp"),
    "pdf_sample_badge": ("ข้อมูลตัวอย่าง ไม่ใช่ข้อมูลจริง", "Sample data, not a real report"),
    "pdf_sample_notice": (
        "รายงานนี้มีข้อมูลตัวอย่าง (ไม่ใช่ข้อมูลจริง)",
        "This report includes sample data (not real reports)",
    ),
    "replica_read_only": (
        "เครื่องนี้แสดงสำเนาข้อมูลแบบอ่านอย่างเดียว: การนำเข้าและการแก้ไขทำที่เครื่องหลัก",
        "This server shows a read-only copy: imports and edits are made on the primary server",
    ),
    # organisations page
    "organisations": ("จำนวนหน่วยงาน", "Organisations"),
    "orgs_need_two": (
        "หน้านี้เปรียบเทียบหน่วยงานหลายแห่ง: ในระบบตอนนี้มีเพียงหน่วยงานเดียว",
        "This page compares organisations: the store holds only one",
    ),
    "median_completion": ("ค่ามัธยฐานร้อยละความสำเร็จ", "Median completion"),
    "orgs_passing": ("หน่วยงานที่สำเร็จตั้งแต่ร้อยละ 85", "Organisations at 85 % or more"),
    "orgs_lagging": ("หน่วยงานที่สำเร็จต่ำกว่าร้อยละ 50", "Organisations below 50 %"),
    "distribution": ("การกระจายของร้อยละความสำเร็จ", "How completion is spread"),
    "by_org_type": ("ความสำเร็จตามประเภทหน่วยงาน", "Completion by organisation type"),
    "ranking": ("อันดับหน่วยงาน (น้อยไปมาก)", "Organisations, least complete first"),
    "ranking_hint": (
        "เลือกแถวเพื่อเปิดแดชบอร์ดของหน่วยงานนั้น",
        "Select a row to open that organisation's dashboard",
    ),
    "open_dashboard": ("เปิดแดชบอร์ดของ", "Open the dashboard of"),
    "most_open": ("ตัวชี้วัดที่หน่วยงานยังไม่แล้วเสร็จมากที่สุด", "Indicators most often left open"),
    "col_orgs_open": ("หน่วยงานที่ยังไม่แล้วเสร็จ", "Organisations with open items"),
    "col_open_share": ("ร้อยละของหน่วยงาน", "Share of organisations"),
    "col_previous_pct": ("ปีก่อน", "Previous year"),
    # export sheets
    "sheet_summary": ("สรุป", "Summary"),
    "sheet_by_indicator": ("ตามตัวชี้วัด", "By indicator"),
    "sheet_by_division": ("ตามสำนัก-กอง", "By division"),
    "sheet_measures": ("มาตรการ", "Measures"),
    "sheet_open_items": ("ยังไม่แล้วเสร็จ", "Not yet done"),
    # division special entries
    "shared_division": ("ทุกสำนัก/กอง", "Every division"),
    "unassigned_division": ("ไม่ระบุผู้รับผิดชอบ", "No division given"),
    # matching methods
    "match_code": ("ตามรหัสข้อ", "item code"),
    "match_topic": ("ตามหัวข้อ", "topic"),
    "match_topic_text": ("ตามหัวข้อและเนื้อความ", "topic and text"),
    "match_topic_order": ("ตามลำดับในหัวข้อ", "order within topic"),
    "match_name": ("ตามชื่อข้อ", "item name"),
    "match_manual": ("ผู้แก้ไขยืนยัน", "confirmed by editor"),
    "match_none": ("ไม่พบข้อที่ตรงกัน", "no match"),
    "match_unverified": ("ตามที่เขียน (ยังไม่ได้ตรวจกับกรอบการประเมิน)", "as written (not verified)"),
    "change_renumbered": ("เปลี่ยนเลขข้อ", "Renumbered"),
    "change_unchanged": ("ไม่เปลี่ยน", "Unchanged"),
    # how a measure was followed from one year to the next (status_changes.sql, matched_by)
    "col_matched_by": ("จับคู่ข้ามปีโดย", "Followed across years by"),
    "matched_item": ("รหัสข้อเดียวกัน", "the same item code"),
    "matched_crosswalk": ("รหัสข้อตามตารางเทียบข้อ", "the item code through the crosswalk"),
    "matched_text": ("ตัวชี้วัดและข้อความ (ไม่มีกรอบการประเมินให้เทียบรหัสข้อ)",
                     "indicator and text (no framework to compare item codes)"),
    # the compare-years exports
    "sheet_trend": ("แนวโน้มรายปี", "Trend by year"),
    "sheet_changes": ("การเปลี่ยนแปลง", "Changes"),
    "pdf_compare_title": ("รายงานเปรียบเทียบปีงบประมาณ", "Fiscal years compared"),
    "changes_between": ("มาตรการที่เปลี่ยนแปลง {year_from}→{year_to}", "Measures that changed {year_from}→{year_to}"),
    "changes_one_org": (
        "การเปลี่ยนแปลงรายมาตรการแสดงเมื่อเลือกหน่วยงานเดียว",
        "Measure-by-measure changes are shown when one organisation is chosen",
    ),
    # the divisions page: what its list of measures counts
    "measures_listed": ("มาตรการที่แสดง (สถานะ: {statuses}) {shown} จาก {total}",
                        "Measures listed (status: {statuses}) {shown} of {total}"),
    # the framework tab (ita/ui/framework_tab.py) and `python -m ita framework`
    "tab_framework": ("กรอบการประเมิน", "Framework"),
    "fw_year": ("ปีงบประมาณของกรอบการประเมิน", "Framework fiscal year"),
    "fw_none": (
        "ยังไม่มีกรอบการประเมินในระบบ: ผู้แก้ไขนำเข้าได้ที่แท็บนี้",
        "No framework is stored yet: an editor can import one in this tab",
    ),
    "fw_versions": ("ฉบับของกรอบการประเมิน", "Framework versions"),
    "fw_template": (
        "แม่แบบกรอบการประเมิน (คอลัมน์ของ ita_framework.csv)", "Framework template (columns of ita_framework.csv)"
    ),
    "fw_upload": ("อัปโหลดกรอบการประเมิน (CSV หรือ XLSX)", "Upload a framework (CSV or XLSX)"),
    "fw_upload_year": (
        "ปีงบประมาณ (เว้นว่างเพื่อใช้ปีในไฟล์)", "Fiscal year (leave empty to use the file's years)"
    ),
    "fw_preview": ("ตรวจก่อนบันทึก", "Preview before saving"),
    "fw_added": ("ข้อที่เพิ่ม", "Items added"),
    "fw_renamed": ("ข้อที่เปลี่ยนชื่อ", "Items renamed"),
    "fw_removed": ("ข้อที่ถูกนำออก", "Items removed"),
    "fw_refused": ("แถวที่ไม่รับ", "Rows refused"),
    "fw_unchanged": ("กรอบการประเมินปี {year} ไม่เปลี่ยนแปลง", "The {year} framework is unchanged"),
    "fw_confirm": ("ยืนยันบันทึกกรอบการประเมิน", "Confirm and save the framework"),
    "fw_saved": (
        "บันทึกกรอบการประเมินปี {years} แล้ว: จับคู่มาตรการที่เก็บไว้ใหม่ {rematched} รายการ",
        "Saved the {years} framework: {rematched} stored measures matched again",
    ),
    "fw_restore": ("นำฉบับนี้กลับมาใช้", "Restore this version"),
    "fw_restored": ("นำกรอบการประเมินฉบับ {version} กลับมาใช้แล้ว", "Framework version {version} restored"),
    "fw_nothing": ("ไม่มีแถวที่นำเข้าได้", "No row could be imported"),
    "fw_crosswalk": ("ข้อที่สอดคล้องกับปีถัดไป", "Counterparts in the next year"),
    # why a row of a framework file was refused (ita.read.catalogue.RowRefused codes)
    # python -m ita framework …: REFUSED and STORED stay as the ingest command writes them, for scripts
    "cli_fw_list_header": (
        "ปี    ฉบับ  ที่มา      ตัวชี้วัด   IIT  EIT  OIT  จำนวนฉบับ",
        "year  version  source     indicators  IIT  EIT  OIT  versions",
    ),
    "cli_fw_no_year": ("ไม่มีกรอบการประเมินของปีงบประมาณ {year}", "no framework for fiscal year {year}"),
    "cli_fw_see_list": ("ดูได้ด้วย python -m ita framework list", "see python -m ita framework list"),
    "cli_fw_note": ("หมายเหตุ", "note"),
    "cli_fw_refused_line": ("{file} บรรทัด {line}: {reason}", "{file}, line {line}: {reason}"),
    "cli_fw_changes": (
        "{year}: {rows} แถว; เพิ่ม {added} ข้อ, เปลี่ยนชื่อ {renamed} ข้อ, นำออก {removed} ข้อ",
        "{year}: {rows} rows; {added} items added, {renamed} renamed, {removed} removed",
    ),
    "cli_fw_stored": ("STORED กรอบการประเมินปี {year} เป็นฉบับ {version}", "STORED framework {year} as version {version}"),
    "cli_fw_rematched": ("จับคู่มาตรการที่เก็บไว้ใหม่ {count} รายการ", "{count} stored measures matched again"),
    "cli_fw_wrote": ("เขียน {file} แล้ว ({rows} แถว)", "wrote {file} ({rows} rows)"),
    "cli_fw_years_order": ("ปีที่สองต้องหลังปีแรก", "the second year must be later than the first"),
    "cli_fw_no_items": ("กรอบการประเมินปี {year} ไม่มีข้อใด", "no items in the {year} framework"),
    "cli_fw_no_version": ("ไม่มีกรอบการประเมินฉบับ {version}", "no framework version {version}"),
    "cli_fw_in_force": ("ฉบับ {version} ใช้อยู่แล้ว", "version {version} is already in force"),
    "fw_row_year_not_number": ("ปีงบประมาณ '{0}' ไม่ใช่ตัวเลข", "fiscal year '{0}' is not a number"),
    "fw_row_year_out_of_range": (
        "ปีงบประมาณ {0} ไม่ใช่ปี พ.ศ. ระหว่าง 2500 ถึง 2700", "fiscal year {0} is not a Buddhist-Era year 2500–2700"
    ),
    "fw_row_year_other": ("แถวนี้เป็นปี {0} แต่การนำเข้านี้สำหรับปี {1}", "fiscal year {0}, but this import is for {1}"),
    "fw_row_tool_unknown": ("เครื่องมือ '{0}' ไม่ใช่ IIT, EIT หรือ OIT", "tool '{0}' is not one of IIT, EIT, OIT"),
    "fw_row_indicator_not_number": ("เลขตัวชี้วัด '{0}' ไม่ใช่ตัวเลข", "indicator number '{0}' is not a number"),
    "fw_row_item_code_invalid": (
        "รหัสข้อ '{0}' ไม่อยู่ในรูป i1, e12 หรือ o43", "item code '{0}' is not like i1, e12 or o43"
    ),
    "fw_row_item_code_tool": ("รหัสข้อ {0} เป็นของ {1} ไม่ใช่ {2}", "item code {0} belongs to {1}, not {2}"),
    "fw_row_indicator_unnamed": ("ตัวชี้วัด {0} ไม่มีชื่อ (indicator_th)", "indicator {0} has no name (indicator_th)"),
    "fw_row_confidence_unknown": (
        "ความมั่นใจ '{0}' ไม่ใช่ high, medium, low หรือ unknown", "confidence '{0}' is not one of high, medium, low, unknown"
    ),
    "fw_row_duplicate_item": ("ข้อ {0} ของปี {1} มีแล้วที่บรรทัด {2}", "item {0} of {1} is already on line {2}"),
    "col_version": ("ฉบับ", "Version"),
    "col_created_at": ("เมื่อ", "When"),
    "col_created_by": ("โดย", "By"),
    "col_rows": ("จำนวนแถว", "Rows"),
    "col_sub_indicator": ("ตัวชี้วัดย่อย", "Sub-indicator"),
    "col_topic": ("หัวข้อ", "Topic"),
    "col_source_note": ("ที่มาของข้อมูล", "Source note"),
    "col_old_name": ("ชื่อเดิม", "Old name"),
    "col_relation": ("ความสัมพันธ์", "Relation"),
    "col_score": ("คะแนนความคล้าย", "Similarity"),
    "col_to_code": ("ข้อในปีถัดไป", "Item next year"),
    # due soon and the divisions' digests (python -m ita digest, recipients; the open-items page)
    "due_soon_within": ("ครบกำหนดภายใน {days} วัน นับจาก", "Due within {days} days from"),
    "due_soon_help": (
        "มาตรการที่ยังไม่แล้วเสร็จซึ่งระยะเวลาดำเนินการสิ้นสุดตั้งแต่วันที่ {date} ถึง {until} "
        "(มาตรการที่สิ้นสุดก่อน {date} นับเป็นเกินกำหนด)",
        "Measures not done whose period ends from {date} to {until} (those that ended before {date} are overdue)",
    ),
    "due_soon_days": ("ครบกำหนดภายใน (วัน)", "Due within (days)"),
    "due_soon_heading": ("ใกล้ครบกำหนด: ภายใน {days} วัน ({count})", "Due soon: within {days} days ({count})"),
    "days_left": ("อีก (วัน)", "Days left"),
    "digest_subject": (
        "ITA {org} ปีงบประมาณ {year} {division}: เกินกำหนด {overdue} ครบกำหนดใน {days} วัน {due_soon} "
        "(ณ วันที่ {as_of})",
        "ITA {org} FY{year} {division}: {overdue} overdue, {due_soon} due within {days} days (as of {as_of})",
    ),
    "digest_title": (
        "{division} {org} ปีงบประมาณ {year}: มาตรการที่ต้องติดตาม ณ วันที่ {as_of}",
        "{division}, {org}, FY{year}: measures to follow up as of {as_of}",
    ),
    "digest_completion": (
        "ความสำเร็จทั้งหน่วยงาน ({org} ปีงบประมาณ {year} ทุกสำนัก/กอง): ดำเนินการแล้ว {done} จาก {measures} "
        "มาตรการ ({pct})",
        "Completion of the whole organisation ({org}, FY{year}, every division): {done} of {measures} measures "
        "done ({pct})",
    ),
    "digest_overdue_heading": (
        "มาตรการของ{division}ที่เกินกำหนด ณ วันที่ {as_of}: {overdue} มาตรการ",
        "{division}'s measures overdue on {as_of}: {overdue}",
    ),
    "digest_due_soon_heading": (
        "มาตรการของ{division}ที่ครบกำหนดภายใน {days} วัน ({as_of} ถึง {until}): {due_soon} มาตรการ",
        "{division}'s measures due within {days} days ({as_of} to {until}): {due_soon}",
    ),
    "digest_shared_overdue_heading": (
        "มาตรการที่ทุกสำนัก/กองรับผิดชอบร่วมกันที่เกินกำหนด ณ วันที่ {as_of}: {overdue} มาตรการ",
        "Measures shared by every division overdue on {as_of}: {overdue}",
    ),
    "digest_shared_due_soon_heading": (
        "มาตรการที่ทุกสำนัก/กองรับผิดชอบร่วมกันที่ครบกำหนดภายใน {days} วัน: {due_soon} มาตรการ",
        "Measures shared by every division due within {days} days: {due_soon}",
    ),
    "digest_none": ("ไม่มี", "None"),
    "digest_due": ("ครบกำหนด {date} ({period}), {days}", "due {date} ({period}), {days}"),
    "digest_days_late": ("เกินมา {days} วัน", "{days} days late"),
    "digest_days_left": ("อีก {days} วัน", "{days} days left"),
    "digest_col_due": ("กำหนดเสร็จ", "Due"),
    "digest_footer": (
        "สรุปจาก ITA Tracker ตามรายงานที่นำเข้าไว้ ณ วันที่ {as_of} แก้ไขรายชื่อผู้รับได้ที่หน้าจัดการข้อมูล",
        "Summarised by ITA Tracker from the reports imported, as of {as_of}; recipients are kept on the manage page",
    ),
    "cli_digest_wrote": ("เขียน {file} แล้ว (ถึง {to})", "wrote {file} (to {to})"),
    "cli_digest_sent": ("ส่งแล้ว {org} / {division} ถึง {to}", "SENT {org} / {division} to {to}"),
    "cli_digest_no_recipients": (
        "ไม่มีผู้รับ: {org} / {division} (เพิ่มได้ด้วย python -m ita recipients set)",
        "no recipients: {org} / {division} (add them with python -m ita recipients set)",
    ),
    "cli_digest_already_sent": (
        "ส่งไปแล้วสำหรับวันที่ {as_of}: {org} / {division} (ไม่ส่งซ้ำ)",
        "already sent for {as_of}: {org} / {division} (not sent again)",
    ),
    "cli_digest_nothing": ("ไม่มีสรุปที่ต้องส่งสำหรับวันที่ {as_of}", "nothing to send for {as_of}"),
    "cli_digest_refused": (
        "ผู้รับปฏิเสธ: {org} / {division}: {to}", "REFUSED by the server: {org} / {division}: {to}",
    ),
    "cli_digest_failed": (
        "ส่งไม่สำเร็จ {org} / {division} หลังลอง {tries} ครั้ง: {reason}",
        "FAILED {org} / {division} after {tries} tries: {reason}",
    ),
    "cli_digest_no_org": ("ไม่มีหน่วยงาน {org} ในฐานข้อมูล", "no organisation {org} in the store"),
    "cli_digest_empty": ("ยังไม่มีรายงานในฐานข้อมูล", "the store holds no reports yet"),
    "smtp_missing": (
        "ยังไม่ได้ตั้งค่า [smtp] {key} ใน {file}: ต้องมี host, port, starttls, user, password, sender",
        "[smtp] {key} is not set in {file}: host, port, starttls, user, password, sender are needed",
    ),
    "smtp_bad": ("ค่า [smtp] {key} ใน {file} ไม่ถูกต้อง: {value}", "[smtp] {key} in {file} is not valid: {value}"),
    "smtp_no_file": (
        "ไม่พบไฟล์ {file}: ต้องมีส่วน [smtp] (host, port, starttls, user, password, sender)",
        "{file} does not exist: it needs an [smtp] section (host, port, starttls, user, password, sender)",
    ),
    "recipients_saved": ("บันทึกผู้รับแล้ว", "Recipients saved"),
    "recipients_unchanged": ("รายชื่อผู้รับเหมือนเดิม", "The recipients are unchanged"),
    "recipients_none": ("(ไม่มีผู้รับ)", "(no recipients)"),
    "recipients_hint": (
        "ผู้รับสรุปมาตรการที่เกินกำหนดและใกล้ครบกำหนดของแต่ละสำนัก/กอง (python -m ita digest) "
        "ใส่อีเมลคั่นด้วยจุลภาคหรือขึ้นบรรทัดใหม่",
        "Who receives each division's digest of overdue and due-soon measures (python -m ita digest); "
        "separate addresses with commas or new lines",
    ),
    "recipients_emails": ("อีเมลผู้รับ", "Recipients' e-mail addresses"),
    "tab_recipients": ("ผู้รับสรุป", "Digest recipients"),
    "col_email": ("อีเมล", "E-mail"),
    # ---- ITA scores (docs/scores.md): one block, ita/read/scores.py … pages/scores.py
    "score_row_unknown_indicator": ("คอลัมน์ '{0}' ไม่ใช่ตัวชี้วัดที่ 1–10", "column '{0}' is not an indicator 1–10"),
    "score_row_unknown_column": (
        "ไม่รู้จักคอลัมน์ '{0}' (ใช้หัวตารางของแม่แบบ)", "unknown column '{0}' (use the template's headers)"),
    "score_row_no_organisation": ("ไม่มีชื่อหน่วยงาน", "no organisation"),
    "score_row_year_not_number": ("ปีที่ประเมิน '{0}' ไม่ใช่ปี พ.ศ. สี่หลัก", "year '{0}' is not a four-digit B.E. year"),
    "score_row_year_without_rules": (
        "ยังไม่มีเกณฑ์ระดับผลการประเมินของปี {0} (data/reference/ita_rating_rules.csv)",
        "no rating rules for {0} (data/reference/ita_rating_rules.csv)"),
    "score_row_no_total": ("ไม่มีคะแนนรวม", "no total"),
    "score_row_not_a_score": ("{0} '{1}' ไม่ใช่ตัวเลข", "{0} '{1}' is not a number"),
    "score_row_out_of_range": ("{0} {1} อยู่นอกช่วง 0–100", "{0} {1} is outside 0–100"),
    "score_row_duplicate": ("{0} ปี {1} มีแล้วที่บรรทัด {2}", "{0} {1} is already on line {2}"),
    "score_row_unknown_organisation": (
        "ไม่รู้จักหน่วยงาน '{0}' (นำเข้ารายงานมาตรการของหน่วยงานก่อน)",
        "unknown organisation '{0}' (import one of its reports first)"),
    "score_row_indicator_not_in_year": (
        "กรอบการประเมินปี {1} ไม่มีตัวชี้วัดที่ {0}", "the {1} framework has no indicator {0}"),
    "score_capped": (
        "{tool} {score} ทำให้ผลการประเมินอยู่ที่ระดับ {rating} (ระดับ {better} ต้องได้ทุกเครื่องมือตั้งแต่ {needs} ขึ้นไป)",
        "{tool} {score} keeps the rating at {rating} ({better} needs each instrument at {needs} or more)"),
    "score_total": ("คะแนนรวม", "Total"),
    "scores_stored": (
        "STORED {file}: {rows} แถว เปลี่ยน {changed} แถว บันทึกประวัติ {values} ค่า",
        "STORED {file}: {rows} rows, {changed} changed, {values} values audited"),
    "scores_nothing_stored": ("ไม่ได้บันทึกคะแนนใดเลย: แก้ไขแถวข้างต้นแล้วนำเข้าอีกครั้ง",
                              "nothing stored: correct the rows above and import again"),
    "scores_none_for": ("ยังไม่มีคะแนน ITA ของ {org}", "no ITA scores of {org} yet"),
    "page_scores": ("คะแนน ITA", "ITA scores"),
    "tab_scores": ("คะแนน ITA", "ITA scores"),
    "score_pass_line": ("เกณฑ์ผ่าน {score}", "pass line {score}"),
    "score_assessment_year": ("ปีที่ประเมิน", "Assessment year"),
    "score_axis": ("คะแนน", "Score"),
    "score_rating": ("ผลการประเมิน", "Rating"),
    "score_rating_unknown": ("ยังระบุระดับไม่ได้", "Not known"),
    "score_year_rule": (
        "มาตรการปีงบประมาณ {year} วางแผนจากผลการประเมิน ITA {planned} และวัดผลด้วยการประเมิน ITA {judged} "
        "(ประกาศผลเดือนสิงหาคม)",
        "The measures of FY{year} were planned from the result of ITA {planned} and are judged by ITA {judged} "
        "(announced in August)"),
    "score_card_help": (
        "คะแนนรวม ITA ที่ ป.ป.ช. ประกาศ และการเปลี่ยนแปลงจากการประเมินครั้งก่อนที่มีในระบบ",
        "The ITA total NACC announced, and its change from the previous assessment stored"),
    "score_card_planned": ("ITA {year}: ฐานของแผนปีนี้", "ITA {year}: this year's plan starts here"),
    "score_card_judged": ("ITA {year}: ผลของปีนี้", "ITA {year}: this year's result"),
    "score_by_indicator": ("คะแนนรายตัวชี้วัดกับมาตรการปีนี้", "Indicator scores beside this year's measures"),
    "score_col_score": ("คะแนน ITA {year}", "ITA {year} score"),
    "score_weak_mark": ("⚠ ต่ำกว่า 85", "⚠ below 85"),
    "score_no_measure": ("คะแนนต่ำ ยังไม่มีมาตรการ", "Weak indicator, no measure planned"),
    "score_no_measure_list": (
        "ตัวชี้วัดที่ได้ต่ำกว่า 85 ใน ITA {year} แต่ปีนี้ยังไม่มีมาตรการ: {names}",
        "Weak in ITA {year} (below 85) and no measure planned this year: {names}"),
    "score_col_capped": ("เครื่องมือที่ฉุดระดับ", "Instrument capping the rating"),
    "score_col_before": ("คะแนนที่ใช้วางแผน (ITA ปีก่อน)", "Score planned from (ITA Y−1)"),
    "score_col_after": ("คะแนนที่ตามมา (ITA ปีนี้)", "Score that followed (ITA Y)"),
    "scores_none": (
        "ยังไม่มีคะแนน ITA ของหน่วยงานนี้: นำเข้าได้ที่หน้า จัดการข้อมูล แท็บ คะแนน ITA หรือ python -m ita scores import",
        "No ITA scores of this organisation yet: import them on the manage page (ITA scores tab) or with "
        "python -m ita scores import"),
    "scores_choose_org": ("เลือกหน่วยงานหนึ่งแห่งที่แถบด้านข้างเพื่อดูคะแนน ITA (ภาพรวมทุกหน่วยงานอยู่ที่หน้า "
                          "เปรียบเทียบหน่วยงาน)",
                          "Choose one organisation in the sidebar to see its ITA scores (every organisation's are "
                          "on the organisations page)"),
    "scores_trend": ("คะแนนรวมและรายเครื่องมือ", "Total and instruments"),
    "scores_indicator_trend": ("คะแนนรายตัวชี้วัดตามปี", "Each indicator over the years"),
    "scores_no_indicators": ("ยังไม่มีคะแนนรายตัวชี้วัด", "No indicator scores stored"),
    "scores_table": ("ผลการประเมินทุกปี", "Every assessment"),
    "scores_effects": ("มาตรการแต่ละปีกับคะแนนที่เปลี่ยนตามมา", "Each year's measures and the change in score that followed"),
    "scores_effects_hint": (
        "แต่ละแถวคือมาตรการของปีงบประมาณหนึ่ง: คะแนนที่ใช้วางแผน (ITA ปีก่อน) คะแนนที่ตามมา (ITA ปีเดียวกัน) "
        "และผลต่าง ทั้งรวมทั้งปีและรายตัวชี้วัด",
        "Each row is one fiscal year's measures: the score they were planned from (ITA Y−1), the score that "
        "followed (ITA Y) and the change, for the whole year and per indicator"),
    "scores_source_note": (
        "คะแนนตามที่ ป.ป.ช. ประกาศ นำเข้าโดยผู้แก้ไขข้อมูล ระดับผลการประเมินคำนวณจากเกณฑ์ของแต่ละปี "
        "(data/reference/ita_rating_rules.csv)",
        "Scores as NACC announced them, imported by editors; each rating is worked out from its year's rules "
        "(data/reference/ita_rating_rules.csv)"),
    "scores_across": ("คะแนน ITA ของหน่วยงาน", "ITA scores across organisations"),
    "scores_across_judges": ("ผล ITA {year} ซึ่งวัดผลมาตรการปีงบประมาณ {fy}",
                             "ITA {year}, which judges the measures of FY{fy}"),
    "scores_across_planned": ("ผล ITA {year} ซึ่งเป็นฐานของแผนปีงบประมาณ {fy} (ยังไม่มีผลของปี {fy})",
                              "ITA {year}, which the measures of FY{fy} were planned from (no result of {fy} yet)"),
    "scores_rating_counts": ("จำนวนหน่วยงานตามระดับผลการประเมิน", "Organisations per rating"),
    "scores_vs_completion": ("คะแนน ITA เทียบความสำเร็จของมาตรการ", "ITA score against completion of measures"),
    "scores_weakest": ("ตัวชี้วัดที่หน่วยงานได้ต่ำกว่า 85 บ่อยที่สุด", "Indicators most often below 85"),
    "col_orgs_below": ("หน่วยงานที่ได้ต่ำกว่า 85", "Organisations below 85"),
    "col_below_share": ("สัดส่วนที่ต่ำกว่า 85", "Share below 85"),
    "scores_upload": ("นำเข้าไฟล์คะแนน ITA (CSV หรือ XLSX)", "Import an ITA scores file (CSV or XLSX)"),
    "scores_template": ("แม่แบบ", "Template"),
    "scores_export": ("ส่งออกคะแนน", "Export scores"),
    "scores_store": ("บันทึกคะแนน", "Store the scores"),
    "scores_preview": ("{rows} แถวพร้อมบันทึก", "{rows} rows ready to store"),
    "scores_saved": ("บันทึกคะแนนแล้ว: เปลี่ยน {changed} แถว ({values} ค่า)",
                     "Scores stored: {changed} rows changed ({values} values)"),
    "scores_unchanged": ("คะแนนเหมือนที่มีอยู่แล้ว ไม่มีการเปลี่ยนแปลง", "The same scores as stored: nothing changed"),
    "scores_type_hint": (
        "พิมพ์หรือแก้ไขคะแนนในตารางแล้วกดบันทึก (เว้นว่างได้ทุกช่อง ยกเว้นหน่วยงาน ปี และคะแนนรวม)",
        "Type or correct scores in the table, then store them (every cell but organisation, year and total "
        "may be blank)"),
    "scores_editors_only": ("ลงชื่อเข้าใช้เป็นผู้แก้ไขข้อมูลเพื่อนำเข้าหรือแก้ไขคะแนน",
                            "Sign in as an editor to import or correct scores"),
    "scores_stored_list": ("คะแนนที่มีในระบบ", "Scores stored"),
    "scores_type": ("พิมพ์หรือแก้ไขคะแนน", "Type or correct scores"),
}

_FINDINGS: dict[str, tuple[str, str]] = {
    "item_wrong_indicator": (
        "ข้อ {0} อยู่ใต้ตัวชี้วัด '{1}' แต่ในกรอบการประเมินปี {3} ข้อนี้อยู่ในตัวชี้วัด '{2}'",
        "item {0} is filed under '{1}', but the {3} framework places it under '{2}'",
    ),
    "item_not_in_framework": (
        "ไม่พบข้อ {0} ในกรอบการประเมินปี {1}",
        "item {0} is not in the {1} framework",
    ),
    "unknown_indicator": (
        "ไม่รู้จักตัวชี้วัด '{0}' ในกรอบการประเมินปี {1}",
        "indicator '{0}' is not in the {1} framework",
    ),
    "oit_unmatched": (
        "แถว OIT '{0}' ไม่ตรงกับข้อใดในกรอบการประเมิน",
        "OIT row '{0}' matches no framework item",
    ),
    "unknown_status": (
        "ไม่รู้จักผลการดำเนินงาน '{0}' (ใช้ ดำเนินการแล้ว / ระหว่างดำเนินการ / ยังไม่ดำเนินการ)",
        "unknown status '{0}' (use ดำเนินการแล้ว / ระหว่างดำเนินการ / ยังไม่ดำเนินการ)",
    ),
    "framework_missing": (
        "ยังไม่มีกรอบการประเมินปี {0}: ตัวชี้วัดจับคู่ตามชื่อในกรอบปี {1} และเก็บรหัสข้อตามที่เขียนไว้ "
        "โดยยังไม่ได้ตรวจ ({3} แถว) เมื่อนำเข้ากรอบการประเมินปี {0} แล้ว ระบบจะจับคู่ใหม่ให้เอง",
        "no ITA framework for fiscal year {0} yet: indicators were matched to the names of {1} and item "
        "codes kept as written, unverified ({3} rows); they are matched again when the {0} framework is imported",
    ),
    "framework_partial": (
        "กรอบการประเมินปี {0} ยังไม่ครบ (ไม่มีรายการข้อของ {2}; ชื่อตัวชี้วัดจากปี {1}): "
        "เก็บรหัสข้อตามที่เขียนไว้โดยยังไม่ได้ตรวจ {3} แถว",
        "the {0} ITA framework is partial (no items for {2}; indicator names of {1}): "
        "{3} rows keep their item as written, unverified",
    ),
    "new_division": (
        "ผู้รับผิดชอบ '{0}' ยังไม่เคยพบมาก่อน: ตรวจการสะกด หรือเพิ่มเป็นสำนัก/กองใหม่",
        "responsible division '{0}' has not been seen before: check the spelling or add it",
    ),
    "evidence_not_web": (
        "ลิงก์หลักฐาน '{0}' ไม่ใช่ที่อยู่เว็บ (http:// หรือ https://) จึงไม่ได้เก็บไว้: แก้ในไฟล์หรือในแท็บแก้ไข",
        "evidence link '{0}' is not a web address (http:// or https://), so it was not kept: "
        "fix it in the file or in the edit tab",
    ),
    "unreadable_periods": (
        "อ่านระยะเวลาดำเนินการเป็นวันที่ไม่ได้ {0} แถว (บรรทัด {1} เช่น '{2}'): "
        "มาตรการเหล่านี้จะไม่ถูกนับว่าเกินกำหนด เขียนเป็น เช่น 'ไตรมาสที่ 2' หรือ 'ต.ค. 66 - ธ.ค. 66'",
        "{0} periods cannot be read as dates (lines {1}, e.g. '{2}'): those measures are never counted "
        "as overdue; write them as, e.g., 'ไตรมาสที่ 2' or 'ต.ค. 66 - ธ.ค. 66'",
    ),
}


LANGUAGES = ("th", "en")  # Thai first: the default everywhere

# Set by tests/conftest.py: under test an unknown key is a bug to fail on, while in production
# a missing label must not take a page down, so the key itself is shown instead.
STRICT = False


def t(key: str, lang: str = "th") -> str:
    """The label for `key` in `lang`; an unknown key is returned as is (KeyError when STRICT)."""
    pair = _TEXT.get(key)
    if pair is None:
        if STRICT:
            raise KeyError(f"no label {key!r} in ita/present/labels.py")
        return key
    return pair[1] if lang == "en" else pair[0]


def finding_text(code: str, args: tuple[str, ...], lang: str = "th") -> str:
    template = _FINDINGS.get(code, (code, code))[1 if lang == "en" else 0]
    return template.format(*args, *([""] * 4))


def line_ref(file_name: str, line: int | None, lang: str = "th") -> str:
    if not line:
        return file_name
    return f"{file_name}, line {line}" if lang == "en" else f"{file_name} บรรทัด {line}"


def status_label(status: str, lang: str = "th") -> str:
    return t(f"status_{status}", lang)


def year_label(fiscal_year_be: int, lang: str = "th") -> str:
    """Buddhist-Era in Thai (ปีงบประมาณ 2564), Common-Era fiscal year in English (FY2021)."""
    return f"{fiscal_year_be}" if lang == "th" else f"{fiscal_year_be - 543}"


def format_pct(value: float | None, lang: str = "th") -> str:
    return "–" if value is None else f"{value:.1f}%"


_THAI_MONTHS = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)


def format_dates(values: pd.Series, lang: str = "th") -> pd.Series:
    """`format_date(…, with_time=True)` for a whole column at once (tables of imports and edits)."""
    stamps = pd.to_datetime(values)
    if lang == "th":
        months = stamps.dt.month.map(lambda m: _THAI_MONTHS[int(m) - 1] if m == m else "")
        years = (stamps.dt.year + 543).astype("Int64").astype(str)
        return stamps.dt.day.astype("Int64").astype(str) + " " + months + " " + years + stamps.dt.strftime(" %H:%M")
    return stamps.dt.strftime("%-d %b %Y %H:%M")


def format_date(value: date | datetime, lang: str = "th", with_time: bool = False) -> str:
    """25 พ.ย. 2569 in Thai, 25 Nov 2026 in English."""
    if lang == "th":
        text = f"{value.day} {_THAI_MONTHS[value.month - 1]} {value.year + 543}"
    else:
        text = value.strftime("%-d %b %Y")
    if with_time and isinstance(value, datetime):
        text += value.strftime(" %H:%M")
    return text


def finding_message(file_name: str, line: int | None, code: str, args: tuple[str, ...], lang: str = "th") -> str:
    """'file, line n: what is wrong', the one way a warning is written."""
    return f"{line_ref(file_name, line, lang)}: {finding_text(code, args, lang)}"


def name_unassigned(names: pd.Series, lang: str = "th") -> pd.Series:
    """Division names with the entry for measures naming no division ('') given a readable name."""
    return names.mask(names == "", t("unassigned_division", lang))


@cache
def division_names_en() -> dict[str, str]:
    """Thai division name → English, from data/reference/division_names.csv: the usual divisions and
    sections of Thai local government. A name not in it has no agreed English name and stays Thai."""
    with (REFERENCE_DIR / "division_names.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {row["name_th"].strip(): row["name_en"].strip() for row in rows if row["name_en"].strip()}


def division_label(name: str, is_shared: bool, lang: str = "th") -> str:
    """A division as a reader sees it: in English its English name when the reference table has one
    (else the Thai name, never a made-up transliteration), the shared entry translated, the unnamed one named."""
    if lang == "en":
        if is_shared:
            return t("shared_division", lang)
        if name:
            return division_names_en().get(name, name)
    return name or t("unassigned_division", lang)

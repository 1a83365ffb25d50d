"""One rule for the text of every imported file: no control characters, bounded cells, web links only."""

from __future__ import annotations

import io
import re
import shutil

import duckdb
import pytest
import streamlit as st
from openpyxl import Workbook, load_workbook
from streamlit.testing.v1 import AppTest

from ita.analytics.filters import Filters
from ita.analytics.views import Scope
from ita.present import export
from ita.present.refusals import is_known, refusal_message
from ita.read.prepared import prepare
from ita.read.records import ImportRefused, RawReport, RawRow
from ita.read.text_rules import CELL_LIMITS, LONG_TEXT, NAME, check_report, is_web_address
from ita.store.edits import Edit, InvalidEdit, validate
from ita.store.imports import ingest_paths
from ita.store.reader import StoreReader
from ita.ui.state import md

import report_documents as documents
from conftest import REPO, SAMPLES, SEED

TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ของเทศบาลตำบลหนองจอก ประจำปีงบประมาณ 2564"
HEADER = ["ตัวชี้วัด", "ข้อ/ชื่อ", "วิธีดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "การติดตามผล",
          "ผลการดำเนินงาน", "ลิงก์หลักฐาน"]
ROWS = [
    ["การใช้งบประมาณ", "๒๐ ข้อ", "เผยแพร่แผนการใช้จ่ายงบประมาณประจำปีบนเว็บไซต์", "กองคลัง", "ต.ค. 63 - ก.ย. 64",
     "รายงานผลทุกไตรมาส", "ดำเนินการแล้ว", "https://www.nongchok.go.th/budget"],
    ["การใช้งบประมาณ", "๒๑ ข้อ", "จัดซื้อจัดจ้างตามระเบียบ", "งานพัสดุ กองคลัง", "ตลอดปีงบประมาณ",
     "ตรวจสอบรายเดือน", "ระหว่างดำเนินการ", ""],
]
ACTION, RESPONSIBLE, EVIDENCE = 2, 3, 7


def _rows(**changes: tuple[int, int, str]) -> list[list[str]]:
    rows = [list(r) for r in ROWS]
    for at, column, text in changes.values():
        rows[at][column] = text
    return rows


def _text(rows: list[list[str]]) -> bytes:
    return "\n".join([TITLE, "\t".join(HEADER), *("\t".join(r) for r in rows)]).encode("utf-8")


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join([TITLE, ",".join(HEADER), *(",".join(r) for r in rows)]).encode("utf-8")


def _xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in [[TITLE], HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _refused(name: str, data: bytes, framework, directory) -> ImportRefused:
    with pytest.raises(ImportRefused) as refused:
        prepare(name, data, framework, directory)
    return refused.value


# --- 9: control characters -------------------------------------------------------------------------------

@pytest.mark.parametrize("escaped, char", [("_x001B_", "\x1b"), ("_x0000_", "\x00"), ("_x0085_", "\x85"),
                                           ("_x007F_", "\x7f")])
def test_a_control_character_in_an_xlsx_cell_is_refused_naming_its_line(escaped, char, framework, directory):
    # Excel writes a control character as _xHHHH_; the reader decodes it into the character itself.
    rows = _rows(a=(1, ACTION, f"จัดซื้อ{escaped}[31mจัดจ้าง"))
    refused = _refused("ctl.xlsx", _xlsx(rows), framework, directory)
    assert (refused.file_name, refused.line) == ("ctl.xlsx", 4)  # title, header, then the second row
    assert f"U+{ord(char):04X}" in refused.reason and "action" in refused.reason
    assert is_known(refused.reason)
    assert refusal_message(refused, "th").startswith("ctl.xlsx บรรทัด 4: ช่องวิธีดำเนินการ มีอักขระควบคุม")


def test_text_csv_and_xlsx_refuse_the_same_control_characters(framework, directory):
    # C0 (but tab and line breaks) the text and CSV readers refused already; a C1 control now refuses
    # every format alike, at the one point every reader's cells pass.
    rows = _rows(a=(0, RESPONSIBLE, "กอง\x85คลัง"))
    for name, data in (("c1.txt", _text(rows)), ("c1.csv", _csv(rows)), ("c1.xlsx", _xlsx(rows))):
        refused = _refused(name, data, framework, directory)
        assert refused.line == 3 and "U+0085" in refused.reason and "responsible" in refused.reason, name
    # A non-character (valid UTF-8, which no reader refused) and a lone surrogate (UTF-16 without its pair).
    noncharacter = _rows(a=(1, ACTION, "จัดซื้อ\ufffe"))
    assert "U+FFFE" in _refused("nc.txt", _text(noncharacter), framework, directory).reason
    escape = _rows(a=(0, ACTION, "ทำ\x1b[31m"))
    for name, data in (("c0.txt", _text(escape)), ("c0.csv", _csv(escape))):
        assert _refused(name, data, framework, directory).line == 3, name


def test_a_lone_surrogate_is_refused_wherever_a_reader_left_it():
    # No decoder here lets one through today; the rule does not depend on that.
    raw = RawReport("odd.xlsx", "", [RawRow(7, {"action": "ทำ\ud800แผน", "status": "ดำเนินการแล้ว"})], "xlsx",
                    organisation="เทศบาลตำบลหนองจอก", fiscal_year=2564)
    with pytest.raises(ImportRefused) as refused:
        check_report(raw)
    assert (refused.value.line, refused.value.file_name) == (7, "odd.xlsx") and "U+D800" in refused.value.reason


def test_a_control_character_in_a_word_table_is_refused(framework, directory):
    cells = [dict(zip(["indicator", "item", "action", "responsible", "period", "follow_up", "status"], r,
                      strict=False)) for r in _rows(a=(0, ACTION, "เผยแพร่\x85แผน"))]
    refused = _refused("ctl.docx", documents.docx_report(documents.TITLE, cells), framework, directory)
    assert "U+0085" in refused.reason and refused.line


def test_tabs_and_line_breaks_in_cells_still_read_as_spaces(framework, directory):
    rows = _rows(a=(0, ACTION, "เผยแพร่แผน_x000D__x000A_บนเว็บไซต์_x0009_ของเทศบาล"))
    report = prepare("breaks.xlsx", _xlsx(rows), framework, directory).report
    assert report.measures[0].action == "เผยแพร่แผน บนเว็บไซต์ ของเทศบาล"


def test_a_refused_file_stores_nothing(seed_store, tmp_path):
    before = _table_counts(seed_store)
    bad = tmp_path / "ctl.xlsx"
    bad.write_bytes(_xlsx(_rows(a=(0, ACTION, "ทำ_x001B_"))))
    long = tmp_path / "long.csv"
    long.write_bytes(_csv(_rows(a=(1, ACTION, "ก" * 10_240))))
    results = ingest_paths([bad, long], seed_store)
    assert [(r.outcome, r.refused.line) for r in results] == [(None, 3), (None, 4)]
    assert _table_counts(seed_store) == before


def _table_counts(store) -> dict[str, int]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        tables = ("imports", "measures", "import_findings", "audit_log")
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
    finally:
        con.close()


def test_exports_leave_out_control_characters_already_stored(seed_store, tmp_path):
    # A store written before the rule: a row holding ESC (and a NUL) must not stop every .xlsx export.
    con = duckdb.connect(str(seed_store))
    con.execute("update measures set action = 'ทำ' || chr(27) || '[31m' || chr(0) || action "
                "where measure_id = (select min(measure_id) from measures)")
    con.close()
    tables = export.tables_for(StoreReader(seed_store), Scope(Filters()))
    book = load_workbook(io.BytesIO(export.to_xlsx_bytes(tables)))
    actions = [c.value for c in book["มาตรการ"]["F"] if c.value]
    assert any(a.startswith("ทำ[31m") for a in actions)
    csv_text = export.to_csv_bytes(export.csv_sheet(tables)).decode("utf-8-sig")
    assert "ทำ[31m" in csv_text and "\x1b" not in csv_text and "\x00" not in csv_text


# --- 10: cell lengths ------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["txt", "csv"])
def test_a_10_kb_action_is_refused_naming_its_line(kind, framework, directory):
    rows = _rows(a=(1, ACTION, "ก" * 10_240))
    data = _text(rows) if kind == "txt" else _csv(rows)
    refused = _refused(f"long.{kind}", data, framework, directory)
    assert refused.line == 4
    assert refused.reason == f"the action cell is 10,240 characters long; the limit is {LONG_TEXT:,}"
    assert refusal_message(refused, "th") == f"long.{kind} บรรทัด 4: ช่องวิธีดำเนินการ ยาว 10,240 ตัวอักษร " \
                                             f"เกินขีดจำกัด {LONG_TEXT:,} ตัวอักษร"


def test_names_are_bounded_shorter_than_text(framework, directory):
    long_name = _rows(a=(0, RESPONSIBLE, "ก" * (NAME + 1)))
    assert "responsible cell" in _refused("div.xlsx", _xlsx(long_name), framework, directory).reason
    at_limits = _rows(a=(0, RESPONSIBLE, "ก" * NAME), b=(1, ACTION, "ก" * LONG_TEXT))
    assert prepare("ok.xlsx", _xlsx(at_limits), framework, directory).measure_count == 2


def test_an_organisation_from_the_title_is_bounded(framework, directory):
    title = TITLE.replace("เทศบาลตำบลหนองจอก", "เทศบาลตำบล" + "ก" * 400)
    data = "\n".join([title, "\t".join(HEADER), *("\t".join(r) for r in ROWS)]).encode("utf-8")
    refused = _refused("org.txt", data, framework, directory)
    assert "organisation cell" in refused.reason and refusal_message(refused, "th").split(": ")[1].startswith(
        "ช่องหน่วยงาน")


@pytest.mark.parametrize("path", [SEED, *SAMPLES, REPO / "tests" / "data" / "deadlines_2567.txt"],
                         ids=lambda p: p.name)
def test_every_real_report_keeps_well_within_the_limits(path, framework, directory):
    report = prepare(path.name, path.read_bytes(), framework, directory).report
    assert report.measures
    for measure in report.measures:
        for field, key in (("action", "action"), ("item_text", "item"), ("follow_up", "follow_up"),
                           ("responsible_text", "responsible"), ("indicator_as_written", "indicator"),
                           ("period", "period"), ("status_text", "status")):
            assert len(getattr(measure, field)) <= CELL_LIMITS[key] // 2, (field, measure.line)


# --- 11: links -------------------------------------------------------------------------------------------

# The two patterns Streamlit's markdown (mdast-util-gfm-autolink-literal, in its frontend bundle) makes
# links of in a text node, as JavaScript reads them (\w is ASCII there).
_LITERAL_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE | re.ASCII)
_LITERAL_EMAIL = re.compile(r"(?:(?<=^)|(?<=[\s\W]))([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII)


def _text_node(markdown: str) -> str:
    """The text markdown keeps of `markdown` once its backslash escapes are undone."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.mark.parametrize("text", ["เทศบาลตำบล http://2130706433/", "อบต. HTTPS://evil.example/x",
                                  "ดู www.evil.example ก่อน", "ติดต่อ admin@evil.example"])
def test_escaped_text_forms_no_autolink(text):
    node = _text_node(md(text))
    assert not _LITERAL_URL.search(node) and not _LITERAL_EMAIL.search(node), node
    assert node.replace("\u2060", "") == text  # reads as written


def test_the_scope_sentence_shows_a_url_in_an_organisation_name_as_text(tmp_path, monkeypatch):
    report = tmp_path / "seed.txt"
    shutil.copyfile(SEED, report)
    store = tmp_path / "ita.duckdb"
    organisation = "เทศบาลตำบล http://2130706433/"
    assert ingest_paths([report], store, organisation=organisation)[0].outcome.state == "stored"
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("ITA_DB", str(store))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception
    shown = [e.value for e in (*at.markdown, *at.caption)]
    assert any("2130706433" in value for value in shown), shown
    for value in shown:
        assert not _LITERAL_URL.search(_text_node(value)), value


@pytest.mark.parametrize("kind", ["txt", "xlsx"])
def test_imported_evidence_must_be_a_web_address_as_at_edit(kind, framework, directory):
    rows = _rows(a=(0, EVIDENCE, "javascript:alert(document.cookie)"),
                 b=(1, EVIDENCE, "data:text/html,<script>alert(1)</script>"))
    rows.append([*ROWS[0][:EVIDENCE], "https://www.nongchok.go.th/ita"])
    rows[2][1] = "๑๒ ข้อ"
    data = _text(rows) if kind == "txt" else _xlsx(rows)
    report = prepare(f"links.{kind}", data, framework, directory).report
    assert [m.evidence_url for m in report.measures] == ["", "", "https://www.nongchok.go.th/ita"]
    dropped = [(f.line, f.args[0]) for f in report.findings if f.code == "evidence_not_web"]
    assert dropped == [(3, "javascript:alert(document.cookie)"), (4, "data:text/html,<script>alert(1)</script>")]
    for value in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd"):
        assert not is_web_address(value)
        with pytest.raises(InvalidEdit):
            validate(Edit(1, "evidence_url", None, value))
    validate(Edit(1, "evidence_url", None, "https://www.nongchok.go.th/ita"))


def test_an_evidence_edit_settles_the_dropped_link_warning(tmp_path):
    from ita.store.edits import apply_edits

    report = tmp_path / "links.txt"
    report.write_bytes(_text(_rows(a=(0, EVIDENCE, "javascript:alert(1)"))))
    store = tmp_path / "ita.duckdb"
    assert ingest_paths([report], store)[0].outcome.state == "stored"
    reader = StoreReader(store)
    warning = next(f for f in reader.query("open_findings", orgs=[], years=[]).itertuples()
                   if f.code == "evidence_not_web")
    apply_edits(store, [Edit(int(warning.measure_id), "evidence_url", None, "https://www.nongchok.go.th/ita")],
                "somchai", "ลิงก์ที่ถูกต้อง")
    assert "evidence_not_web" not in set(reader.query("open_findings", orgs=[], years=[])["code"])

"""The manage page under AppTest: viewers change nothing; an editor imports, edits and restores."""

import json
import os
import subprocess
import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ita.analytics.filters import Filters
from ita.read.formats import read_report
from ita.read.writers import csv_report
from ita.store.auth import hash_password

import seed_oracle as oracle
from conftest import REPO, SEED, use_store

PASSWORD = "correct horse battery"
TITLE = "รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส ของเทศบาลตำบลหนองจอก ประจำปีงบประมาณ ๒๕๖๔"


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch):
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.delenv("ITA_EDITORS", raising=False)
    monkeypatch.delenv("ITA_EDITOR_SCOPES", raising=False)
    yield


def manage(store, editors=True, monkeypatch=None):
    use_store(store)
    if editors:
        monkeypatch.setenv("ITA_EDITORS", "somchai=" + hash_password(PASSWORD, iterations=1000))
        monkeypatch.setenv("ITA_EDITOR_SCOPES", "somchai=*")  # a national administrator
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/manage.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def sign_in(at, password=PASSWORD):
    at.text_input(key="mg_user").input("somchai")
    at.text_input(key="mg_password").input(password)
    at.button(key="mg_sign_in_button").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_viewer_sees_everything_but_no_edit_controls(demo_store, monkeypatch):
    at = manage(demo_store, monkeypatch=monkeypatch)
    assert [t.label for t in at.tabs] == ["คุณภาพข้อมูล", "ประวัติการนำเข้า", "บันทึกการเปลี่ยนแปลง", "กรอบการประเมิน",
                                          "คะแนน ITA"]
    assert not at.get("file_uploader") and not at.data_editor
    assert {b.key for b in at.button} <= {"mg_sign_in_button"}
    assert not [s for s in at.selectbox if s.key and s.key.startswith("mg_")]
    assert len(at.dataframe) >= 2  # history and audit log are visible


def test_without_editors_the_page_says_how_to_configure_one(demo_store, monkeypatch):
    at = manage(demo_store, editors=False, monkeypatch=monkeypatch)
    assert any("ยังไม่ได้ตั้งค่าผู้แก้ไขข้อมูล" in i.value for i in at.info)
    assert "hash-password" in at.code[0].value


def test_a_wrong_password_is_refused(demo_store, monkeypatch):
    at = sign_in(manage(demo_store, monkeypatch=monkeypatch), password="wrong")
    assert any("ไม่ถูกต้อง" in e.value for e in at.error)
    assert not at.get("file_uploader")


def test_an_editor_imports_the_seed_as_csv_edits_a_status_and_everyone_sees_it(tmp_path, monkeypatch):
    store = tmp_path / "ita.duckdb"
    at = sign_in(manage(store, monkeypatch=monkeypatch))
    rows = [r.cells for r in read_report("seed.txt", SEED.read_bytes()).rows]
    assert at.get("file_uploader"), "the uploader exists for editors"
    at.file_uploader(key="mg_upload_0").upload("nongchok_2564.csv", csv_report(TITLE, rows).encode("utf-8-sig"),
                                               "text/csv").run()
    assert any("รายงานใหม่" in i.value for i in at.info)
    warnings = next(d.value for d in at.dataframe if "message" in d.value.columns)
    # line 4 of the CSV: its title, its header, then i12, then i20
    assert len(warnings) == 1 and "i20" in warnings["message"][0] and warnings["line"][0] == 4
    at.button(key="mg_confirm").click().run()
    assert any("นำเข้าแล้ว" in s.value for s in at.success)

    # the editor changes one open item to done in the data editor
    table = at.data_editor[0].value
    row = list(table["status"]).index("in_progress")
    at.session_state["mg_editor"] = {"edited_rows": {row: {"status": "done"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.text_input(key="mg_reason").input("ประชุมติดตามผลแล้ว")
    at.button(key="mg_save").click().run()
    assert any("บันทึกแล้ว" in s.value for s in at.success), [e.value for e in at.error]

    # the command line sees it…
    env = dict(os.environ, ITA_DB=str(store))
    out = subprocess.run([sys.executable, "-m", "ita", "summary", "--json"], cwd=REPO, env=env, capture_output=True,
                         text=True, check=True)
    assert json.loads(out.stdout)["done"] == oracle.DONE + 1
    # …the dashboard too, and the audit log holds who, what and why
    overview = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    overview.run()
    assert next(m.value for m in overview.metric if m.label == "ดำเนินการแล้ว") == str(oracle.DONE + 1)
    log = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    edit = log[log["action"] == "edit"].iloc[0]
    assert (edit.actor, edit.field, edit.old_value, edit.new_value, edit.reason) == (
        "somchai", "status", "in_progress", "done", "ประชุมติดตามผลแล้ว")


def test_an_edit_made_meanwhile_by_someone_else_is_a_conflict(seed_store, monkeypatch):
    from ita.store.edits import Edit, apply_edits

    at = sign_in(manage(seed_store, monkeypatch=monkeypatch))
    table = at.data_editor[0].value
    row = list(table["status"]).index("in_progress")
    measure_id = int(table.index[row])
    apply_edits(seed_store, [Edit(measure_id, "status", "in_progress", "not_started")], "malee", "ทดสอบ")
    at.session_state["mg_editor"] = {"edited_rows": {row: {"status": "done"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.text_input(key="mg_reason").input("ของฉัน")
    at.button(key="mg_save").click().run()
    assert any("มีผู้อื่นแก้ไข" in e.value for e in at.error)
    assert at.data_editor[0].value.loc[measure_id, "status"] == "not_started"  # reloaded from the store


def test_an_editor_removes_and_restores_an_import(seed_store, monkeypatch):
    at = sign_in(manage(seed_store, monkeypatch=monkeypatch))
    at.selectbox(key="mg_import").select(1).run()
    at.text_input(key="mg_import_reason").input("ผิดไฟล์")
    at.button(key="mg_import_toggle").click().run()
    assert at.button(key="mg_import_toggle").label == "นำกลับมาใช้"
    at.text_input(key="mg_import_reason").input("ถูกแล้ว")
    at.button(key="mg_import_toggle").click().run()
    history = next(d.value for d in at.dataframe if "file_name" in d.value.columns)
    assert list(history["state"]) == ["ใช้งานอยู่"]
    from ita.analytics import metrics
    from ita.analytics.filters import Filters
    from ita.store.reader import StoreReader

    assert metrics.totals(StoreReader(seed_store), Filters())["measures"] == oracle.MEASURES


def test_an_organisation_account_listed_as_editor_can_edit(seed_store, monkeypatch):
    """st.login (OIDC): with [auth] configured, a signed-in user whose e-mail is listed edits."""
    monkeypatch.setenv("ITA_DB", str(seed_store))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "ita", "client_secret": "s",
                          "server_metadata_url": "https://login.example.go.th/.well-known/openid-configuration"}
    at.secrets["editor_emails"] = {"emails": ["somchai@example.go.th"]}
    at.secrets["editor_scopes"] = {"somchai@example.go.th": ["เทศบาลตำบลหนองจอก"]}
    at.user = {"is_logged_in": True, "email": "somchai@example.go.th", "name": "Somchai"}
    at.run()
    at.switch_page("pages/manage.py").run()
    assert not at.exception, [e.message for e in at.exception]
    # markdown-escaped in the caption, a word joiner after the @ so that it is no mailto: link
    assert any("somchai@\u2060example" in c.value for c in at.caption)
    assert at.data_editor  # the editor's table

    at.user = {"is_logged_in": True, "email": "malee@example.go.th", "name": "Malee"}  # not listed
    at.run()
    assert not at.data_editor and any("ผู้ชม" in c.value for c in at.caption)


def test_an_editors_page_builds_no_download_file_until_one_is_clicked(demo_store, monkeypatch):
    """The import template and the framework's files are built on click: built on every rerun, the
    template's XLSX alone was two fifths of the page's warm time."""
    from ita.present import export
    from ita.read import writers

    built = []

    def recorded(name, original):
        def recording(*args, **kwargs):
            built.append(name)
            return original(*args, **kwargs)
        return recording

    for module, name in ((writers, "xlsx_report"), (writers, "csv_report"), (export, "to_xlsx_bytes"),
                         (export, "to_csv_bytes")):
        monkeypatch.setattr(module, name, recorded(name, getattr(module, name)))
    at = sign_in(manage(demo_store, monkeypatch=monkeypatch)).run()
    assert not at.exception, [e.message for e in at.exception]
    tabs = [t.label for t in at.tabs]
    assert tabs[0] == "นำเข้ารายงาน" and "กรอบการประเมิน" in tabs
    assert {b.key for b in at.get("download_button")} >= {"mg_tpl_csv", "mg_tpl_xlsx", "fw_csv", "fw_xlsx",
                                                           "fw_tpl_csv", "fw_tpl_xlsx"}
    assert built == []



def chosen_warning(at):
    """The warnings tab's one open warning (the seed's i20 row, line 7 of its report)."""
    warning = at.selectbox(key="mg_finding")
    assert len(warning.options) == 1 and "7" in warning.options[0]
    return warning


def test_an_editor_fixes_the_measure_of_a_warning(seed_store, monkeypatch):
    """The fix acts on the chosen warning's measure, with the stored value as the old one."""
    from ita.store.reader import StoreReader

    at = sign_in(manage(seed_store, monkeypatch=monkeypatch))
    chosen_warning(at)
    assert at.text_input(key="mg_fix_value").value == "i20"  # an item under the wrong indicator: its code
    at.text_input(key="mg_fix_value").input("i12")
    at.text_input(key="mg_fix_reason").input("ข้อ ๑๒ ตามแบบ")
    at.button(key="mg_fix").click().run()
    assert not at.exception, [e.message for e in at.exception]
    log = StoreReader(seed_store).query("audit_log", orgs=[], years=[], limit=10)
    edit = log[log["action"] == "edit"].iloc[0]
    assert (edit.field, edit.old_value, edit.new_value, edit.reason) == ("item_code", "i20", "i12", "ข้อ ๑๒ ตามแบบ")
    measures = StoreReader(seed_store).query("measures_list", **Filters().params(), limit=None)
    assert "i20" not in set(measures["item_code"]) and "i12" in set(measures["item_code"])


def test_an_editor_acknowledges_a_warning(seed_store, monkeypatch):
    from ita.store.reader import StoreReader

    at = sign_in(manage(seed_store, monkeypatch=monkeypatch))
    chosen_warning(at)
    at.text_input(key="mg_fix_reason").input("ตรวจแล้ว ถูกต้อง")
    at.button(key="mg_ack").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert StoreReader(seed_store).query("open_findings", orgs=[], years=[]).empty
    assert "mg_finding" not in [s.key for s in at.selectbox]
    assert any(s.value == "ไม่มีคำเตือนค้าง" for s in at.success)

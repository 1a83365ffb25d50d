"""A report must never grant its own permission: an editor's scope is judged on what the store knows.

The attack: an editor scoped to `province:ขอนแก่น` adds "อำเภอเมือง จังหวัดขอนแก่น" to the title of a
report of an organisation the store holds without a province. The scope check used to fall back to the
report's own province, so the import replaced the agency's report and placed the organisation in
ขอนแก่น, after which that editor could edit, remove and restore its data.
"""

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from ita.analytics import views
from ita.read.formats import read_report
from ita.read.writers import csv_report
from ita.store import sql
from ita.store.access import EditorScope, NotAllowed
from ita.store.auth import hash_password
from ita.store.edits import Edit, apply_edits, set_import_active
from ita.store.imports import commit, ingest_paths, prepare
from ita.store.reader import StoreReader
from ita.store.reference import directory_from_store, framework_from_store
from ita.store.session import write_session

import seed_oracle as oracle
from conftest import REPO, SEED

NONGCHOK = oracle.ORGANISATION
UNKNOWN = "เทศบาลตำบลทดสอบ"
KHON_KAEN = "ขอนแก่น"
PLACE = " อำเภอเมือง จังหวัดขอนแก่น"
PASSWORD = "correct horse battery"
TABLES = ("organisations", "imports", "measures", "measure_divisions", "import_findings")


def malee() -> EditorScope:
    return EditorScope.parse("malee", [f"province:{KHON_KAEN}"])


def attack_bytes(organisation: str = NONGCHOK, place: str = PLACE) -> bytes:
    """The seed with a place added to its title and every done measure turned into not started."""
    text = SEED.read_text(encoding="utf-8")
    title = "ของเทศบาลตำบลหนองจอก ประจำปี"
    assert title in text
    return (text.replace(title, f"ของ{organisation}{place} ประจำปี")
            .replace("ดำเนินการแล้ว", "ยังไม่ดำเนินการ").encode("utf-8"))


@pytest.fixture
def attack_file(tmp_path):
    path = tmp_path / "nongchok_2564_khonkaen.txt"
    path.write_bytes(attack_bytes())
    return path


def snapshot(store):
    with duckdb.connect(str(store), read_only=True) as con:
        return {table: sorted(map(repr, con.execute(f"SELECT * FROM {table}").fetchall())) for table in TABLES}


def counts(store, organisation=NONGCHOK):
    """(measures, done) of the organisation's active reports."""
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(
            "SELECT count(*), count(*) FILTER (WHERE m.status = 'done') FROM measures m "
            "JOIN imports i USING (import_id) JOIN organisations o ON o.org_id = i.org_id "
            "WHERE i.state = 'active' AND o.name = ?", [organisation]).fetchone()


def place_of(store, organisation):
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("SELECT province, district FROM organisations WHERE name = ?", [organisation]).fetchone()


def first_measure(store, organisation):
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("SELECT min(m.measure_id) FROM measures m JOIN organisations o USING (org_id) "
                           "WHERE o.name = ?", [organisation]).fetchone()[0]


def refusals(store):
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("SELECT actor, field, new_value FROM audit_log WHERE action = 'refused' "
                           "ORDER BY audit_id").fetchall()


def prepared_from(store, name, data):
    with write_session(store) as con:
        return prepare(name, data, framework_from_store(con), directory_from_store(con))


def place(store, organisation, province, district=None):
    with write_session(store) as con:
        org_id = con.execute("SELECT org_id FROM organisations WHERE name = ?", [organisation]).fetchone()[0]
        sql.execute(con, "write/set_org_place", org_id=org_id, province=province, district=district)


def test_the_seed_is_stored_without_a_province(seed_store):
    assert place_of(seed_store, NONGCHOK) == (None, None)
    assert counts(seed_store) == (oracle.MEASURES, oracle.DONE)


def test_a_province_in_the_title_does_not_let_a_province_editor_import_through_ingest_paths(seed_store, attack_file):
    before = snapshot(seed_store)
    with pytest.raises(NotAllowed) as refused:
        ingest_paths([attack_file], seed_store, actor=malee())
    assert (refused.value.actor, refused.value.action, refused.value.organisation) == ("malee", "import", NONGCHOK)
    assert "\n" not in str(refused.value)
    assert snapshot(seed_store) == before
    assert counts(seed_store) == (oracle.MEASURES, oracle.DONE)
    assert place_of(seed_store, NONGCHOK) == (None, None)
    assert refusals(seed_store) == [("malee", "import", NONGCHOK)]


def test_a_province_in_the_title_does_not_let_a_province_editor_commit_a_preview(seed_store):
    prepared = prepared_from(seed_store, "attack.txt", attack_bytes())
    assert prepared.report.province == KHON_KAEN  # the title does name the province
    before = snapshot(seed_store)
    with pytest.raises(NotAllowed):
        commit(seed_store, [prepared], malee())
    assert snapshot(seed_store) == before
    assert counts(seed_store) == (oracle.MEASURES, oracle.DONE)
    assert place_of(seed_store, NONGCHOK) == (None, None)
    assert refusals(seed_store) == [("malee", "import", NONGCHOK)]


def test_after_the_refused_attack_the_province_editor_still_cannot_edit_remove_or_restore(seed_store, attack_file):
    """The edit paths check the stored rows' organisation (writer.require_owners) on its stored province."""
    with pytest.raises(NotAllowed):
        ingest_paths([attack_file], seed_store, actor=malee())
    with duckdb.connect(str(seed_store), read_only=True) as con:
        import_id, measure_id = con.execute("SELECT import_id, min(measure_id) FROM measures GROUP BY 1").fetchone()
    before = snapshot(seed_store)
    for write in (lambda: apply_edits(seed_store, [Edit(measure_id, "note", None, "x")], malee(), "why"),
                  lambda: set_import_active(seed_store, import_id, False, malee(), "why")):
        with pytest.raises(NotAllowed):
            write()
    set_import_active(seed_store, import_id, False, "admin", "test")
    with pytest.raises(NotAllowed):
        set_import_active(seed_store, import_id, True, malee(), "why")
    assert [f for _, f, _ in refusals(seed_store)] == ["import", "edit", "remove_import", "restore_import"]
    assert snapshot(seed_store)["measures"] == before["measures"]


def test_an_unknown_organisation_naming_a_province_is_refused_for_a_province_editor(seed_store, tmp_path):
    path = tmp_path / "unknown.txt"
    path.write_bytes(attack_bytes(UNKNOWN))
    before = snapshot(seed_store)
    with pytest.raises(NotAllowed) as refused:
        ingest_paths([path], seed_store, actor=malee())
    assert refused.value.organisation == UNKNOWN
    assert snapshot(seed_store) == before
    assert place_of(seed_store, UNKNOWN) is None
    with pytest.raises(NotAllowed):
        commit(seed_store, [prepared_from(seed_store, "unknown.txt", attack_bytes(UNKNOWN))], malee())
    assert snapshot(seed_store) == before


def test_an_unknown_organisation_is_still_imported_by_its_named_editor_and_by_an_administrator(seed_store, tmp_path):
    path = tmp_path / "unknown.txt"
    path.write_bytes(attack_bytes(UNKNOWN))
    named = EditorScope.parse("somchai", [UNKNOWN])
    [result] = ingest_paths([path], seed_store, actor=named)
    assert result.outcome.state == "stored" and counts(seed_store, UNKNOWN) == (oracle.MEASURES, 0)
    # A non-administrator's title does not place it: that would hand it to every ขอนแก่น editor.
    assert place_of(seed_store, UNKNOWN) == (None, None)
    with pytest.raises(NotAllowed):
        apply_edits(seed_store, [Edit(first_measure(seed_store, UNKNOWN), "note", None, "x")], malee(), "why")

    other = "เทศบาลตำบลบ้านใหม่"
    other_path = tmp_path / "other.txt"
    other_path.write_bytes(attack_bytes(other))
    prepared = prepared_from(seed_store, "other.txt", attack_bytes(other))
    assert commit(seed_store, [prepared], EditorScope.parse("admin", "*"))[0].state == "stored"
    assert place_of(seed_store, other) == (KHON_KAEN, "เมือง")  # an administrator's import places it


def test_a_province_editor_imports_for_an_organisation_stored_in_their_province(seed_store, attack_file, tmp_path):
    place(seed_store, NONGCHOK, KHON_KAEN, "เมือง")
    [result] = ingest_paths([attack_file], seed_store, actor=malee())
    assert result.outcome.state == "stored"
    assert counts(seed_store) == (oracle.MEASURES, 0)
    # A title naming another province neither refuses the import nor moves the organisation.
    elsewhere = tmp_path / "nan.txt"
    elsewhere.write_bytes(attack_bytes(place=" อำเภอเมือง จังหวัดน่าน").replace("๒๕๖๔".encode(), "๒๕๖๕".encode()))
    [result] = ingest_paths([elsewhere], seed_store, actor=malee())
    assert result.outcome.state == "stored"
    assert place_of(seed_store, NONGCHOK) == (KHON_KAEN, "เมือง")
    assert refusals(seed_store) == []


def test_only_an_administrators_import_fills_in_a_missing_province(seed_store, attack_file, tmp_path):
    named = EditorScope.parse("somchai", [NONGCHOK])
    [result] = ingest_paths([attack_file], seed_store, actor=named)
    assert result.outcome.state == "stored"
    assert place_of(seed_store, NONGCHOK) == (None, None)  # the named editor's title did not place it
    again = tmp_path / "again.txt"
    again.write_bytes(attack_bytes().replace("๒๕๖๔".encode(), "๒๕๖๕".encode()))
    ingest_paths([again], seed_store, actor=EditorScope.parse("admin", "*"))
    assert place_of(seed_store, NONGCHOK) == (KHON_KAEN, "เมือง")


def test_the_preview_check_uses_only_the_stored_province(seed_store):
    source = StoreReader(seed_store)
    try:
        assert not views.may_import(source, malee(), NONGCHOK)  # stored without a province
        assert not views.may_import(source, malee(), UNKNOWN)  # not stored at all
        assert not views.may_import(None, malee(), UNKNOWN)  # no store yet
        assert views.may_import(source, EditorScope.parse("somchai", [UNKNOWN]), UNKNOWN)
        assert views.may_import(None, EditorScope.parse("admin", "*"), UNKNOWN)
    finally:
        source.close()
    place(seed_store, NONGCHOK, KHON_KAEN)
    source = StoreReader(seed_store)
    try:
        assert views.may_import(source, malee(), NONGCHOK)
    finally:
        source.close()


def test_in_the_app_the_preview_refuses_the_province_editor_before_commit(seed_store, monkeypatch):
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("ITA_EDITORS", "malee=" + hash_password(PASSWORD, iterations=1000))
    monkeypatch.setenv("ITA_EDITOR_SCOPES", f"malee=province:{KHON_KAEN}")
    monkeypatch.setenv("ITA_DB", str(seed_store))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/manage.py").run()
    at.text_input(key="mg_user").input("malee")
    at.text_input(key="mg_password").input(PASSWORD)
    at.button(key="mg_sign_in_button").click().run()
    assert not at.exception, [e.message for e in at.exception]
    rows = [r.cells for r in read_report("attack.txt", attack_bytes()).rows]
    title = f"รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส ของ{NONGCHOK}{PLACE} ประจำปีงบประมาณ ๒๕๖๔"
    at.file_uploader(key="mg_upload_0").upload("k.csv", csv_report(title, rows).encode("utf-8-sig"), "text/csv").run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("ไม่มีสิทธิ์" in e.value and NONGCHOK in e.value for e in at.error), [e.value for e in at.error]
    assert at.button(key="mg_confirm").disabled
    assert counts(seed_store) == (oracle.MEASURES, oracle.DONE)

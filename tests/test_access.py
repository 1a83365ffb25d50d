"""Editors scoped to organisations: every write for another organisation is refused and audited.

The scope is checked in the write path (ita/store), so these tests call the write functions
directly, and then drive the manage page with AppTest to see the same refusal in the app.
"""

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ita.read.formats import read_report
from ita.read.writers import csv_report
from ita.store import sql
from ita.store.access import EditorScope, NotAllowed, as_scope, scope_for, scopes_from
from ita.store.auth import hash_password
from ita.store.bulk import bulk_import
from ita.store.edits import Edit, acknowledge_finding, apply_edits, set_import_active
from ita.store.imports import commit, ingest_paths, prepare, store_prepared
from ita.store.reference import directory_from_store, framework_from_store
from ita.store.session import list_backups, restore_backup, write_session
from ita.store.writer import scoped_write

import seed_oracle as oracle
from conftest import REPO, SEED

NONGCHOK = "เทศบาลตำบลหนองจอก"
OTHER = "เทศบาลตำบลทดสอบ"
BANGKOK = "กรุงเทพมหานคร"
PASSWORD = "correct horse battery"
TABLES = ("organisations", "imports", "measures", "measure_divisions", "import_findings")


def snapshot(store):
    """The data, without the audit log and the generation, which a refusal does change."""
    with duckdb.connect(str(store), read_only=True) as con:
        return {table: sorted(map(repr, con.execute(f"SELECT * FROM {table}").fetchall())) for table in TABLES}


def refusals(store):
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("SELECT actor, field, new_value FROM audit_log WHERE action = 'refused' "
                           "ORDER BY audit_id").fetchall()


@pytest.fixture
def two_orgs(seed_store):
    """The seed (Nongchok, placed in Bangkok) and the same report stored for a second organisation."""
    ingest_paths([SEED], seed_store, organisation=OTHER)
    with write_session(seed_store) as con:
        org_id = con.execute("SELECT org_id FROM organisations WHERE name = ?", [NONGCHOK]).fetchone()[0]
        sql.execute(con, "write/set_org_place", org_id=org_id, province=BANGKOK, district="หนองจอก")
    return seed_store


def ids_of(store, organisation):
    with duckdb.connect(str(store), read_only=True) as con:
        import_id, measure_id = con.execute(
            "SELECT i.import_id, min(m.measure_id) FROM imports i JOIN organisations o USING (org_id) "
            "JOIN measures m USING (import_id) WHERE o.name = ? AND i.state = 'active' GROUP BY 1",
            [organisation]).fetchone()
        finding_id = con.execute("SELECT min(finding_id) FROM import_findings WHERE import_id = ?",
                                 [import_id]).fetchone()[0]
    return import_id, measure_id, finding_id


def test_a_scope_names_organisations_provinces_or_everything():
    scope = EditorScope.parse("somchai", [NONGCHOK, "province:ขอนแก่น", " "])
    assert scope.allows(NONGCHOK, None) and scope.allows("อบต.บ้านไผ่", "ขอนแก่น")
    assert not scope.allows(OTHER, BANGKOK) and not scope.allows(OTHER, None)
    assert EditorScope.parse("admin", "*").allows(OTHER, None)
    assert EditorScope("nobody").is_empty and not EditorScope("nobody").allows(NONGCHOK, BANGKOK)
    assert as_scope("cli").everything  # the command line acts as an administrator


def test_scopes_come_from_secrets_and_the_environment_and_default_to_nothing():
    scopes = scopes_from({"somchai": [NONGCHOK], "Dao@Example.go.th": "province:เชียงใหม่"},
                         {"ITA_EDITOR_SCOPES": f"malee={OTHER}|province:{BANGKOK}; admin=*"})
    assert scope_for(scopes, "somchai").organisations == {NONGCHOK}
    assert scope_for(scopes, "dao@example.GO.TH").provinces == {"เชียงใหม่"}  # e-mails in any case
    assert scope_for(scopes, "malee").allows("อื่น", BANGKOK) and scope_for(scopes, "malee").allows(OTHER, None)
    assert scope_for(scopes, "admin").everything
    assert scope_for(scopes, "unlisted").is_empty  # an account nobody scoped changes nothing


def test_an_editor_of_one_organisation_is_refused_in_every_write_for_another(two_orgs):
    store = two_orgs
    somchai = EditorScope.parse("somchai", [NONGCHOK])
    import_id, measure_id, finding_id = ids_of(store, OTHER)
    before = snapshot(store)
    with write_session(store) as con:
        prepared = prepare("other.txt", SEED.read_bytes().replace(b"2564", b"2565"), framework_from_store(con),
                           directory_from_store(con), organisation=OTHER)
    before = snapshot(store)
    writes = [
        ("import", lambda: commit(store, [prepared], somchai)),
        ("import", lambda: ingest_paths([SEED], store, actor=somchai, organisation=OTHER)),
        ("edit", lambda: apply_edits(store, [Edit(measure_id, "note", None, "x")], somchai, "why")),
        ("acknowledge_warning", lambda: acknowledge_finding(store, finding_id, somchai, "why")),
        ("remove_import", lambda: set_import_active(store, import_id, False, somchai, "why")),
        ("restore_backup", lambda: restore_backup(store, list_backups(store)[0], somchai)),
    ]
    for action, write in writes:
        with pytest.raises(NotAllowed) as refused:
            write()
        assert refused.value.action == action and refused.value.actor == "somchai"
        assert snapshot(store) == before, f"{action} changed the store"
    assert [(a, f) for a, f, _ in refusals(store)] == [("somchai", action) for action, _ in writes]
    assert {o for _, _, o in refusals(store)} == {OTHER, "*"}

    # Restoring a removed import of the other organisation is refused too.
    set_import_active(store, import_id, False, "admin", "test")
    with pytest.raises(NotAllowed):
        set_import_active(store, import_id, True, somchai, "why")
    assert refusals(store)[-1] == ("somchai", "restore_import", OTHER)


def test_the_admin_paths_store_prepared_and_bulk_import_hold_the_scope_too(two_orgs):
    """store_prepared is the one function that stores reports: the bulk import and any caller that
    writes through it directly are scoped like the app's import, refused whole and audited."""
    store = two_orgs
    somchai = EditorScope.parse("somchai", [NONGCHOK])
    other_2565 = ("other_2565.txt", SEED.read_bytes().replace("๒๕๖๔".encode(), "๒๕๖๕".encode())
                  .replace("หนองจอก".encode(), "ทดสอบ".encode()))
    own_2566 = ("own_2566.txt", SEED.read_bytes().replace("๒๕๖๔".encode(), "๒๕๖๖".encode()))
    before = snapshot(store)
    with pytest.raises(NotAllowed) as refused, scoped_write(store) as con:
        prepared = prepare(*other_2565, framework_from_store(con), directory_from_store(con))
        assert prepared.report.organisation == OTHER
        store_prepared(con, [prepared], somchai)
    assert (refused.value.action, refused.value.organisation) == ("import", OTHER)
    # A bulk import with one report of another organisation among its own stores nothing at all.
    with pytest.raises(NotAllowed):
        bulk_import([own_2566, other_2565], store, actor=somchai, workers=1)
    assert snapshot(store) == before
    assert refusals(store) == [("somchai", "import", OTHER)] * 2
    # Their own organisation's reports, and the command line (a plain name: an administrator), store.
    assert bulk_import([own_2566], store, actor=somchai, workers=1).progress.stored == 1
    assert bulk_import([other_2565], store, actor="cli", workers=1).progress.stored == 1
    assert refusals(store) == [("somchai", "import", OTHER)] * 2


def test_the_same_editor_changes_their_own_organisation(two_orgs):
    store = two_orgs
    note = None
    for scope in (EditorScope.parse("somchai", [NONGCHOK]), EditorScope.parse("malee", f"province:{BANGKOK}")):
        import_id, measure_id, finding_id = ids_of(store, NONGCHOK)
        assert apply_edits(store, [Edit(measure_id, "note", note, scope.actor)], scope, "why") == 1
        note = scope.actor
        acknowledge_finding(store, finding_id, scope, "why")
        set_import_active(store, import_id, False, scope, "why")
        set_import_active(store, import_id, True, scope, "why")
        # A new year of their organisation: the report's title has no province, the store's counts.
        year = b"2566" if scope.actor == "somchai" else b"2567"
        with write_session(store) as con:
            prepared = prepare("next.txt", SEED.read_bytes().replace("๒๕๖๔".encode(), year), framework_from_store(con),
                               directory_from_store(con), organisation=NONGCHOK, fiscal_year=int(year))
        assert commit(store, [prepared], scope)[0].state == "stored"
    assert refusals(store) == []
    with duckdb.connect(str(store), read_only=True) as con:
        actors = {row[0] for row in con.execute("SELECT DISTINCT actor FROM audit_log").fetchall()}
    assert {"somchai", "malee"} <= actors


def test_an_administrator_may_change_everything(two_orgs):
    store = two_orgs
    admin = EditorScope.parse("admin", "*")
    for organisation in (NONGCHOK, OTHER):
        _, measure_id, _ = ids_of(store, organisation)
        assert apply_edits(store, [Edit(measure_id, "note", None, "ok")], admin, "why") == 1
    restore_backup(store, list_backups(store)[0], admin)
    assert refusals(store) == []


# --- the same rules in the app --------------------------------------------------------------

@pytest.fixture
def editor_env(monkeypatch):
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("ITA_EDITORS", "somchai=" + hash_password(PASSWORD, iterations=1000))
    monkeypatch.delenv("ITA_EDITOR_SCOPES", raising=False)
    return monkeypatch


def signed_in(store, monkeypatch, scopes):
    monkeypatch.setenv("ITA_DB", str(store))
    monkeypatch.setenv("ITA_EDITOR_SCOPES", scopes)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/manage.py").run()
    at.text_input(key="mg_user").input("somchai")
    at.text_input(key="mg_password").input(PASSWORD)
    at.button(key="mg_sign_in_button").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_in_the_app_an_editor_sees_only_their_organisations(two_orgs, editor_env):
    at = signed_in(two_orgs, editor_env, f"somchai={OTHER}")
    assert any(OTHER in c.value for c in at.caption)  # the caption names what they may change
    history = next(d.value for d in at.dataframe if "file_name" in d.value.columns)
    assert set(history["org_name"]) == {OTHER}
    assert len(at.data_editor) == 1 and len(at.data_editor[0].value) == oracle.MEASURES  # OTHER's measures only

    # Uploading Nongchok's report: the preview says it would be refused and offers no confirm.
    rows = [r.cells for r in read_report("seed.txt", SEED.read_bytes()).rows]
    title = f"รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส ของ{NONGCHOK} ประจำปีงบประมาณ ๒๕๖๕"
    at.file_uploader(key="mg_upload_0").upload("n.csv", csv_report(title, rows).encode("utf-8-sig"), "text/csv").run()
    assert any("ไม่มีสิทธิ์" in e.value for e in at.error)
    assert at.button(key="mg_confirm").disabled


def test_in_the_app_a_scope_taken_away_is_enforced_at_the_write(two_orgs, editor_env):
    """The table was loaded while the editor could change OTHER; the save finds the scope gone."""
    at = signed_in(two_orgs, editor_env, f"somchai={OTHER}")
    table = at.data_editor[0].value
    before = snapshot(two_orgs)
    at.session_state["mg_editor"] = {"edited_rows": {0: {"note": "แก้"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.text_input(key="mg_reason").input("ทดสอบ")
    editor_env.setenv("ITA_EDITOR_SCOPES", f"somchai={NONGCHOK}")  # an administrator takes OTHER away
    at.button(key="mg_save").click().run()
    assert any("ไม่มีสิทธิ์" in e.value and OTHER in e.value for e in at.error), [e.value for e in at.error]
    assert snapshot(two_orgs) == before
    assert refusals(two_orgs) == [("somchai", "edit", OTHER)]
    assert len(table) == oracle.MEASURES


def test_an_unscoped_account_is_told_so_and_changes_nothing(seed_store, editor_env):
    at = signed_in(seed_store, editor_env, "")
    assert any("editor_scopes" in w.value for w in at.warning)
    assert not at.data_editor


"""Editors' changes: audited, conflict-checked, resolving warnings, removing and restoring imports."""

import duckdb
import pandas as pd
import pytest

from ita.analytics import metrics
from ita.analytics.filters import Filters
from ita.present.summary import summary as summarise
from ita.store.edits import (
    Edit,
    EditConflict,
    InvalidEdit,
    acknowledge_finding,
    apply_edits,
    edits_between,
    set_import_active,
)
from ita.store.reader import StoreReader

import seed_oracle as oracle


def measure(store, **where):
    frame = StoreReader(store).query("measures_list", **Filters().params(), limit=None)
    for key, value in where.items():
        frame = frame[frame[key] == value]
    return frame.iloc[0]


def audit(store):
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("SELECT actor, action, measure_id, field, old_value, new_value, reason "
                           "FROM audit_log WHERE action <> 'import' ORDER BY audit_id").fetchall()


def test_a_status_change_is_stored_and_audited(seed_store):
    row = measure(seed_store, status="in_progress")
    apply_edits(seed_store, [Edit(int(row.measure_id), "status", "in_progress", "done")], "somchai", "ทำเสร็จแล้ว")
    summary = summarise(StoreReader(seed_store), Filters())
    assert (summary["done"], summary["in_progress"]) == (oracle.DONE + 1, oracle.IN_PROGRESS - 1)
    assert audit(seed_store) == [("somchai", "edit", row.measure_id, "status", "in_progress", "done", "ทำเสร็จแล้ว")]


def test_a_stale_old_value_is_a_conflict_and_nothing_is_saved(seed_store):
    row = measure(seed_store, status="in_progress")
    apply_edits(seed_store, [Edit(int(row.measure_id), "status", "in_progress", "done")], "first", "x")
    other = measure(seed_store, status="in_progress")
    with pytest.raises(EditConflict):
        apply_edits(seed_store, [Edit(int(other.measure_id), "note", None, "ok"),
                                 Edit(int(row.measure_id), "status", "in_progress", "not_started")], "second", "y")
    assert measure(seed_store, measure_id=row.measure_id).status == "done"
    # the other measure's note was not saved either: its row is exactly as before the refused save
    assert measure(seed_store, measure_id=other.measure_id).equals(other)
    assert [a[0] for a in audit(seed_store)] == ["first"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("status", "finished", "status must be"),
        ("evidence_url", "javascript:alert(1)", "web address"),
        ("item_code", "x9", "ITA item code"),
        ("item_code", "o99", "not an item of the 2564 framework"),
        ("action", "rewritten", "cannot be edited"),
    ],
)
def test_invalid_values_are_refused(seed_store, field, value, message):
    row = measure(seed_store)
    with pytest.raises(InvalidEdit, match=message):
        apply_edits(seed_store, [Edit(int(row.measure_id), field, row.get(field), value)], "somchai", "why")


def test_a_reason_is_required(seed_store):
    row = measure(seed_store)
    with pytest.raises(InvalidEdit):
        apply_edits(seed_store, [Edit(int(row.measure_id), "note", None, "x")], "somchai", "  ")


def test_confirming_the_item_resolves_the_wrong_indicator_warning(seed_store):
    reader = StoreReader(seed_store)
    finding = reader.query("open_findings", orgs=[], years=[]).iloc[0]
    assert finding.code == "item_wrong_indicator"
    apply_edits(seed_store, [Edit(int(finding.measure_id), "item_code", "i20", "i12")], "somchai", "ข้อ 12 ถูกต้อง")
    assert reader.query("open_findings", orgs=[], years=[]).empty
    row = measure(seed_store, measure_id=finding.measure_id)
    assert (row.item_code, row.item_match, row.match_confidence) == ("i12", "manual", 1.0)


def test_acknowledging_a_warning_closes_it_with_an_audit_row(seed_store):
    reader = StoreReader(seed_store)
    finding = reader.query("open_findings", orgs=[], years=[]).iloc[0]
    acknowledge_finding(seed_store, int(finding.finding_id), "somchai", "ตรวจแล้ว")
    assert reader.query("open_findings", orgs=[], years=[]).empty
    assert audit(seed_store)[-1][1] == "acknowledge_warning"


def test_correcting_the_responsible_division_relinks_the_measure(seed_store):
    row = measure(seed_store, responsible_text="กองคลัง")
    apply_edits(seed_store, [Edit(int(row.measure_id), "responsible_text", "กองคลัง", "กองช่าง")], "somchai", "แก้")
    divisions = {r["name"]: r["measures"] for r in summarise(StoreReader(seed_store), Filters())["by_division"]}
    assert divisions["กองคลัง"] == 3 and divisions["กองช่าง"] == 1


def test_a_removed_import_comes_back_whole(seed_store):
    reader = StoreReader(seed_store)
    before = reader.query("measures_list", **Filters().params(), limit=None)
    set_import_active(seed_store, 1, False, "somchai", "ไฟล์ผิด")
    assert metrics.totals(reader, Filters())["measures"] == 0
    assert reader.query("import_history", orgs=[], years=[]).state.tolist() == ["removed"]
    set_import_active(seed_store, 1, True, "somchai", "ไฟล์ถูกต้อง")
    after = reader.query("measures_list", **Filters().params(), limit=None)
    pd.testing.assert_frame_equal(before, after)
    assert [a[1] for a in audit(seed_store)] == ["remove_import", "restore_import"]


def test_edits_of_a_data_editor_are_the_changed_cells():
    before = pd.DataFrame({"status": ["done", "in_progress"], "note": [None, "a"]}, index=[10, 11])
    after = pd.DataFrame({"status": ["done", "done"], "note": ["", "b"]}, index=[10, 11])
    assert edits_between(before, after) == [Edit(11, "status", "in_progress", "done"), Edit(11, "note", "a", "b")]

"""The import preview (ita.analytics.preview.build_preview): its state and its diff against the stored report."""

import shutil

import pandas as pd

from ita.analytics.preview import build_preview
from ita.store.reader import StoreReader

import seed_oracle as oracle


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _line_with(data: bytes, text: str) -> int:
    """The index of the one line of `data` that holds `text`."""
    hits = [i for i, line in enumerate(_lines(data)) if text.encode() in line]
    assert len(hits) == 1, (text, hits)
    return hits[0]


def test_a_report_for_a_new_organisation_year_is_new_and_every_measure_appears(tmp_path, seed_bytes):
    store = tmp_path / "ita.duckdb"
    preview = build_preview(StoreReader(store), "nongchok_2564.txt", seed_bytes)
    assert (preview.state, preview.current_import_id) == ("new", None)
    assert preview.counts() == {"appeared": oracle.MEASURES, "disappeared": 0, "status_changed": 0}
    assert preview.diff["status_before"].isna().all()
    assert (preview.diff["status_after"] == "done").sum() == oracle.DONE
    assert not store.exists()  # a preview never writes


def test_the_same_file_again_is_unchanged_with_an_empty_diff(seed_store, seed_bytes):
    preview = build_preview(StoreReader(seed_store), "nongchok_2564.txt", seed_bytes)
    assert (preview.state, preview.current_import_id) == ("unchanged", 1)
    assert preview.diff.empty
    assert preview.counts() == {"appeared": 0, "disappeared": 0, "status_changed": 0}


def test_a_second_version_replaces_and_lists_exactly_its_status_changes(seed_store, seed_v2_bytes, tmp_path):
    untouched = tmp_path / "before.duckdb"
    shutil.copyfile(seed_store, untouched)
    preview = build_preview(StoreReader(seed_store), "nongchok_2564_v2.txt", seed_v2_bytes)
    assert (preview.state, preview.current_import_id) == ("replace", 1)
    changed = oracle.V2_DONE - oracle.DONE
    assert preview.counts() == {"appeared": 0, "disappeared": 0, "status_changed": changed}
    assert set(preview.diff["status_before"]) == {"in_progress"}
    assert set(preview.diff["status_after"]) == {"done"}
    # the two rows written "ระหว่าง ดำเนินการ" are the last two of the four open items
    for start in oracle.OPEN_ACTIONS[2:]:
        assert sum(a.startswith(start) for a in preview.diff["action"]) == 1, start
    assert seed_store.read_bytes() == untouched.read_bytes()  # a preview never writes


def test_a_row_removed_and_a_row_repeated_show_as_disappeared_and_appeared(seed_store, seed_bytes):
    lines = _lines(seed_bytes)
    gone = _line_with(seed_bytes, "การเสริมสร้าง วัฒนธรรมองค์กร")  # an in-progress row
    repeated = _line_with(seed_bytes, "การปฏิสัมพันธ์ข้อมูล")  # another in-progress row, now twice
    edited = [line for i, line in enumerate(lines) if i != gone]
    edited.insert(edited.index(lines[repeated]) + 1, lines[repeated])
    preview = build_preview(StoreReader(seed_store), "nongchok_2564_v3.txt", b"\n".join(edited))
    assert preview.state == "replace"
    assert preview.counts() == {"appeared": 1, "disappeared": 1, "status_changed": 0}
    by_change = preview.diff.set_index("change")
    assert by_change.loc["disappeared", "action"].startswith(oracle.OPEN_ACTIONS[3])
    assert by_change.loc["disappeared", "status_before"] == "in_progress"
    assert pd.isna(by_change.loc["disappeared", "status_after"])
    assert by_change.loc["appeared", "action"].startswith(oracle.OPEN_ACTIONS[0])
    assert pd.isna(by_change.loc["appeared", "status_before"])
    assert by_change.loc["appeared", "status_after"] == "in_progress"

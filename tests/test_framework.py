"""Any fiscal year, any framework: reports of years without a framework, frameworks as versioned
data, re-matching stored measures, the shipped reference rows, and the crosswalk between years."""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita.analytics.filters import Filters
from ita.analytics.preview import build_preview, keyed
from ita.cli import main
from ita.present.labels import t
from ita.present.summary import summary
from ita.read.catalogue import FRAMEWORK_COLUMNS, parse_framework_file
from ita.read.formats import read_report
from ita.read.normalise import normalise
from ita.read.records import ImportRefused
from ita.read.writers import csv_report
from ita.store import framework as fw
from ita.store.imports import ingest_paths
from ita.store.reader import StoreReader
from ita.store.session import DEFAULT_REFERENCE, write_session

import seed_oracle as oracle
from conftest import SEED

SEED_TITLE_YEAR = "ประจำปีงบประมาณ ๒๕๖๔"
THAI_YEARS = {2567: "๒๕๖๗", 2569: "๒๕๖๙", 2570: "๒๕๗๐"}
TITLE = "รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส ของเทศบาลตำบลหนองจอก ประจำปีงบประมาณ {}"
O43 = "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
O26 = "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"


def relabelled(year: int) -> bytes:
    """The seed report with its title year changed, byte for byte otherwise."""
    text = SEED.read_text(encoding="utf-8")
    assert SEED_TITLE_YEAR in text
    return text.replace(SEED_TITLE_YEAR, f"ประจำปีงบประมาณ {THAI_YEARS[year]}", 1).encode("utf-8")


def framework_file(year: int, rows_of: int = 2564, rename: dict[str, str] | None = None) -> bytes:
    """A framework CSV for `year`: the shipped rows of `rows_of`, relabelled (and items renamed)."""
    rows = [r for r in csv.DictReader(io.StringIO((DEFAULT_REFERENCE / "ita_framework.csv").read_text("utf-8-sig")))
            if r["fiscal_year_be"] == str(rows_of)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(FRAMEWORK_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        row["fiscal_year_be"] = str(year)
        row["item_name_th"] = (rename or {}).get(row["item_code"], row["item_name_th"])
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def report_file(tmp_path, year: int, rows: list[dict[str, str]], name: str | None = None):
    path = tmp_path / (name or f"report_{year}.csv")
    path.write_text(csv_report(TITLE.format(THAI_YEARS[year]), rows), encoding="utf-8")
    return path


def row(indicator: str, item: str, status: str, action: str = "เผยแพร่ทางเว็บไซต์") -> dict[str, str]:
    return {"indicator": indicator, "item": item, "action": action, "responsible": "สำนักปลัด",
            "period": "ตลอดปีงบประมาณ", "follow_up": "รายงานผล", "status": status}


def framework_findings(store, year: int) -> list[tuple[str, object]]:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(
            "SELECT f.code, f.resolved_by FROM import_findings f JOIN imports i USING (import_id) "
            "WHERE i.fiscal_year = ? AND f.code LIKE 'framework_%'", [year]).fetchall()


@pytest.fixture(scope="module")
def new_years_master(tmp_path_factory):
    """A store holding the seed relabelled to 2569 and to 2570, years whose framework is partial or missing."""
    folder = tmp_path_factory.mktemp("new_years")
    files = []
    for year in (2569, 2570):
        path = folder / f"nongchok_{year}.txt"
        path.write_bytes(relabelled(year))
        files.append(path)
    store = folder / "ita.duckdb"
    results = ingest_paths(files, store, actor="test")
    assert all(r.refused is None for r in results), [str(r.refused) for r in results]
    return store, results


@pytest.fixture
def new_years_store(new_years_master, tmp_path):
    path = tmp_path / "ita.duckdb"
    shutil.copyfile(new_years_master[0], path)
    return path


# ---------------------------------------------------------------- 1. never refuse a report for its year
@pytest.mark.parametrize("year, code", [(2569, "framework_partial"), (2570, "framework_missing")])
def test_the_seed_of_a_year_without_its_framework_imports_with_one_framework_warning(new_years_master, year, code):
    store, results = new_years_master
    outcome = next(r.outcome for r in results if r.outcome.fiscal_year == year)
    assert outcome.state == "stored" and outcome.measures == oracle.MEASURES
    warnings = [f for f in outcome.findings if f.code.startswith("framework_")]
    assert [(f.code, f.args[0]) for f in warnings] == [(code, str(year))]
    assert not [f for f in outcome.findings if f.code in ("item_not_in_framework", "oit_unmatched")]
    totals = summary(StoreReader(store), Filters(years=(year,)), "en")
    assert (totals["measures"], totals["done"], totals["in_progress"]) == (oracle.MEASURES, oracle.DONE,
                                                                           oracle.IN_PROGRESS)
    assert totals["completion_pct"] == oracle.COMPLETION


def test_a_report_of_a_year_without_framework_keeps_items_as_written_and_unverified(framework, directory):
    report = normalise(read_report("nongchok_2570.txt", relabelled(2570)), framework, directory)
    assert report.fiscal_year == 2570
    coded = [m for m in report.measures if m.tool in ("IIT", "EIT")]
    assert [m.item_code for m in coded] == ["i12", "i20", "i21", "i23", "e1", "e2", "e3", "e5", "e6", "e7", "e8",
                                            "e11", "e12", "e14", "e15"]
    assert {m.item_match for m in report.measures} == {"unverified"}
    # Indicator names are matched to the nearest year that names its indicators (2567).
    assert Counter(m.indicator for m in report.measures) == {k: v[0] for k, v in oracle.INDICATORS.items()}
    assert [f.code for f in report.findings] == ["framework_missing"]
    assert report.findings[0].args[1] == "2567"


def test_a_complete_year_still_gets_no_framework_warning(framework, directory, seed_bytes):
    report = normalise(read_report("nongchok_2564.txt", seed_bytes), framework, directory)
    assert [f.code for f in report.findings] == ["item_wrong_indicator"]


# ---------------------------------------------------------------- 2. the framework is data editors manage
def test_importing_the_2570_framework_rematches_stored_measures_with_audit_rows(new_years_store):
    with StoreReader(new_years_store).cursor() as cursor:
        preview = fw.preview_import(cursor, "nacc_2570.csv", framework_file(2570))
    assert [y.fiscal_year for y in preview.years] == [2570] and not preview.refused
    assert len(preview.years[0].added) == 88 and not preview.years[0].removed
    change = fw.commit_import(new_years_store, preview, "somchai")
    assert change.rematched == oracle.MEASURES
    with duckdb.connect(str(new_years_store), read_only=True) as con:
        measures = con.execute("SELECT tool, item_code, item_match, status FROM measures WHERE fiscal_year = 2570 "
                               "ORDER BY seq").fetchall()
        audit = con.execute("SELECT action, field, count(*) FROM audit_log WHERE actor = 'somchai' "
                            "GROUP BY ALL").fetchall()
        reasons = {r[0] for r in con.execute("SELECT reason FROM audit_log WHERE action = 'rematch'").fetchall()}
        untouched = con.execute("SELECT count(*) FROM measures WHERE fiscal_year = 2569 "
                                "AND item_match = 'unverified'").fetchone()[0]
    assert [m[1] for m in measures if m[0] == "OIT"] == oracle.OIT_CODES
    assert {m[2] for m in measures if m[0] in ("IIT", "EIT")} == {"code"}
    assert Counter(m[3] for m in measures) == {"done": oracle.DONE, "in_progress": oracle.IN_PROGRESS}
    audit = {(a, f): n for a, f, n in audit}
    assert audit[("framework_version", "framework 2570")] == 1
    assert audit[("rematch", "item_match")] == oracle.MEASURES
    assert audit[("rematch", "item_code")] == len(oracle.OIT_CODES)  # OIT codes found; IIT/EIT codes kept
    assert reasons == {"framework nacc_2570.csv"}
    assert untouched > 0  # another year's measures are not touched
    assert framework_findings(new_years_store, 2570) == [("framework_missing", "somchai")]
    # The new framework's own judgement of a row is a warning now, as on the seed of 2564.
    with duckdb.connect(str(new_years_store), read_only=True) as con:
        raised = con.execute("SELECT f.code, f.line, f.args[1] FROM import_findings f JOIN imports i "
                             "USING (import_id) WHERE i.fiscal_year = 2570 AND f.resolved_at IS NULL").fetchall()
    assert raised == [("item_wrong_indicator", 7, "i20")]
    assert framework_findings(new_years_store, 2569) == [("framework_partial", None)]


def test_versions_are_kept_and_an_earlier_one_can_be_restored(new_years_store):
    first = fw.commit_import(new_years_store, _preview(new_years_store, framework_file(2570)), "somchai")
    renamed = _preview(new_years_store, framework_file(2570, rename={"o1": "โครงสร้างและอำนาจหน้าที่"}))
    assert renamed.years[0].renamed == [{"item_code": "o1", "old_name": "โครงสร้าง",
                                         "item_name_th": "โครงสร้างและอำนาจหน้าที่"}]
    second = fw.commit_import(new_years_store, renamed, "somchai")
    assert _preview(new_years_store, framework_file(2570)).years[0].renamed  # the renamed version is in force
    fw.restore_version(new_years_store, first.versions[2570], "somchai")
    with StoreReader(new_years_store).cursor() as cursor:
        history = fw.versions(cursor, [2570])
        name = cursor.execute("SELECT item_name_th FROM framework_items WHERE fiscal_year = 2570 "
                              "AND item_code = 'o1'").fetchone()[0]
        restored = cursor.execute("SELECT old_value, new_value FROM audit_log "
                                  "WHERE action = 'framework_restore'").fetchall()
    assert dict(zip(history["version_id"], history["state"], strict=True)) == {
        first.versions[2570]: "active", second.versions[2570]: "superseded"}
    assert name == "โครงสร้าง"
    assert restored == [(str(second.versions[2570]), str(first.versions[2570]))]
    assert _preview(new_years_store, framework_file(2570)).years[0].unchanged


def _preview(store, data: bytes, year: int | None = None) -> fw.FrameworkPreview:
    with StoreReader(store).cursor() as cursor:
        return fw.preview_import(cursor, "framework.csv", data, year)


def test_a_framework_file_lists_its_refused_rows_with_line_and_reason(new_years_store):
    header = ",".join(FRAMEWORK_COLUMNS)
    lines = [
        header,
        "2570,OIT,9,การเปิดเผยข้อมูล,,,ข้อมูลพื้นฐาน,o1,โครงสร้าง,high,",  # 2: taken
        "2570,XIT,9,การเปิดเผยข้อมูล,,,,o2,ผู้บริหาร,high,",  # 3: no such tool
        "2570,OIT,9,การเปิดเผยข้อมูล,,,,x7,อะไร,high,",  # 4: not an item code
        "2570,OIT,9,การเปิดเผยข้อมูล,,,,e1,ผิดเครื่องมือ,high,",  # 5: an EIT code under OIT
        "2570,OIT,9,การเปิดเผยข้อมูล,,,,o1,ซ้ำ,high,",  # 6: o1 again
        "2571,OIT,9,การเปิดเผยข้อมูล,,,,o3,ปีอื่น,high,",  # 7: another year than --year
        "2570,OIT,9,การเปิดเผยข้อมูล,,,,o4,ข่าว,sure,",  # 8: unknown confidence
        ",OIT,10,การป้องกันการทุจริต,,,,o5,ปีว่าง,medium,",  # 9: taken, its year from --year
    ]
    preview = _preview(new_years_store, "\n".join(lines).encode("utf-8"), 2570)
    assert [r.line for r in preview.refused] == [3, 4, 5, 6, 7, 8]
    assert [(r.code, r.args) for r in preview.refused] == [
        ("tool_unknown", ("XIT",)), ("item_code_invalid", ("x7",)), ("item_code_tool", ("e1", "EIT", "OIT")),
        ("duplicate_item", ("o1", "2570", "2")), ("year_other", ("2571", "2570")), ("confidence_unknown", ("sure",)),
    ]
    for refusal in preview.refused:  # every reason is worded in both languages
        for lang in ("th", "en"):
            text = t(f"fw_row_{refusal.code}", lang).format(*refusal.args)
            assert not text.startswith("fw_row_") and all(a in text for a in refusal.args)
    assert [r["item_code"] for r in preview.years[0].rows] == ["o1", "o5"]


def test_a_file_without_the_columns_is_refused_whole():
    with pytest.raises(ImportRefused, match="missing column"):
        parse_framework_file("wrong.csv", "ตัวชี้วัด,ข้อ\nก,ข\n".encode())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.text(alphabet="io0123456789,OITEXe\"ก ๔", max_size=8), min_size=11, max_size=11),
                max_size=12))
def test_every_row_of_a_framework_file_is_taken_or_refused(cells):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FRAMEWORK_COLUMNS)
    writer.writerows(cells)
    rows, refused = parse_framework_file("any.csv", out.getvalue().encode("utf-8"))
    written = [c for c in cells if any(v.strip() for v in c)]
    assert len(rows) + len(refused) == len(written)
    assert all(r["tool"] in ("IIT", "EIT", "OIT") and 2500 <= int(r["fiscal_year_be"]) <= 2700 for r in rows)


def test_a_framework_exported_as_csv_or_xlsx_imports_back_unchanged(seed_store, tmp_path, capsys):
    for kind in ("csv", "xlsx"):
        out = tmp_path / f"fw2569.{kind}"
        assert main(["framework", "export", "2569", "--format", kind, "-o", str(out), "--db", str(seed_store)]) == 0
        with StoreReader(seed_store).cursor() as cursor:
            preview = fw.preview_import(cursor, out.name, out.read_bytes())
        assert [(y.fiscal_year, y.unchanged) for y in preview.years] == [(2569, True)], preview.refused


# ---------------------------------------------------------------- 3. the shipped reference rows reach existing stores
def test_the_shipped_reference_has_23_oit_items_of_2569(seed_store):
    with StoreReader(seed_store).cursor() as cursor:
        years = fw.framework_years(cursor).set_index("fiscal_year")
        o23 = cursor.execute("SELECT item_name_th FROM framework_items WHERE fiscal_year = 2568 "
                             "AND item_code = 'o23'").fetchone()[0]
    assert int(years.loc[2569, "items_oit"]) == 23
    assert o23.startswith("การประเมินความเสี่ยงที่อาจเกิดการให้หรือรับสินบน")


def test_a_changed_reference_csv_becomes_a_new_audited_version(seed_store, tmp_path):
    reference = tmp_path / "reference"
    shutil.copytree(DEFAULT_REFERENCE, reference)
    path = reference / "ita_framework.csv"
    path.write_text(path.read_text("utf-8").replace("2569,OIT,,,,,,o4,ข่าวประชาสัมพันธ์,",
                                                    "2569,OIT,,,,,,o4,ข่าวประชาสัมพันธ์ของหน่วยงาน,"), "utf-8")
    with write_session(seed_store, reference):
        pass
    with StoreReader(seed_store).cursor() as cursor:
        history = fw.versions(cursor, [2569])
        audit = cursor.execute("SELECT actor, action, field FROM audit_log WHERE action LIKE 'framework%'").fetchall()
        others = fw.versions(cursor, [2568])
    assert list(history["state"]) == ["active", "superseded"] and history["source"].iloc[0] == "reference"
    assert audit == [("reference", "framework_version", "framework 2569")]
    assert len(others) == 1  # unchanged years get no new version
    # An editor's version in force is never overwritten by a release: the new rows are only proposed.
    fw.commit_import(seed_store, _preview(seed_store, framework_file(2569, rows_of=2569, rename={"o5": "แผน"})),
                     "somchai")
    path.write_text(path.read_text("utf-8").replace("ข่าวประชาสัมพันธ์ของหน่วยงาน", "ข่าว"), "utf-8")
    with write_session(seed_store, reference):
        pass
    with StoreReader(seed_store).cursor() as cursor:
        states = fw.versions(cursor, [2569])[["source", "state"]].values.tolist()
    assert states[:2] == [["reference", "proposed"], ["import", "active"]]


def test_a_schema_3_store_is_migrated_with_a_version_per_year(seed_store):
    from ita.store.check import check_store
    from ita.store.session import migrate_store

    with duckdb.connect(str(seed_store)) as con:  # as release 3 left it
        for table in ("framework_versions", "framework_version_rows", "item_crosswalk"):
            con.execute(f"DROP TABLE {table}")
        con.execute("UPDATE store_meta SET value = '3' WHERE key = 'schema_version'")
        con.execute("DELETE FROM store_meta WHERE key IN ('views_sha256', 'reference_csv_sha256')")
    assert migrate_store(seed_store)
    assert check_store(seed_store).ok
    with StoreReader(seed_store).cursor() as cursor:
        years = fw.framework_years(cursor)
        links = cursor.execute("SELECT count(*) FROM item_crosswalk").fetchone()[0]
    assert list(years["fiscal_year"]) == [2564, 2565, 2566, 2567, 2568, 2569]
    assert links > 100
    assert not migrate_store(seed_store)


# ---------------------------------------------------------------- 4. one item across framework changes
def test_the_crosswalk_follows_the_measures_report_from_2567_o43_to_2569_o26(seed_store, capsys):
    with StoreReader(seed_store).cursor() as cursor:
        walk = fw.crosswalk(cursor, 2567, 2569).set_index("from_code")
        one_step = fw.crosswalk(cursor, 2568, 2569).set_index("from_code")
        same = fw.crosswalk(cursor, 2566, 2567).set_index("from_code")
    assert (walk.loc["o43", "to_code"], walk.loc["o43", "relation"]) == ("o26", "renumbered")
    assert (one_step.loc["o14", "to_code"], one_step.loc["o14", "relation"]) == ("o13", "renumbered")
    assert sorted(one_step.loc[["o21", "o22"], "to_code"]) == ["o20", "o20"]  # merged, curated
    assert set(one_step.loc[["o21", "o22"], "relation"]) == {"merged"}
    assert (same.loc["o43", "to_code"], same.loc["o43", "relation"]) == ("o43", "same")
    assert main(["framework", "crosswalk", "2568", "2569", "--db", str(seed_store)]) == 0
    printed = capsys.readouterr().out
    assert "o14" in printed and "o13" in printed and "renumbered" in printed


def test_derived_links_tell_renumbering_from_splits_and_merges():
    before = [{"tool": "OIT", "item_code": "o1", "item_name_th": "แผนการบริหารและพัฒนาทรัพยากรบุคคล"},
              {"tool": "OIT", "item_code": "o2", "item_name_th": "ข่าวประชาสัมพันธ์"},
              {"tool": "OIT", "item_code": "o3", "item_name_th": ""}]
    after = [{"tool": "OIT", "item_code": "o5", "item_name_th": "หลักเกณฑ์และแผนการบริหารและพัฒนาทรัพยากรบุคคล"},
             {"tool": "OIT", "item_code": "o2", "item_name_th": "ข่าวประชาสัมพันธ์"},
             {"tool": "OIT", "item_code": "o3", "item_name_th": "อะไรก็ได้"}]
    links = {(a, b): relation for _, a, _, b, relation, *_ in fw.derive_links(2568, before, 2569, after)}
    assert links == {("o1", "o5"): "renumbered", ("o2", "o2"): "same"}


@pytest.fixture
def renumbered_store(tmp_path):
    """One organisation's report of 2567 (the measures report as o43) and of 2569 (as o26)."""
    files = [
        report_file(tmp_path, 2567, [row("การป้องกันการทุจริต", f"o43 {O43}", "ระหว่างดำเนินการ"),
                                     row("การเปิดเผยข้อมูล", "o10 นโยบายคุ้มครองข้อมูลส่วนบุคคล", "ดำเนินการแล้ว")]),
        report_file(tmp_path, 2569, [row("การป้องกันการทุจริต", f"o26 {O26}", "ดำเนินการแล้ว"),
                                     row("การเปิดเผยข้อมูล", "o10 ระบบการให้บริการผ่านช่องทางออนไลน์", "ดำเนินการแล้ว")]),
    ]
    store = tmp_path / "ita.duckdb"
    results = ingest_paths(files, store, actor="test")
    assert all(r.refused is None for r in results), [str(r.refused) for r in results]
    return store


def test_a_measure_under_a_renumbered_item_is_one_renumbered_line(renumbered_store):
    changes = StoreReader(renumbered_store).query("status_changes", **Filters().params(), year_from=2567,
                                                  year_to=2569)
    lines = changes[["change", "item_code_from", "item_code_to", "status_from", "status_to"]].values.tolist()
    assert ["renumbered", "o43", "o26", "in_progress", "done"] in lines
    assert not changes[(changes["item_code"] == "o26") & (changes["change"] != "renumbered")].size
    assert not changes[(changes["item_code_from"] == "o43") & (changes["change"] != "renumbered")].size
    # o10 is another item in each year (codes move): the same number is not the same measure.
    assert sorted(changes.loc[changes["item_code"] == "o10", "change"]) == ["appeared", "disappeared"]


def test_preview_and_status_changes_use_one_rule_for_the_same_oit_measure(renumbered_store):
    reader = StoreReader(renumbered_store)
    # The next version of the 2569 report: the o26 row moved below o10 and its status changed.
    replacement = csv_report(TITLE.format(THAI_YEARS[2569]), [
        row("การเปิดเผยข้อมูล", "o10 ระบบการให้บริการผ่านช่องทางออนไลน์", "ดำเนินการแล้ว"),
        row("การป้องกันการทุจริต", f"o26 {O26}", "ระหว่างดำเนินการ"),
    ]).encode("utf-8")
    preview = build_preview(reader, "report_2569_v2.csv", replacement)
    assert preview.diff[["change", "item_code"]].values.tolist() == [["status_changed", "o26"]]
    with reader.cursor() as cursor:
        stored = cursor.execute("SELECT seq, indicator, item_code, item_text FROM measures "
                                "WHERE fiscal_year = 2569 ORDER BY seq").df()
        in_sql = cursor.execute("SELECT measure_item_key(indicator, item_code, item_text) AS item_key FROM measures "
                                "WHERE fiscal_year = 2569 ORDER BY seq").df()
        assert keyed(cursor, stored)["item_key"].tolist() == in_sql["item_key"].tolist()
    assert "item:o26" in in_sql["item_key"].tolist()


# ---------------------------------------------------------------- the Framework tab
def test_viewers_see_each_years_framework_read_only(seed_store, monkeypatch):
    import os

    import streamlit
    from streamlit.testing.v1 import AppTest

    from conftest import REPO

    streamlit.cache_data.clear()
    streamlit.cache_resource.clear()
    monkeypatch.delenv("ITA_EDITORS", raising=False)
    monkeypatch.setitem(os.environ, "ITA_DB", str(seed_store))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/manage.py").run()
    assert not at.exception, [e.message for e in at.exception]
    tab = next(t for t in at.tabs if t.label == "กรอบการประเมิน")
    assert not tab.get("file_uploader") and not tab.button
    rows = tab.dataframe[0].value
    assert len(rows) == 23 and {"confidence", "note"} <= set(rows.columns)  # 2569, the newest year


def test_the_command_line_imports_a_framework_into_a_new_store(tmp_path, capsys):
    source = tmp_path / "nacc_2570.csv"
    source.write_bytes(framework_file(2570))
    store = tmp_path / "ita.duckdb"
    assert main(["framework", "import", str(source), "--dry-run", "--db", str(store)]) == 2  # no store, no change
    assert not store.exists()
    assert main(["framework", "import", str(source), "--db", str(store), "--lang", "en"]) == 0
    assert "STORED framework 2570" in capsys.readouterr().out
    assert main(["framework", "list", "--db", str(store)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[-1].split()[:3] == ["2570", str(len(listed) - 1), "import"]


def test_only_a_national_administrator_changes_the_framework_and_a_refusal_is_audited(seed_store):
    from ita.store.access import EditorScope, NotAllowed

    with StoreReader(seed_store).cursor() as cursor:
        preview = fw.preview_import(cursor, "nacc_2570.csv", framework_file(2570))
    editor = EditorScope.parse("somchai", [oracle.ORGANISATION])  # one organisation's editor
    with pytest.raises(NotAllowed):
        fw.commit_import(seed_store, preview, editor)
    with duckdb.connect(str(seed_store), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM framework_versions WHERE fiscal_year = 2570").fetchone()[0] == 0
        refused = con.execute("SELECT actor, field FROM audit_log WHERE action = 'refused'").fetchall()
    assert refused == [("somchai", "framework_import")]
    assert 2570 in fw.commit_import(seed_store, preview, EditorScope.parse("admin", ["*"])).versions


# ---------------------------------------------------------------- one loader: the framework comes from the store
def test_a_new_store_and_the_in_memory_seed_hold_the_same_framework(seed_store):
    from ita.store.reference import framework_from_store, reference_store

    seeded = reference_store()
    try:
        fresh = framework_from_store(seeded)
    finally:
        seeded.close()
    with StoreReader(seed_store).cursor() as cursor:
        stored = framework_from_store(cursor)
    assert fresh == stored
    # Items in the reference CSV's order (i2 before i10), whatever walks them walks them alike.
    codes = [i.code for i in stored.items if i.fiscal_year == 2564 and i.tool == "IIT"]
    assert codes == sorted(codes, key=lambda c: int(c[1:])) and len(codes) > 10


def test_the_preview_and_the_sample_command_read_the_stores_framework_not_the_csv(seed_store, tmp_path, capsys):
    from ita.analytics.preview import reference

    with StoreReader(seed_store).cursor() as cursor:
        preview = fw.preview_import(cursor, "nacc_2570.csv", framework_file(2570))
    fw.commit_import(seed_store, preview, "admin")
    shipped, _ = reference(StoreReader(tmp_path / "none.duckdb"))  # no store yet: what a new one starts with
    assert not shipped.coverage(2570).complete
    stored, _ = reference(StoreReader(seed_store))
    assert stored.coverage(2570).complete
    directory = reference(StoreReader(seed_store))[1]

    def unmatched_in_demo(db) -> int:
        """The demo's 2570 report written against `db`'s framework, read against the imported one."""
        out = tmp_path / db.stem
        assert main(["sample", "--out", str(out), "--today", "2027-01-05", "--db", str(db)]) == 0
        written = read_report("demo.txt", (out / "nongchok_2570_sample.txt").read_bytes())
        findings = normalise(written, stored, directory).findings
        return sum(f.code in ("oit_unmatched", "item_not_in_framework") for f in findings)

    # Given this store, the demo generator writes 2570's measures from the imported framework's items;
    # without a store, from the shipped one (2570 borrows 2569's OIT items, which the imported year lacks).
    assert unmatched_in_demo(seed_store) == 0
    assert unmatched_in_demo(tmp_path / "none.duckdb") > 0


def test_a_year_or_number_beyond_float_range_is_refused_not_raised():
    # "1E310" parses as a float only as infinity, which int() cannot take (found by the property above).
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FRAMEWORK_COLUMNS)
    writer.writerow(["1E310"] + [""] * (len(FRAMEWORK_COLUMNS) - 1))
    rows, refused = parse_framework_file("any.csv", out.getvalue().encode("utf-8"))
    assert rows == [] and len(refused) == 1

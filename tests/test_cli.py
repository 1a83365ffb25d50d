"""python -m ita as a user runs it, in a subprocess."""

import json
import os
import re
import subprocess
import sys

import seed_oracle as oracle
from conftest import REPO, SEED


def ita(*args, db, check=True):
    env = dict(os.environ, ITA_DB=str(db))
    result = subprocess.run([sys.executable, "-m", "ita", *map(str, args)], cwd=REPO, env=env,
                            capture_output=True, text=True)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_ingest_then_summary_json_matches_the_hand_count(tmp_path):
    db = tmp_path / "ita.duckdb"
    out = ita("ingest", SEED, db=db)
    assert "STORED nongchok_2564.txt" in out.stdout and "i20" in out.stdout
    summary = json.loads(ita("summary", "--year", 2564, "--json", db=db).stdout)
    assert summary["org"] == "เทศบาลตำบลหนองจอก" and summary["fiscal_year"] == 2564
    assert (summary["measures"], summary["done"], summary["in_progress"], summary["not_started"]) == (
        oracle.MEASURES, oracle.DONE, oracle.IN_PROGRESS, 0)
    assert summary["completion_pct"] == oracle.COMPLETION
    indicators = {r["name"]: (r["measures"], r["in_progress"]) for r in summary["by_indicator"]}
    assert indicators == oracle.INDICATORS
    divisions = {r["name"]: (r["measures"], r["in_progress"]) for r in summary["by_division"]}
    assert divisions == oracle.BY_DIVISION
    assert len(summary["warnings"]) == 1 and "i20" in summary["warnings"][0]
    assert "nongchok_2564.txt" in summary["warnings"][0]


def test_division_filter_with_and_without_shared_measures(seed_store):
    own = json.loads(ita("summary", "--division", "สำนักปลัด", "--json", db=seed_store).stdout)
    assert (own["measures"], own["in_progress"]) == (11, 4)
    section = json.loads(ita("summary", "--division", "กองคลัง", "--json", db=seed_store).stdout)
    assert section["measures"] == 4  # กองคลัง 1 + its section งานพัสดุ 3
    shared = json.loads(ita("summary", "--division", "กองคลัง", "--include-shared", "--json", db=seed_store).stdout)
    assert shared["measures"] == 4 + 11


def test_refused_file_exits_1_with_the_reason(tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a workbook")
    out = ita("ingest", bad, db=tmp_path / "ita.duckdb", check=False)
    assert out.returncode == 1
    assert "broken.xlsx" in out.stderr


def test_export_csv_and_xlsx(seed_store, tmp_path):
    ita("export", "--status", "in_progress", "--format", "csv", "-o", tmp_path / "open.csv", db=seed_store)
    text = (tmp_path / "open.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("หน่วยงาน,ปีงบประมาณ")
    assert len(text.strip().splitlines()) == 1 + oracle.IN_PROGRESS
    ita("export", "--format", "xlsx", "-o", tmp_path / "all.xlsx", "--lang", "en", db=seed_store)
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "all.xlsx")
    assert book.sheetnames == ["Scope", "Summary", "By indicator", "By division", "Measures", "Not yet done"]
    scope = [row[0].value for row in book["Scope"].iter_rows(min_row=2)]
    assert scope[0] == oracle.ORGANISATION and "every status" in scope
    assert book["Measures"].max_row == 1 + oracle.MEASURES
    assert book["Measures"]["B2"].value == "2021"  # C.E. in English mode


def test_build_uses_data_reports_only_when_the_store_is_missing(tmp_path):
    db = tmp_path / "ita.duckdb"
    assert "built" in ita("build", db=db).stdout
    assert "store exists" in ita("build", db=db).stdout
    years = json.loads(ita("summary", "--json", db=db).stdout)["fiscal_year"]
    shipped = [int(re.search(r"_(\d{4})", f.name)[1]) for f in (REPO / "data" / "reports").rglob("*.txt")]
    assert years == max(shipped)  # the latest year by default


def test_summary_without_a_store_says_how_to_start(tmp_path):
    out = ita("summary", db=tmp_path / "none.duckdb", check=False)
    assert out.returncode == 2 and "ingest" in out.stderr


def test_framework_messages_speak_the_chosen_language(seed_store, tmp_path):
    missing = {lang: ita("framework", "show", 2599, "--lang", lang, db=seed_store, check=False)
               for lang in ("th", "en")}
    assert missing["th"].returncode == missing["en"].returncode == 1
    assert "ไม่มีกรอบการประเมินของปีงบประมาณ 2599" in missing["th"].stderr
    assert "no framework for fiscal year 2599" in missing["en"].stderr
    backwards = ita("framework", "crosswalk", 2569, 2568, db=seed_store, check=False)  # Thai by default
    assert backwards.stderr.strip() == "ปีที่สองต้องหลังปีแรก"
    exported = tmp_path / "fw.csv"
    wrote = ita("framework", "export", 2569, "-o", exported, "--lang", "th", db=seed_store)
    assert wrote.stdout.startswith(f"เขียน {exported} แล้ว (")
    listing = ita("framework", "list", db=seed_store).stdout.splitlines()
    assert listing[0].split()[:2] == ["ปี", "ฉบับ"]
    again = ita("framework", "import", exported, "--dry-run", "--lang", "th", db=seed_store, check=False)
    assert "กรอบการประเมินปี 2569 ไม่เปลี่ยนแปลง" in again.stdout
    assert "2569: unchanged" not in again.stdout
    restored = ita("framework", "restore", 999, "--lang", "en", db=seed_store, check=False)
    assert restored.returncode == 1 and restored.stderr.strip() == "no framework version 999"


def test_summary_speaks_english_names_in_english(seed_store):
    """Division and indicator names follow --lang; `name` stays the stored name filters take."""
    english = ita("summary", "--year", 2564, "--lang", "en", db=seed_store).stdout
    assert "Office of the Permanent Secretary" in english and "Finance Division" in english
    assert "สำนักปลัด:" not in english and "กองคลัง:" not in english
    rows = json.loads(ita("summary", "--year", 2564, "--lang", "en", "--json", db=seed_store).stdout)["by_division"]
    labels = {r["name"]: r["label"] for r in rows}
    assert labels["สำนักปลัด"] == "Office of the Permanent Secretary"
    thai = json.loads(ita("summary", "--year", 2564, "--json", db=seed_store).stdout)["by_division"]
    assert all(r["label"] == r["name"] for r in thai if r["name"])

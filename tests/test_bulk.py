"""The parallel bulk import stores exactly what importing the files one by one stores."""

import duckdb
import pytest

from ita.store.bulk import IN_PROCESS_BELOW, bulk_import
from ita.store.imports import ingest_paths
from synth.national import national_reports, national_specs

from conftest import SEED


def content(store):
    with duckdb.connect(str(store), read_only=True) as con:
        return {
            "measures": con.execute(
                "SELECT o.name, m.fiscal_year, m.seq, m.indicator, m.item_code, m.status, m.division_keys "
                "FROM measures m JOIN organisations o USING (org_id) ORDER BY ALL").fetchall(),
            "findings": con.execute("SELECT code, line, args FROM import_findings ORDER BY ALL").fetchall(),
            "imports": con.execute(
                "SELECT file_name, fiscal_year, row_count, state FROM imports ORDER BY ALL").fetchall(),
        }


@pytest.mark.parametrize("count", [12, IN_PROCESS_BELOW + 40])  # read here, and by worker processes
def test_bulk_equals_one_by_one(count, framework, tmp_path):
    reports = list(national_reports(count, 1, framework))
    folder = tmp_path / "files"
    folder.mkdir()
    paths = []
    for name, data in reports:
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    one_by_one = tmp_path / "one.duckdb"
    ingest_paths(paths, one_by_one)
    bulk = tmp_path / "bulk.duckdb"
    result = bulk_import(reports, bulk, workers=2)
    assert result.progress.stored == count and result.progress.refused == 0
    assert content(bulk) == content(one_by_one)


def test_paths_specs_and_refusals(framework, tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a workbook")
    specs = list(national_specs(3, 1, framework))
    result = bulk_import([SEED, bad, *specs], tmp_path / "ita.duckdb")
    assert (result.progress.stored, result.progress.refused) == (4, 1)
    assert "broken.xlsx" in result.refusals[0]


def test_a_refusal_read_by_a_worker_process_comes_back_naming_its_file(tmp_path):
    """Refusals cross from the parsing processes pickled: the file's name and the reader's reason and
    line must survive the trip (the boundary names the file, the reader gave reason and line)."""
    bad = tmp_path / "binary.txt"
    bad.write_bytes("ตัวชี้วัด\n".encode() + b"\x00\x01\x02" * 50)
    result = bulk_import([bad, *[SEED] * IN_PROCESS_BELOW], tmp_path / "ita.duckdb", workers=2)
    assert (result.progress.done, result.progress.stored, result.progress.refused) == (IN_PROCESS_BELOW + 1, 1, 1)
    assert result.refusals == ["binary.txt, line 2: binary data, not text: is this the right file?"]


def test_a_later_import_fills_in_the_province_an_earlier_report_left_out(tmp_path):
    """An organisation first stored without a province gets the one a later report's title names,
    also when the later report comes in another import (each window reads its organisations afresh)."""
    text = SEED.read_text(encoding="utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text(text, encoding="utf-8")
    placed = tmp_path / "placed.txt"
    placed.write_text(text.replace("ของเทศบาลตำบลหนองจอก ประจำปี", "ของเทศบาลตำบลหนองจอก อำเภอเมือง จังหวัดน่าน ประจำปี")
                      .replace("๒๕๖๔", "๒๕๖๕"), encoding="utf-8")
    # Another organisation with a province: the organisations read back then mix names and blanks.
    other = tmp_path / "other.txt"
    other.write_text(text.replace("ของเทศบาลตำบลหนองจอก ประจำปี", "ของเทศบาลตำบลบ้านใหม่ อำเภอเมือง จังหวัดแพร่ ประจำปี"),
                     encoding="utf-8")
    store = tmp_path / "ita.duckdb"
    ingest_paths([plain, other], store)
    ingest_paths([placed], store)
    con = duckdb.connect(str(store), read_only=True)
    assert con.execute("SELECT name, province FROM organisations ORDER BY org_id").fetchall() == [
        ("เทศบาลตำบลหนองจอก", "น่าน"), ("เทศบาลตำบลบ้านใหม่", "แพร่")]

"""Every format a report arrives in reads to the same measures as the seed text."""

import pytest

from ita.read.formats import read_report
from ita.read.normalise import normalise
from ita.read.records import COLUMNS, ImportRefused
from ita.read.writers import csv_report, xlsx_report

import seed_oracle as oracle

TITLE = "รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส ของเทศบาลตำบลหนองจอก ประจำปีงบประมาณ ๒๕๖๔"


@pytest.fixture(scope="module")
def seed_rows(seed_bytes):
    return [row.cells for row in read_report("seed.txt", seed_bytes).rows]


def _summary(report):
    return (
        len(report.measures),
        sum(m.status == "done" for m in report.measures),
        sorted((m.indicator, m.status, m.item_code or "") for m in report.measures),
        [f.code for f in report.findings],
    )


@pytest.fixture(scope="module")
def expected(seed_bytes, framework, directory):
    return _summary(normalise(read_report("seed.txt", seed_bytes), framework, directory))


def test_seed_summary_is_the_oracle(expected):
    assert expected[0] == oracle.MEASURES and expected[1] == oracle.DONE


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp874"])
def test_csv_in_any_encoding(seed_rows, encoding, expected, framework, directory):
    data = csv_report(TITLE, seed_rows).encode(encoding)
    assert _summary(normalise(read_report("seed.csv", data), framework, directory)) == expected


def test_csv_in_another_column_order_with_english_headers(seed_rows, expected, framework, directory):
    columns = list(reversed(COLUMNS))
    data = csv_report(TITLE, seed_rows, columns=columns, lang="en").encode("utf-8")
    assert _summary(normalise(read_report("seed.csv", data), framework, directory)) == expected


def test_csv_with_semicolons_and_empty_cells_meaning_same_as_above(seed_rows, expected, framework, directory):
    blanked = [dict(r) for r in seed_rows]
    for index in range(1, len(blanked)):
        if seed_rows[index]["indicator"] == seed_rows[index - 1]["indicator"]:
            blanked[index]["indicator"] = ""
    assert sum(not r["indicator"] for r in blanked) > 10
    text = csv_report(TITLE, blanked).replace(",", ";")
    assert _summary(normalise(read_report("seed.csv", text.encode()), framework, directory)) == expected


def test_xlsx_with_merged_cells(seed_rows, expected, framework, directory):
    import io

    from openpyxl import load_workbook

    data = xlsx_report(TITLE, seed_rows, merge_repeats=("indicator", "responsible", "period"))
    assert load_workbook(io.BytesIO(data)).active.merged_cells.ranges  # the test really merges
    assert _summary(normalise(read_report("seed.xlsx", data), framework, directory)) == expected


def test_windows_line_endings(seed_bytes, expected, framework, directory):
    data = seed_bytes.replace(b"\n", b"\r\n")
    assert _summary(normalise(read_report("seed.txt", data), framework, directory)) == expected


def test_numbered_indicators_and_statuses_with_percentages(seed_rows, expected, framework, directory):
    """Some agencies write "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล" and "ดำเนินการแล้ว (100%)"."""
    year = framework.for_year(2564)
    thai_digits = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    rows = []
    for cells in seed_rows:
        number = str(year.find_indicator(cells["indicator"], framework.aliases).no).translate(thai_digits)
        percent = "(100%)" if cells["status"].replace(" ", "") == "ดำเนินการแล้ว" else "๕๐ %"
        rows.append(cells | {"indicator": f"ตัวชี้วัดที่ {number} {cells['indicator']}",
                             "status": f"{cells['status']} {percent}"})
    data = csv_report(TITLE, rows).encode()
    assert _summary(normalise(read_report("seed.csv", data), framework, directory)) == expected


def test_headers_named_chue_on_later_pages_are_still_headers(seed_bytes):
    report = read_report("seed.txt", seed_bytes)
    assert all(row.cells["indicator"] != "ตัวชี้วัด" for row in report.rows)
    assert len(report.rows) == oracle.MEASURES


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.csv", b"  \r\n\r\n", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("page.xls", b"<html><body><table><tr><td>x</td></tr></table></body></html>", "HTML"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "97"),
        ("fake.xlsx", b"not a zip at all", "not a valid xlsx"),
        ("header.csv", "ตัวชี้วัด,ข้อ,วิธีดำเนินการ,ผู้รับผิดชอบ,ผลการดำเนินงาน\n".encode(), "no measures"),
        ("wrong.csv", b"a,b,c\n1,2,3\n", "no table header"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(name, data, reason):
    with pytest.raises(ImportRefused) as refused:
        read_report(name, data)
    assert name in str(refused.value)
    assert reason in str(refused.value)


def test_mixed_encodings_are_refused_naming_the_line(seed_bytes):
    text = seed_bytes.decode("utf-8")
    lines = text.split("\n")
    mixed = "\n".join(lines[:10]).encode("utf-8") + b"\n" + "\n".join(lines[10:]).encode("cp874")
    with pytest.raises(ImportRefused) as refused:
        read_report("mixed.txt", mixed)
    assert "mixed encodings" in str(refused.value)
    assert refused.value.line == 11


def test_missing_title_needs_organisation_and_year(seed_rows, framework, directory):
    raw = read_report("untitled.csv", csv_report(None, seed_rows).encode())
    with pytest.raises(ImportRefused, match="organisation and fiscal year"):
        normalise(raw, framework, directory)
    report = normalise(raw, framework, directory, organisation="เทศบาลตำบลหนองจอก", fiscal_year=2564)
    assert len(report.measures) == oracle.MEASURES


def test_too_large_file_is_refused_before_reading():
    from ita.read.formats.limits import MAX_FILE_BYTES

    with pytest.raises(ImportRefused, match="limit"):
        read_report("big.csv", b"x" * (MAX_FILE_BYTES + 1))


def test_too_many_rows_is_refused(seed_rows):
    from ita.read.formats.limits import MAX_ROWS

    rows = seed_rows * (MAX_ROWS // len(seed_rows) + 1)
    with pytest.raises(ImportRefused, match="more than"):
        read_report("many.csv", csv_report(TITLE, rows).encode())

"""Every format a report arrives in reads to the same measures as the seed text."""

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

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


# utf-16-le and -be: UTF-16 without a BOM, told by where the zero bytes are (the title starts with Thai).
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp874"])
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


# Rows continued over a page break: a cell that runs over the page bottom ends up in a row of its
# own holding only the rest of the action, period or follow-up text.


def _split_rows(rows, index, cut=None):
    """`rows` with row `index`'s action, period and follow-up cut at a space, the rest on a
    continuation row of its own (no indicator, item, responsible or status)."""
    row = dict(rows[index])
    rest = {}
    for key in ("action", "period", "follow_up"):
        words = row[key].split(" ")
        at = min(cut if cut is not None else len(words) // 2, len(words) - 1)
        if at >= 1:
            row[key], rest[key] = " ".join(words[:at]), " ".join(words[at:])
    assert rest.get("action"), "the chosen row's action has no space to cut at"
    return [*rows[:index], row, rest, *rows[index + 1 :]]


def _measures(report):
    """Measures and findings without line numbers (a continuation row shifts the lines below)."""
    import dataclasses

    return (
        [dataclasses.replace(m, line=0) for m in report.measures],
        [(f.code, f.args, f.seq) for f in report.findings],
    )


@pytest.fixture(scope="module")
def seed_measures(seed_bytes, framework, directory):
    return _measures(normalise(read_report("seed.txt", seed_bytes), framework, directory))


def test_text_report_row_split_over_a_page_break_is_one_measure(seed_rows, seed_measures, framework, directory):
    from ita.read.writers import text_report

    # Row 2 ends page 1 (three rows a page): its continuation opens page 2, under the repeated header.
    split = _split_rows(seed_rows, 2)
    text = text_report(TITLE, split, rows_per_page=3)
    lines = text.split("\n")
    continuation = next(i for i, line in enumerate(lines) if line.startswith("\t\t"))
    assert lines[continuation - 1].startswith("ตัวชี้วัด\t"), "a header repeats between the halves"
    raw = read_report("split.txt", text.encode())
    assert len(raw.rows) == oracle.MEASURES
    assert raw.rows[2].cells["action"] == seed_rows[2]["action"]
    assert _measures(normalise(raw, framework, directory)) == seed_measures


def test_csv_row_continued_on_the_next_row_with_empty_cells_meaning_same_as_above(
    seed_rows, seed_measures, framework, directory
):
    blanked = [dict(r) for r in seed_rows]
    for index in range(1, len(blanked)):
        if seed_rows[index]["indicator"] == seed_rows[index - 1]["indicator"]:
            blanked[index]["indicator"] = ""  # the "same as above" convention still holds around it
    split = _split_rows(blanked, 5, cut=1)
    raw = read_report("split.csv", csv_report(TITLE, split).encode())
    assert len(raw.rows) == oracle.MEASURES
    assert raw.rows[5].cells["follow_up"] == seed_rows[5]["follow_up"]
    assert _measures(normalise(raw, framework, directory)) == seed_measures


def test_xlsx_row_continued_on_the_next_row(seed_rows, seed_measures, framework, directory):
    split = _split_rows(seed_rows, len(seed_rows) - 1)  # the last row: nothing below it to confuse
    split = _split_rows(split, 0)
    data = xlsx_report(TITLE, split, merge_repeats=("indicator",))
    raw = read_report("split.xlsx", data)
    assert len(raw.rows) == oracle.MEASURES
    assert _measures(normalise(raw, framework, directory)) == seed_measures


def test_a_row_with_only_a_responsible_division_is_still_a_measure(seed_rows):
    """Several actions under one item: the row has its own division, so it is a measure."""
    rows = [*seed_rows[:3], {"action": "จัดทำคู่มือเพิ่มเติม", "responsible": "กองคลัง"}, *seed_rows[3:]]
    raw = read_report("more.csv", csv_report(TITLE, rows).encode())
    assert len(raw.rows) == oracle.MEASURES + 1
    assert raw.rows[3].cells["action"] == "จัดทำคู่มือเพิ่มเติม"
    assert raw.rows[2].cells["action"] == seed_rows[2]["action"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    index=st.integers(0, oracle.MEASURES - 1),
    cut=st.integers(1, 40),
    kind=st.sampled_from(["txt", "csv", "xlsx"]),
    rows_per_page=st.integers(1, 8),
)
def test_splitting_any_action_over_a_continuation_row_changes_no_measure(
    seed_rows, seed_measures, framework, directory, index, cut, kind, rows_per_page
):
    from ita.read.writers import text_report

    assume(" " in seed_rows[index]["action"])
    split = _split_rows(seed_rows, index, cut)
    if kind == "txt":
        data = text_report(TITLE, split, rows_per_page=rows_per_page).encode()
    elif kind == "csv":
        data = csv_report(TITLE, split).encode()
    else:
        data = xlsx_report(TITLE, split, merge_repeats=("indicator",))
    assert _measures(normalise(read_report(f"split.{kind}", data), framework, directory)) == seed_measures

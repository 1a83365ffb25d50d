"""Property tests: any input either imports or is refused with a clear message, never a traceback."""

import re

import duckdb
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ita.read.formats import read_report
from ita.read.formats.decode import decode_text
from ita.read.normalise import normalise
from ita.read.records import ImportRefused
from ita.store.imports import ingest_paths

from conftest import SEED

SEED_BYTES = SEED.read_bytes()
SEED_LINES = SEED_BYTES.decode("utf-8").split("\n")
SLOW_OK = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
NAMES = st.sampled_from(["r.txt", "r.csv", "r.xlsx", "r.docx", "r.pdf", "r.tsv", "r"])


def read_and_normalise(name, data, framework, directory):
    """The whole importer short of storing: returns a report or raises ImportRefused."""
    return normalise(read_report(name, data), framework, directory)


@st.composite
def mutated_seed(draw):
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.sampled_from(["drop", "dup", "edit_cell", "garble", "truncate", "blank_cell"]))
        index = draw(st.integers(0, len(lines) - 1))
        if action == "drop" and len(lines) > 1:
            del lines[index]
        elif action == "dup":
            lines.insert(index, lines[index])
        elif action in ("edit_cell", "blank_cell") and "\t" in lines[index]:
            cells = lines[index].split("\t")
            cell = draw(st.integers(0, len(cells) - 1))
            cells[cell] = "" if action == "blank_cell" else draw(st.text(max_size=30))
            lines[index] = "\t".join(cells)
        elif action == "garble":
            lines[index] = draw(st.text(max_size=80))
        elif action == "truncate":
            lines = lines[: index + 1]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp874"]))
    text = "\n".join(lines)
    return text.encode(encoding, errors="replace")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAMES, data=st.binary(max_size=3000))
def test_arbitrary_bytes_import_or_are_refused(name, data, framework, directory):
    try:
        read_and_normalise(name, data, framework, directory)
    except ImportRefused as refused:
        assert refused.file_name == name and refused.reason


@settings(max_examples=200, deadline=None, suppress_health_check=SLOW_OK)
@given(data=mutated_seed())
def test_mutated_seed_reports_import_or_are_refused(data, framework, directory):
    try:
        report = read_and_normalise("seed.txt", data, framework, directory)
    except ImportRefused as refused:
        assert "seed.txt" in str(refused)
        return
    assert all(m.status in ("done", "in_progress", "not_started", "unknown") for m in report.measures)
    assert all(f.line for f in report.findings)


@pytest.fixture(scope="module")
def property_store(tmp_path_factory):
    return tmp_path_factory.mktemp("prop") / "ita.duckdb"


@settings(max_examples=25, deadline=None, suppress_health_check=SLOW_OK)
@given(data=mutated_seed())
def test_imports_are_whole_or_absent(data, property_store, tmp_path_factory):
    """Whatever arrives, the store ends with every import complete: its row count all there."""
    path = tmp_path_factory.mktemp("in") / "seed.txt"
    path.write_bytes(data)
    result = ingest_paths([path], property_store)[0]
    assert (result.refused is None) != (result.outcome is None)
    with duckdb.connect(str(property_store), read_only=True) as con:
        mismatched = con.execute(
            "SELECT count(*) FROM imports i WHERE row_count <> "
            "(SELECT count(*) FROM measures m WHERE m.import_id = i.import_id)"
        ).fetchone()[0]
        active = con.execute(
            "SELECT count(*) FROM imports GROUP BY org_id, fiscal_year "
            "HAVING count(*) FILTER (WHERE state = 'active') <> 1"
        ).fetchall()
    assert mismatched == 0 and active == []


_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="กขคงจาเแ๑๒abc,. \t\n\x00\x01\x07\x0b\x1b\x1f\x7f", max_size=60),
    st.sampled_from(["utf-8", "utf-8-sig", "cp874", "utf-16"]),
)
@example("\x00a\x00", "utf-8")  # its NULs at every other byte once passed for UTF-16 (read as CJK)
def test_decode_refuses_control_characters_in_every_encoding(text: str, encoding: str) -> None:
    # decode_text checks UTF-8 and cp874 on the bytes, UTF-16 on the text: both must agree.
    text = "ก" + text
    data = text.encode(encoding)
    if _CONTROL_CHARACTER.search(text) is None:
        assert decode_text(data) == text
    else:
        with pytest.raises(ImportRefused):
            decode_text(data)

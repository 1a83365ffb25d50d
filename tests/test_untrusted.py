"""Text from reports is untrusted: shown as text on every page, escaped in every export."""

import io
import zipfile

import pytest
import streamlit as st
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from ita.analytics.filters import Filters
from ita.analytics.views import Scope
from ita.present import export
from ita.store.imports import ingest_paths
from ita.store.reader import StoreReader

from conftest import REPO, SEED

SCRIPT = "<script>alert(1)</script>"
LINK = "[click here](http://evil.example)"
FORMULA = '=HYPERLINK("http://evil.example","x")'
HOSTILE_ACTION = f"{SCRIPT} {LINK}"


@pytest.fixture
def hostile_store(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    cells = lines[5].split("\t")  # the first measure (i12, กองคลัง)
    cells[2] = HOSTILE_ACTION
    cells[3] = "**กองลับ**"
    cells[5] = FORMULA
    lines[5] = "\t".join(cells)
    report = tmp_path / "hostile.txt"
    report.write_text("\n".join(lines), encoding="utf-8")
    store = tmp_path / "ita.duckdb"
    assert ingest_paths([report], store)[0].outcome.state == "stored"
    return store


def test_report_text_is_shown_as_plain_text_on_the_pages(hostile_store, monkeypatch):
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("ITA_DB", str(hostile_store))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.multiselect(key="division").select("**กองลับ**").run()  # in the sidebar
    at.session_state["div"] = "**กองลับ**"  # and on the divisions page
    at.switch_page("pages/divisions.py").run()
    assert not at.exception
    shown = [v for d in at.dataframe for column in d.value.columns for v in d.value[column].astype(str)]
    assert HOSTILE_ACTION in shown and FORMULA in shown  # in tables, exactly as written
    for element in (*at.markdown, *at.subheader, *at.caption, *at.title):
        assert SCRIPT not in element.value and LINK not in element.value and "**กองลับ**" not in element.value


def test_formula_like_cells_are_escaped_in_csv_and_xlsx(hostile_store):
    tables = export.tables_for(StoreReader(hostile_store), Scope(Filters()))
    csv_text = export.to_csv_bytes(tables["มาตรการ"]).decode("utf-8-sig")
    assert "'" + FORMULA.replace('"', '""') in csv_text
    assert "\n" + FORMULA not in csv_text and "," + FORMULA not in csv_text
    data = export.to_xlsx_bytes(tables)
    archive = zipfile.ZipFile(io.BytesIO(data))
    sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == len(tables)
    assert not any("<f>" in archive.read(n).decode() for n in sheets)  # no formula in any sheet
    sheet = load_workbook(io.BytesIO(data))["มาตรการ"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == FORMULA]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_prefix_is_escaped(value):
    assert export.escape_formula(value) == "'" + value
    assert export.escape_formula("ปกติ") == "ปกติ"

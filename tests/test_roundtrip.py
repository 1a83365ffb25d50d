"""The app's CSV and XLSX exports import again: export → correct in Excel → import gives the corrected store."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ita.analytics import views
from ita.analytics.filters import Filters
from ita.cli import main
from ita.present import export
from ita.present.labels import t
from ita.present.summary import summary
from ita.read.formats import read_report
from ita.read.records import ImportRefused
from ita.store.imports import ingest_paths
from ita.store.reader import StoreReader

import seed_oracle as oracle

ALL = Filters()


def _summary(store: Path, lang: str = "th", filters: Filters = ALL) -> dict:
    """The summary with each warning's place (file, line) left out: the exported file has other lines."""
    result = summary(StoreReader(store), filters, lang)
    result["warnings"] = [w.split(": ", 1)[1] for w in result["warnings"]]
    return result


def _export(store: Path, fmt: str, lang: str, filters: Filters = ALL) -> bytes:
    reader = StoreReader(store)
    tables = export.tables_for(reader, views.scope_of(reader, filters, one_year=False), lang)
    if fmt == "csv":
        return export.to_csv_bytes(tables[t("sheet_measures", lang)])
    return export.to_xlsx_bytes(tables)


def _import(path: Path, store: Path) -> None:
    results = ingest_paths([path], store, actor="test")
    assert [r.refused for r in results] == [None]


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_imports_into_a_new_store_with_the_same_summary(seed_store, tmp_path, fmt, lang):
    path = tmp_path / f"measures.{fmt}"
    path.write_bytes(_export(seed_store, fmt, lang))
    raw = read_report(path.name, path.read_bytes())
    # No title in an export: the organisation and year come from their columns (C.E. in English).
    assert (raw.organisation, raw.fiscal_year, raw.is_sample) == ("เทศบาลตำบลหนองจอก", 2564, False)
    other = tmp_path / "other.duckdb"
    _import(path, other)
    assert _summary(other, lang) == _summary(seed_store, lang)
    assert (_summary(other)["measures"], _summary(other)["done"]) == (oracle.MEASURES, oracle.DONE)


def test_cli_export_imports_back_over_the_same_report(seed_store, tmp_path):
    before = _summary(seed_store)
    path = tmp_path / "open.xlsx"
    assert main(["export", "--format", "xlsx", "--lang", "en", "-o", str(path), "--db", str(seed_store)]) == 0
    _import(path, seed_store)  # the same organisation-year: replaces the seed report
    assert _summary(seed_store) == before


def _first_in_progress(rows: list[list], header: list[str], lang: str) -> int:
    status = header.index(t("col_status", lang))
    return next(i for i, row in enumerate(rows) if row[status] == t("status_in_progress", lang))


def test_a_status_corrected_in_the_exported_csv_shows_after_import(seed_store, tmp_path):
    rows = list(csv.reader(io.StringIO(_export(seed_store, "csv", "th").decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    index = _first_in_progress(body, header, "th")
    body[index][header.index(t("col_status", "th"))] = "ดำเนินการแล้ว"
    action = body[index][header.index(t("col_action", "th"))]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *body])
    path = tmp_path / "corrected.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    _import(path, seed_store)
    after = _summary(seed_store)
    assert (after["measures"], after["done"], after["in_progress"]) == (
        oracle.MEASURES, oracle.DONE + 1, oracle.IN_PROGRESS - 1,
    )
    measures = StoreReader(seed_store).query("measures_list", **Filters().params(), limit=None)
    assert measures.loc[measures["action"] == action, "status"].tolist() == ["done"]


def test_a_status_corrected_in_the_exported_xlsx_shows_after_import(seed_store, tmp_path):
    book = load_workbook(io.BytesIO(_export(seed_store, "xlsx", "en")))
    sheet = book[t("sheet_measures", "en")]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = values[0]
    index = _first_in_progress(values[1:], header, "en")
    sheet.cell(row=index + 2, column=header.index(t("col_status", "en")) + 1, value="Not started")
    path = tmp_path / "corrected.xlsx"
    book.save(path)
    _import(path, seed_store)
    after = _summary(seed_store)
    assert (after["measures"], after["done"], after["in_progress"], after["not_started"]) == (
        oracle.MEASURES, oracle.DONE, oracle.IN_PROGRESS - 1, 1,
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_of_several_years_is_refused_naming_the_file(demo_store, fmt):
    data = _export(demo_store, fmt, "th")
    with pytest.raises(ImportRefused) as refused:
        read_report(f"all_years.{fmt}", data)
    message = str(refused.value)
    assert message.startswith(f"all_years.{fmt}") and "fiscal years" in message and "2564" in message


def test_an_export_of_several_organisations_is_refused(seed_rows_csv):
    with pytest.raises(ImportRefused, match="2 organisations"):
        read_report("two.csv", seed_rows_csv)


@pytest.fixture
def seed_rows_csv(seed_store) -> bytes:
    """The seed's export with its last row moved to another organisation."""
    rows = list(csv.reader(io.StringIO(_export(seed_store, "csv", "th").decode("utf-8-sig"))))
    rows[-1][rows[0].index(t("col_organisation", "th"))] = "เทศบาลตำบลอื่น"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def test_sample_years_stay_sample_after_the_round_trip(demo_store, tmp_path):
    one_year = Filters(years=(2565,))
    path = tmp_path / "sample.xlsx"
    path.write_bytes(_export(demo_store, "xlsx", "th", one_year))
    assert read_report(path.name, path.read_bytes()).is_sample
    other = tmp_path / "other.duckdb"
    _import(path, other)
    assert _summary(other, filters=one_year) == _summary(demo_store, filters=one_year)
    imports = StoreReader(other).query("import_history", orgs=[], years=[])
    assert imports["is_sample"].tolist() == [True]


def test_cells_the_csv_export_escaped_read_back_as_written(seed_store, tmp_path):
    rows = list(csv.reader(io.StringIO(_export(seed_store, "csv", "th").decode("utf-8-sig"))))
    note = rows[0].index(t("col_note", "th"))
    rows[1][note] = "-ติดตามทุกไตรมาส"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[export.escape_formula(c) for c in row] for row in rows])
    assert "'-ติดตาม" in buffer.getvalue()
    raw = read_report("escaped.csv", buffer.getvalue().encode())
    assert raw.rows[0].cells["note"] == "-ติดตามทุกไตรมาส"

"""CSV and XLSX exports of exactly what the filters show, with Thai or English headers.

Report text comes from anywhere, so a cell that a spreadsheet would run as a formula
(starting with = + - @, or a tab or carriage return) is escaped: CSV cells get a leading
apostrophe, XLSX cells are written as plain text that Excel never evaluates. Characters that no
report's text holds (`ita.read.text_rules.FORBIDDEN`: control characters and the like) are left out
of every cell: imports refuse them now, but a store may hold rows imported before, and an .xlsx
cannot hold them at all (openpyxl raises IllegalCharacterError and the whole download fails).
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd

from ita.analytics import metrics
from ita.analytics.views import ChangesView, CompareView, OpenItemsCompletion, OpenItemsView, Scope
from ita.present import tables
from ita.present.labels import division_label, format_date, status_label, t, year_label
from ita.present.scope import scope_parts
from ita.read.text_rules import FORBIDDEN

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Measure columns in the order of the original report, then what the store adds.
MEASURE_COLUMNS = {
    "org_name": "col_organisation",
    "fiscal_year": "col_fiscal_year",
    "tool": "col_tool",
    "indicator": "col_indicator",
    "item_text": "col_item",
    "action": "col_action",
    "responsible_text": "col_responsible",
    "period": "col_period",
    "follow_up": "col_follow_up",
    "status": "col_status",
    "status_text": "col_status_text",
    "item_code": "col_item_code",
    "item_name": "col_item_name",
    "evidence_url": "col_evidence_url",
    "note": "col_note",
    "file_name": "col_source",
    "source_line": "col_line",
}
COUNT_HEADERS = {
    "name": "col_name",
    "measures": "col_measures",
    "done": "col_done",
    "in_progress": "col_in_progress",
    "not_started": "col_not_started",
    "unknown": "col_unknown",
    "completion_pct": "col_completion_pct",
}


def escape_formula(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def plain_cell(value: object) -> object:
    """A cell's value with the characters a spreadsheet cannot hold left out (text only)."""
    if isinstance(value, str) and FORBIDDEN.search(value):
        return FORBIDDEN.sub("", value)
    return value


def measures_frame(measures: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """The measures table as a user reads it: labelled statuses, years in the language's era.

    The organisation and fiscal-year columns, the status label and the ITA item code are what the
    importer reads back (ita/read/formats/table.py), so an export corrected in Excel imports
    again. Sample data keeps its marker in a column of its own, which only such exports have.
    """
    frame = measures[[c for c in MEASURE_COLUMNS if c in measures.columns]].copy()
    frame["status"] = frame["status"].map(lambda s: status_label(s, lang))
    frame["fiscal_year"] = frame["fiscal_year"].map(lambda y: year_label(int(y), lang))
    frame = frame.rename(columns={k: t(v, lang) for k, v in MEASURE_COLUMNS.items()})
    if "is_sample" in measures.columns and measures["is_sample"].fillna(False).astype(bool).any():
        mark = t("sample_mark", lang)
        frame[t("col_sample", lang)] = [mark if flag else "" for flag in measures["is_sample"].fillna(False)]
    return frame


def counts_frame(frame: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    columns = [c for c in COUNT_HEADERS if c in frame.columns]
    return frame[columns].rename(columns={k: t(v, lang) for k, v in COUNT_HEADERS.items()})


def tables_for(source: metrics.Queries, scope: Scope, lang: str = "th") -> dict[str, pd.DataFrame]:
    """Every table of a view, keyed by sheet name: first the scope every number counts, then the counts
    (every status of the scope) and the measures (as the status filter lists them)."""
    counted = scope.counted
    measures = metrics.measures(source, scope.listed)
    open_items = measures[measures["status"] != "done"]
    totals = metrics.totals(source, counted)
    summary = pd.DataFrame(
        [{t(COUNT_HEADERS.get(k, "col_" + k), lang): v for k, v in totals.items()}]
    )
    return {
        t("scope_sheet", lang): pd.DataFrame({t("scope_sheet", lang): scope_parts(scope, lang)}),
        t("sheet_summary", lang): summary,
        t("sheet_by_indicator", lang): counts_frame(metrics.by_indicator(source, counted), lang),
        t("sheet_by_division", lang): counts_frame(_named(metrics.by_division(source, counted), lang), lang),
        t("sheet_measures", lang): measures_frame(measures, lang),
        t("sheet_open_items", lang): measures_frame(open_items, lang),
    }


def open_items_tables(view: OpenItemsView, lang: str = "th",
                      completion: OpenItemsCompletion | None = None) -> dict[str, pd.DataFrame]:
    """The open-items page's downloads: its scope, its counts and every open measure once, at its latest
    status within the chosen years (the view's rows, fetched with no cap per division). Completion, in
    the summary and per division, counts every status of the scope (`completion`,
    views.open_items_completion), as everywhere: the open items alone would make every division 0 %
    complete. Without it the sheets count open items only and show no completion."""
    scope = view.scope
    every = {t(COUNT_HEADERS[k], lang): completion.totals[k] for k in COUNT_HEADERS if k != "name"
             } if completion else {}
    summary = pd.DataFrame([{t("open_count", lang): view.totals["measures"],
                             t("col_overdue", lang): view.totals["overdue"], **every}])
    items = view.items.drop_duplicates("measure_id") if len(view.items) else view.items
    if len(items):
        items = items.sort_values(["days_late", "org_name", "fiscal_year", "source_line"],
                                  ascending=[False, True, True, True], na_position="last")
    listed = measures_frame(items, lang) if len(items) else pd.DataFrame()
    if len(items):
        listed.insert(0, t("days_late", lang), items["days_late"].astype("Int64").to_numpy())
    return {
        t("scope_sheet", lang): pd.DataFrame({t("scope_sheet", lang): scope_parts(scope, lang)}),
        t("sheet_summary", lang): summary,
        t("sheet_by_division", lang): _open_by_division(view, completion, lang),
        t("sheet_open_items", lang): listed,
    }


def _open_by_division(view: OpenItemsView, completion: OpenItemsCompletion | None, lang: str) -> pd.DataFrame:
    """Per division: its open items beside its counts and completion over every status."""
    if not len(view.by_division):
        return pd.DataFrame()
    open_counts = view.by_division[["name", "is_shared", "measures"]].rename(columns={"measures": "open"})
    if completion is None:
        return _named(open_counts, lang)[["name", "open"]].rename(
            columns={"name": t("col_name", lang), "open": t("open_count", lang)})
    every = open_counts.merge(completion.by_division, on=["name", "is_shared"], how="left")
    frame = counts_frame(_named(every, lang), lang)
    frame.insert(1, t("open_count", lang), every["open"].astype(int).to_numpy())
    return frame


def compare_tables(view: CompareView, changes: ChangesView | None, lang: str = "th") -> dict[str, pd.DataFrame]:
    """The compare-years page's downloads, from the page's own view: its scope, the trend (per year:
    measures, done, completion), the years side by side per indicator and per division, and what
    changed between the two years chosen (with how many of each kind; none across organisations)."""
    sheets = {t("scope_sheet", lang): pd.DataFrame({t("scope_sheet", lang): scope_parts(view.scope, lang)})}
    if len(view.years) < 2:
        return sheets
    indicators, divisions = tables.compare_side_by_side(view, lang)
    sheets[t("sheet_trend", lang)] = tables.trend_rows(view.trend, lang)
    sheets[t("sheet_by_indicator", lang)] = indicators
    sheets[t("sheet_by_division", lang)] = divisions
    if changes is not None:
        sheets[t("sheet_summary", lang)] = pd.DataFrame({
            t("col_change", lang): [f"{t('change_' + kind, lang)} {year_label(changes.year_from, lang)}→"
                                    f"{year_label(changes.year_to, lang)}" for kind in changes.counts],
            t("col_measures", lang): list(changes.counts.values()),
        })
        sheets[t("sheet_changes", lang)] = (tables.change_rows(changes.changed, lang)
                                            .rename(columns=tables.change_headers(changes, lang)))
    return sheets


def csv_sheet(tables: Mapping[str, pd.DataFrame], lang: str = "th") -> pd.DataFrame:
    """The one sheet a CSV download holds: the measures listed (the open-items page: its open measures),
    else the first sheet (the organisations page: its ranking), never the scope sheet."""
    for key in ("sheet_measures", "sheet_open_items"):
        if t(key, lang) in tables:
            return tables[t(key, lang)]
    return next(frame for name, frame in tables.items() if name != t("scope_sheet", lang))


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel opens Thai text correctly; formula-like cells escaped."""
    return frame.map(lambda v: escape_formula(plain_cell(v))).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        sheet = book.create_sheet(_sheet_name(name))
        sheet.append([plain_cell(str(c)) for c in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append([_xlsx_value(v) for v in row])
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    # openpyxl stores any string starting with = as a formula; make it text.
                    cell.data_type = "s"
                    cell.quotePrefix = True
        for index, column in enumerate(frame.columns, start=1):
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, width + 2))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return plain_cell(value)


def _sheet_name(name: str) -> str:
    # Excel sheet names: at most 31 characters, none of []:*?/\
    return "".join("_" if c in "[]:*?/\\" else c for c in name)[:31]


def _named(by_division: pd.DataFrame, lang: str) -> pd.DataFrame:
    names = [division_label(n, s, lang) for n, s in zip(by_division["name"], by_division["is_shared"], strict=True)]
    return by_division.assign(name=names)


def due_dates(items: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Open items with their due date as a reader writes it (Buddhist Era in Thai) and days late as whole
    numbers (empty unless overdue)."""
    # Each distinct date written once (a few dozen among hundreds of rows): a Timestamp and a
    # format per row was a visible share of building the open-items page.
    codes, ends = pd.factorize(items["period_end"])
    words = [format_date(end, lang) for end in ends]
    return items.assign(
        due_date=[words[code] if code >= 0 else None for code in codes.tolist()],
        days_late=items["days_late"].astype("Int64"),
    )

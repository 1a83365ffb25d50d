"""Frames shaped for reading: the indicator × division grid and years side by side, in one language.

Pages draw these as they are; the shaping (pivots, labels, the change column) lives here so the
page, the exports and the tests see one table.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ita.analytics.views import ChangesView, CompareView
from ita.present.charts import completion_colour
from ita.present.labels import division_label, status_label, t, year_label


@dataclass
class Grid:
    cells: pd.DataFrame  # "done/measures · pct%" per indicator (rows) × division (columns)
    pct: pd.DataFrame  # completion % of each cell, for shading
    indicators: list[str]  # the official indicator name of each row, in order
    divisions: list[tuple[str, bool]]  # (division name as stored, is_shared) of each column, in order


def indicator_division_grid(grid: pd.DataFrame, indicator_names: pd.DataFrame, lang: str) -> Grid:
    """One row per indicator (framework order), one column per division, each cell its completion."""
    names_en = dict(zip(indicator_names["name"], indicator_names["name_en"], strict=True))
    indicators, numbers = grid["indicator"].tolist(), grid["indicator_no"].tolist()
    first_no = dict(zip(reversed(indicators), reversed(numbers), strict=True))  # each indicator's first row
    order = sorted(first_no, key=lambda i: (first_no[i], i))
    columns = list(dict.fromkeys(zip(grid["division"].tolist(), grid["is_shared"].tolist(), strict=True)))
    column_labels = [division_label(d, s, lang) for d, s in columns]
    label_of = dict(zip(columns, column_labels, strict=True))
    # Built from plain lists (the first value of each indicator × division label wins, as a pivot
    # with aggfunc="first" takes it): pandas' pivot_table over Arrow-backed strings cost about 30 ms
    # of CPU per overview on the national store, ten times this.
    texts: dict[tuple[str, str], str] = {}
    pcts: dict[tuple[str, str], float] = {}
    for indicator, division, shared, done, measures, pct in zip(
            indicators, grid["division"].tolist(), grid["is_shared"].tolist(), grid["done"].tolist(),
            grid["measures"].tolist(), grid["completion_pct"].tolist(), strict=True):
        key = (indicator, label_of[(division, shared)])
        texts.setdefault(key, f"{done}/{measures} · {pct:.0f}%")
        if not (key in pcts or pct is None or pct != pct):  # NaN: no completion, as a pivot skips it
            pcts[key] = pct
    shown = pd.Index([names_en.get(i, i) if lang == "en" else i for i in order], dtype="str")
    header = pd.Index(column_labels, dtype="str", name="column")
    cells = pd.DataFrame([[texts.get((i, c), "") for c in column_labels] for i in order],
                         index=shown, columns=header, dtype="str")
    pct_frame = pd.DataFrame([[pcts.get((i, c), float("nan")) for c in column_labels] for i in order],
                             index=shown, columns=header, dtype=float)
    return Grid(cells, pct_frame, order, columns)


@dataclass
class GridLabels:
    """The grid for a table that colours each cell's label by its completion without a pandas Styler
    (which cost more than the rest of the overview): each cell a one-element list (none when the
    division has no measures of the indicator), each column with its labels and their colours."""

    cells: pd.DataFrame
    colours: dict[str, tuple[list[str], list[str]]]  # column -> (labels, colour of each)


def grid_labels(grid: Grid) -> GridLabels:
    cells: dict[str, list[list[str]]] = {}
    colours: dict[str, tuple[list[str], list[str]]] = {}
    for column in grid.cells.columns:
        texts, pcts = grid.cells[column].tolist(), grid.pct[column].tolist()
        cells[column] = [[text] if text else [] for text in texts]
        shades = {text: completion_colour(pct) for text, pct in zip(texts, pcts, strict=True) if text}
        colours[column] = (list(shades), list(shades.values()))
    return GridLabels(pd.DataFrame(cells, index=grid.cells.index, columns=grid.cells.columns), colours)


@dataclass
class GridCell:
    indicator: str  # as shown in the language
    division: str  # as shown in the language
    done: int
    measures: int
    pct: float


def grid_least_complete(grid: pd.DataFrame, indicator_names: pd.DataFrame, lang: str) -> tuple[list[GridCell], int]:
    """The grid's incomplete cells, least complete first (then in the grid's order), and how many cells are
    complete: the grid as a list, for a screen too narrow for its columns."""
    names_en = dict(zip(indicator_names["name"], indicator_names["name_en"], strict=True))
    frame = grid.sort_values(["completion_pct", "indicator_no", "indicator"], kind="stable")
    cells = [
        GridCell(names_en.get(r.indicator, r.indicator) if lang == "en" else r.indicator,
                 division_label(r.division, bool(r.is_shared), lang), int(r.done), int(r.measures),
                 float(r.completion_pct))
        for r in frame.itertuples() if r.done < r.measures
    ]
    return cells, int((frame["done"] == frame["measures"]).sum())


def years_side_by_side(frame: pd.DataFrame, label: str, years: list[int], lang: str) -> pd.DataFrame:
    """One row per indicator or division, a column of completion % per year, and the change from the first
    year to the last, named with both years so it never reads as another comparison."""
    # From plain lists, rows sorted by label and the first value of each label and year kept, as
    # pivot_table(aggfunc="first") does it, at a tenth of its CPU over Arrow-backed strings.
    values: dict[str, dict[int, float]] = {}
    for name, year, pct in zip(frame[label].tolist(), frame["fiscal_year"].tolist(),
                               frame["completion_pct"].tolist(), strict=True):
        if name is None or name != name:  # a pivot drops rows without a label
            continue
        kept = values.setdefault(name, {})
        if int(year) not in kept and pct is not None and pct == pct:
            kept[int(year)] = float(pct)
    names = sorted(values)
    change = change_label(years[0], years[-1], lang)
    wide = {label: pd.array(names, dtype="str")}
    for year in years:
        wide[year_label(year, lang)] = [values[n].get(year, float("nan")) for n in names]
    wide[change] = [values[n].get(years[-1], float("nan")) - values[n].get(years[0], float("nan")) for n in names]
    return pd.DataFrame({k: v if k == label else pd.array(v, dtype="float64") for k, v in wide.items()})


def change_label(year_from: int, year_to: int, lang: str) -> str:
    return f"{t('col_change', lang)} {year_label(year_from, lang)}→{year_label(year_to, lang)}"


CHANGE_COLUMNS = ("change", "status_from", "status_to", "indicator", "item_code", "item_text", "responsible_text",
                  "matched_by")


def change_rows(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Status changes in words (views.status_changes): the kind, the two statuses and how the measure was
    followed across the years; the page's table and the exports' sheet alike."""
    def status(value: object) -> str:
        return status_label(value, lang) if isinstance(value, str) else ""

    return changes.assign(
        change=[t("change_" + c, lang) for c in changes["change"]],
        status_from=[status(s) for s in changes["status_from"]],
        status_to=[status(s) for s in changes["status_to"]],
        # None where only one year has the measure: nothing was matched.
        matched_by=[t("matched_" + m, lang) if isinstance(m, str) else "" for m in changes["matched_by"]],
    )[list(CHANGE_COLUMNS)]


def trend_rows(trend: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The compare page's trend as a table: per year its measures, done and completion (every status)."""
    return pd.DataFrame({
        t("col_fiscal_year", lang): [year_label(int(y), lang) for y in trend["fiscal_year"]],
        t("col_measures", lang): trend["measures"].astype(int).to_numpy(),
        t("col_done", lang): trend["done"].astype(int).to_numpy(),
        t("col_completion_pct", lang): trend["completion_pct"].astype(float).to_numpy(),
    })


def listed_heading(statuses: tuple[str, ...], listed: int, total: int, lang: str) -> str:
    """The heading of a list of measures beside numbers that count every status: what it lists of how many."""
    if not statuses:
        return f"{t('all_measures', lang)} ({total:,})"
    names = ", ".join(status_label(s, lang) for s in statuses)
    return t("measures_listed", lang).format(statuses=names, shown=f"{listed:,}", total=f"{total:,}")


def compare_side_by_side(view: CompareView, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The compare page's two tables, years side by side: per indicator and per division."""
    years = view.years
    by_division = view.by_division.assign(name=[division_label(n, s, lang) for n, s in
                                                zip(view.by_division["name"], view.by_division["is_shared"],
                                                    strict=True)])
    label = "name_en" if lang == "en" else "name"
    indicators = years_side_by_side(view.by_indicator, label, years, lang).rename(
        columns={label: t("col_indicator", lang)})
    divisions = years_side_by_side(by_division, "name", years, lang).rename(columns={"name": t("col_division", lang)})
    return indicators, divisions


def change_headers(changes: ChangesView, lang: str) -> dict[str, str]:
    """The headers of the changes table: each status column named by its year, as on the page."""
    return {"change": t("col_change", lang), "status_from": year_label(changes.year_from, lang),
            "status_to": year_label(changes.year_to, lang), "indicator": t("col_indicator", lang),
            "item_code": t("col_item_code", lang), "item_text": t("col_item", lang),
            "responsible_text": t("col_responsible", lang), "matched_by": t("col_matched_by", lang)}

"""Frames shaped for reading: the indicator × division grid and years side by side, in one language.

Pages draw these as they are; the shaping (pivots, labels, the change column) lives here so the
page, the exports and the tests see one table.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ita.present.charts import completion_colour
from ita.present.labels import division_label, t, year_label


@dataclass
class Grid:
    cells: pd.DataFrame  # "done/measures · pct%" per indicator (rows) × division (columns)
    pct: pd.DataFrame  # completion % of each cell, for shading
    indicators: list[str]  # the official indicator name of each row, in order
    divisions: list[tuple[str, bool]]  # (division name as stored, is_shared) of each column, in order


def indicator_division_grid(grid: pd.DataFrame, indicator_names: pd.DataFrame, lang: str) -> Grid:
    """One row per indicator (framework order), one column per division, each cell its completion."""
    names_en = dict(zip(indicator_names["name"], indicator_names["name_en"], strict=True))
    order = grid.drop_duplicates("indicator").sort_values(["indicator_no", "indicator"])["indicator"].tolist()
    columns = list(dict.fromkeys(zip(grid["division"], grid["is_shared"], strict=True)))
    labelled = grid.assign(
        column=[division_label(d, s, lang) for d, s in zip(grid["division"], grid["is_shared"], strict=True)],
        cell=[f"{d}/{m} · {p:.0f}%" for d, m, p in zip(grid["done"], grid["measures"], grid["completion_pct"],
                                                      strict=True)],
    )
    column_labels = [division_label(d, s, lang) for d, s in columns]
    cells = labelled.pivot_table(index="indicator", columns="column", values="cell", aggfunc="first")
    pct = labelled.pivot_table(index="indicator", columns="column", values="completion_pct", aggfunc="first")
    cells, pct = cells.reindex(index=order, columns=column_labels), pct.reindex(index=order, columns=column_labels)
    shown = [names_en.get(i, i) if lang == "en" else i for i in order]
    cells.index = pct.index = shown
    return Grid(cells.fillna(""), pct, order, columns)


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
    wide = frame.pivot_table(index=label, columns="fiscal_year", values="completion_pct", aggfunc="first")
    wide = wide.reindex(columns=years).astype(float)
    change = change_label(years[0], years[-1], lang)
    wide[change] = wide[years[-1]] - wide[years[0]]
    wide.columns = [year_label(int(c), lang) if c in years else c for c in wide.columns]
    return wide.reset_index()


def change_label(year_from: int, year_to: int, lang: str) -> str:
    return f"{t('col_change', lang)} {year_label(year_from, lang)}→{year_label(year_to, lang)}"

"""ITA scores in words and files: refusals line by line, the rating and its capping instrument in a
sentence, the export and the template (Thai or English headers, both read back by the importer)."""

from __future__ import annotations

import pandas as pd

from ita.analytics.ratings import rules
from ita.present.labels import t, year_label
from ita.read.scores import INDICATORS, SCORE_COLUMNS, THAI_COLUMNS, TOOLS, Capped, ScoreRefused

INDICATOR_COLUMNS = tuple(f"indicator_{n}" for n in INDICATORS)


def refusal_lines(file_name: str, refused: list[ScoreRefused], lang: str) -> list[str]:
    """'file, line n: why' for each refused row."""
    return [t("cli_fw_refused_line", lang).format(file=file_name, line=r.line,
                                                  reason=t(f"score_row_{r.code}", lang).format(*r.args))
            for r in refused]


def rating_label(rating: str | None, lang: str) -> str:
    """A rating as NACC writes it (Thai), or its English name; a dash when it cannot be worked out."""
    if not isinstance(rating, str) or not rating:
        return "–"
    return rules().english(rating) or rating if lang == "en" else rating


def capped_sentence(capped: Capped, lang: str) -> str:
    """'EIT 82.1 keeps the rating at ผ่าน (ผ่านดี needs each instrument at 85 or more)'."""
    return t("score_capped", lang).format(tool=capped.tool, score=f"{capped.score:.2f}".rstrip("0").rstrip("."),
                                          rating=rating_label(capped.rating, lang),
                                          better=rating_label(capped.better, lang), needs=f"{capped.needs:g}")


def export_frame(scores: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Stored scores (stored_scores, indicator_scores) as a file the importer reads back: one row per
    organisation and assessment year in the English columns, and the rating as NACC writes it."""
    if scores.empty:
        return pd.DataFrame(columns=[*SCORE_COLUMNS, "rating"])
    wide = (indicators.pivot_table(index=["org_name", "assessment_year"], columns="indicator_no", values="score",
                                   aggfunc="first")
            .rename(columns=lambda n: f"indicator_{int(n)}").reset_index()) if not indicators.empty else None
    frame = scores[["org_name", "assessment_year", "total", *TOOLS, "rating"]]
    if wide is not None:
        frame = frame.merge(wide, on=["org_name", "assessment_year"], how="left")
    for column in INDICATOR_COLUMNS:
        if column not in frame:
            frame = frame.assign(**{column: None})
    frame = frame.rename(columns={"org_name": "organisation", "assessment_year": "year"})
    return frame[[*SCORE_COLUMNS, "rating"]].sort_values(["organisation", "year"]).reset_index(drop=True)


def template_frame(lang: str) -> pd.DataFrame:
    """The template to fill in: the headers (Thai in Thai, English otherwise) and one example row."""
    example = ["เทศบาลตำบลหนองจอก", 2566, 88.5, 90.1, 84.3, 90.2, *([None] * len(INDICATORS))]
    return pd.DataFrame([example], columns=list(THAI_COLUMNS if lang == "th" else SCORE_COLUMNS))


def typed_grid(frame: pd.DataFrame) -> list[tuple[int, list[object]]]:
    """The manage page's typed table as (line, cells) for `scores_from_grid`: its header is line 1 and
    each row the line after (the row's number in the table, plus one), as in a file."""
    rows = frame.astype(object).where(frame.notna(), None).values.tolist()
    return [(1, list(frame.columns)), *((index, row) for index, row in enumerate(rows, start=2))]


def score_text(value: float | None) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):.2f}"


def show_lines(scores: pd.DataFrame, indicators: pd.DataFrame, lang: str) -> list[str]:
    """`python -m ita scores show`: one line per assessment (total, rating, instruments), then its indicators."""
    lines = []
    for _, row in scores.sort_values("assessment_year").iterrows():
        year = int(row["assessment_year"])
        tools = "  ".join(f"{tool.upper()} {score_text(row[tool])}" for tool in TOOLS)
        lines.append(f"ITA {year_label(year, lang)}  {t('score_total', lang)} {score_text(row['total'])}  "
                     f"{rating_label(row['rating'], lang)}  {tools}")
        mine = indicators[indicators["assessment_year"] == year]
        if not mine.empty:
            lines.append("  " + "  ".join(f"{int(r.indicator_no)}:{score_text(r.score)}" for r in mine.itertuples()))
    return lines

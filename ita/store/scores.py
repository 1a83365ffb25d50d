"""Writing ITA scores: a scores file or typed rows in, one atomic write, every changed value audited.

The same rules as the measures: the one write path (`writer.scoped_write`), an editor changes only
the organisations of their scope (a refusal is audited and nothing changes), and a file with any
bad row stores nothing: each bad row is named with its line and reason (`ScoresRefused`). A row
names an organisation the store knows (scores come after an organisation's first report) and an
assessment year the rating rules know (ita/read/scores.py); a score of an indicator the year's
framework does not have is refused too.

Each changed value is one audit row (action `score`, field `total`, `iit` … `indicator_10`, old and
new value, the organisation and year as its reason); an unchanged row writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from ita.read.scores import INDICATORS, TOOLS, Rules, ScoreRefused, ScoreRow, parse_scores_file
from ita.store import sql
from ita.store.access import EditorScope, as_scope
from ita.store.session import Unchanged, next_ids
from ita.store.writer import audit_row, insert_rows, scoped_write

ACTION = "import_scores"  # what a scope refusal names


class ScoresRefused(Exception):
    """Rows of a scores file (or typed table) that cannot be stored; nothing was stored."""

    def __init__(self, file_name: str, refusals: Sequence[ScoreRefused]) -> None:
        self.file_name = file_name
        self.refusals = sorted(refusals, key=lambda r: r.line)
        super().__init__(f"{file_name}: {len(self.refusals)} row(s) refused: "
                         + "; ".join(f"line {r.line} {r.code} {' '.join(r.args)}" for r in self.refusals[:5]))


@dataclass(frozen=True)
class ScoresChange:
    """What a scores write did: the organisation-years read, changed, and the values audited."""

    rows: int
    changed: int
    values: int


def import_scores(store: Path | None, file_name: str, data: bytes, rules: Rules,
                  actor: str | EditorScope = "cli") -> ScoresChange:
    """Read a scores file and store it; `ImportRefused` for a file that is no scores table,
    `ScoresRefused` when any row is bad (nothing stored), `NotAllowed` outside the actor's scope."""
    rows, refused = parse_scores_file(file_name, data, rules)
    return store_scores(store, rows, actor, file_name=file_name, refused=refused)


def store_scores(store: Path | None, rows: Sequence[ScoreRow], actor: str | EditorScope = "cli", *,
                 file_name: str = "", now: datetime | None = None,
                 refused: Sequence[ScoreRefused] = ()) -> ScoresChange:
    """Store checked rows (`parse_scores_file`, `scores_from_grid`) as one write, replacing the
    stored organisation-years they name; see the module's docstring for what is refused. `refused`:
    the rows the reader refused, reported with the store's refusals (and then nothing is stored)."""
    scope = as_scope(actor)
    now = now or datetime.now()
    result: list[ScoresChange] = []
    with scoped_write(store) as con:
        orgs = {r.name: (int(r.org_id), r.province if isinstance(r.province, str) else None)
                for r in sql.run(con, "write/organisations").itertuples()}
        refused = [*refused, *_refusals(con, rows, orgs)]
        if refused:
            raise ScoresRefused(file_name or "scores", refused)
        for row in rows:
            scope.require(ACTION, row.organisation, orgs[row.organisation][1])
        ids = next_ids(con)
        old = _stored(con, sorted({orgs[r.organisation][0] for r in rows}))
        audits, changed = [], []
        for row in rows:
            org_id = orgs[row.organisation][0]
            new = _values(row)
            before = old.get((org_id, row.year), {})
            differ = [(c, before.get(c), new.get(c)) for c in _COLUMNS if before.get(c) != new.get(c)]
            if not differ:
                continue
            changed.append((org_id, row))
            reason = f"{row.organisation} · ITA {row.year}" + (f" · {file_name}" if file_name else "")
            audits += [audit_row(ids, now, scope.actor, "score", field=column, old_value=_shown(a),
                                 new_value=_shown(b), reason=reason) for column, a, b in differ]
        result.append(ScoresChange(len(rows), len(changed), len(audits)))
        if not changed:
            raise Unchanged
        sql.script(con, "write/delete_scores", org_ids=[o for o, _ in changed], years=[r.year for _, r in changed])
        insert_rows(con, "ita_scores", [
            (org_id, row.year, row.total, row.tools.get("iit"), row.tools.get("eit"), row.tools.get("oit"), now,
             scope.actor) for org_id, row in changed],
            ["org_id", "assessment_year", "total", "iit", "eit", "oit", "changed_at", "changed_by"])
        insert_rows(con, "ita_indicator_scores", [
            (org_id, row.year, number, score) for org_id, row in changed for number, score in row.indicators.items()],
            ["org_id", "assessment_year", "indicator_no", "score"])
        insert_rows(con, "audit_log", audits)
    return result[0]


_COLUMNS = ("total", *TOOLS, *(f"indicator_{n}" for n in INDICATORS))


def _values(row: ScoreRow) -> dict[str, float | None]:
    values: dict[str, float | None] = {"total": row.total, **row.tools}
    values.update({f"indicator_{n}": score for n, score in row.indicators.items()})
    return values


def _shown(value: float | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _stored(con: duckdb.DuckDBPyConnection, org_ids: list[int]) -> dict[tuple[int, int], dict[str, float | None]]:
    stored = {}
    for row in sql.run(con, "write/scores_of", org_ids=org_ids).itertuples():
        values: dict[str, float | None] = {"total": float(row.total)}
        values.update({t: None if pd.isna(getattr(row, t)) else float(getattr(row, t)) for t in TOOLS})
        indicators = row.indicators if isinstance(row.indicators, dict) else {}
        values.update({f"indicator_{int(n)}": float(s) for n, s in indicators.items()})
        stored[(int(row.org_id), int(row.assessment_year))] = values
    return stored


def _refusals(con: duckdb.DuckDBPyConnection, rows: Sequence[ScoreRow],
              orgs: dict[str, tuple[int, str | None]]) -> list[ScoreRefused]:
    """Rows the store cannot take: an organisation it does not know, an indicator its year's framework lacks."""
    known = {int(y): set(nos) for y, nos in sql.run(con, "write/framework_indicator_numbers").itertuples(index=False)}
    refused = []
    for row in rows:
        if row.organisation not in orgs:
            refused.append(ScoreRefused(row.line, "unknown_organisation", (row.organisation,)))
            continue
        numbers = known.get(row.year)
        extra = sorted(n for n in row.indicators if numbers and n not in numbers)
        if extra:
            refused.append(ScoreRefused(row.line, "indicator_not_in_year", (str(extra[0]), str(row.year))))
    return refused

"""The SQL in `queries/`: one file per question, named `$parameters`, a header comment each.

`run(cursor, "by_indicator", **params)` reads `queries/by_indicator.sql` once, binds the
parameters the file uses (values are never formatted into the text) and returns a DataFrame.

A question may take steps (latest_measures.sql): statements that keep what they worked out in
TEMP tables of the cursor's connection, one SELECT that is the answer, and DROPs after it. DuckDB
holds every hash table of a statement until the statement ends, so a question of many joins
done in one statement holds all of them at once; in steps it holds one step's at a time.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, NamedTuple

import duckdb
import pandas as pd

from ita.paths import QUERIES_DIR

_PARAM = re.compile(r"(?<![:$\w])\$([a-z_][a-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")


@cache
def load(name: str) -> tuple[str, frozenset[str]]:
    """The text of `queries/<name>.sql` and the parameter names it uses."""
    text = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return text, frozenset(_PARAM.findall(_COMMENT.sub("", text)))


def bind(name: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    text, wanted = load(name)
    missing = wanted - params.keys()
    if missing:
        raise KeyError(f"{name}.sql needs parameters {sorted(missing)}")
    if "orgs" in wanted and not params["orgs"]:
        text = _all_orgs(name)
    return text, {key: params[key] for key in wanted}


@cache
def _all_orgs(name: str) -> str:
    """The text of `name` with `all_org_counts` for `filtered_counts`: the same rows when no
    organisation is chosen, for half the planning (see all_org_counts in schema/views.sql).
    A macro's name is swapped, never a value."""
    return _FILTERED_COUNTS.sub("all_org_counts(", load(name)[0])


_FILTERED_COUNTS = re.compile(r"\bfiltered_counts\(")


class Step(NamedTuple):
    text: str
    params: dict[str, Any]
    is_answer: bool  # the SELECT whose rows the question returns


def steps(name: str, params: dict[str, Any]) -> list[Step]:
    """The statements of a question, each with the parameters it uses, in order."""
    return _steps(*bind(name, params))


def _steps(text: str, bound: dict[str, Any]) -> list[Step]:
    return [Step(statement.query, {key: bound[key] for key in statement.named_parameters},
                 statement.type == duckdb.StatementType.SELECT)
            for statement in _statements(text)]


@cache
def _statements(text: str) -> tuple[duckdb.Statement, ...]:
    return tuple(duckdb.extract_statements(text))


def run(cursor: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    text, bound = bind(name, params)
    if len(_statements(text)) == 1:
        return cursor.execute(text, bound).df()
    answer = None
    for step in _steps(text, bound):
        relation = cursor.execute(step.text, step.params)
        if step.is_answer:
            answer = relation.df()
    if answer is None:
        raise ValueError(f"{name}.sql has no SELECT to answer with")
    return answer


def execute(cursor: duckdb.DuckDBPyConnection, name: str, **params: Any) -> None:
    text, bound = bind(name, params)
    cursor.execute(text, bound)


def script(cursor: duckdb.DuckDBPyConnection, name: str, **params: Any) -> None:
    """Run a file of several statements (schema, views, multi-step writes), binding `params`
    in each statement that uses them."""
    for statement in filter(str.strip, _COMMENT.sub("", load(name)[0]).split(";")):
        used = {key: params[key] for key in _PARAM.findall(statement)}
        cursor.execute(statement, used) if used else cursor.execute(statement)


def names() -> list[str]:
    """Every question in `queries/` (not the schema or write statements)."""
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))

"""The framework and the known divisions, as the store holds them.

Read by every write operation (imports, edits, re-matching) and by previews, so it lives
apart from each of them.
"""

from __future__ import annotations

import duckdb

from ita.read.catalogue import Framework
from ita.read.divisions import DivisionDirectory, KnownDivision
from ita.store import sql
from ita.store.session import meta

_FRAMEWORKS: dict[str, Framework] = {}


def framework_from_store(con: duckdb.DuckDBPyConnection) -> Framework:
    """The store's framework; built once per reference data version and then reused."""
    fingerprint = meta(con, "reference_sha256")
    if fingerprint and fingerprint in _FRAMEWORKS:
        return _FRAMEWORKS[fingerprint]
    framework = _framework(con)
    if fingerprint:
        _FRAMEWORKS[fingerprint] = framework
    return framework


def _framework(con: duckdb.DuckDBPyConnection) -> Framework:
    tables = sql.run(con, "reference_framework")
    rows = tables.to_dict("records")
    aliases = dict(sql.run(con, "reference_aliases").itertuples(index=False, name=None))
    keywords = {
        name: [k.strip() for k in text.split(";") if k.strip()]
        for name, text in sql.run(con, "reference_keywords").itertuples(index=False, name=None)
    }
    return Framework.from_rows(rows, aliases, keywords)


def directory_from_store(con: duckdb.DuckDBPyConnection) -> DivisionDirectory:
    """The divisions the store knows, with their aliases."""
    frame = sql.run(con, "reference_divisions")
    frame = frame.astype(object).where(frame.notna(), None)  # NULL parent or aliases come back as NaN
    known = [KnownDivision(r.name, r.parent, r.kind) for r in frame.itertuples()]
    aliases = {
        alias.strip(): r.name
        for r in frame.itertuples()
        for alias in (r.aliases or "").split(";")
        if alias.strip()
    }
    return DivisionDirectory(known, aliases)


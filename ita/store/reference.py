"""The framework and the known divisions, as the store holds them: the one source of truth.

Product code (imports, edits, re-matching, previews, the command line) gets the ITA framework
only from a store, through `framework_from_store`. The reference CSVs in data/reference are read
only where a store is seeded or synced from them (`session.seed_reference`,
`framework.sync_reference`) and by the framework-file import. Where no store file exists yet (a
preview before the first import, the sample generator), `reference_store` seeds one in memory
from those CSVs, by the same migration a new store file gets.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ita.read.catalogue import Framework
from ita.read.divisions import DivisionDirectory, KnownDivision
from ita.store import sql
from ita.store.session import DEFAULT_REFERENCE, meta, migrate

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



def reference_store(reference_dir: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory store holding only the reference data a new store file starts with (schema,
    framework versions, divisions), seeded by the same migration: what the framework is read from
    where no store file exists yet (a preview before the first import, the sample generator).
    The caller closes it."""
    con = duckdb.connect(":memory:")
    con.execute("BEGIN TRANSACTION")
    migrate(con, reference_dir or DEFAULT_REFERENCE)
    con.execute("COMMIT")
    return con

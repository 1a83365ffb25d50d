"""`python -m ita check`: is a store whole? Schema version, foreign keys, counts, one report per year.

Also used by the crash tests: a store is acceptable only if every check here passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ita.store import sql
from ita.store.reader import attach_read_only
from ita.store.session import SCHEMA_VERSION


@dataclass
class StoreCheck:
    path: Path
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(path: Path) -> StoreCheck:
    """Open the store read-only and list what is wrong with it (nothing, for a whole store)."""
    result = StoreCheck(Path(path))
    if not result.path.exists():
        result.problems.append(f"{path}: no such file")
        return result
    try:
        con = attach_read_only(result.path)
    except duckdb.Error as error:
        result.problems.append(f"{path}: cannot be opened as a DuckDB store ({error})")
        return result
    try:
        version = con.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()
        if version is None or int(version[0]) != SCHEMA_VERSION:
            result.problems.append(f"schema version {version[0] if version else 'missing'}, expected {SCHEMA_VERSION}")
            return result
        counts = sql.run(con, "store_counts").iloc[0]
        result.counts = {key: int(value) for key, value in counts.items()}
        for row in sql.run(con, "check_store").itertuples():
            if row.problems:
                result.problems.append(f"{row.check_name}: {row.problems}")
        differing = superseding_problems(con)
        if differing:
            result.problems.append(f"open-items rule rows that differ from the measures (superseding_years): "
                                   f"{differing}")
    except duckdb.Error as error:
        result.problems.append(f"the store cannot be read ({error})")
    finally:
        con.close()
    return result


# Organisations compared at a time: the whole national store at once needs more than a reader's memory.
CHECK_BATCH = 1000


def superseding_problems(con: duckdb.DuckDBPyConnection, batch: int = CHECK_BATCH) -> int:
    """How many superseding_years rows differ from what the measures give, a batch of organisations
    at a time (a row of an organisation that no longer exists counts too)."""
    orgs = [int(org) for org in sql.run(con, "check_superseding_orgs")["org_id"]]
    return sum(int(sql.run(con, "check_superseding_years", org_ids=orgs[start:start + batch])["problems"].iloc[0])
               for start in range(0, len(orgs), batch))

"""`python -m ita check`: is a store whole? Every block readable, schema version, foreign keys, counts,
one report per year.

Also used by the crash tests: a store is acceptable only if every check here passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np

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


def check_store(path: Path, *, full: bool = True) -> StoreCheck:
    """Open the store read-only and list what is wrong with it (nothing, for a whole store).

    `full` reads every row of every table first: DuckDB verifies a block's checksum only when a
    query reads it, and the summaries read few of them, so damage in the middle of the file passed
    the checks below while `summary` failed. Without it (the backups list) only the checks run."""
    result = StoreCheck(Path(path))
    if not result.path.exists():
        result.problems.append(f"{path}: no such file")
        return result
    if full:
        result.problems.extend(block_problems(result.path))
        if result.problems:
            return result
    try:
        con = attach_read_only(result.path)
    except duckdb.Error as error:
        result.problems.append(f"{path}: cannot be opened as a DuckDB store ({error})")
        return result
    try:
        if full:
            read_every_block(con)
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


# DuckDB's file: three 4 KiB headers (the file header, then two database headers of which the one with
# the higher iteration is in force), then blocks, each led by a checksum of the rest of it. DuckDB
# checks a block's sum only when a query reads it: an index block (read by a write or a lookup) or
# the inactive header is read by no scan of the tables. So every block's sum is checked here, with
# DuckDB's own sum (storage/checksum.cpp): 5381 XOR, over the 8-byte words, of word * this constant.
_HEADER = 4096
_SUM_FACTOR = np.uint64(0xBF58476D1CE4E5B9)


def _sum_ok(block: bytes) -> bool:
    words = np.frombuffer(block, dtype="<u8", offset=8)
    with np.errstate(over="ignore"):  # the product is meant to wrap at 64 bits, as in C++
        computed = int(np.bitwise_xor.reduce(words * _SUM_FACTOR)) ^ 5381
    return computed == int.from_bytes(block[:8], "little")


def block_problems(path: Path) -> list[str]:
    """The headers and blocks of a DuckDB file whose checksum does not match (also blocks freed
    since: a damaged file is replaced from a backup either way)."""
    with open(path, "rb") as handle:
        headers = [handle.read(_HEADER) for _ in range(3)]
        if len(headers[2]) < _HEADER or headers[0][8:12] != b"DUCK":
            return [f"{path}: not a DuckDB store (too short or no DuckDB header)"]
        problems = [f"{path}: header {n} fails its checksum" for n, block in enumerate(headers) if not _sum_ok(block)]
        if problems:
            return problems
        # iteration, meta block, free list, block count, block size (database header, after its sum)
        active = max(headers[1:], key=lambda block: int.from_bytes(block[8:16], "little"))
        count = int.from_bytes(active[32:40], "little")
        size = int.from_bytes(active[40:48], "little")
        if not 4096 <= size <= 1 << 26 or size & (size - 1):
            return [f"{path}: the header gives an impossible block size {size}"]
        for number in range(count):
            block = handle.read(size)
            if not block:
                break  # DuckDB cuts free blocks off the end of the file: the count may say more
            if len(block) < size:
                problems.append(f"{path}: ends inside block {number} (truncated)")
                break
            if not _sum_ok(block):
                problems.append(f"{path}: block {number} (at byte {3 * _HEADER + number * size}) fails its checksum")
    return problems


# Rows fetched at a time while reading a whole table: bounded memory at national scale.
READ_BATCH = 100_000


def read_every_block(con: duckdb.DuckDBPyConnection) -> None:
    """Read every column of every table of the attached store, a batch at a time;
    raises the DuckDB error of the first block that does not read back (a checksum, a bad page)."""
    tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = 'store' "
                         "ORDER BY ALL").fetchall()
    for schema, table in tables:
        # Names come from the store's own catalogue; quoted as identifiers.
        name = f'store."{schema}"."{table}"'
        reader = con.sql(f"SELECT * FROM {name}").to_arrow_reader(READ_BATCH)
        for _ in reader:
            pass


# Organisations compared at a time: the whole national store at once needs more than a reader's memory.
CHECK_BATCH = 1000


def superseding_problems(con: duckdb.DuckDBPyConnection, batch: int = CHECK_BATCH) -> int:
    """How many superseding_years rows differ from what the measures give, a batch of organisations
    at a time (a row of an organisation that no longer exists counts too)."""
    orgs = [int(org) for org in sql.run(con, "check_superseding_orgs")["org_id"]]
    return sum(int(sql.run(con, "check_superseding_years", org_ids=orgs[start:start + batch])["problems"].iloc[0])
               for start in range(0, len(orgs), batch))

"""Ordered hashes of what an import stored: to check that a change of the import path stores the same.

    python bench/store_hashes.py [--size 2500] [--reimport K] [--db PATH]

Imports the report files a `bench/import_throughput.py --keep --sizes N` run left in
bench/out/reports_N through `bulk_import` (into a fresh store, removed afterwards, unless `--db`
names a store to read instead), then prints one sha256 per table over its rows sorted by every
column. Timestamps (when a report was imported, an audit row written) and store_changes.write_id
(a random id per write) differ from run to run and are left out; every other column counts, keys
included. `--reimport K` then imports the first K text reports again with a line added at the end
(a new version of each: the earlier one superseded) and then the first K/2 as they were (the first
versions restored), two more bulk imports into the same store. Run it with the code before and after a
change on the same kept files: equal lines mean the same organisations, imports, measures,
divisions, links, rollup rows, findings, audit rows and change records.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
from pathlib import Path

from common import OUT

TABLES = ("organisations", "imports", "measures", "divisions", "measure_divisions", "measure_rollup",
          "import_findings", "audit_log", "store_changes")


def table_hashes(store: Path) -> dict[str, tuple[int, str]]:
    """Row count and sha256 of each table's rows (timestamps left out), sorted by every column."""
    import duckdb

    con = duckdb.connect(str(store), read_only=True)
    hashes = {}
    for table in TABLES:
        described = con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                "WHERE table_name = $t ORDER BY ordinal_position", {"t": table}).fetchall()
        columns = [name for name, kind in described if not kind.startswith("TIMESTAMP") and name != "write_id"]
        listed = ", ".join(f'"{c}"' for c in columns)
        rows = con.execute(f"SELECT {listed} FROM {table} ORDER BY ALL").fetchall()
        digest = hashlib.sha256()
        for row in rows:
            digest.update(repr(row).encode())
            digest.update(b"\n")
        hashes[table] = (len(rows), digest.hexdigest())
    con.close()
    return hashes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=2_500)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--reimport", type=int, default=0)
    args = parser.parse_args()
    if args.db is not None:
        hashes = table_hashes(args.db)
    else:
        from ita.store.bulk import bulk_import

        folder = OUT / f"reports_{args.size}"
        paths = [folder / "reports" / name for name in (folder / "order.txt").read_text().split("\n")]
        with tempfile.TemporaryDirectory() as temp:
            store = Path(temp) / "ita.duckdb"
            bulk_import(paths, store)
            if args.reimport:
                texts = [p for p in paths if p.suffix == ".txt"][: args.reimport]
                bulk_import([(p.name, p.read_bytes() + b"\n") for p in texts], store)
                bulk_import([(p.name, p.read_bytes()) for p in texts[: args.reimport // 2]], store)
            hashes = table_hashes(store)
    for table, (count, digest) in hashes.items():
        print(f"{table:18} {count:>9} {digest}")


if __name__ == "__main__":
    main()

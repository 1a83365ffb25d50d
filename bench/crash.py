"""Crash test at scale: writers killed with SIGKILL at random points never break or lose anything.

    python bench/crash.py --kills N [--json] [--seed S] [--base STORE]
    python bench/crash.py --smoke      # a few kills on the seed store alone: what tests/test_crash.py runs

One store is changed by a chain of writes (imports of a new organisation, imports of a new version
of a report over the stored one, edits, removing or restoring an import, restoring a backup,
publishing to a replica), each killed with SIGKILL at a random moment
between its start and a while after it should have ended. Before each kill the same write runs
to completion on a copy, which gives the state "after". After each kill:

- `python -m ita check`'s checks pass on the store (and on the replica, for a publish): else broken;
- the store equals the state before or after that write (the VOLATILE columns aside): else broken,
  and the rows that differ are printed;
- a write that reported success (it wrote its token to the success log before the kill) is in the
  store, and for imports, edits and import toggles its audit row names it: else a lost write.

The chain goes on from whatever the kill left. Prints a summary, or with --json:
{"kills", "broken", "lost_writes", "before", "after", "by_kind", ...}. Not part of the test suite
(tests/test_crash.py kills fifty imports on every run); this runs on demand.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO

KINDS = {"import": 3, "replace": 2, "edit": 3, "toggle_import": 2, "restore_backup": 1, "publish": 2}
# The tables compared after each kill.
TABLES = ("organisations", "imports", "measures", "measure_divisions", "import_findings", "audit_log", "divisions",
          "store_meta", "store_changes")
# What differs between a write and its reference run on a copy although both wrote the same thing;
# nothing else may differ. Moments: the clock moves between the two runs. The write id: each write
# session draws a random one (session._bump_generation), kept in store_meta and store_changes.
# Comparing the write id as data made every kill look broken or lost (54 of 200 on the main branch).
VOLATILE = {
    "imports": ("imported_at",),
    "measures": ("updated_at",),
    "import_findings": ("resolved_at",),
    "audit_log": ("changed_at",),
    "store_changes": ("write_id",),
}
VOLATILE_META_KEYS = ("write_id",)  # store_meta rows, by key


# --- the writer side: a warmed-up process that forks one writer per request -----------------

def zygote(success_log: Path) -> None:
    """Fork one writer per "run JSON" line (prints the child's pid); "reap PID" waits for it.

    The zygote never opens DuckDB (it warms up on the reference files only), so forking is safe.
    A child that finishes its write appends "TOKEN ok" to the success log and fsyncs it: that is
    the "reported success" the lost-write check holds the store to.
    """
    import csv

    from ita.read.catalogue import Framework
    from ita.read.divisions import load_directory
    from ita.store.imports import prepare
    from ita.store.session import DEFAULT_REFERENCE

    seed = REPO / "data" / "reports" / "nongchok_2564.txt"
    with (DEFAULT_REFERENCE / "divisions.csv").open(encoding="utf-8") as handle:
        directory = load_directory(csv.DictReader(handle))
    prepare(seed.name, seed.read_bytes(), Framework.from_rows([], {}, {}), directory)  # the store's is the child's
    print("ready", flush=True)
    for line in sys.stdin:
        command, argument = line.rstrip("\n").split(" ", 1)
        if command == "run":
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    job = json.loads(argument)
                    _write(job, seed)
                    if not job.get("reference"):
                        _report(success_log, job["token"])
                except BaseException as error:
                    print(f"write failed: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
                    code = 1
                os._exit(code)
            print(pid, flush=True)
        elif command == "reap":
            _, status = os.waitpid(int(argument), 0)
            print(status, flush=True)


def _write(job: dict, seed: Path) -> None:
    from ita.store.edits import Edit, apply_edits, set_import_active
    from ita.store.imports import ingest_paths
    from ita.store.replicas import publish
    from ita.store.session import list_backups, restore_backup

    store, token, kind = Path(job["store"]), job["token"], job["kind"]
    if kind == "import":
        # A new organisation each time, so every import is a real change.
        ingest_paths([seed], store, actor=token, organisation=f"อบต.ทดสอบ {token}")
    elif kind == "replace":
        # A new version of the stored seed report (its follow-up text names the token): it replaces
        # the report the store holds for that organisation-year.
        version = Path(job["store"]).parent / f"nongchok_2564_{token}.txt"
        version.write_bytes(seed.read_bytes().replace(FOLLOW_UP.encode(), f"{FOLLOW_UP} ({token})".encode(), 1))
        try:
            ingest_paths([version], store, actor=token)
        finally:
            version.unlink(missing_ok=True)
    elif kind == "edit":
        apply_edits(store, [Edit(job["measure_id"], "note", job["old"], token)], token, token)
    elif kind == "toggle_import":
        set_import_active(store, job["import_id"], job["active"], token, token)
    elif kind == "restore_backup":
        restore_backup(store, list_backups(store)[0])
    elif kind == "publish":
        publish(store, [Path(job["replica"])])


# A phrase of the seed's first row, which a replacing version extends.
FOLLOW_UP = "กำกับติดตามผลการปฏิบัติรายงานการ ดำเนินงานแผนการใช้จ่าย งบประมาณ"


def _report(success_log: Path, token: str) -> None:
    fd = os.open(success_log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, f"{token} ok\n".encode())
        os.fsync(fd)
    finally:
        os.close(fd)


class Zygote:
    def __init__(self, success_log: Path) -> None:
        self.process = subprocess.Popen([sys.executable, __file__, "--zygote", str(success_log)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO)
        assert self.process.stdout.readline().strip() == "ready"

    def ask(self, line: str) -> str:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def start(self, job: dict) -> int:
        return int(self.ask("run " + json.dumps(job, ensure_ascii=False)))

    def reap(self, pid: int) -> int:
        return int(self.ask(f"reap {pid}"))

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


# --- the checking side ------------------------------------------------------------------------

def dump(store: Path, volatile: dict[str, tuple[str, ...]] | None = None,
         meta_keys: tuple[str, ...] = VOLATILE_META_KEYS) -> dict | None:
    """The store's content without its VOLATILE columns (or `volatile`), or None when there is no store yet."""
    import duckdb

    if not store.exists():
        return None
    volatile = VOLATILE if volatile is None else volatile
    state = {}
    with duckdb.connect(str(store), read_only=True) as con:
        for table in TABLES:
            columns = volatile.get(table, ())
            query = f"SELECT * {'EXCLUDE (' + ', '.join(columns) + ')' if columns else ''} FROM {table}"
            params: list = []
            if table == "store_meta" and meta_keys:
                query += f" WHERE key NOT IN ({', '.join('?' for _ in meta_keys)})"
                params = list(meta_keys)
            state[table] = sorted(map(repr, con.execute(query, params).fetchall()))
    return state


def difference(state: dict, before: dict | None, after: dict | None, limit: int = 3) -> str:
    """Which rows of `state` are in neither `before` nor `after`, and which rows of those are missing
    from it, table by table (a few of each): what a broken kill prints."""
    parts = []
    for table, rows in state.items():
        have = set(rows)
        for name, other in (("before", before), ("after", after)):
            if other is None:
                continue
            want = set(other[table])
            if have == want:
                continue
            extra, missing = sorted(have - want)[:limit], sorted(want - have)[:limit]
            parts.append(f"{table} vs {name}: +{len(have - want)} {extra} -{len(want - have)} {missing}")
    return "; ".join(parts)


def next_job(rng: random.Random, store: Path, replica: Path, token: str) -> dict:
    """A random write that makes sense for the store as it is now."""
    import duckdb

    from ita.store.session import list_backups

    kinds = [k for k in KINDS if k != "restore_backup" or list_backups(store)]
    kind = rng.choices(kinds, weights=[KINDS[k] for k in kinds])[0]
    job = {"kind": kind, "store": str(store), "token": token}
    with duckdb.connect(str(store), read_only=True) as con:
        if kind == "edit":
            rows = con.execute("SELECT m.measure_id, m.note FROM measures m JOIN imports i USING (import_id) "
                               "WHERE i.state = 'active'").fetchall()
            measure_id, note = rng.choice(rows)
            # As an editor's table would hold it: blank is none, surrounding spaces do not count.
            job["measure_id"], job["old"] = int(measure_id), (note or "").strip() or None
        elif kind == "toggle_import":
            rows = con.execute("SELECT import_id, state FROM imports").fetchall()
            import_id, state = rng.choice(rows)
            job["import_id"], job["active"] = int(import_id), state != "active"
    if kind == "publish":
        job["replica"] = str(replica)
    return job


def target_of(job: dict) -> Path:
    """The file a write changes: the store, or for a publish the replica."""
    return Path(job["replica"]) / Path(job["store"]).name if job["kind"] == "publish" else Path(job["store"])


def copy_store(store: Path, folder: Path, replica: Path) -> tuple[Path, Path]:
    """A copy of the store with its backups (a restore needs them) and of the replica, for a reference run."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    copy = folder / store.name
    shutil.copyfile(store, copy)
    backups = store.with_name(store.name + ".backups")
    if backups.exists():
        shutil.copytree(backups, copy.with_name(copy.name + ".backups"), copy_function=os.link)
    copied_replica = folder / "replica"
    copied_replica.mkdir()
    if (replica / store.name).exists():
        shutil.copyfile(replica / store.name, copied_replica / store.name)
    return copy, copied_replica


# Writes that leave an audit row naming their token (as actor); a restore or publish leaves none.
AUDITED = ("import", "replace", "edit", "toggle_import")


def audited(store: Path, token: str) -> bool:
    import duckdb

    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute("SELECT count(*) FROM audit_log WHERE actor = ?", [token]).fetchone()[0] > 0


def succeeded(success_log: Path) -> set[str]:
    if not success_log.exists():
        return set()
    return {line.split()[0] for line in success_log.read_text().splitlines() if line.endswith(" ok")}


def run(kills: int, seed: int, base: Path | None, work: Path) -> dict:
    from common import demo_store

    from ita.store.check import check_store
    from ita.store.session import StorePaths

    store = work / "live" / "ita.duckdb"
    store.parent.mkdir(parents=True)
    shutil.copyfile(base or demo_store(), store)
    replica = work / "replica"
    replica.mkdir()
    success_log = work / "success.log"
    rng = random.Random(seed)
    writer = Zygote(success_log)
    results = {"kills": kills, "broken": 0, "lost_writes": 0, "before": 0, "after": 0, "failed_writes": 0,
               "reported_success": 0,
               "by_kind": {k: {"kills": 0, "before": 0, "after": 0, "broken": 0, "lost": 0} for k in KINDS},
               "problems": []}
    write_times: list[float] = []
    started = time.monotonic()
    for number in range(kills):
        token = f"crash{number:05d}"
        job = next_job(rng, store, replica, token)
        kind = job["kind"]
        before = dump(target_of(job))

        # The reference: the same write, to completion, on a copy.
        ref_store, ref_replica = copy_store(store, work / "reference", replica)
        # The same token: it is data (names, notes), so both runs must write it alike.
        reference = dict(job, store=str(ref_store), replica=str(ref_replica), reference=True)
        began = time.monotonic()
        status = writer.reap(writer.start(reference))
        write_times.append(time.monotonic() - began)
        after = dump(target_of(reference))
        if status != 0:
            results["failed_writes"] += 1  # a write refused as such (not a crash); the kill still runs

        # The real write, killed somewhere between its start and 1.5 times the reference's length.
        pid = writer.start(job)
        time.sleep(rng.uniform(0, 1.5 * write_times[-1]))
        os.kill(pid, signal.SIGKILL)
        writer.reap(pid)

        target = target_of(job)
        tally = results["by_kind"][kind]
        tally["kills"] += 1
        check = check_store(target) if target.exists() else None
        state = dump(target) if check is None or check.ok else "unreadable"
        if check is not None and not check.ok:
            results["broken"] += 1
            tally["broken"] += 1
            results["problems"].append(f"{token} {kind}: {check.problems}")
        elif state == before:
            results["before"] += 1
            tally["before"] += 1
        elif state == after:
            results["after"] += 1
            tally["after"] += 1
        else:
            results["broken"] += 1
            tally["broken"] += 1
            results["problems"].append(f"{token} {kind}: neither the state before nor after the write: "
                                       f"{difference(state, before, after)}")
        if token in succeeded(success_log):
            results["reported_success"] += 1
            if state != after or (kind in AUDITED and not audited(store, token)):
                results["lost_writes"] += 1
                tally["lost"] += 1
                results["problems"].append(f"{token} {kind}: reported success, not in the store")
    writer.close()

    # A lock or partial copy left by the last kill does not stop the next writer, which clears it.
    from ita.store.imports import ingest_paths

    ingest_paths([REPO / "data" / "reports" / "nongchok_2564.txt"], store, organisation="อบต.ทดสอบ หลังสุด")
    results["next_write_after_kills_ok"] = check_store(store).ok
    results["partial_copies_left"] = len(StorePaths(store).stale_temps())
    results["seconds"] = round(time.monotonic() - started, 1)
    results["write_seconds_median"] = round(statistics.median(write_times), 3) if write_times else None
    results["measures_at_end"] = check_store(store).counts.get("measures")
    return results


# Enough kills at tiny size for every kind to be killed at least once, most of them on both sides.
SMOKE_KILLS = 12


def seed_store(folder: Path) -> Path:
    """A store of the seed report alone (the smoke run's start)."""
    from ita.store.imports import ingest_paths

    folder.mkdir(parents=True)
    store = folder / "ita.duckdb"
    ingest_paths([REPO / "data" / "reports" / "nongchok_2564.txt"], store, actor="crash")
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=None)
    parser.add_argument("--seed", type=int, default=2564)
    parser.add_argument("--base", type=Path, help="start from a copy of this store (default: the demo store)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--smoke", action="store_true",
                        help=f"{SMOKE_KILLS} kills (unless --kills) on a store of the seed report alone")
    parser.add_argument("--zygote", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.kills_given = args.kills is not None
    args.kills = 100 if args.kills is None else args.kills
    if args.zygote:
        zygote(args.zygote)
        return
    with tempfile.TemporaryDirectory(prefix="ita-crash-") as work:
        if args.smoke:
            args.base = args.base or seed_store(Path(work) / "base")
            args.kills = args.kills if args.kills_given else SMOKE_KILLS
        results = run(args.kills, args.seed, args.base, Path(work))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print(f"{results['kills']} kills: {results['before']} left the state before, {results['after']} after; "
              f"broken {results['broken']}, lost writes {results['lost_writes']} ({results['seconds']} s)")
        for problem in results["problems"]:
            print("PROBLEM", problem)
    sys.exit(1 if results["broken"] or results["lost_writes"] else 0)


if __name__ == "__main__":
    main()

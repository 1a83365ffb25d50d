"""A separate writer process for the crash and concurrency tests (run as a script).

    python tests/writer_process.py zygote FILE                 # forks an importer of FILE per "run STORE" line
    python tests/writer_process.py import-loop STORE A B N     # imports A, B, A, B … N times
    python tests/writer_process.py edit-loop STORE ACTOR ID…   # one audited note edit per measure id
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ita.store.edits import Edit, apply_edits
from ita.store.imports import ingest_paths


def zygote(report: Path) -> None:
    """Fork one importer per request: a warmed-up fork starts in milliseconds, so the crash test
    can kill fifty imports mid-write without paying for fifty Python start-ups.

    The parent never opens DuckDB (it warms up on an empty framework: the framework is the store's,
    which only the child opens), so forking it is safe.
    Commands on stdin: "run STORE" prints the child's pid; "reap PID" waits for it and prints "ok".
    """
    import csv
    import os

    from ita.read.catalogue import Framework
    from ita.read.divisions import load_directory
    from ita.store.imports import prepare
    from ita.store.session import DEFAULT_REFERENCE

    with (DEFAULT_REFERENCE / "divisions.csv").open(encoding="utf-8") as handle:
        directory = load_directory(csv.DictReader(handle))
    prepare(report.name, report.read_bytes(), Framework.from_rows([], {}, {}), directory)
    print("ready", flush=True)
    for line in sys.stdin:
        command, argument = line.split(maxsplit=1)
        if command == "run":
            pid = os.fork()
            if pid == 0:
                ingest_paths([report], Path(argument.strip()))
                os._exit(0)
            print(pid, flush=True)
        elif command == "reap":
            os.waitpid(int(argument), 0)
            print("ok", flush=True)


def main(mode: str, *args: str) -> None:
    if mode == "zygote":
        zygote(Path(args[0]))
    elif mode == "import-loop":
        store, first, second, count = Path(args[0]), Path(args[1]), Path(args[2]), int(args[3])
        for index in range(count):
            ingest_paths([first if index % 2 == 0 else second], store)
        print(f"imported {count}", flush=True)
    elif mode == "edit-loop":
        store, actor, ids = Path(args[0]), args[1], [int(a) for a in args[2:]]
        for measure_id in ids:
            apply_edits(store, [Edit(measure_id, "note", None, f"{actor} {measure_id}")], actor, "load test")
        print(f"edited {len(ids)}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])

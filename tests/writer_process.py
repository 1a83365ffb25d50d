"""A separate writer process for the crash and concurrency tests (run as a script).

    python tests/writer_process.py import-on-go STORE FILE    # imports FILE after a line on stdin
    python tests/writer_process.py import-loop STORE A B N     # imports A, B, A, B … N times
    python tests/writer_process.py edit-loop STORE ACTOR ID…   # one audited note edit per measure id
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ita.edits import Edit, apply_edits
from ita.ingest import ingest_paths


def main(mode: str, store: str, *args: str) -> None:
    if mode == "import-on-go":
        print("ready", flush=True)
        sys.stdin.readline()
        started = time.monotonic()
        ingest_paths([Path(args[0])], Path(store))
        print(f"done {time.monotonic() - started:.3f}", flush=True)
    elif mode == "import-loop":
        first, second, count = Path(args[0]), Path(args[1]), int(args[2])
        for index in range(count):
            ingest_paths([first if index % 2 == 0 else second], Path(store))
        print(f"imported {count}", flush=True)
    elif mode == "edit-loop":
        actor, ids = args[0], [int(a) for a in args[1:]]
        for measure_id in ids:
            apply_edits(Path(store), [Edit(measure_id, "note", None, f"{actor} {measure_id}")], actor, "load test")
        print(f"edited {len(ids)}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])

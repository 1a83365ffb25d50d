"""Read-only copies of the store for more than one app server.

One writer keeps the primary store; `publish` copies its current version next to each app
server's store path with the same copy-then-`os.replace` step the writer uses, so an app
process reading a replica (ITA_DB=…/replica/ita.duckdb, ITA_READ_ONLY=1) sees either the old
or the new version, never a partial file, and moves to the new one on its next query.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

from ita.store.session import StorePaths, default_store_path


def publish(primary: Path | None, targets: Iterable[Path]) -> int:
    """Copy the primary's current version to every target folder; returns the bytes copied each."""
    primary = Path(primary) if primary else default_store_path()
    # Opened once: writers replace the primary's path, but this handle keeps one whole version.
    with open(primary, "rb") as source:
        size = os.fstat(source.fileno()).st_size
        for folder in targets:
            folder = Path(folder)
            folder.mkdir(parents=True, exist_ok=True)
            destination = folder / primary.name
            _clear_dead_temps(StorePaths(destination))
            temp = StorePaths(destination).temp()
            source.seek(0)
            with open(temp, "wb") as copy:
                shutil.copyfileobj(source, copy, length=16 * 1024 * 1024)
                copy.flush()
                os.fsync(copy.fileno())
            os.replace(temp, destination)
    return size


def _clear_dead_temps(paths: StorePaths) -> None:
    """Remove partial copies left by a publisher that was killed (its pid is in the name and gone).

    No lock guards a replica folder, so a copy of a publisher still running is left alone."""
    for temp in paths.stale_temps():
        try:
            pid = int(temp.name.split(".")[-3])
            os.kill(pid, 0)
        except (ValueError, IndexError):
            continue
        except ProcessLookupError:
            temp.unlink(missing_ok=True)
        except PermissionError:
            continue  # alive, someone else's


def watch(primary: Path | None, targets: list[Path], *, interval_s: float = 1.0, rounds: int | None = None) -> None:
    """Publish whenever the primary changes (a new file at its path), forever or `rounds` times."""
    primary = Path(primary) if primary else default_store_path()
    seen = None
    published = 0
    while rounds is None or published < rounds:
        try:
            stat = os.stat(primary)
        except FileNotFoundError:
            time.sleep(interval_s)
            continue
        identity = (stat.st_ino, stat.st_mtime_ns)
        if identity != seen:
            publish(primary, targets)
            seen = identity
            published += 1
            print(f"published {primary} ({stat.st_size / 1e6:.1f} MB) to {len(targets)} replica(s)", flush=True)
        time.sleep(interval_s)


def read_only() -> bool:
    """True on an app server that serves a replica: it must not offer imports or edits."""
    return os.environ.get("ITA_READ_ONLY", "").strip().lower() in ("1", "true", "yes")

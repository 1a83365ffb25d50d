"""Limits on what one import may hold, stated to users in the app and the README."""

from __future__ import annotations

from ita.read.records import ImportRefused

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5_000  # one organisation's report for one year; the seed has 26


def check_size(size: int) -> None:
    if size == 0:
        raise ImportRefused("the file is empty")
    if size > MAX_FILE_BYTES:
        raise ImportRefused(
            f"the file is {size / 1024 / 1024:.1f} MB; the limit is {MAX_FILE_BYTES // 1024 // 1024} MB"
        )


def check_rows(count: int, line: int) -> None:
    if count > MAX_ROWS:
        raise ImportRefused(f"more than {MAX_ROWS:,} measures; one report holds one organisation's year", line)

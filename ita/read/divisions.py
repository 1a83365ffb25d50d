"""Reading the responsible-division cell (ผู้รับผิดชอบ) into divisions.

A cell may name one division, a section of one (งานพัสดุ กองคลัง), several divisions
(กองคลัง/กองช่าง), or every division at once (ทุกสำนัก/กอง), which is its own entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ita.read.records import Division
from ita.read.thai import compact

# Separators between division names; และ only when a division name follows it, since
# names such as กองสาธารณสุขและสิ่งแวดล้อม contain it.
_SPLIT = re.compile(r"[,;/\n、]+|และ(?=กอง|สำนัก|งาน|หน่วย)")
_SECTION_OF = re.compile(r"^(?P<section>(?:งาน|ฝ่าย).+?)(?P<parent>(?:กอง|สำนัก).+)$")


@dataclass(frozen=True)
class KnownDivision:
    name: str
    parent: str | None
    kind: str  # division, section, shared


class DivisionDirectory:
    """The divisions a store knows, with aliases, used to read responsible cells."""

    def __init__(self, known: Iterable[KnownDivision], aliases: Mapping[str, str] | None = None) -> None:
        self.known = {compact(d.name): d for d in known}
        self.aliases = {compact(k): v for k, v in (aliases or {}).items()}
        self.shared_name = next((d.name for d in self.known.values() if d.kind == "shared"), "ทุกสำนัก/กอง")
        self._parsed: dict[str, tuple[list[Division], list[str]]] = {}

    def _lookup(self, key: str) -> KnownDivision | None:
        key = compact(self.aliases.get(key, key))
        return self.known.get(key)

    def parse(self, text: str) -> tuple[list[Division], list[str]]:
        """Divisions named by a cell, and the names this directory has not seen before."""
        divisions, unknown = self.parse_remembered(text)
        return [Division(d.name, d.parent, d.is_shared) for d in divisions], list(unknown)

    def parse_remembered(self, text: str) -> tuple[list[Division], list[str]]:
        """As `parse`, but the remembered answer itself: the same objects for every equal cell.

        For the import's row loop, which copies the list and changes none of them (a copy of
        each division for each of a national import's 1.2 million rows cost more than the parse).
        """
        # Remembered per text: the same few responsible cells fill every report.
        parsed = self._parsed.get(text)
        if parsed is None:
            parsed = self._parsed[text] = self._parse(text)
        return parsed

    def _parse(self, text: str) -> tuple[list[Division], list[str]]:
        whole = compact(text)
        if not whole:
            return [], []
        shared = self._lookup(whole)
        if shared is not None and shared.kind == "shared":
            return [Division(shared.name, None, True)], []
        divisions: list[Division] = []
        unknown: list[str] = []
        for part in filter(None, (p.strip() for p in _SPLIT.split(whole))):
            division, new_names = self._division(part)
            if all(d.name != division.name for d in divisions):
                divisions.append(division)
            unknown.extend(n for n in new_names if n not in unknown)
        return divisions, unknown

    def _division(self, part: str) -> tuple[Division, list[str]]:
        """The division a part of a cell names, and which of its names are new."""
        found = self._lookup(part)
        if found is not None:
            return Division(found.name, found.parent, found.kind == "shared"), []
        match = _SECTION_OF.match(part)
        if not match:
            return Division(part, None), [part]
        section, parent_text = match.group("section"), match.group("parent")
        parent = self._lookup(parent_text)
        known_section = self._lookup(section)
        new_names = [] if parent else [parent_text]
        if known_section is None:
            new_names.append(section)
        name = known_section.name if known_section else section
        return Division(name, parent.name if parent else parent_text), new_names


def load_directory(rows: Iterable[Mapping[str, str]]) -> DivisionDirectory:
    """A directory from rows with name, parent, kind and ;-separated aliases."""
    rows = list(rows)
    known = [KnownDivision(r["name"], r.get("parent") or None, r.get("kind") or "division") for r in rows]
    aliases = {
        alias.strip(): r["name"]
        for r in rows
        for alias in (r.get("aliases") or "").split(";")
        if alias.strip()
    }
    return DivisionDirectory(known, aliases)

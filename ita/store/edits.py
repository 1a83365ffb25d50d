"""Editors' changes after import: corrected statuses, evidence URLs, notes, confirmed ITA items,
corrected divisions, acknowledged warnings, removed and restored imports.

Every change goes through the store's single write path and leaves a row in the append-only
audit log (who, when, field, old value, new value, why). An edit names the value the editor
saw; if someone changed it in the meantime the whole save is refused (`EditConflict`), so two
editors never silently overwrite each other. Every write names the actor's `EditorScope` (a
plain name is an administrator): a change to another organisation's measures, warnings or
imports is refused (`access.NotAllowed`) and the refusal itself is audited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from ita.read.prepared import division_keys
from ita.read.records import STATUSES
from ita.read.text_rules import is_web_address
from ita.store import sql
from ita.store.access import EditorScope, as_scope
from ita.store.reference import directory_from_store, framework_from_store
from ita.store.session import next_ids
from ita.store.writer import DivisionKeys, audit_row, insert_rows, require_owners, scoped_write

EDITABLE_FIELDS = ("status", "evidence_url", "note", "item_code", "responsible_text")
# Which import warnings an edit of a field settles.
RESOLVES = {
    "status": ("unknown_status",),
    "item_code": ("item_wrong_indicator", "item_not_in_framework", "oit_unmatched"),
    "responsible_text": ("new_division",),
    "evidence_url": ("evidence_not_web",),
}
_CODE = re.compile(r"^[ieo][1-9][0-9]?$")


@dataclass(frozen=True)
class Edit:
    measure_id: int
    field: str
    old: str | None
    new: str | None


class InvalidEdit(ValueError):
    """An edit that cannot be stored as asked (unknown field, bad value, a replaced report)."""


class EditConflict(Exception):
    """Someone changed these values since the editor loaded them; nothing was saved."""

    def __init__(self, conflicts: list[tuple[Edit, str | None]]) -> None:
        self.conflicts = conflicts
        names = ", ".join(f"{e.measure_id}.{e.field}" for e, _ in conflicts)
        super().__init__(f"changed by someone else since you loaded them: {names}; reload and try again")


def _blank(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def edits_between(before: pd.DataFrame, after: pd.DataFrame, fields: Sequence[str] = EDITABLE_FIELDS) -> list[Edit]:
    """The edits that turn `before` into `after` (both indexed by measure_id): what a data editor changed."""
    edits = []
    for measure_id, row in after.iterrows():
        for field in fields:
            if field not in after.columns:
                continue
            old, new = _blank(before.at[measure_id, field]), _blank(row[field])
            if old != new:
                edits.append(Edit(int(measure_id), field, old, new))
    return edits


def validate(edit: Edit) -> None:
    if edit.field not in EDITABLE_FIELDS:
        raise InvalidEdit(f"{edit.field} cannot be edited")
    if edit.field == "status" and edit.new not in STATUSES:
        raise InvalidEdit(f"status must be one of {', '.join(STATUSES)}")
    if edit.field == "evidence_url" and edit.new and not is_web_address(edit.new):
        raise InvalidEdit(f"'{edit.new}' is not a web address (http:// or https://)")
    if edit.field == "item_code" and edit.new and not _CODE.match(edit.new):
        raise InvalidEdit(f"'{edit.new}' is not an ITA item code such as i12, e1 or o42")


def apply_edits(store: Path | None, edits: Sequence[Edit], actor: str | EditorScope, reason: str,
                *, now: datetime | None = None) -> int:
    """Store the edits as one change, or none of them; returns how many were stored."""
    if not edits:
        return 0
    if not reason.strip():
        raise InvalidEdit("say why the change is made")
    for edit in edits:
        validate(edit)
    now = now or datetime.now()
    scope = as_scope(actor)
    actor = scope.actor
    with scoped_write(store) as con:
        require_owners(con, scope, "edit", measure_ids=sorted({e.measure_id for e in edits}))
        current = sql.run(con, "write/measure_fields", measure_ids=sorted({e.measure_id for e in edits}))
        current = current.set_index("measure_id")
        conflicts = []
        for edit in edits:
            if edit.measure_id not in current.index:
                raise InvalidEdit(f"measure {edit.measure_id} does not exist")
            if current.at[edit.measure_id, "import_state"] != "active":
                raise InvalidEdit(f"measure {edit.measure_id} belongs to a report that was replaced or removed")
            now_value = _blank(current.at[edit.measure_id, edit.field])
            if now_value != edit.old:
                conflicts.append((edit, now_value))
        if conflicts:
            raise EditConflict(conflicts)
        _check_item_codes(con, edits, current)
        ids = next_ids(con)
        directory = directory_from_store(con) if any(e.field == "responsible_text" for e in edits) else None
        divisions = DivisionKeys(con, ids)
        links, audits = [], []
        for edit in edits:
            parsed = directory.parse(edit.new or "")[0] if directory and edit.field == "responsible_text" else []
            sql.execute(con, "write/update_measure", measure_id=edit.measure_id, field=edit.field,
                        value=edit.new, now=now, division_keys=division_keys(parsed),
                        shared=any(d.is_shared for d in parsed))
            if edit.field in RESOLVES:
                sql.execute(con, "write/resolve_findings", measure_id=edit.measure_id, codes=list(RESOLVES[edit.field]),
                            finding_id=None, actor=actor, now=now)
            if edit.field == "responsible_text":
                sql.execute(con, "write/replace_measure_divisions", measure_id=edit.measure_id)
                links.extend((edit.measure_id, key) for key in divisions.keys_for(parsed))
            audits.append(audit_row(ids, now, actor, "edit", measure_id=edit.measure_id, field=edit.field,
                                    old_value=edit.old, new_value=edit.new, reason=reason))
        divisions.insert_new()
        insert_rows(con, "measure_divisions", links, ["measure_id", "division_id"])
        for measure_id in {e.measure_id for e in edits if e.field == "responsible_text"}:
            sql.script(con, "write/refresh_rollup", from_id=measure_id, to_id=measure_id)
        insert_rows(con, "audit_log", audits)
    return len(edits)


def _check_item_codes(con: object, edits: Sequence[Edit], current: pd.DataFrame) -> None:
    """A confirmed item must exist in that year's framework, where the framework lists that tool's items."""
    codes = [e for e in edits if e.field == "item_code" and e.new]
    if not codes:
        return
    framework = framework_from_store(con)
    for edit in codes:
        year = framework.for_year(int(current.at[edit.measure_id, "fiscal_year"]))
        tool = {"i": "IIT", "e": "EIT", "o": "OIT"}[edit.new[0]]
        if tool in year.tools_with_items() and edit.new not in year.items:
            raise InvalidEdit(f"{edit.new} is not an item of the {year.fiscal_year} framework")


def acknowledge_finding(store: Path | None, finding_id: int, actor: str | EditorScope, reason: str,
                        *, now: datetime | None = None) -> None:
    """Close an import warning that needs no change (say, a division that really is new)."""
    if not reason.strip():
        raise InvalidEdit("say why the warning can be closed")
    now = now or datetime.now()
    scope = as_scope(actor)
    actor = scope.actor
    with scoped_write(store) as con:
        require_owners(con, scope, "acknowledge_warning", finding_ids=[finding_id])
        sql.execute(con, "write/resolve_findings", measure_id=None, codes=[], finding_id=finding_id,
                    actor=actor, now=now)
        insert_rows(con, "audit_log", [audit_row(next_ids(con), now, actor, "acknowledge_warning",
                                                 field=f"finding {finding_id}", reason=reason)])


def set_import_active(store: Path | None, import_id: int, active: bool, actor: str | EditorScope, reason: str,
                      *, now: datetime | None = None) -> None:
    """Remove an import from the dashboard, or restore one; nothing is ever deleted.

    Restoring makes it the organisation-year's report again, superseding the one in its place.
    """
    if not reason.strip():
        raise InvalidEdit("say why")
    now = now or datetime.now()
    scope = as_scope(actor)
    actor = scope.actor
    with scoped_write(store) as con:
        require_owners(con, scope, "restore_import" if active else "remove_import", import_ids=[import_id])
        found = sql.run(con, "write/import_by_id", import_id=import_id)
        if found.empty:
            raise InvalidEdit(f"import {import_id} does not exist")
        row = found.iloc[0]
        ids = next_ids(con)
        if active:
            current = sql.run(con, "write/active_import", org_id=int(row["org_id"]),
                              fiscal_year=int(row["fiscal_year"]))
            for other in current["import_id"]:
                if int(other) != import_id:
                    sql.execute(con, "write/set_import_state", import_id=int(other), state="superseded",
                                replaced_by=import_id)
            sql.execute(con, "write/set_import_state", import_id=import_id, state="active", replaced_by=None)
        else:
            sql.execute(con, "write/set_import_state", import_id=import_id, state="removed", replaced_by=None)
        action = "restore_import" if active else "remove_import"
        insert_rows(con, "audit_log", [audit_row(ids, now, actor, action, import_id=import_id,
                                                 old_value=str(row["state"]), new_value="active" if active
                                                 else "removed", reason=reason)])

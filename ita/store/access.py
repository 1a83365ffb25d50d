"""Which organisations an editor may change: a scope of organisations, provinces, or everything.

At national scale one server holds thousands of agencies, so an editor account names the
organisations it answers for. The scope is pure data: `allows(org_name, province)` is all the
write path asks (ita/store/writer.py checks it for imports and edits before changing anything;
session.py and framework.py refuse what only an administrator may do). The province asked about is
always the one the store holds for the organisation, never a report's: a province scope covers only
organisations already placed in it, and only an administrator's import places one (imports.py).

Scopes are written beside the accounts, in `.streamlit/secrets.toml`:

    [editor_scopes]
    somchai = ["เทศบาลตำบลหนองจอก"]                  # organisations by name
    malee = ["province:ขอนแก่น", "อบต.บ้านไผ่"]        # a whole province, and one more organisation
    admin = "*"                                       # a national administrator: everything
    "dao@example.go.th" = ["province:เชียงใหม่"]      # st.login accounts by e-mail

or in the ITA_EDITOR_SCOPES variable (`somchai=เทศบาลตำบลหนองจอก|อบต.บ้านไผ่;admin=*`).
An account without a scope may change nothing: forgetting to scope an account must not make it
a national administrator.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PROVINCE_PREFIX = "province:"
EVERYTHING = "*"


class NotAllowed(PermissionError):
    """A write for an organisation outside the actor's scope; nothing was changed."""

    def __init__(self, actor: str, action: str, organisation: str) -> None:
        self.actor = actor
        self.action = action
        self.organisation = organisation
        super().__init__(f"{actor} may not {action.replace('_', ' ')} for {organisation}")


@dataclass(frozen=True)
class EditorScope:
    """The actor's name and what it may change."""

    actor: str
    organisations: frozenset[str] = frozenset()
    provinces: frozenset[str] = frozenset()
    everything: bool = False

    @classmethod
    def administrator(cls, actor: str) -> EditorScope:
        """Everything: the command line, bulk imports, and national administrators."""
        return cls(actor, everything=True)

    @classmethod
    def parse(cls, actor: str, entries: str | Iterable[str] | None) -> EditorScope:
        """A scope from its written form: "*", or names of organisations and "province:NAME"."""
        if entries is None:
            return cls(actor)
        if isinstance(entries, str):
            entries = [entries]
        organisations, provinces, everything = set(), set(), False
        for entry in (str(e).strip() for e in entries):
            if entry == EVERYTHING:
                everything = True
            elif entry.lower().startswith(PROVINCE_PREFIX):
                if entry[len(PROVINCE_PREFIX):].strip():
                    provinces.add(entry[len(PROVINCE_PREFIX):].strip())
            elif entry:
                organisations.add(entry)
        return cls(actor, frozenset(organisations), frozenset(provinces), everything)

    def allows(self, org_name: str | None, province: str | None) -> bool:
        if self.everything:
            return True
        # Not `is not None`: a missing province read through pandas arrives as NaN.
        return (org_name or "").strip() in self.organisations or (
            isinstance(province, str) and province.strip() in self.provinces)

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.organisations or self.provinces)

    def require(self, action: str, org_name: str, province: str | None) -> None:
        """Raise `NotAllowed` unless the scope covers this organisation."""
        if not self.allows(org_name, province):
            raise NotAllowed(self.actor, action, org_name)

    def describe(self) -> str:
        """The scope in its written form (for the audit log and the sign-in caption)."""
        if self.everything:
            return EVERYTHING
        return ", ".join(sorted(self.organisations) + [PROVINCE_PREFIX + p for p in sorted(self.provinces)])


def as_scope(actor: str | EditorScope) -> EditorScope:
    """A plain actor name is a trusted caller inside the process (the command line, tests, the
    bulk importer): an administrator. The app always passes the signed-in editor's scope."""
    return actor if isinstance(actor, EditorScope) else EditorScope.administrator(actor)


def scopes_from(secrets_section: Mapping[str, object] | None,
                environ: Mapping[str, str] | None = None) -> dict[str, EditorScope]:
    """Account name (or e-mail, lower-case) → scope, from `[editor_scopes]` and ITA_EDITOR_SCOPES."""
    written: dict[str, object] = {str(k).strip(): v for k, v in (secrets_section or {}).items()}
    raw = (environ if environ is not None else os.environ).get("ITA_EDITOR_SCOPES", "")
    for entry in filter(None, (part.strip() for part in raw.split(";"))):
        name, _, value = entry.partition("=")
        if name.strip() and value.strip():
            written[name.strip()] = [v for v in value.split("|") if v.strip()]
    scopes = {}
    for name, value in written.items():
        key = name.lower() if "@" in name else name
        entries = [value] if isinstance(value, str) else [str(v) for v in value]  # type: ignore[union-attr]
        scopes[key] = EditorScope.parse(key, entries)
    return scopes


def scope_for(scopes: Mapping[str, EditorScope], actor: str) -> EditorScope:
    """The scope of an account, or an empty one (nothing may be changed) when none is written."""
    key = actor.strip().lower() if "@" in actor else actor.strip()
    found = scopes.get(key)
    return EditorScope(actor.strip()) if found is None else EditorScope(
        actor.strip(), found.organisations, found.provinces, found.everything)

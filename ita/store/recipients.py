"""Who receives each division's digest, and which digests were sent: the store's writes for them.

The addresses of a division are replaced as a whole (the list an editor keeps), through the
store's single write path, with an audit row saying who changed them, from what, to what and why.
As every write names an `EditorScope`: an editor changes only their own organisations' lists; a
change for another organisation is refused (`access.NotAllowed`) and the refusal is audited.

The record of digests sent (`record_sent`) is bookkeeping of the sender, not a change of anyone's
data: it is not audited, and a digest recorded twice for one date keeps its first row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ita.store import sql
from ita.store.access import EditorScope, as_scope
from ita.store.session import Unchanged, next_ids, write_session
from ita.store.writer import audit_row, insert_rows, scoped_write

# Enough to catch a typing slip (a missing @, a space, a Thai comma); the mail server judges the rest.
_EMAIL = re.compile(r"^[^@\s,;<>\"']+@[^@\s,;<>\"']+\.[^@\s,;<>\"'.]+$")


class InvalidRecipients(ValueError):
    """A list of addresses that cannot be stored as asked (a bad address, an unknown organisation)."""


@dataclass(frozen=True)
class SentDigest:
    """One digest sent: to whom, for which division of which organisation, counted on which day."""

    org_name: str
    division: str
    as_of: date
    recipients: tuple[str, ...]
    sent_at: datetime


def addresses_in(text: str) -> list[str]:
    """The addresses of a text an editor typed: separated by commas, semicolons, spaces or new lines."""
    return [part for part in re.split(r"[\s,;]+", text or "") if part]


def clean_addresses(addresses: Sequence[str]) -> list[str]:
    """The addresses trimmed, lower-cased, without repeats, in the order given; InvalidRecipients
    names the first that is not an address."""
    cleaned: list[str] = []
    for address in addresses:
        text = str(address).strip().lower()
        if not text:
            continue
        if not _EMAIL.match(text):
            raise InvalidRecipients(f"'{address}' is not an e-mail address")
        if text not in cleaned:
            cleaned.append(text)
    return cleaned


def set_recipients(store: Path | None, org_name: str, division: str, addresses: Sequence[str],
                   actor: str | EditorScope, reason: str = "", *, now: datetime | None = None) -> bool:
    """Make `addresses` the whole list of one division's recipients (an empty list removes them);
    False when the list was already so (nothing is written)."""
    emails = clean_addresses(addresses)
    org_name, division = org_name.strip(), division.strip()
    if not division:
        raise InvalidRecipients("name the division")
    now = now or datetime.now()
    scope = as_scope(actor)
    changed = False
    with scoped_write(store) as con:
        places = {r.name: r.province if isinstance(r.province, str) else None
                  for r in sql.run(con, "write/organisations").itertuples()}
        if org_name not in places:
            raise InvalidRecipients(f"the store has no organisation named {org_name}")
        scope.require("set_recipients", org_name, places[org_name])
        before = sql.run(con, "digest/recipients", orgs=[org_name])
        old = sorted(before.loc[before["division"] == division, "email"].tolist())
        if old == sorted(emails):
            raise Unchanged
        sql.execute(con, "write/delete_digest_recipients", org_name=org_name, division=division)
        insert_rows(con, "digest_recipients", [(org_name, division, e, now, scope.actor) for e in emails],
                    ["org_name", "division", "email", "changed_at", "changed_by"])
        # Named by organisation and division in `field`: the audit log's rows of a recipients list
        # name no measure or import.
        insert_rows(con, "audit_log", [audit_row(next_ids(con), now, scope.actor, "set_recipients",
                                                 field=f"recipients {org_name} / {division}",
                                                 old_value=", ".join(old) or None,
                                                 new_value=", ".join(emails) or None,
                                                 reason=reason.strip() or None)])
        changed = True
    return changed


def record_sent(store: Path | None, sent: Sequence[SentDigest]) -> None:
    """Remember digests as sent, so that a later run for the same date leaves them out."""
    if not sent:
        return
    with write_session(store) as con:
        recorded = set()
        for as_of in sorted({s.as_of for s in sent}):
            found = sql.run(con, "digest/sent", as_of=as_of, orgs=sorted({s.org_name for s in sent}))
            recorded |= {(o, d, as_of) for o, d in zip(found["org_name"], found["division"], strict=True)}
        new = [s for s in sent if (s.org_name, s.division, s.as_of) not in recorded]
        if not new:
            raise Unchanged
        insert_rows(con, "sent_digests",
                    [(s.org_name, s.division, s.as_of, list(s.recipients), s.sent_at) for s in new],
                    ["org_name", "division", "as_of", "recipients", "sent_at"])

"""`python -m ita digest`: each division's digest written as .eml files to look at, or sent.

Sending is done once per organisation, division and as-of date: the digests already recorded as
sent for the date (sent_digests) are left out and named, and each digest delivered to anyone is
recorded, in one write when the run ends, also when it ends early (an interrupt, a failure): only a
killed process can forget what it sent. A recipient the server refuses is reported; the others
still get the message, and the digest counts as sent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from ita.analytics.digest import DivisionDigest, digests, read_frames
from ita.mail.smtp import SettingMissing, SmtpSettings, read_settings, send
from ita.present.digest_mail import digest_message, file_name
from ita.present.labels import format_date, t
from ita.store.reader import StoreReader
from ita.store.recipients import SentDigest, record_sent

MAIL_LANG = "th"  # the digests are written for Thai agencies' divisions
EML_SENDER = "ita-tracker@localhost"  # a .eml file to look at names this sender when no [smtp] is set


def setting_message(missing: SettingMissing, lang: str) -> str:
    return t(missing.code, lang).format(key=missing.key, file=missing.file, value=missing.value)


def digest_command(store: Path | None, as_of: date, days: int, *, send_mail: bool, out: Path | None,
                   orgs: tuple[str, ...], lang: str, say: Callable[[str], None] = print,
                   warn: Callable[[str], None] = print) -> int:
    """Write or send the digests; 0 when every one with recipients went out (or was written),
    1 when a recipient was refused or a send failed, 2 when a setting is missing."""
    settings: SmtpSettings | None = None
    if send_mail:
        try:
            settings = read_settings()  # before anything is read or sent: a missing setting stops the run
        except SettingMissing as missing:
            warn(setting_message(missing, lang))
            return 2
    reader = StoreReader(store)
    try:
        frames = read_frames(reader, orgs, as_of, days)
        already = reader.query("digest/sent", as_of=as_of, orgs=list(orgs))
    finally:
        reader.close()
    found = digests(frames, as_of, days)
    unknown = [org for org in orgs if org not in set(frames.completion["org_name"])]
    for org in unknown:
        warn(t("cli_digest_no_org", lang).format(org=org))
    if not found:
        if not unknown:
            warn(t("cli_digest_empty", lang))
        return 1
    for digest in found:
        if not digest.recipients:
            say(t("cli_digest_no_recipients", lang).format(org=digest.org_name, division=digest.division))
    addressed = [d for d in found if d.recipients]
    if settings is None:
        return _write(addressed, out or Path(f"digests-{as_of.isoformat()}"), lang, say)
    sent_before = set(zip(already["org_name"], already["division"], strict=True))
    for digest in addressed:
        if digest.key in sent_before:
            say(t("cli_digest_already_sent", lang).format(as_of=format_date(as_of, lang), org=digest.org_name,
                                                         division=digest.division))
    due = [d for d in addressed if d.key not in sent_before]
    if not due:
        say(t("cli_digest_nothing", lang).format(as_of=format_date(as_of, lang)))
        return 0
    return 1 if _send(store, due, settings, lang, say, warn) else 0


def _write(addressed: list[DivisionDigest], out: Path, lang: str, say: Callable[[str], None]) -> int:
    try:
        sender = read_settings().sender
    except SettingMissing:
        sender = EML_SENDER
    out.mkdir(parents=True, exist_ok=True)
    for digest in addressed:
        path = out / file_name(digest)
        path.write_bytes(bytes(digest_message(digest, sender, MAIL_LANG)))
        say(t("cli_digest_wrote", lang).format(file=path, to=", ".join(digest.recipients)))
    return 0


def _send(store: Path | None, due: list[DivisionDigest], settings: SmtpSettings, lang: str,
          say: Callable[[str], None], warn: Callable[[str], None]) -> bool:
    """Send each digest; True when any recipient was refused or any send failed."""
    sent: list[SentDigest] = []
    trouble = False
    try:
        for digest in due:
            words = {"org": digest.org_name, "division": digest.division}
            delivery = send(settings, digest_message(digest, settings.sender, MAIL_LANG))
            if delivery.delivered:
                sent.append(SentDigest(digest.org_name, digest.division, digest.as_of, delivery.delivered,
                                       datetime.now()))
                say(t("cli_digest_sent", lang).format(**words, to=", ".join(delivery.delivered)))
            if delivery.refused:
                trouble = True
                refused = "; ".join(f"{address} ({answer})" for address, answer in delivery.refused.items())
                warn(t("cli_digest_refused", lang).format(**words, to=refused))
            if delivery.failed:
                trouble = True
                warn(t("cli_digest_failed", lang).format(**words, tries=delivery.tries, reason=delivery.failed))
    finally:
        record_sent(store, sent)
    return trouble

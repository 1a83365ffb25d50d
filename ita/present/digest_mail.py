"""A division's digest as an e-mail: Thai by default, a plain-text part and an HTML part, UTF-8.

Every number in it says what it counts: the organisation, the fiscal year, the division and the
as-of date are in the subject and again beside each count, so a message forwarded on its own
still reads right.
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pandas as pd

from ita.analytics.digest import DivisionDigest, Row
from ita.present.labels import format_date, format_pct, status_label, t, year_label


def subject(digest: DivisionDigest, lang: str = "th") -> str:
    return t("digest_subject", lang).format(**_words(digest, lang))


def digest_message(digest: DivisionDigest, sender: str, lang: str = "th", *,
                   now: datetime | None = None) -> EmailMessage:
    """The e-mail for one division, addressed to its recipients (the message names no one else)."""
    message = EmailMessage()
    message["Subject"] = subject(digest, lang)
    message["From"] = sender
    message["To"] = ", ".join(digest.recipients)
    message["Date"] = format_datetime((now or datetime.now()).astimezone())
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(plain_text(digest, lang), charset="utf-8")
    message.add_alternative(html_text(digest, lang), subtype="html", charset="utf-8")
    return message


def _words(digest: DivisionDigest, lang: str) -> dict[str, object]:
    return {
        "org": digest.org_name, "year": year_label(digest.fiscal_year, lang), "division": digest.division,
        "as_of": format_date(digest.as_of, lang), "days": digest.days,
        "until": format_date(digest.as_of + timedelta(days=digest.days), lang),
        "overdue": len(digest.overdue), "due_soon": len(digest.due_soon),
        "measures": digest.completion.measures, "done": digest.completion.done,
        "pct": format_pct(digest.completion.completion_pct, lang),
    }


def _sections(digest: DivisionDigest, lang: str) -> list[tuple[str, tuple[Row, ...], str]]:
    """(heading, rows, what `days` means) of each list, the shared ones only when they hold rows."""
    words = _words(digest, lang)
    sections = [(t("digest_overdue_heading", lang).format(**words), digest.overdue, "digest_days_late"),
                (t("digest_due_soon_heading", lang).format(**words), digest.due_soon, "digest_days_left")]
    shared = {**words, "overdue": len(digest.shared_overdue), "due_soon": len(digest.shared_due_soon)}
    if digest.shared_overdue:
        sections.append((t("digest_shared_overdue_heading", lang).format(**shared), digest.shared_overdue,
                         "digest_days_late"))
    if digest.shared_due_soon:
        sections.append((t("digest_shared_due_soon_heading", lang).format(**shared), digest.shared_due_soon,
                         "digest_days_left"))
    return sections


def _row_words(row: Row, days_key: str, lang: str) -> tuple[str, str, str]:
    """What a measure is, when it is due (and how many days late or left), its status."""
    what = f"{row['indicator']}: {row['action'] or row['item_text']}"
    end = row["period_end"]
    due = t("digest_due", lang).format(date=format_date(pd.Timestamp(end).date(), lang), period=row["period"] or "",
                                       days=t(days_key, lang).format(days=int(row["days"])))
    return what, due, status_label(str(row["status"]), lang)


def plain_text(digest: DivisionDigest, lang: str = "th") -> str:
    words = _words(digest, lang)
    lines = [t("digest_title", lang).format(**words), "", t("digest_completion", lang).format(**words)]
    for heading, rows, days_key in _sections(digest, lang):
        lines += ["", heading]
        if not rows:
            lines.append(f"  {t('digest_none', lang)}")
        for number, row in enumerate(rows, start=1):
            what, due, status = _row_words(row, days_key, lang)
            lines.append(f"  {number}. {what}")
            lines.append(f"     {due}; {status}")
    lines += ["", t("digest_footer", lang).format(**words)]
    return "\n".join(lines) + "\n"


def html_text(digest: DivisionDigest, lang: str = "th") -> str:
    words = _words(digest, lang)
    esc = html.escape
    parts = [f'<!DOCTYPE html><html lang="{esc(lang)}"><head><meta charset="utf-8">',
             f"<title>{esc(subject(digest, lang))}</title></head>",
             '<body style="font-family: Sarabun, \'Noto Sans Thai\', Tahoma, sans-serif; line-height: 1.5">',
             f"<h2>{esc(t('digest_title', lang).format(**words))}</h2>",
             f"<p>{esc(t('digest_completion', lang).format(**words))}</p>"]
    headers = (t("col_indicator", lang) + " / " + t("col_action", lang), t("digest_col_due", lang),
               t("col_status", lang))
    for heading, rows, days_key in _sections(digest, lang):
        parts.append(f"<h3>{esc(heading)}</h3>")
        if not rows:
            parts.append(f"<p>{esc(t('digest_none', lang))}</p>")
            continue
        parts.append('<table border="1" cellpadding="4" cellspacing="0" style="border-collapse: collapse">'
                     "<thead><tr><th>#</th>" + "".join(f"<th>{esc(h)}</th>" for h in headers)
                     + "</tr></thead><tbody>")
        for number, row in enumerate(rows, start=1):
            cells = (str(number), *_row_words(row, days_key, lang))
            parts.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>")
        parts.append("</tbody></table>")
    parts.append(f"<p><small>{esc(t('digest_footer', lang).format(**words))}</small></p></body></html>")
    return "\n".join(parts) + "\n"


def file_name(digest: DivisionDigest) -> str:
    """A file name for the digest's .eml: the organisation and division as written (Thai is fine on
    Linux), the characters a path cannot hold replaced."""
    def safe(text: str) -> str:
        return "".join("_" if c in '/\\:*?"<>|' or c.isspace() else c for c in text)

    return f"{digest.as_of.isoformat()}_{safe(digest.org_name)}_{safe(digest.division)}.eml"


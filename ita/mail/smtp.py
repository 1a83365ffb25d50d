"""Sending e-mail through the SMTP server named in `.streamlit/secrets.toml` under `[smtp]`.

The secrets file is the one the app reads (`.streamlit/secrets.toml` of the project folder; the
ITA_SECRETS variable names another, as tests do). Every setting must be there: a missing or bad
one is refused in one line (`SettingMissing`) before anything is sent. `user = ""` means the server
takes mail without a login (a relay on the same machine).

A send that fails for a reason that may pass (the server unreachable, a dropped connection, a
temporary 4xx answer) is tried again, `tries` times in all, waiting `backoff_s`, then twice that,
and so on. Recipients the server refuses are reported, not retried; the others still get the message.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from ita.paths import REPO_ROOT

SECRETS = REPO_ROOT / ".streamlit" / "secrets.toml"
KEYS = ("host", "port", "starttls", "user", "password", "sender")
TIMEOUT_S = 30.0


def secrets_path() -> Path:
    return Path(os.environ.get("ITA_SECRETS") or SECRETS)


class SettingMissing(Exception):
    """A setting of [smtp] is missing or wrong; `code` is its label (smtp_missing, smtp_bad, smtp_no_file)."""

    def __init__(self, code: str, file: Path, key: str = "", value: object = "") -> None:
        self.code, self.file, self.key, self.value = code, file, key, value
        super().__init__(f"{code}: [smtp] {key} in {file}")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    starttls: bool
    user: str
    password: str = field(repr=False)
    sender: str
    tries: int = 3  # optional in [smtp]: tries per message, and the first wait between them
    backoff_s: float = 2.0


def read_settings(path: Path | None = None) -> SmtpSettings:
    """The [smtp] section of the secrets file, every key checked; `SettingMissing` names the first wrong one."""
    path = path or secrets_path()
    try:
        with path.open("rb") as handle:
            section = tomllib.load(handle).get("smtp")
    except FileNotFoundError:
        raise SettingMissing("smtp_no_file", path) from None
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingMissing("smtp_bad", path, "", str(error).splitlines()[0]) from None
    if not isinstance(section, dict):
        raise SettingMissing("smtp_missing", path, KEYS[0])
    for key in KEYS:
        if key not in section:
            raise SettingMissing("smtp_missing", path, key)
    port, starttls = section["port"], section["starttls"]
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise SettingMissing("smtp_bad", path, "port", port)
    if not isinstance(starttls, bool):
        raise SettingMissing("smtp_bad", path, "starttls", starttls)
    for key in ("host", "sender"):
        if not isinstance(section[key], str) or not section[key].strip():
            raise SettingMissing("smtp_missing" if section[key] == "" else "smtp_bad", path, key, section[key])
    if "@" not in section["sender"]:
        raise SettingMissing("smtp_bad", path, "sender", section["sender"])
    for key in ("user", "password"):
        if not isinstance(section[key], str):
            raise SettingMissing("smtp_bad", path, key, "")
    tries, backoff_s = section.get("tries", 3), section.get("backoff_s", 2.0)
    if not isinstance(tries, int) or isinstance(tries, bool) or tries < 1:
        raise SettingMissing("smtp_bad", path, "tries", tries)
    if not isinstance(backoff_s, int | float) or isinstance(backoff_s, bool) or backoff_s < 0:
        raise SettingMissing("smtp_bad", path, "backoff_s", backoff_s)
    return SmtpSettings(section["host"].strip(), port, starttls, section["user"], section["password"],
                        section["sender"].strip(), tries, float(backoff_s))


@dataclass(frozen=True)
class Delivery:
    """What became of one message: who got it, whom the server refused (address: its answer), and
    the reason it was not sent at all (None when it was)."""

    delivered: tuple[str, ...]
    refused: dict[str, str]
    failed: str | None
    tries: int


# Worth another try: the connection, a timeout, a temporary (4xx) answer.
def _passing(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, OSError | smtplib.SMTPServerDisconnected)


def send(settings: SmtpSettings, message: EmailMessage, *, sleep: Callable[[float], None] = time.sleep) -> Delivery:
    """Send one message to the addresses of its To header, trying again as the module says
    (`settings.tries` in all, waiting `settings.backoff_s`, doubled each time)."""
    tries, backoff_s = settings.tries, settings.backoff_s
    recipients = [a.strip() for a in str(message["To"] or "").split(",") if a.strip()]
    error: Exception | None = None
    for attempt in range(1, max(1, tries) + 1):
        try:
            refused = _send_once(settings, message, recipients)
        except smtplib.SMTPRecipientsRefused as every:  # nobody took it: no retry, the answers are the report
            return Delivery((), _answers(every.recipients), None, attempt)
        except (OSError, smtplib.SMTPException) as failure:
            error = failure
            if not _passing(failure) or attempt >= tries:
                return Delivery((), {}, _reason(failure), attempt)
            sleep(backoff_s * 2 ** (attempt - 1))
            continue
        answers = _answers(refused)
        return Delivery(tuple(a for a in recipients if a not in answers), answers, None, attempt)
    return Delivery((), {}, _reason(error) if error else "not sent", tries)


def _send_once(settings: SmtpSettings, message: EmailMessage, recipients: list[str]) -> dict:
    with smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_S) as server:
        if settings.starttls:
            server.starttls(context=ssl.create_default_context())
        if settings.user:
            server.login(settings.user, settings.password)
        return server.send_message(message, from_addr=settings.sender, to_addrs=recipients)


def _answers(refused: dict) -> dict[str, str]:
    return {address: f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
            for address, (code, reply) in refused.items()}


def _reason(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"{error.smtp_code} {text}".splitlines()[0]
    return (str(error) or type(error).__name__).splitlines()[0]

"""Editor accounts: salted PBKDF2-SHA256 password hashes (Python's standard library).

Accounts live outside the code: in `.streamlit/secrets.toml` under `[editors]`
(`username = "pbkdf2_sha256$…"`) or in the ITA_EDITORS environment variable
(`user1=pbkdf2_sha256$…;user2=…`). `python -m ita hash-password NAME` prints a line to paste.
Which organisations an account may change is in `access.py`. Failed sign-ins are limited per
user name (`SignInLimiter`) and logged through the `ita.store.auth` logger.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping

log = logging.getLogger(__name__)

ALGORITHM = "pbkdf2_sha256"
# OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256: slow enough to make guessing costly.
ITERATIONS = 600_000
# Checked against for unknown usernames, so a wrong name costs as much time as a wrong password.
_DUMMY_HASH = f"{ALGORITHM}${ITERATIONS}${'0' * 32}$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


def hash_password(password: str, *, iterations: int = ITERATIONS, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations)
    return f"{ALGORITHM}${iterations}${salt}${base64.b64encode(digest).decode('ascii')}"


def verify_password(password: str, encoded: str) -> bool:
    """True when `password` matches `encoded`; a malformed hash never matches."""
    try:
        algorithm, iterations, salt, expected = encoded.split("$", 3)
        if algorithm != ALGORITHM:
            return False
        candidate = hash_password(password, iterations=int(iterations), salt=salt)
    except (ValueError, UnicodeEncodeError):
        return False
    return hmac.compare_digest(candidate.split("$", 3)[3], expected)


def editors_from(secrets_section: Mapping[str, str] | None, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Username → password hash, from a secrets section and the ITA_EDITORS variable."""
    accounts = {str(k): str(v) for k, v in (secrets_section or {}).items()}
    raw = (environ if environ is not None else os.environ).get("ITA_EDITORS", "")
    for entry in filter(None, (part.strip() for part in raw.split(";"))):
        name, _, encoded = entry.partition("=")
        if name and encoded:
            accounts[name.strip()] = encoded.strip()
    return accounts


def authenticate(accounts: Mapping[str, str], username: str, password: str) -> bool:
    encoded = accounts.get(username.strip())
    if encoded is None:
        verify_password(password, _DUMMY_HASH)
        return False
    return verify_password(password, encoded)


class SignInLimiter:
    """At most `attempts` failed sign-ins per user name in any `window_s` seconds (process-wide).

    Pure: the clock is injected, so tests need not wait. Counting per name (not per browser)
    stops a guesser who opens a new session for each try; the price is that a guesser can lock
    a real editor out for one window, which is why the window is short.
    """

    def __init__(self, attempts: int = 5, window_s: float = 15 * 60,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.attempts = attempts
        self.window_s = window_s
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, username: str) -> deque[float]:
        failures = self._failures.setdefault(_key(username), deque())
        cutoff = self._clock() - self.window_s
        while failures and failures[0] <= cutoff:
            failures.popleft()
        return failures

    def blocked_for(self, username: str) -> float:
        """Seconds until this name may try again; 0 when it may try now."""
        with self._lock:
            failures = self._recent(username)
            if len(failures) < self.attempts:
                return 0.0
            return max(0.0, failures[0] + self.window_s - self._clock())

    def failed(self, username: str) -> None:
        with self._lock:
            self._recent(username).append(self._clock())

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(_key(username), None)


def _key(username: str) -> str:
    return username.strip().lower()


def sign_in(limiter: SignInLimiter, accounts: Mapping[str, str], username: str, password: str) -> str:
    """"ok", "failed" or "locked"; every failure and every lock-out is logged (never the password)."""
    if limiter.blocked_for(username) > 0:
        log.warning("sign-in refused for %r: too many failed attempts", username.strip()[:64])
        return "locked"
    if authenticate(accounts, username, password):
        limiter.succeeded(username)
        log.info("editor %r signed in", username.strip()[:64])
        return "ok"
    limiter.failed(username)
    log.warning("failed sign-in for %r", username.strip()[:64])
    return "failed"


# One per app process: every session's failures count against the same name.
LIMITER = SignInLimiter()

"""Editor accounts: salted PBKDF2-SHA256 password hashes (Python's standard library).

Accounts live outside the code: in `.streamlit/secrets.toml` under `[editors]`
(`username = "pbkdf2_sha256$…"`) or in the ITA_EDITORS environment variable
(`user1=pbkdf2_sha256$…;user2=…`). `python -m ita hash-password NAME` prints a line to paste.
Which organisations an account may change is in `access.py`. Failed sign-ins are limited per
user name (`SignInLimiter`, counted before the hash, in bounded memory, with a bounded number of
hashes at once) and logged through the `ita.store.auth` logger.
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
from collections import OrderedDict
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

    An attempt is counted when it starts (`reserve`), under the lock, before its password is
    hashed: parallel attempts cannot all slip past the check while the first is still hashing,
    and a locked name is refused without a hash. A success clears the name (`succeeded`).

    Memory is bounded: at most `max_names` names are tracked; a new name beyond that first evicts
    the names whose failures have all expired, else the least recently failed one. Evicting a live
    name unlocks it early, but filling the table takes `max_names` fresh attempts, each paying for a
    hash, and no more than `concurrent_hashes` hashes run at once (`hashing`; default one per core),
    so a flood of guesses queues instead of keeping every core and server thread busy hashing.
    """

    def __init__(self, attempts: int = 5, window_s: float = 15 * 60,
                 clock: Callable[[], float] = time.monotonic, *, max_names: int = 10_000,
                 concurrent_hashes: int | None = None) -> None:
        self.attempts = attempts
        self.window_s = window_s
        self.max_names = max_names
        self._clock = clock
        # Name → times of its counted attempts (the newest `attempts`), least recently failed first.
        self._failures: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()
        self._hashes = threading.BoundedSemaphore(concurrent_hashes or os.cpu_count() or 1)

    def __len__(self) -> int:
        """How many names are tracked."""
        return len(self._failures)

    def _recent(self, key: str, now: float) -> list[float] | None:
        """The name's failures within the window; an expired name is forgotten."""
        failures = self._failures.get(key)
        if failures is None:
            return None
        cutoff = now - self.window_s
        while failures and failures[0] <= cutoff:
            failures.pop(0)
        if not failures:
            del self._failures[key]
            return None
        return failures

    def _wait(self, failures: list[float] | None, now: float) -> float:
        if failures is None or len(failures) < self.attempts:
            return 0.0
        # Only the newest `attempts` are kept: the lock lifts when the oldest of them ages out.
        return max(0.0, failures[0] + self.window_s - now)

    def _count(self, key: str, failures: list[float] | None, now: float) -> None:
        if failures is None:
            self._make_room(now)
            failures = self._failures[key] = []
        else:
            self._failures.move_to_end(key)
        failures.append(now)
        del failures[:-self.attempts]

    def _make_room(self, now: float) -> None:
        if len(self._failures) < self.max_names:
            return
        cutoff = now - self.window_s
        # Least recently failed first, so every name all of whose failures expired is at the front.
        while self._failures and next(iter(self._failures.values()))[-1] <= cutoff:
            self._failures.popitem(last=False)
        while len(self._failures) >= self.max_names:
            self._failures.popitem(last=False)

    def blocked_for(self, username: str) -> float:
        """Seconds until this name may try again; 0 when it may try now. Asking tracks nothing."""
        with self._lock:
            now = self._clock()
            return self._wait(self._recent(_key(username), now), now)

    def reserve(self, username: str) -> float:
        """Count an attempt before its password is checked: 0.0 when it may go ahead (it counts as a
        failure until `succeeded`), else the seconds until the name may try again (nothing counted)."""
        with self._lock:
            now, key = self._clock(), _key(username)
            failures = self._recent(key, now)
            wait = self._wait(failures, now)
            if not wait:
                self._count(key, failures, now)
            return wait

    def failed(self, username: str) -> None:
        """Count a failure that was not reserved."""
        with self._lock:
            now, key = self._clock(), _key(username)
            self._count(key, self._recent(key, now), now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(_key(username), None)

    def hashing(self) -> threading.BoundedSemaphore:
        """Held while a password is hashed (`with limiter.hashing():`): at most `concurrent_hashes` at once."""
        return self._hashes


def _key(username: str) -> str:
    # Bounded, so a megabyte typed as a user name is not kept as one (no account name is this long).
    return username.strip().lower()[:256]


def sign_in(limiter: SignInLimiter, accounts: Mapping[str, str], username: str, password: str) -> str:
    """"ok", "failed" or "locked"; every failure and every lock-out is logged (never the password).

    The attempt is counted before the hash (`SignInLimiter.reserve`), so parallel guesses at one
    name get at most `attempts` hashes between them and the rest are "locked" at once."""
    if limiter.reserve(username) > 0:
        log.warning("sign-in refused for %r: too many failed attempts", username.strip()[:64])
        return "locked"
    with limiter.hashing():
        accepted = authenticate(accounts, username, password)
    if accepted:
        limiter.succeeded(username)
        log.info("editor %r signed in", username.strip()[:64])
        return "ok"
    log.warning("failed sign-in for %r", username.strip()[:64])
    return "failed"


# One per app process: every session's failures count against the same name.
LIMITER = SignInLimiter()

"""Editor accounts: salted PBKDF2-SHA256 password hashes (Python's standard library).

Accounts live outside the code: in `.streamlit/secrets.toml` under `[editors]`
(`username = "pbkdf2_sha256$…"`) or in the ITA_EDITORS environment variable
(`user1=pbkdf2_sha256$…;user2=…`). `python -m ita hash-password` prints a line to paste.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping

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

"""Editor accounts: password hashes, sign-in limits, the hash-password command, secrets kept out of git."""

import logging
import os
import subprocess
import sys

import pytest

from ita.store.auth import SignInLimiter, authenticate, editors_from, hash_password, sign_in, verify_password

from conftest import REPO


def test_hash_and_verify():
    encoded = hash_password("correct horse battery", iterations=1000)
    assert encoded.startswith("pbkdf2_sha256$1000$")
    assert verify_password("correct horse battery", encoded)
    assert not verify_password("wrong", encoded)
    assert hash_password("same", iterations=1000) != hash_password("same", iterations=1000)  # salted


def test_malformed_hashes_never_match():
    for encoded in ("", "plain", "md5$1$x$y", "pbkdf2_sha256$abc$s$h"):
        assert not verify_password("x", encoded)


def test_accounts_from_secrets_and_environment():
    accounts = editors_from({"somchai": "h1"}, {"ITA_EDITORS": "malee=h2; ;bad;dao=h3"})
    assert accounts == {"somchai": "h1", "malee": "h2", "dao": "h3"}


def test_unknown_users_are_refused():
    accounts = {"somchai": hash_password("pw-0123456789", iterations=1000)}
    assert authenticate(accounts, " somchai ", "pw-0123456789")
    assert not authenticate(accounts, "malee", "pw-0123456789")


# --- failed sign-ins are limited per user name and logged ------------------------------------


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_five_failures_in_fifteen_minutes_lock_that_name_only():
    clock = Clock()
    limiter = SignInLimiter(attempts=5, window_s=900, clock=clock)
    for _ in range(5):
        assert limiter.blocked_for("somchai") == 0
        limiter.failed("somchai")
        clock.now += 60
    assert limiter.blocked_for("somchai") == pytest.approx(900 - 300)  # the first failure ages out at 1900
    assert limiter.blocked_for(" SOMCHAI ") > 0  # the same name, however typed
    assert limiter.blocked_for("malee") == 0
    clock.now += 600
    assert limiter.blocked_for("somchai") == 0  # one failure fell out of the window
    limiter.failed("somchai")
    assert limiter.blocked_for("somchai") > 0
    limiter.succeeded("somchai")
    assert limiter.blocked_for("somchai") == 0


def test_a_locked_name_is_refused_even_with_the_right_password_and_it_is_logged(caplog):
    accounts = {"somchai": hash_password("pw-0123456789", iterations=1000)}
    limiter = SignInLimiter(attempts=3, window_s=900, clock=Clock())
    with caplog.at_level(logging.INFO, logger="ita.store.auth"):
        assert [sign_in(limiter, accounts, "somchai", "wrong") for _ in range(3)] == ["failed"] * 3
        assert sign_in(limiter, accounts, "somchai", "pw-0123456789") == "locked"
    messages = [r.getMessage() for r in caplog.records]
    assert sum("failed sign-in for 'somchai'" in m for m in messages) == 3
    assert any("too many failed attempts" in m for m in messages)
    assert not any("wrong" in m or "pw-0123456789" in m for m in messages)  # never a password


def test_the_manage_page_locks_a_name_after_repeated_failures(seed_store, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import ita.store.auth as auth

    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setattr(auth, "LIMITER", SignInLimiter(attempts=2, window_s=900, clock=Clock()))
    monkeypatch.setenv("ITA_DB", str(seed_store))
    monkeypatch.setenv("ITA_EDITORS", "somchai=" + hash_password("correct horse battery", iterations=1000))
    monkeypatch.setenv("ITA_EDITOR_SCOPES", "somchai=*")
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/manage.py").run()
    assert any("โหลดหน้าใหม่" in c.value for c in at.caption)  # says plainly that a reload signs out
    for password in ("wrong", "wrong", "correct horse battery"):
        at.text_input(key="mg_user").input("somchai")
        at.text_input(key="mg_password").input(password)
        at.button(key="mg_sign_in_button").click().run()
    assert any("ผิดหลายครั้งเกินไป" in e.value for e in at.error)
    assert not at.get("file_uploader")  # still a viewer


def test_viewers_are_shown_commands_never_a_hash(seed_store, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.delenv("ITA_EDITORS", raising=False)
    monkeypatch.setenv("ITA_DB", str(seed_store))
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/manage.py").run()
    shown = " ".join(c.value for c in at.code) + " ".join(i.value for i in at.info)
    assert "pbkdf2" not in shown and "600000" not in shown
    assert ".venv/bin/python -m ita hash-password somchai" in shown  # works as printed (see below)


# --- hash-password: asks without echo, reads stdin when it is not a terminal -----------------

def hash_cli(*args, input):
    return subprocess.run([sys.executable, "-m", "ita", "hash-password", *args], cwd=REPO, input=input,
                          capture_output=True, text=True, env=dict(os.environ, ITA_LANG="en"), timeout=120)


def test_hash_password_reads_the_password_from_stdin():
    result = hash_cli("somchai", input="correct horse battery\n")
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("somchai = "))
    encoded = line.split(" = ", 1)[1].strip('"')
    assert encoded.startswith("pbkdf2_sha256$600000$")
    assert verify_password("correct horse battery", encoded)
    assert "correct horse battery" not in result.stdout + result.stderr


def test_hash_password_refuses_an_empty_or_short_password_and_never_takes_one_as_an_argument():
    empty = hash_cli("somchai", input="\n")
    assert empty.returncode == 1 and "cannot be empty" in empty.stderr and "pbkdf2" not in empty.stdout
    short = hash_cli("somchai", input="short\n")
    assert short.returncode == 1 and "10 characters" in short.stderr
    as_argument = hash_cli("somchai", "correct horse battery", input="")
    assert as_argument.returncode == 2 and "unrecognized arguments" in as_argument.stderr


def test_secrets_toml_is_ignored_by_git():
    result = subprocess.run(["git", "check-ignore", "--no-index", ".streamlit/secrets.toml"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == ".streamlit/secrets.toml"

"""The sign-in lock holds against parallel attempts, costs no hash once a name is locked, and keeps
its memory bounded however many names are tried.

The attack: the limiter was asked before the ~0.4 s password hash and told of the failure after it,
so eight sessions clicking at once all got their guess checked; 20 threads gave 19 "failed" and one
sign-in, never "locked". Every failed name stayed in memory for good.
"""

import threading
import tracemalloc
from collections import Counter

import pytest

import ita.store.auth as auth
from ita.store.auth import SignInLimiter, hash_password, sign_in

PASSWORD = "pw-0123456789"
THREADS = 20


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def accounts():
    return {"somchai": hash_password(PASSWORD, iterations=1000)}


def counting_verify(monkeypatch, hold=None):
    """Wrap verify_password: count its calls and, with `hold`, keep each call waiting until it is set."""
    state = {"calls": 0, "inside": 0, "most_inside": 0}
    changed = threading.Condition()
    real = auth.verify_password

    def verify(password, encoded):
        with changed:
            state["calls"] += 1
            state["inside"] += 1
            state["most_inside"] = max(state["most_inside"], state["inside"])
            changed.notify_all()
        try:
            if hold is not None:
                hold(state, changed)
            return real(password, encoded)
        finally:
            with changed:
                state["inside"] -= 1

    monkeypatch.setattr(auth, "verify_password", verify)
    return state, changed


def test_twenty_parallel_wrong_guesses_give_five_failures_and_fifteen_locks(monkeypatch, accounts):
    release = threading.Event()
    state, changed = counting_verify(monkeypatch, hold=lambda *_: release.wait(timeout=30))
    limiter = SignInLimiter(attempts=5, window_s=900, clock=Clock(), concurrent_hashes=THREADS)
    start = threading.Barrier(THREADS)
    results = []

    def attempt():
        start.wait(timeout=30)
        outcome = sign_in(limiter, accounts, "somchai", "wrong")
        with changed:
            results.append(outcome)
            changed.notify_all()

    threads = [threading.Thread(target=attempt) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    # No hash finishes until every attempt has either been answered or is hashing: on the old code all
    # twenty got past the check together; now the sixth and later are answered without a hash.
    with changed:
        assert changed.wait_for(lambda: len(results) + state["calls"] >= THREADS, timeout=30)
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    assert Counter(results) == {"failed": 5, "locked": 15}
    assert state["calls"] == 5
    assert sign_in(limiter, accounts, "somchai", PASSWORD) == "locked"
    assert state["calls"] == 5  # a locked name costs no hash


def test_the_right_password_after_a_lock_out_is_locked_until_the_window_passes(monkeypatch, accounts):
    state, _ = counting_verify(monkeypatch)
    clock = Clock()
    limiter = SignInLimiter(attempts=5, window_s=900, clock=clock)
    assert [sign_in(limiter, accounts, "somchai", "wrong") for _ in range(5)] == ["failed"] * 5
    assert sign_in(limiter, accounts, "somchai", PASSWORD) == "locked"
    clock.now += 899
    assert sign_in(limiter, accounts, " SomChai ", PASSWORD) == "locked"
    assert state["calls"] == 5
    clock.now += 2
    assert sign_in(limiter, accounts, "somchai", PASSWORD) == "ok"
    assert limiter.blocked_for("somchai") == 0


def test_a_success_clears_the_names_failures(accounts):
    limiter = SignInLimiter(attempts=5, window_s=900, clock=Clock())
    assert [sign_in(limiter, accounts, "somchai", "wrong") for _ in range(4)] == ["failed"] * 4
    assert sign_in(limiter, accounts, "somchai", PASSWORD) == "ok"
    assert [sign_in(limiter, accounts, "somchai", "wrong") for _ in range(6)] == ["failed"] * 5 + ["locked"]


def test_hashes_run_at_most_concurrent_hashes_at_once(monkeypatch):
    """A guesser with many sessions and names cannot keep every core hashing: the hashes queue."""
    names = [f"editor{i}" for i in range(8)]
    accounts = {name: hash_password(PASSWORD, iterations=1000) for name in names}

    def hold(state, changed):
        # Each hash waits (a little) for a third to join it; with two slots none ever does.
        with changed:
            changed.wait_for(lambda: state["inside"] > 2, timeout=0.2)

    state, _ = counting_verify(monkeypatch, hold=hold)
    limiter = SignInLimiter(attempts=5, window_s=900, clock=Clock(), concurrent_hashes=2)
    results = []
    threads = [threading.Thread(target=lambda n=n: results.append(sign_in(limiter, accounts, n, "wrong")))
               for n in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == ["failed"] * len(names)
    assert state["calls"] == len(names) and state["most_inside"] <= 2


def test_a_hundred_thousand_names_are_tracked_within_the_cap():
    clock = Clock()
    limiter = SignInLimiter(attempts=5, window_s=900, clock=clock)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(100_000):
            limiter.failed(f"guess-{i:06d}@example.com")
            clock.now += 0.001  # all within one window: none has expired
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(limiter) <= limiter.max_names == 10_000
    assert grown < 16 * 1024 * 1024  # the old limiter kept every name: about 88 MB here
    # The newest names are the ones kept, and asking about a name never starts tracking it.
    assert limiter.blocked_for("guess-099999@example.com") == 0 and len(limiter) <= limiter.max_names
    for i in range(1000):
        limiter.blocked_for(f"never-tried-{i}")
    assert len(limiter) <= limiter.max_names


def test_expired_names_are_evicted_before_a_live_one():
    clock = Clock()
    limiter = SignInLimiter(attempts=2, window_s=900, clock=clock, max_names=3)
    limiter.failed("a")
    clock.now += 100
    limiter.failed("b")
    clock.now += 100
    for _ in range(2):
        limiter.failed("locked")  # locked at 1200 until 2100
    clock.now = 2050  # a and b have expired; "locked" has not
    limiter.failed("c")
    limiter.failed("d")
    assert len(limiter) == 3
    assert limiter.blocked_for("locked") == pytest.approx(50)
    limiter.failed("e")  # no expired name is left: the oldest live one makes room
    assert len(limiter) == 3 and limiter.blocked_for("locked") == 0


def test_asking_about_names_tracks_none():
    limiter = SignInLimiter(attempts=5, window_s=900, clock=Clock())
    for i in range(1000):
        assert limiter.blocked_for(f"name-{i}") == 0
    assert len(limiter) == 0

from ita.store.auth import authenticate, editors_from, hash_password, verify_password


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

"""Shared fixtures: the reference framework, the seed report, and small stores in temp folders.

Tests never touch data/*.duckdb: every store here is built under pytest's tmp_path.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from ita.present import labels
from ita.read.divisions import load_directory
from ita.store.imports import ingest_paths
from ita.store.reference import framework_from_store, reference_store
from ita.store.session import DEFAULT_REFERENCE

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "reports" / "nongchok_2564.txt"
SAMPLES = sorted((REPO / "data" / "reports" / "samples").glob("*.txt"))


def pytest_configure(config: pytest.Config) -> None:
    # A label key missing from ita/present/labels.py fails the test that shows it, instead of
    # reaching the screen as the bare key.
    labels.STRICT = True


@pytest.fixture(scope="session")
def framework():
    """The framework a new store starts with, read back from a store (in memory) as the product reads it."""
    con = reference_store(DEFAULT_REFERENCE)
    try:
        return framework_from_store(con)
    finally:
        con.close()


@pytest.fixture(scope="session")
def directory():
    with (DEFAULT_REFERENCE / "divisions.csv").open(encoding="utf-8") as handle:
        return load_directory(csv.DictReader(handle))


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture(scope="session")
def seed_v2_bytes(seed_bytes) -> bytes:
    """A second version of the seed report: the two in-progress rows written "ระหว่าง ดำเนินการ" are
    now done (seed_oracle.V2_DONE)."""
    return seed_bytes.replace("ระหว่าง ดำเนินการ".encode(), "ดำเนินการแล้ว".encode())


@pytest.fixture
def seed_v2(seed_v2_bytes, tmp_path) -> Path:
    """`seed_v2_bytes` as a file, ready to import over the seed."""
    path = tmp_path / "nongchok_2564_v2.txt"
    path.write_bytes(seed_v2_bytes)
    return path


@pytest.fixture(scope="session")
def seed_next_year_bytes(seed_v2_bytes) -> bytes:
    """`seed_v2_bytes` as the report of the next fiscal year (every ๒๕๖๔ of the title and periods is
    ๒๕๖๕): the two rows written "ระหว่าง ดำเนินการ" in 2564 are done in 2565 (seed_oracle.V2_DONE)."""
    return seed_v2_bytes.replace("๒๕๖๔".encode(), "๒๕๖๕".encode())


_MONKEYPATCH: list[pytest.MonkeyPatch] = []


@pytest.fixture(autouse=True)
def _current_monkeypatch(monkeypatch):
    # Helpers called from tests without fixtures of their own (test_pages.app) set the environment
    # through the running test's monkeypatch, so it is undone when that test ends.
    _MONKEYPATCH.append(monkeypatch)
    yield
    _MONKEYPATCH.pop()


def use_store(store: Path) -> None:
    """Point the app (ITA_DB) at `store` for the rest of the running test."""
    _MONKEYPATCH[-1].setenv("ITA_DB", str(store))


def _built(tmp_path_factory, name: str, files: list[Path]) -> Path:
    store = tmp_path_factory.mktemp(name) / "ita.duckdb"
    results = ingest_paths(files, store, actor="test")
    assert all(r.refused is None for r in results), [str(r.refused) for r in results]
    return store


@pytest.fixture(scope="session")
def seed_store_master(tmp_path_factory) -> Path:
    return _built(tmp_path_factory, "seed", [SEED])


@pytest.fixture(scope="session")
def demo_store_master(tmp_path_factory) -> Path:
    return _built(tmp_path_factory, "demo", [SEED, *SAMPLES])


@pytest.fixture(scope="session")
def two_year_store_master(tmp_path_factory, seed_next_year_bytes) -> Path:
    folder = tmp_path_factory.mktemp("next_year")
    following = folder / "nongchok_2565.txt"
    following.write_bytes(seed_next_year_bytes)
    return _built(tmp_path_factory, "two_years", [SEED, following])


@pytest.fixture
def two_year_store(two_year_store_master, tmp_path) -> Path:
    """A private copy of a store holding the seed (2564) and `seed_next_year_bytes` (2565)."""
    path = tmp_path / "ita.duckdb"
    shutil.copyfile(two_year_store_master, path)
    return path


@pytest.fixture
def seed_store(seed_store_master, tmp_path) -> Path:
    """A private copy of a store holding only the seed report."""
    path = tmp_path / "ita.duckdb"
    shutil.copyfile(seed_store_master, path)
    return path


@pytest.fixture
def demo_store(demo_store_master, tmp_path) -> Path:
    """A private copy of the demo store: the seed plus the sample years."""
    path = tmp_path / "ita.duckdb"
    shutil.copyfile(demo_store_master, path)
    return path

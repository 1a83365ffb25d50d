"""Shared fixtures: the reference framework, the seed report, and small stores in temp folders.

Tests never touch data/*.duckdb: every store here is built under pytest's tmp_path.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from ita.read.catalogue import load_reference
from ita.read.divisions import load_directory
from ita.store.imports import ingest_paths
from ita.store.session import DEFAULT_REFERENCE

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "reports" / "nongchok_2564.txt"
SAMPLES = sorted((REPO / "data" / "reports" / "samples").glob("*.txt"))


@pytest.fixture(scope="session")
def framework():
    return load_reference(DEFAULT_REFERENCE)


@pytest.fixture(scope="session")
def directory():
    with (DEFAULT_REFERENCE / "divisions.csv").open(encoding="utf-8") as handle:
        return load_directory(csv.DictReader(handle))


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    return SEED.read_bytes()


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

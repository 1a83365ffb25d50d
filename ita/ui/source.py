"""The cached read path: one reader per store file, query results cached per store version."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from ita.analytics import metrics
from ita.store.reader import StoreMissing, StoreOutdated, StoreReader
from ita.store.session import StoreDamaged, default_store_path


@st.cache_resource(max_entries=4)
def _reader(path: str) -> StoreReader:
    return StoreReader(Path(path))


@st.cache_data(ttl=900, max_entries=256, show_spinner=False)
def _cached_query(path: str, version: str, name: str, frozen: tuple) -> pd.DataFrame:
    # `version` changes whenever a writer publishes, so results of an old store are never reused.
    params = {key: list(value) if isinstance(value, tuple) else value for key, value in frozen}
    return _reader(path).query(name, **params)


_LAST_VERSION: dict[str, str] = {}


class CachedSource:
    """`metrics.Queries` over the cached read path of one store file."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self.version = _reader(self.path).version()
        # Results of an older version are never asked for again: free them for everyone at once.
        if _LAST_VERSION.setdefault(self.path, self.version) != self.version:
            _LAST_VERSION[self.path] = self.version
            _cached_query.clear()

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
        # A new frame over the cached data (pandas copies on write): pages may add columns freely.
        return _cached_query(self.path, self.version, name, frozen).copy(deep=False)


def store_path() -> Path:
    return Path(os.environ.get("ITA_DB") or default_store_path())


def store_source() -> CachedSource | None:
    """The store's cached source even when it shows nothing (its history still matters), or None
    when there is no usable store file."""
    st.session_state.pop("_store_damaged", None)
    try:
        candidate = CachedSource(store_path())
        if candidate.version == "missing":
            return None
        candidate.query("store_counts")  # fails on a store of another schema version
        return candidate
    except (StoreMissing, StoreOutdated):
        return None
    except StoreDamaged as damaged:
        # Pages then say what is wrong and how to restore, instead of "no data yet".
        st.session_state["_store_damaged"] = damaged
        return None


def source() -> CachedSource | None:
    """The store's cached source, or None when there is nothing to show yet."""
    candidate = store_source()
    if candidate is None or metrics.organisations(candidate).empty:
        return None
    return candidate


# Script runs at once in this process. Each session's run is a thread holding its frames and
# figures; twenty at once on two cores take no less time in all, only more memory.
RENDER_SLOTS = threading.BoundedSemaphore(int(os.environ.get("ITA_RENDER_SLOTS", "4")))

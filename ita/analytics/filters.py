"""What the user is looking at: the filters every question takes, as SQL parameters.

An empty tuple means "all". Measures shared by every division (ทุกสำนัก/กอง) join a
division filter only with `include_shared`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Filters:
    orgs: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    divisions: tuple[str, ...] = ()
    include_shared: bool = False
    indicators: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    org_types: tuple[str, ...] = ()

    def params(self) -> dict[str, Any]:
        """The named parameters of `filtered_measures(...)` in queries/schema/views.sql."""
        return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()}

    def with_(self, **changes: Any) -> Filters:
        return replace(self, **{k: tuple(v) if isinstance(v, list) else v for k, v in changes.items()})

"""The benchmark's WebSocket client (bench/ws_client.py) against the real app: every page runs
to the end without an exception, and the client sees the page's real content."""

import asyncio
import sys

import seed_oracle as oracle
from browser import running_app
from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from ws_client import PAGES, StreamlitSession


async def view_every_page(url: str) -> list:
    async with StreamlitSession(url, timeout_s=60) as session:
        # The first view opens a shared link. The rest navigate from it, as the menu does.
        results = [await session.view(PAGES[0], "year=2564")]
        for page in PAGES[1:]:
            results.append(await session.view(page))
        assert await session.drain() == []
        return results


def test_one_session_views_every_page(seed_store):
    with running_app(seed_store) as url:
        results = asyncio.run(view_every_page(url))
    for result in results:
        assert result.status == "ok", (result.page, result.errors)
        assert result.errors == [] and "exception" not in result.element_types, result.page
        assert result.deltas > 5, result.page  # a real page, not an empty run
    overview = results[0]
    # The KPI card "measures" carries the seed's 26 measures as its body, "26".
    assert str(oracle.MEASURES) in overview.metrics.values(), overview.metrics
    assert {"plotly_chart", "multiselect"} <= set(overview.element_types)

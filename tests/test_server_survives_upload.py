"""Issue item 5: a 9 KB workbook uploaded by a signed-in editor killed the app server (calamine asked
for 549 GB and the process aborted), taking every viewer with it. Uploaded in a real browser to
the real server, it is refused on the page and the server goes on answering."""

import urllib.request
from pathlib import Path

import pytest
from test_bombs import xlsx_far_cell
from test_browser_manage import PASSWORD, sign_in

from ita.store.auth import hash_password
from ita.store.imports import ingest_paths

from browser import CHROMIUM, browser_page, running_app
from conftest import SEED

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():  # pragma: no cover
    pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (see .ci/run)", pytrace=False)


def _health(url: str) -> bytes:
    return urllib.request.urlopen(f"{url}/_stcore/health", timeout=5).read()


def test_the_far_cell_workbook_is_refused_and_the_server_lives(tmp_path):
    store = tmp_path / "ita.duckdb"
    ingest_paths([SEED], store)
    before = store.read_bytes()
    bomb = tmp_path / "far_cell.xlsx"
    bomb.write_bytes(xlsx_far_cell())
    editors = {"ITA_EDITORS": "somchai=" + hash_password(PASSWORD, iterations=1000),
               "ITA_EDITOR_SCOPES": "somchai=*"}
    with running_app(store, env=editors) as url, browser_page() as page:
        page.goto(f"{url}/manage")
        sign_in(page)
        page.get_by_role("tab", name="นำเข้ารายงาน").click()
        panel = page.get_by_role("tabpanel", name="นำเข้ารายงาน")
        panel.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bomb))
        refusal = page.get_by_text("นำเข้าไม่ได้: far_cell.xlsx")
        refusal.wait_for()
        assert "แถว 1,048,576" in refusal.inner_text()  # the reason, in Thai
        assert _health(url) == b"ok"
        # The same page keeps working: the server that read the upload is the one still serving it.
        page.reload()
        page.get_by_text("คุณกำลังดูข้อมูลในฐานะผู้ชม").wait_for()
        assert _health(url) == b"ok"
    assert store.read_bytes() == before

"""Due soon and the divisions' digests: counts from the seed, recipients, .eml files, sending to a
local SMTP server (aiosmtpd on 127.0.0.1), refusals, retries, and never sending a digest twice.

Counted by hand from data/reports/nongchok_2564.txt: 26 measures, 22 done; the 4 in progress are
all สำนักปลัด's (lines 29, 30, 41, 42), and every period of the report is "ตลอด(ปีงบประมาณ) ๒๕๖๔",
fiscal year 2564 = 1 Oct 2020 - 30 Sep 2021. So on 15 Sep 2021 the 4 are due within 30 days (15
days left) and none is overdue; on 1 Oct 2021 the 4 are overdue by 1 day and none is due soon; on
1 Aug 2021 none is due within 30 days (60 days left) but all 4 within 60. The other divisions:
กองคลัง (its own row and งานพัสดุ กองคลัง's 3) is all done; ทุกสำนัก/กอง's 11 shared rows are done.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import socket
from datetime import date

import pytest
from aiosmtpd.controller import Controller

from ita.analytics import digest, views
from ita.analytics.filters import Filters
from ita.cli import cli_actor, main
from ita.mail.smtp import read_settings
from ita.store.access import EditorScope, NotAllowed
from ita.store.imports import ingest_paths
from ita.store.reader import StoreReader
from ita.store.recipients import InvalidRecipients, set_recipients

import seed_oracle as oracle

ORG = "เทศบาลตำบลหนองจอก"
OWN = "สำนักปลัด"
FINANCE = "กองคลัง"
SENDER = "ita@nongchok.go.th"
HAND_COUNTED = [  # as_of, days, due soon (all สำนักปลัด), overdue
    (date(2021, 9, 15), 30, 4, 0),
    (date(2021, 10, 1), 30, 0, 4),
    (date(2021, 8, 1), 30, 0, 0),
    (date(2021, 8, 1), 60, 4, 0),
    (date(2021, 9, 30), 0, 4, 0),  # due on its end date: due soon that day, overdue from the next
]


@pytest.mark.parametrize(("as_of", "days", "due", "overdue"), HAND_COUNTED)
def test_due_soon_counts_the_seed_as_counted_by_hand(seed_store, as_of, days, due, overdue):
    reader = StoreReader(seed_store)
    found = views.due_soon(reader, Filters(), as_of, days)
    assert found.total == due
    assert found.by_division.to_dict("records") == ([{"name": OWN, "is_shared": False, "measures": due}]
                                                    if due else [])
    assert views.open_items(reader, Filters(), None, as_of).totals["overdue"] == overdue


def test_due_soon_follows_the_status_filter_and_the_latest_status(two_year_store):
    # 2565 has the two "ระหว่าง ดำเนินการ" rows done; its periods end 30 Sep 2022.
    reader = StoreReader(two_year_store)
    assert views.due_soon(reader, Filters(), date(2022, 9, 15), 30).total == oracle.IN_PROGRESS - 2
    assert views.due_soon(reader, Filters(statuses=("done",)), date(2022, 9, 15), 30).total == 0
    # Over both years, a 2564 measure is listed at its 2565 status: none ends in Sep 2021 any more.
    assert views.due_soon(reader, Filters(), date(2021, 9, 15), 30).total == 0
    assert views.due_soon(reader, Filters(years=(2564,)), date(2021, 9, 15), 30).total == 4


def test_summary_json_has_due_soon_per_division_and_the_total(seed_store, capsys):
    assert main(["summary", "--json", "--as-of", "2021-09-15", "--db", str(seed_store)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["due_soon"] == {"days": 30, "until": "2021-10-15", "total": 4,
                                  "by_division": [{"name": OWN, "label": OWN, "measures": 4}]}
    assert result["overdue"] == 0
    assert main(["summary", "--json", "--as-of", "2021-08-01", "--days", "60", "--db", str(seed_store)]) == 0
    assert json.loads(capsys.readouterr().out)["due_soon"]["total"] == 4
    assert main(["summary", "--json", "--as-of", "2021-10-01", "--db", str(seed_store)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["due_soon"]["total"], result["due_soon"]["by_division"], result["overdue"]) == (0, [], 4)


# ---------------------------------------------------------------- recipients
def test_recipients_are_set_listed_replaced_and_audited(seed_store, capsys):
    assert main(["recipients", "set", "--org", ORG, "--division", OWN, "--email", "Palad@nongchok.go.th",
                 "--email", "head@nongchok.go.th", "--db", str(seed_store)]) == 0
    assert main(["recipients", "list", "--db", str(seed_store)]) == 0
    assert f"{ORG} / {OWN}: head@nongchok.go.th, palad@nongchok.go.th" in capsys.readouterr().out
    assert not set_recipients(seed_store, ORG, OWN, ["head@nongchok.go.th", "palad@nongchok.go.th"], "cli")
    assert set_recipients(seed_store, ORG, OWN, ["head@nongchok.go.th"], "somchai", "palad moved")
    audit = StoreReader(seed_store).query("audit_log", orgs=[], years=[], limit=None)
    rows = audit[audit["action"] == "set_recipients"]
    columns = ["actor", "field", "old_value", "new_value", "reason"]
    assert rows[columns].astype(object).where(rows[columns].notna(), None).values.tolist() == [
        ["somchai", f"recipients {ORG} / {OWN}", "head@nongchok.go.th, palad@nongchok.go.th",
         "head@nongchok.go.th", "palad moved"],
        [cli_actor(), f"recipients {ORG} / {OWN}", None, "palad@nongchok.go.th, head@nongchok.go.th", None],
    ]


def test_an_editor_sets_recipients_only_for_their_organisations(seed_store):
    other = EditorScope.parse("malee", ["อบต.บ้านไผ่"])
    with pytest.raises(NotAllowed):
        set_recipients(seed_store, ORG, OWN, ["a@nongchok.go.th"], other)
    audit = StoreReader(seed_store).query("audit_log", orgs=[], years=[], limit=None)
    assert audit[audit["action"] == "refused"][["actor", "field"]].values.tolist() == [["malee", "set_recipients"]]
    assert StoreReader(seed_store).query("digest/recipients", orgs=[]).empty
    assert set_recipients(seed_store, ORG, OWN, ["a@nongchok.go.th"], EditorScope.parse("somchai", [ORG]))


@pytest.mark.parametrize("address", ["palad nongchok.go.th", "palad@nongchok", "a@b.go.th, c@d.go.th"])
def test_a_bad_address_is_refused_and_nothing_stored(seed_store, address, capsys):
    with pytest.raises(InvalidRecipients):
        set_recipients(seed_store, ORG, OWN, [address], "cli")
    assert main(["recipients", "set", "--org", ORG, "--division", OWN, "--email", address,
                 "--db", str(seed_store)]) == 1
    assert capsys.readouterr().err.startswith("REFUSED")
    assert StoreReader(seed_store).query("digest/recipients", orgs=[]).empty


def test_recipients_of_an_unknown_organisation_are_refused(seed_store):
    with pytest.raises(InvalidRecipients, match="no organisation"):
        set_recipients(seed_store, "เทศบาลตำบลอื่น", OWN, ["a@nongchok.go.th"], "cli")


# ---------------------------------------------------------------- the digests
def test_each_division_gets_its_digest_with_the_organisations_completion(seed_store):
    found = digest.digests(digest.read_frames(StoreReader(seed_store), (), date(2021, 10, 1), 30),
                           date(2021, 10, 1))
    assert [(d.division, len(d.overdue), len(d.due_soon)) for d in found] == [(FINANCE, 0, 0), (OWN, 4, 0)]
    own = found[1]
    assert (own.org_name, own.fiscal_year, own.completion) == (ORG, 2564, digest.Completion(26, 22, 84.6))
    assert [row["days"] for row in own.overdue] == [1, 1, 1, 1]
    assert not own.shared_overdue and not own.shared_due_soon


def _with_recipients(store) -> None:
    set_recipients(store, ORG, OWN, ["palad@nongchok.go.th", "head@nongchok.go.th"], "cli")


def _messages(folder):
    return {path.name: email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(folder.glob("*.eml"))}


def test_without_send_the_digests_are_written_as_eml_files(seed_store, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ITA_SECRETS", str(tmp_path / "none.toml"))
    _with_recipients(seed_store)
    out = tmp_path / "eml"
    assert main(["digest", "--as-of", "2021-09-15", "--out", str(out), "--db", str(seed_store)]) == 0
    printed = capsys.readouterr().out
    assert f"ไม่มีผู้รับ: {ORG} / {FINANCE}" in printed  # the division without recipients is named
    messages = _messages(out)
    assert list(messages) == [f"2021-09-15_{ORG}_{OWN}.eml"]
    message = next(iter(messages.values()))
    assert message["To"] == "head@nongchok.go.th, palad@nongchok.go.th"
    assert message["Subject"] == (f"ITA {ORG} ปีงบประมาณ 2564 {OWN}: เกินกำหนด 0 ครบกำหนดใน 30 วัน 4 "
                                  "(ณ วันที่ 15 ก.ย. 2564)")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert message.get_body(("plain",)).get_content_charset() == "utf-8"
    assert f"({ORG} ปีงบประมาณ 2564 ทุกสำนัก/กอง): ดำเนินการแล้ว 22 จาก 26 มาตรการ (84.6%)" in text
    assert f"มาตรการของ{OWN}ที่เกินกำหนด ณ วันที่ 15 ก.ย. 2564: 0 มาตรการ" in text
    assert f"มาตรการของ{OWN}ที่ครบกำหนดภายใน 30 วัน (15 ก.ย. 2564 ถึง 15 ต.ค. 2564): 4 มาตรการ" in text
    listed = [line.split(": ", 1)[1] for line in text.splitlines() if line[:5].strip().rstrip(".").isdigit()]
    assert len(listed) == 4
    assert all(any(a.startswith(start) for a in listed) for start in oracle.OPEN_ACTIONS)
    assert text.count("ครบกำหนด 30 ก.ย. 2564 (ตลอดปีงบประมาณ ๒๕๖๔), อีก 15 วัน; ระหว่างดำเนินการ") == 4
    assert html.count("<tr><td>") == 4 and "อีก 15 วัน" in html


# ---------------------------------------------------------------- sending
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Collect:
    """An SMTP server's handler keeping each message; refuses the addresses in `refuse`, and answers
    the first `busy` messages with a temporary failure."""

    def __init__(self, refuse: tuple[str, ...] = (), busy: int = 0) -> None:
        self.envelopes: list = []
        self.refuse = refuse
        self.busy = busy

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.busy:
            self.busy -= 1
            return "451 4.3.0 try again later"
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(request):
    handler = Collect(**getattr(request, "param", {}))
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, handler
    controller.stop()
    asyncio.set_event_loop(None)


def _secrets(tmp_path, monkeypatch, server_port: int, **changes) -> None:
    settings = {"host": '"127.0.0.1"', "port": str(server_port), "starttls": "false", "user": '""', "password": '""',
                "sender": f'"{SENDER}"', "tries": "3", "backoff_s": "0"}
    settings.update(changes)
    lines = ["[editors]", 'somchai = "x"', "", "[smtp]"]
    lines += [f"{key} = {value}" for key, value in settings.items() if value is not None]
    path = tmp_path / "secrets.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("ITA_SECRETS", str(path))


def _received(handler) -> list[tuple[tuple[str, ...], email.message.EmailMessage]]:
    return [(tuple(e.rcpt_tos), email.message_from_bytes(e.original_content, policy=email.policy.default))
            for e in handler.envelopes]


def test_send_delivers_each_divisions_digest_once_per_date(seed_store, smtp_server, tmp_path, monkeypatch, capsys):
    controller, handler = smtp_server
    _secrets(tmp_path, monkeypatch, controller.port)
    _with_recipients(seed_store)
    set_recipients(seed_store, ORG, FINANCE, ["klang@nongchok.go.th"], "cli")
    assert main(["digest", "--as-of", "2021-10-01", "--send", "--db", str(seed_store)]) == 0
    received = _received(handler)
    assert [(to, m["Subject"]) for to, m in received] == [
        (("klang@nongchok.go.th",), f"ITA {ORG} ปีงบประมาณ 2564 {FINANCE}: เกินกำหนด 0 ครบกำหนดใน 30 วัน 0 "
                                    "(ณ วันที่ 1 ต.ค. 2564)"),
        (("head@nongchok.go.th", "palad@nongchok.go.th"),
         f"ITA {ORG} ปีงบประมาณ 2564 {OWN}: เกินกำหนด 4 ครบกำหนดใน 30 วัน 0 (ณ วันที่ 1 ต.ค. 2564)"),
    ]
    assert all(m["From"] == SENDER for _, m in received)
    own = received[1][1].get_body(("plain",)).get_content()
    assert own.count("เกินมา 1 วัน; ระหว่างดำเนินการ") == 4
    finance = received[0][1].get_body(("plain",)).get_content()
    assert f"มาตรการของ{FINANCE}ที่เกินกำหนด ณ วันที่ 1 ต.ค. 2564: 0 มาตรการ\n  ไม่มี" in finance
    sent = StoreReader(seed_store).query("digest/sent", as_of=date(2021, 10, 1), orgs=[])
    assert sent["division"].tolist() == [FINANCE, OWN]
    assert [list(r) for r in sent["recipients"]] == [["klang@nongchok.go.th"],
                                                     ["head@nongchok.go.th", "palad@nongchok.go.th"]]
    capsys.readouterr()
    # The same date again: nothing is sent, and the run says so.
    assert main(["digest", "--as-of", "2021-10-01", "--send", "--db", str(seed_store)]) == 0
    assert len(handler.envelopes) == 2
    out = capsys.readouterr().out
    assert f"ส่งไปแล้วสำหรับวันที่ 1 ต.ค. 2564: {ORG} / {OWN}" in out
    assert "ไม่มีสรุปที่ต้องส่งสำหรับวันที่ 1 ต.ค. 2564" in out
    # Another date is another digest.
    assert main(["digest", "--as-of", "2021-10-02", "--send", "--org", ORG, "--db", str(seed_store)]) == 0
    assert len(handler.envelopes) == 4


@pytest.mark.parametrize("smtp_server", [{"refuse": ("palad@nongchok.go.th",)}], indirect=True)
def test_a_refused_recipient_is_reported_and_the_others_still_get_it(seed_store, smtp_server, tmp_path,
                                                                       monkeypatch, capsys):
    controller, handler = smtp_server
    _secrets(tmp_path, monkeypatch, controller.port)
    _with_recipients(seed_store)
    assert main(["digest", "--as-of", "2021-09-15", "--send", "--lang", "en", "--db", str(seed_store)]) == 1
    assert [to for to, _ in _received(handler)] == [("head@nongchok.go.th",)]
    err = capsys.readouterr().err
    assert f"REFUSED by the server: {ORG} / {OWN}: palad@nongchok.go.th (550 5.1.1 no such mailbox)" in err
    sent = StoreReader(seed_store).query("digest/sent", as_of=date(2021, 9, 15), orgs=[])
    assert [list(r) for r in sent["recipients"]] == [["head@nongchok.go.th"]]


@pytest.mark.parametrize("smtp_server", [{"refuse": ("palad@nongchok.go.th", "head@nongchok.go.th")}],
                         indirect=True)
def test_a_digest_every_recipient_refused_is_not_recorded_as_sent(seed_store, smtp_server, tmp_path, monkeypatch,
                                                                   capsys):
    controller, handler = smtp_server
    _secrets(tmp_path, monkeypatch, controller.port)
    _with_recipients(seed_store)
    assert main(["digest", "--as-of", "2021-09-15", "--send", "--db", str(seed_store)]) == 1
    assert not handler.envelopes
    assert "ผู้รับปฏิเสธ" in capsys.readouterr().err
    assert StoreReader(seed_store).query("digest/sent", as_of=date(2021, 9, 15), orgs=[]).empty


@pytest.mark.parametrize("smtp_server", [{"busy": 2}], indirect=True)
def test_a_temporary_failure_is_tried_again(seed_store, smtp_server, tmp_path, monkeypatch, capsys):
    controller, handler = smtp_server
    _secrets(tmp_path, monkeypatch, controller.port)
    _with_recipients(seed_store)
    assert main(["digest", "--as-of", "2021-09-15", "--send", "--db", str(seed_store)]) == 0
    assert len(handler.envelopes) == 1 and handler.busy == 0  # delivered on the third try


@pytest.mark.parametrize("smtp_server", [{"busy": 5}], indirect=True)
def test_a_send_failing_every_try_is_reported_and_not_recorded(seed_store, smtp_server, tmp_path, monkeypatch,
                                                               capsys):
    controller, handler = smtp_server
    _secrets(tmp_path, monkeypatch, controller.port, tries="2")
    _with_recipients(seed_store)
    assert main(["digest", "--as-of", "2021-09-15", "--send", "--lang", "en", "--db", str(seed_store)]) == 1
    assert handler.busy == 3  # two tries, then given up
    assert f"FAILED {ORG} / {OWN} after 2 tries: 451 4.3.0 try again later" in capsys.readouterr().err
    assert StoreReader(seed_store).query("digest/sent", as_of=date(2021, 9, 15), orgs=[]).empty


@pytest.mark.parametrize(("key", "value", "words"), [
    ("host", None, "[smtp] host is not set"),
    ("sender", None, "[smtp] sender is not set"),
    ("password", None, "[smtp] password is not set"),
    ("port", '"twenty-five"', "[smtp] port in"),
    ("starttls", '"yes"', "[smtp] starttls in"),
])
def test_a_missing_setting_is_refused_in_one_line_and_nothing_sent(seed_store, smtp_server, tmp_path, monkeypatch,
                                                                   capsys, key, value, words):
    controller, handler = smtp_server
    _secrets(tmp_path, monkeypatch, controller.port, **{key: value})
    _with_recipients(seed_store)
    assert main(["digest", "--as-of", "2021-09-15", "--send", "--lang", "en", "--db", str(seed_store)]) == 2
    err = capsys.readouterr().err
    assert words in err and str(tmp_path / "secrets.toml") in err and err.count("\n") == 1
    assert not handler.envelopes
    assert StoreReader(seed_store).query("digest/sent", as_of=date(2021, 9, 15), orgs=[]).empty


def test_no_secrets_file_is_refused(seed_store, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ITA_SECRETS", str(tmp_path / "absent.toml"))
    assert main(["digest", "--as-of", "2021-09-15", "--send", "--db", str(seed_store)]) == 2
    assert "absent.toml" in capsys.readouterr().err


def test_settings_are_read_from_the_secrets_file(tmp_path, monkeypatch):
    _secrets(tmp_path, monkeypatch, 2525, user='"ita"', password='"s3cret"', starttls="true")
    settings = read_settings()
    assert (settings.host, settings.port, settings.starttls, settings.user, settings.sender) == (
        "127.0.0.1", 2525, True, "ita", SENDER)
    assert "s3cret" not in repr(settings)


# ---------------------------------------------------------------- the open-items page
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.fixture
def this_year_store(seed_bytes, tmp_path):
    """The seed as the report of the fiscal year running today: its four open measures end on the
    coming 30 September (today at the latest), whatever day the test runs."""
    today = date.today()
    year = today.year + 543 + (1 if today.month >= 10 else 0)
    report = tmp_path / f"nongchok_{year}.txt"
    report.write_bytes(seed_bytes.replace("๒๕๖๔".encode(), str(year).translate(THAI_DIGITS).encode()))
    store = tmp_path / "ita.duckdb"
    results = ingest_paths([report], store, actor="test")
    assert all(r.refused is None for r in results)
    return store


def test_the_open_items_page_shows_due_soon_beside_overdue(this_year_store):
    import streamlit as st
    from test_pages import app, metric

    st.cache_data.clear()
    at = app(this_year_store, "pages/in_progress.py")
    assert metric(at, "เกินกำหนด ณ วันที่") == "0"
    at.number_input(key="due_days").set_value(366).run()
    assert not at.exception
    assert metric(at, "ครบกำหนดภายใน 366 วัน นับจาก") == "4"
    heading = next(h.value for h in at.subheader if h.value.startswith("ใกล้ครบกำหนด"))
    assert heading == "ใกล้ครบกำหนด: ภายใน 366 วัน (4)"
    table = next(d.value for d in at.dataframe if "days_left" in d.value.columns)
    assert len(table) == 4 and all(any(a.startswith(s) for a in table["action"]) for s in oracle.OPEN_ACTIONS)
    at.number_input(key="due_days").set_value(0).run()
    expected = "4" if (date.today().month, date.today().day) == (9, 30) else "0"
    assert metric(at, "ครบกำหนดภายใน 0 วัน นับจาก") == expected


def test_an_editor_keeps_a_divisions_recipients_on_the_manage_page(seed_store, monkeypatch):
    import streamlit as st
    from test_manage import manage, sign_in

    st.cache_data.clear()
    st.cache_resource.clear()
    viewer = manage(seed_store, monkeypatch=monkeypatch)
    assert not [s for s in viewer.selectbox if s.key == "rc_org"]  # addresses are for editors' eyes only
    at = sign_in(manage(seed_store, monkeypatch=monkeypatch))
    assert at.selectbox(key="rc_org").value == ORG
    assert at.selectbox(key="rc_division").options == [FINANCE, OWN]
    at.selectbox(key="rc_division").select(OWN).run()
    at.text_area(key=f"rc_emails_{ORG}_{OWN}").input("palad@nongchok.go.th,\nHead@nongchok.go.th").run()
    at.text_input(key="rc_reason").input("ผู้รับผิดชอบใหม่")
    at.button(key="rc_save").click().run()
    assert not at.exception
    assert any("บันทึกผู้รับแล้ว" in s.value for s in at.success)
    stored = StoreReader(seed_store).query("digest/recipients", orgs=[])
    assert stored[["division", "email", "changed_by"]].values.tolist() == [
        [OWN, "head@nongchok.go.th", "somchai"], [OWN, "palad@nongchok.go.th", "somchai"]]
    table = next(d.value for d in at.dataframe if "อีเมล" in d.value.columns)
    assert table.values.tolist() == [[FINANCE, "(ไม่มีผู้รับ)"], [OWN, "head@nongchok.go.th, palad@nongchok.go.th"]]
    at.text_area(key=f"rc_emails_{ORG}_{OWN}").input("palad-at-nongchok.go.th").run()
    at.button(key="rc_save").click().run()
    assert any("palad" in e.value and "is not an e" in e.value for e in at.error)  # shown markdown-escaped
    assert len(StoreReader(seed_store).query("digest/recipients", orgs=[])) == 2

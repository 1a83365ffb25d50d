"""ITA scores: the rating rules by hand, the year join, a scores file in and out, refusals, scope, CLI."""

import io
import json

import duckdb
import pandas as pd
import pytest
from openpyxl import Workbook
from test_cli import ita

from ita.analytics import scores as score_views
from ita.analytics.filters import Filters
from ita.analytics.ratings import rated, rules
from ita.analytics.views import scope_of
from ita.present.scores import capped_sentence, export_frame
from ita.read.records import ImportRefused
from ita.read.scores import Rules, assessments_for, parse_scores_file, read_rules
from ita.store.access import EditorScope, NotAllowed
from ita.store.reader import StoreReader
from ita.store.scores import ScoresRefused, import_scores
from ita.store.session import DEFAULT_REFERENCE as REFERENCE

NONGCHOK = "เทศบาลตำบลหนองจอก"
HEADER = "organisation,year,total,iit,eit,oit," + ",".join(f"indicator_{n}" for n in range(1, 11))
# The hand-made file of the issue: 2563 (B: 78.5 is in 75–84.99) and 2564 (A: 86.3 is in 85–94.99).
SCORES_2563_2564 = "\n".join([
    HEADER,
    f"{NONGCHOK},2563,78.5,88.2,82.1,68.4,90,87,80,88,90,80,84,82,72,65",
    f"{NONGCHOK},2564,86.3,91,84.2,84.6,92,90,89,91,93,83,85,84.5,88,80",
]) + "\n"


@pytest.fixture(scope="module")
def the_rules() -> Rules:
    return read_rules(REFERENCE / "ita_rating_rules.csv")


def tools(iit, eit, oit):
    return {"iit": iit, "eit": eit, "oit": oit}


# ---------------------------------------------------------------- the rules, computed by hand
@pytest.mark.parametrize(("year", "total", "expected"), [
    # 2564–2565: bands of the total alone; the instruments do not matter.
    (2564, 100, "AA"), (2564, 95, "AA"), (2564, 94.99, "A"), (2565, 94.99, "A"), (2565, 85, "A"),
    (2565, 84.99, "B"), (2564, 75, "B"), (2564, 74.99, "C"), (2564, 65, "C"), (2564, 64.99, "D"),
    (2564, 55, "D"), (2564, 54.99, "E"), (2564, 50, "E"), (2564, 49.99, "F"), (2564, 0, "F"),
])
def test_letter_bands_of_2564_and_2565(the_rules, year, total, expected):
    assert the_rules.rating(year, total, tools(10, 10, 10)) == expected
    assert the_rules.rating(year, total, tools(None, None, None)) == expected


@pytest.mark.parametrize(("total", "instruments", "expected"), [
    (95, (95, 95, 95), "ผ่านดีเยี่ยม"),  # exactly 95 everywhere
    (97, (99, 95, 94.99), "ผ่านดี"),  # one instrument just below 95: not excellent, each still ≥ 85
    (85, (85, 85, 85), "ผ่านดี"),  # exactly 85 everywhere
    (90, (84.99, 92, 93), "ผ่าน"),  # one instrument at 84.99
    (96, (96, 96, 80), "ผ่าน"),  # a total of 96 does not make up for OIT 80
    (85, (70, 90, 95), "ผ่าน"),
    (84.99, (99, 99, 99), "ต้องปรับปรุง"),  # below the pass line, whatever the instruments
    (70, (60, 70, 80), "ต้องปรับปรุง"),
    (69.99, (90, 90, 90), "ต้องปรับปรุงโดยด่วน"),
    (0, (0, 0, 0), "ต้องปรับปรุงโดยด่วน"),
])
def test_named_levels_from_2566(the_rules, total, instruments, expected):
    for year in (2566, 2568):
        assert the_rules.rating(year, total, tools(*instruments)) == expected


def test_a_rating_that_depends_on_an_unknown_instrument_is_not_guessed(the_rules):
    assert the_rules.rating(2566, 90, tools(None, 90, 90)) is None  # ผ่านดี or ผ่าน: only IIT could say
    assert the_rules.rating(2566, 80, tools(None, None, None)) == "ต้องปรับปรุง"  # below 85 it does not matter


def test_a_year_without_rules_has_no_rating(the_rules):
    assert not the_rules.knows(2561) and not the_rules.knows(2570)
    assert the_rules.rating(2570, 99, tools(99, 99, 99)) is None


def test_the_capping_instrument_is_named(the_rules):
    capped = the_rules.capped(2566, 90, tools(91, 82.1, 88))
    assert (capped.tool, capped.score, capped.rating, capped.better) == ("EIT", 82.1, "ผ่าน", "ผ่านดี")
    assert capped_sentence(capped, "en").startswith("EIT 82.1 keeps the rating at Pass")
    assert capped_sentence(capped, "th").startswith("EIT 82.1 ทำให้ผลการประเมินอยู่ที่ระดับ ผ่าน")
    lowest = the_rules.capped(2566, 96, tools(96, 94, 93))  # excellent needs 95: OIT 93 is the lowest
    assert (lowest.tool, lowest.rating, lowest.better) == ("OIT", "ผ่านดี", "ผ่านดีเยี่ยม")
    assert the_rules.capped(2566, 96, tools(96, 96, 96)) is None  # the best rating: nothing caps it
    assert the_rules.capped(2566, 80, tools(96, 96, 60)) is None  # the total itself is below the line
    assert the_rules.capped(2565, 90, tools(50, 50, 50)) is None  # letters: instruments never cap


def test_the_rules_are_data(tmp_path, the_rules):
    text = (REFERENCE / "ita_rating_rules.csv").read_text(encoding="utf-8")
    changed = tmp_path / "ita_rating_rules.csv"
    changed.write_text(text.replace("2566,2569,3,ผ่าน,Pass,85,", "2566,2569,3,ผ่าน,Pass,80,"), encoding="utf-8")
    assert read_rules(changed).rating(2566, 82, tools(90, 90, 70)) == "ผ่าน"
    assert the_rules.rating(2566, 82, tools(90, 90, 70)) == "ต้องปรับปรุง"


def test_rated_frames_match_the_rules(the_rules):
    frame = pd.DataFrame({"assessment_year": [2565, 2566, 2566], "total": [94.99, 90.0, 90.0],
                          "iit": [None, 84.99, None], "eit": [None, 90, 90], "oit": [None, 90, 90]})
    out = rated(frame, the_rules)
    assert out["rating"].tolist()[:2] == ["A", "ผ่าน"] and out["rating"].isna().tolist()[2]
    assert out["passed"].tolist() == [True, True, True]


# ---------------------------------------------------------------- which year meets which
def test_the_measures_of_a_year_are_planned_from_the_year_before_and_judged_by_their_own():
    years = assessments_for(2564)
    assert (years.planned_from, years.judged_by) == (2563, 2564)


# ---------------------------------------------------------------- reading a file
def test_english_and_thai_headers_read_alike(the_rules):
    rows, refused = parse_scores_file("s.csv", SCORES_2563_2564.encode(), the_rules)
    assert not refused and [(r.organisation, r.year, r.total) for r in rows] == [(NONGCHOK, 2563, 78.5),
                                                                                 (NONGCHOK, 2564, 86.3)]
    assert rows[0].tools == tools(88.2, 82.1, 68.4) and rows[0].indicators[3] == 80
    thai = "หน่วยงาน,ปีที่ประเมิน,คะแนนรวม,IIT,EIT,OIT,ตัวชี้วัดที่ 9\n" f"{NONGCHOK},๒๕๖๖,๘๘.๕,,,,70\n"
    rows, refused = parse_scores_file("th.csv", thai.encode(), the_rules)
    assert not refused and (rows[0].year, rows[0].total, rows[0].tools["iit"], rows[0].indicators) == (
        2566, 88.5, None, {9: 70.0})


def test_an_xlsx_file_reads(the_rules):
    book = Workbook()
    for line in SCORES_2563_2564.strip().split("\n"):
        book.active.append([float(c) if c.replace(".", "").isdigit() else c for c in line.split(",")])
    out = io.BytesIO()
    book.save(out)
    rows, refused = parse_scores_file("s.xlsx", out.getvalue(), the_rules)
    assert not refused and [r.year for r in rows] == [2563, 2564] and rows[1].tools["iit"] == 91


def test_bad_rows_are_refused_with_line_and_reason(the_rules):
    text = "\n".join([
        "organisation,year,total,iit,eit,oit,indicator_1,indicator_12",
        f"{NONGCHOK},2563,101,,,,,",  # out of range
        f"{NONGCHOK},2570,80,,,,,",  # a year without rules
        f"{NONGCHOK},2564,80,,-1,,,",  # an instrument out of range
        f"{NONGCHOK},2565,,,,,,",  # no total
        f"{NONGCHOK},2566,80,,,,สูง,",  # not a number
        f"{NONGCHOK},2567,80,,,,,",
        f"{NONGCHOK},2567,81,,,,,",  # the same organisation-year twice
    ])
    rows, refused = parse_scores_file("bad.csv", text.encode(), the_rules)
    assert [(r.line, r.code) for r in refused] == [
        (1, "unknown_indicator"), (2, "out_of_range"), (3, "year_without_rules"), (4, "out_of_range"),
        (5, "no_total"), (6, "not_a_score"), (8, "duplicate")]
    assert refused[0].args == ("indicator_12",) and refused[3].args == ("EIT", "-1")
    assert [r.line for r in rows] == [7]


def test_a_file_without_the_key_columns_is_refused_whole(the_rules):
    with pytest.raises(ImportRefused, match="missing columns: total") as refused:
        parse_scores_file("x.csv", "organisation,year\nก,2564\n".encode(), the_rules)
    assert refused.value.file_name == "x.csv" and refused.value.line == 1


# ---------------------------------------------------------------- storing
def _count(store, table):
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_file_is_stored_rated_and_audited(seed_store, the_rules):
    change = import_scores(seed_store, "s.csv", SCORES_2563_2564.encode(), the_rules)
    assert (change.rows, change.changed, change.values) == (2, 2, 2 * 14)
    reader = StoreReader(seed_store)
    found = score_views.stored_scores(reader, (NONGCHOK,))
    assert dict(zip(found["assessment_year"], found["rating"], strict=True)) == {2563: "B", 2564: "A"}
    log = reader.query("audit_log", orgs=[], years=[], limit=100)
    scored = log[log["action"] == "score"]
    assert len(scored) == 28 and set(scored["field"]) >= {"total", "eit", "indicator_10"}
    # Again unchanged: nothing written; one value changed: one audit row, old and new.
    assert import_scores(seed_store, "s.csv", SCORES_2563_2564.encode(), the_rules).values == 0
    again = import_scores(seed_store, "s2.csv", SCORES_2563_2564.replace(",82.1,", ",83.0,").encode(), the_rules)
    assert (again.changed, again.values) == (1, 1)
    last = StoreReader(seed_store).query("audit_log", orgs=[], years=[], limit=1).iloc[0]
    assert (last["field"], last["old_value"], last["new_value"]) == ("eit", "82.10", "83.00")
    assert NONGCHOK in last["reason"] and "2563" in last["reason"]


def test_any_bad_row_stores_nothing_and_every_reason_is_given(seed_store, the_rules):
    bad = SCORES_2563_2564 + "อบต.ที่ไม่มีในระบบ,2564,80,,,,,,,,,,,,,\n" + f"{NONGCHOK},2565,105,,,,,,,,,,,,,\n"
    with pytest.raises(ScoresRefused) as refused:
        import_scores(seed_store, "bad.csv", bad.encode(), the_rules)
    assert [(r.line, r.code) for r in refused.value.refusals] == [(4, "unknown_organisation"), (5, "out_of_range")]
    assert _count(seed_store, "ita_scores") == 0 and _count(seed_store, "ita_indicator_scores") == 0


def test_an_editor_may_not_score_another_organisation(seed_store, the_rules):
    editor = EditorScope.parse("malee", ["อบต.บ้านไผ่"])
    with pytest.raises(NotAllowed):
        import_scores(seed_store, "s.csv", SCORES_2563_2564.encode(), the_rules, editor)
    assert _count(seed_store, "ita_scores") == 0
    log = StoreReader(seed_store).query("audit_log", orgs=[], years=[], limit=1).iloc[0]
    assert (log["actor"], log["action"], log["new_value"]) == ("malee", "refused", NONGCHOK)
    own = EditorScope.parse("somchai", [NONGCHOK])
    assert import_scores(seed_store, "s.csv", SCORES_2563_2564.encode(), the_rules, own).changed == 2


def test_the_export_reads_back_unchanged(seed_store, the_rules):
    import_scores(seed_store, "s.csv", SCORES_2563_2564.encode(), the_rules)
    reader = StoreReader(seed_store)
    frame = export_frame(score_views.stored_scores(reader), score_views.indicator_scores(reader))
    assert frame["rating"].tolist() == ["B", "A"] and frame["indicator_3"].tolist() == [80, 89]
    data = frame.to_csv(index=False).encode()
    assert import_scores(seed_store, "export.csv", data, the_rules).values == 0


# ---------------------------------------------------------------- the year join in the views
def test_the_overview_sets_the_year_befores_score_beside_this_years_measures(seed_store, the_rules):
    import_scores(seed_store, "s.csv", SCORES_2563_2564.encode(), the_rules)
    reader = StoreReader(seed_store)
    shown = score_views.overview_scores(reader, scope_of(reader, Filters()))
    assert (shown.planned.year, shown.planned.total, shown.planned.rating) == (2563, 78.5, "B")
    assert (shown.judged.year, shown.judged.rating, shown.judged.change) == (2564, "A", 7.8)
    rows = shown.indicators.set_index("indicator_no")
    # The seed's 2564 measures: none for indicator 3, which scored 80 in 2563: weak, no measure planned.
    assert rows.loc[3, "score"] == 80 and rows.loc[3, "measures"] == 0 and rows.loc[3, "no_measure"]
    assert rows.loc[9, "score"] == 72 and rows.loc[9, "measures"] == 7 and not rows.loc[9, "no_measure"]
    assert rows["weak"].tolist() == [s < 85 for s in rows["score"]]


def test_each_years_measures_meet_the_change_that_followed(seed_store, the_rules):
    import_scores(seed_store, "s.csv", SCORES_2563_2564.encode(), the_rules)
    view = score_views.scores(StoreReader(seed_store), Filters())
    year = view.by_year.iloc[0]
    assert (year["fiscal_year"], year["before"], year["after"], year["change"]) == (2564, 78.5, 86.3, 7.8)
    oit = view.by_indicator_year.set_index("indicator_no").loc[9]
    assert (oit["before"], oit["after"], oit["change"], oit["measures"]) == (72, 88, 16, 7)
    assert view.capped == {}  # letters: nothing caps


def test_summary_json_names_the_assessment_that_judges_the_year(seed_store, the_rules):
    assert json.loads(ita("summary", "--json", db=seed_store).stdout)["ita_score"] is None
    import_scores(seed_store, "s.csv", SCORES_2563_2564.encode(), the_rules)
    score = json.loads(ita("summary", "--json", db=seed_store).stdout)["ita_score"]
    assert score == {"year": 2564, "total": 86.3, "rating": "A", "iit": 91.0, "eit": 84.2, "oit": 84.6}


# ---------------------------------------------------------------- the command line
def test_cli_import_show_export(seed_store, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text(SCORES_2563_2564, encoding="utf-8")
    out = ita("scores", "import", path, "--lang", "en", db=seed_store)
    assert "STORED scores.csv: 2 rows, 2 changed, 28 values audited" in out.stdout
    shown = ita("scores", "show", "--org", NONGCHOK, "--lang", "en", db=seed_store).stdout
    assert "ITA 2020  Total 78.50  B  IIT 88.20  EIT 82.10  OIT 68.40" in shown
    assert "ITA 2564  คะแนนรวม 86.30  A" in ita("scores", "show", "--org", NONGCHOK, db=seed_store).stdout
    for kind in ("csv", "xlsx"):
        target = tmp_path / f"out.{kind}"
        ita("scores", "export", "--format", kind, "-o", target, db=seed_store)
        assert "0 changed" in ita("scores", "import", target, "--lang", "en", db=seed_store).stdout


def test_cli_refusals_name_line_and_reason_and_store_nothing(seed_store, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + f"\n{NONGCHOK},2563,101,,,,,,,,,,,,,\nไม่มี,2564,80,,,,,,,,,,,,,\n", encoding="utf-8")
    out = ita("scores", "import", path, "--lang", "en", db=seed_store, check=False)
    assert out.returncode == 1
    assert "REFUSED bad.csv, line 2: total 101 is outside 0–100" in out.stderr
    assert "REFUSED bad.csv, line 3: unknown organisation 'ไม่มี'" in out.stderr
    assert "nothing stored" in out.stderr
    assert ita("scores", "show", "--org", NONGCHOK, db=seed_store, check=False).returncode == 1


def test_the_shipped_rules_are_the_ones_the_app_uses():
    assert rules().rating(2565, 94.99, tools(None, None, None)) == "A"


def test_a_scores_workbook_reaching_past_its_bounds_is_refused_before_it_is_opened(tmp_path):
    """The scores tab reads uploads in the app's process: the 9 KB workbook whose one cell at
    XFD1048576 aborted the server (issue 34) must be refused before openpyxl sizes the sheet by it."""
    import io
    import zipfile

    from ita.analytics.ratings import rules
    from ita.read.records import ImportRefused
    from ita.read.scores import parse_scores_file

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                      'package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        book.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                      'main"><sheets><sheet name="s" sheetId="1"/></sheets></workbook>')
        book.writestr("xl/worksheets/sheet1.xml", '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                      '2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr">'
                      '<is><t>organisation</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
                      '</sheetData></worksheet>')
    with pytest.raises(ImportRefused, match=r"bomb\.xlsx: a sheet has a cell at row 1,048,576"):
        parse_scores_file("bomb.xlsx", buffer.getvalue(), rules())

"""The open-items rule, "each measure once, at its latest status within the chosen years", as computed
by latest_filtered_ids and latest_measure_ids (queries/schema/framework_views.sql) agrees with the
rule written plainly, and queries/latest_measures.sql gives the same frames when it skips the rule
(one year in scope) and when it ranks each group's first rows without sorting them all.

The macros are written for speed (narrow keys; only the filtered measures of earlier years are looked
up, against the measures of their key, rather than every key numbered and ranked). REFERENCE below
is the rule as first written: the key of every
measure (measure_item_key, the code put in the latest year's numbering through the crosswalk), then
repeats numbered in report order, then the latest year of each (organisation, key, nth). The demo
store (seven years, codes renumbered, merged and split by the crosswalk, a year without codes) gets
rows that reach every branch: a key repeated in a year, a code of a tool the framework lists in both
years but the crosswalk does not link, codes of a tool it does not list, measures known by their
text only (spaces differing), an empty code, two organisations with the same codes, and a year 64
years before another (its years share a bit in the macro's year count).
"""

from __future__ import annotations

import itertools
import random
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ita.analytics import metrics, views
from ita.analytics.filters import Filters
from ita.store import edits, session, sql
from ita.store.check import check_store
from ita.store.imports import ingest_paths
from ita.store.reader import StoreReader
from ita.store.session import write_session

REFERENCE = """
WITH picked AS (
    SELECT m.measure_id, m.org_name, m.fiscal_year, m.seq, m.tool, m.indicator, m.item_code, m.item_text, m.item_match
    FROM filtered_measures($orgs, $years, [], false, [], [], [], [], []) m
),
latest AS (SELECT max(fiscal_year) AS y_to FROM picked),
successor AS (
    SELECT c.from_year, c.from_code, min(c.to_code) AS to_code
    FROM crosswalk_all_paths c JOIN latest l ON c.to_year = l.y_to
    GROUP BY c.from_year, c.from_code
),
listed AS (SELECT DISTINCT fiscal_year, tool FROM framework_items),
keyed AS (
    SELECT p.measure_id, p.org_name, p.fiscal_year, p.seq,
           measure_item_key(
               p.indicator,
               CASE WHEN p.fiscal_year = l.y_to OR p.item_code IS NULL THEN p.item_code
                    WHEN s.to_code IS NOT NULL THEN s.to_code
                    WHEN EXISTS (SELECT 1 FROM listed a WHERE a.fiscal_year = p.fiscal_year AND a.tool = p.tool)
                     AND EXISTS (SELECT 1 FROM listed b WHERE b.fiscal_year = l.y_to AND b.tool = p.tool)
                        THEN p.fiscal_year || ':' || p.item_code
                    -- A code the framework gave, into a year whose framework lists none of the tool: the text.
                    WHEN p.item_match IN ('topic', 'topic_text', 'topic_order', 'name')
                     AND NOT EXISTS (SELECT 1 FROM listed b WHERE b.fiscal_year = l.y_to AND b.tool = p.tool)
                        THEN NULL
                    ELSE p.item_code END,
               p.item_text) AS item_key
    FROM picked p
    CROSS JOIN latest l
    LEFT JOIN successor s ON s.from_year = p.fiscal_year AND s.from_code = p.item_code
),
numbered AS (
    SELECT *, row_number() OVER (PARTITION BY org_name, fiscal_year, item_key ORDER BY seq) AS nth
    FROM keyed
)
SELECT measure_id
FROM numbered
QUALIFY row_number() OVER (PARTITION BY org_name, item_key, nth ORDER BY fiscal_year DESC) = 1
"""

SEED = Path(__file__).resolve().parent.parent / "data" / "reports" / "nongchok_2564.txt"
NONG_CHOK, OTHER = 1, 2
OTHER_NAME = "เทศบาลตำบลทดสอบกฎ"
TEXT = "การเปิดเผยข้อมูล"
# (measure_id, org_id, fiscal_year, seq, tool, indicator, item_code, item_text, status)
ADDED = [
    # x1, a tool no framework lists: its code is the key in every year. Three in 2566, two in 2567.
    (9001, NONG_CHOK, 2566, 201, "ZIT", TEXT, "x1", "หนึ่ง", "in_progress"),
    (9002, NONG_CHOK, 2566, 202, "ZIT", TEXT, "x1", "หนึ่ง", "in_progress"),
    (9003, NONG_CHOK, 2566, 203, "ZIT", TEXT, "x1", "หนึ่ง", "in_progress"),
    (9004, NONG_CHOK, 2567, 202, "ZIT", TEXT, "x1", "หนึ่ง", "done"),
    (9005, NONG_CHOK, 2567, 201, "ZIT", TEXT, "x1", "หนึ่ง", "in_progress"),
    # x2 of OIT, which the framework lists every year, linked by no crosswalk: a code of its own year.
    (9010, NONG_CHOK, 2566, 210, "OIT", TEXT, "x2", "สอง", "in_progress"),
    (9011, NONG_CHOK, 2567, 210, "OIT", TEXT, "x2", "สอง", "in_progress"),
    # No code: known by indicator and text without spaces; an empty code of ZIT is no code either.
    (9020, NONG_CHOK, 2568, 220, None, TEXT, None, "ทดสอบ ข้อความ  ยาว", "in_progress"),
    (9021, NONG_CHOK, 2569, 220, None, TEXT, None, "ทดสอบข้อความ ยาว", "not_started"),
    (9022, NONG_CHOK, 2568, 221, "ZIT", TEXT, "", "ว่าง", "in_progress"),
    (9023, NONG_CHOK, 2569, 221, "ZIT", TEXT, None, "ว่าง", "in_progress"),
    # An empty code of OIT, listed in both years: "2568:" is a code, so not the text's measure.
    (9024, NONG_CHOK, 2568, 222, "OIT", TEXT, "", "ว่างสอง", "in_progress"),
    (9025, NONG_CHOK, 2569, 222, "OIT", TEXT, None, "ว่างสอง", "in_progress"),
    # Another organisation with the same codes: never the same measure as หนองจอก's.
    (9030, OTHER, 2566, 1, "ZIT", TEXT, "x1", "หนึ่ง", "in_progress"),
    (9031, OTHER, 2566, 2, "ZIT", TEXT, "x1", "หนึ่ง", "in_progress"),
    (9032, OTHER, 2567, 1, "ZIT", TEXT, "x1", "หนึ่ง", "in_progress"),
    # 2500 and 2564 are 64 years apart.
    (9040, NONG_CHOK, 2500, 1, "ZIT", TEXT, "x1", "หนึ่ง", "in_progress"),
    (9041, NONG_CHOK, 2564, 240, "ZIT", TEXT, "x1", "หนึ่ง", "in_progress"),
]


@pytest.fixture
def crafted_store(demo_store: Path) -> Path:
    """The demo store with the rows of ADDED, written into a private copy through write_session
    (rows added without an audit row: the writer refreshes everything it keeps)."""
    with write_session(demo_store) as con:
        con.execute("INSERT INTO organisations (org_id, name) VALUES (?, ?)", [OTHER, OTHER_NAME])
        imports = {(r[1], r[2]) for r in ADDED}
        active = con.execute("SELECT import_id, org_id, fiscal_year FROM imports WHERE state = 'active'").fetchall()
        known = {(org, year): import_id for import_id, org, year in active}
        next_id = con.execute("SELECT max(import_id) + 1 FROM imports").fetchone()[0]
        for org, year in sorted(imports - known.keys()):
            rows = sum(1 for r in ADDED if (r[1], r[2]) == (org, year))
            con.execute("""INSERT INTO imports VALUES (?, ?, ?, 'crafted.txt', '', 'txt', now(), 'test', ?, 0, false,
                           'active', NULL)""", [next_id, org, year, rows])
            known[(org, year)] = next_id
            next_id += 1
        for measure_id, org, year, seq, tool, indicator, code, text, status in ADDED:
            con.execute("""INSERT INTO measures (measure_id, import_id, org_id, fiscal_year, seq, indicator, tool,
                           item_text, item_code, item_match, match_confidence, status, division_keys, shared)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'none', 0, ?, [], false)""",
                        [measure_id, known[(org, year)], org, year, seq, indicator, tool, text, code, status])
        # The reports added to hold their rows, as an import would count them.
        con.execute("UPDATE imports SET row_count = (SELECT count(*) FROM measures m "
                    "WHERE m.import_id = imports.import_id)")
    return demo_store


def _ids(reader: StoreReader, sql: str, orgs: list[str], years: list[int]) -> set[int]:
    with reader.cursor() as cursor:
        return {row[0] for row in cursor.execute(sql, {"orgs": orgs, "years": years}).fetchall()}


def _fast(reader: StoreReader, orgs: list[str], years: list[int]) -> set[int]:
    return _ids(reader, "SELECT measure_id FROM latest_measure_ids($orgs, $years, [], [])", orgs, years)


def test_the_macro_agrees_with_the_rule_written_plainly_for_every_choice_of_years(crafted_store):
    reader = StoreReader(crafted_store)
    with reader.cursor() as cursor:
        years = [y for (y,) in cursor.execute("SELECT DISTINCT fiscal_year FROM imports ORDER BY 1").fetchall()]
    assert len(years) == 8
    choices = [[]] + [list(c) for size in (1, 2, 3) for c in itertools.combinations(years, size)]
    for orgs in ([], [OTHER_NAME]):
        for chosen in choices:
            expected = _ids(reader, REFERENCE, orgs, chosen)
            assert _fast(reader, orgs, chosen) == expected, (orgs, chosen)


def test_repeats_renumbered_codes_and_text_keys_follow_the_rule(crafted_store):
    reader = StoreReader(crafted_store)
    both = _fast(reader, [], [2566, 2567])
    # x1: two in 2567 stand for the first two of 2566; the third of 2566 is latest in 2566.
    assert {9004, 9005, 9003} <= both and not {9001, 9002} & both
    # x2: a code of OIT that no crosswalk links is its own year's, so both rows stand.
    assert {9010, 9011} <= both
    # the other organisation's x1 is its own: its second of 2566 has no counterpart in 2567.
    assert {9031, 9032} <= both and 9030 not in both
    # Renumbered by the crosswalk: 2565's o26 is 2566's o24, and 2565's o28 is 2566's o26.
    with reader.cursor() as cursor:
        code = dict(cursor.execute("""SELECT fiscal_year || item_code, measure_id FROM measures
                                      WHERE org_id = 1 AND fiscal_year IN (2565, 2566)""").fetchall())
    renumbered = _fast(reader, [], [2565, 2566])
    assert {code["2566o24"], code["2566o26"]} <= renumbered
    assert not {code["2565o26"], code["2565o28"]} & renumbered
    assert {code["2565o26"], code["2565o28"]} <= _fast(reader, [], [2565])
    texts = _fast(reader, [], [2568, 2569])
    assert 9021 in texts and 9020 not in texts  # the same text, spaces aside
    assert 9023 in texts and 9022 not in texts  # an empty code is no code
    assert {9024, 9025} <= texts  # ... unless the year's framework lists its tool: "2568:" is a code
    assert _fast(reader, [], [2500, 2564]) >= {9041} and 9040 not in _fast(reader, [], [2500, 2564])


def test_open_items_on_the_crafted_store_count_what_they_list(crafted_store):
    reader = StoreReader(crafted_store)
    view = views.open_items(reader, Filters(years=(2566, 2567)), None, date(2030, 1, 1))
    listed = set(view.items["measure_id"])
    assert {9003, 9005, 9010, 9011, 9031, 9032} <= listed and not {9001, 9002, 9004, 9030} & listed
    assert view.totals["measures"] == len(listed)
    assert view.items["measure_id"].dtype == "int64" and view.by_division["measures"].dtype == "int64"
    groups = view.items.groupby(["division", "is_shared"]).size().to_dict()
    assert groups == {(r.name, r.is_shared): r.measures for r in view.by_division.itertuples()}
    capped = views.open_items(reader, Filters(years=(2566, 2567)), 1, date(2030, 1, 1))
    assert capped.totals == view.totals and capped.by_division.equals(view.by_division)
    assert capped.items.groupby(["division", "is_shared"]).size().max() == 1


def _filtered(reader: StoreReader, filters: Filters) -> set[int]:
    """latest_filtered_ids: the filtered measures that are the latest of their measure."""
    with reader.cursor() as cursor:
        rows = cursor.execute(
            """SELECT measure_id FROM latest_filtered_ids($orgs, $years, $divisions, $include_shared, $indicators,
                                                          $tools, $statuses, $provinces, $org_types)""",
            filters.params()).fetchall()
    return {row[0] for row in rows}


def _chosen(reader: StoreReader, filters: Filters) -> set[int]:
    with reader.cursor() as cursor:
        rows = cursor.execute(
            """SELECT measure_id FROM filtered_measures($orgs, $years, $divisions, $include_shared, $indicators,
                                                        $tools, $statuses, $provinces, $org_types)""",
            filters.params()).fetchall()
    return {row[0] for row in rows}


def test_the_filtered_rule_is_the_filtered_measures_that_the_plain_rule_keeps(crafted_store):
    """The other filters pick among the latest rows: a measure open in 2566 whose 2567 row is done is
    not an open measure of 2566-2567, whatever the filter."""
    reader = StoreReader(crafted_store)
    with reader.cursor() as cursor:
        division = cursor.execute("SELECT min(division) FROM measure_rollup WHERE NOT is_shared").fetchone()[0]
    open_ = ("in_progress", "not_started", "unknown")
    filters = [Filters(statuses=open_), Filters(statuses=("done",)), Filters(divisions=(division,)),
               Filters(divisions=(division,), include_shared=True, statuses=open_), Filters(tools=("ZIT",)),
               Filters(indicators=(TEXT,), statuses=("in_progress",)), Filters(orgs=(OTHER_NAME,), statuses=open_)]
    for base in filters:
        for chosen in ([2566, 2567], [2565, 2566, 2567], [2568, 2569], [2500, 2564], [2567], []):
            picked = base.with_(years=chosen)
            expected = _chosen(reader, picked) & _ids(reader, REFERENCE, list(picked.orgs), chosen)
            assert _filtered(reader, picked) == expected, (base, chosen)
    # 9004 (2567, done) stands for 9001 (2566, open): neither is an open measure of 2566-2567
    assert not {9001, 9004} & _filtered(reader, Filters(years=(2566, 2567), statuses=open_))


def _open_items(reader: StoreReader, filters: Filters, per_division: int | None, several: bool,
                as_of: date) -> list[pd.DataFrame]:
    latest = metrics.latest_measures(reader, filters, per_division, as_of, several_years=several)
    return [pd.DataFrame([latest.totals]), latest.by_division, latest.rows]


@pytest.mark.parametrize("store", ["crafted_store", "demo_store"])
def test_one_year_skips_the_rule_and_gets_the_same_frames(store, request):
    """With one year in scope every measure is its own latest: the shortcut (several_years=False)
    gives the frames the rule gives."""
    reader = StoreReader(request.getfixturevalue(store))
    with reader.cursor() as cursor:
        years = [y for (y,) in cursor.execute("SELECT DISTINCT fiscal_year FROM imports ORDER BY 1").fetchall()]
        division = cursor.execute("SELECT min(division) FROM measure_rollup WHERE NOT is_shared").fetchone()[0]
    cases = [Filters(), Filters(statuses=("in_progress", "not_started")), Filters(divisions=(division,)),
             Filters(divisions=(division,), include_shared=True), Filters(tools=("OIT",), statuses=("unknown",))]
    for year in years:
        for filters in cases:
            for per_division in (None, 1, 3):
                for as_of in (date(2020, 1, 1), date(2023, 10, 1), date(2030, 1, 1)):
                    one = filters.with_(years=(year,))
                    shortcut = _open_items(reader, one, per_division, False, as_of)
                    rule = _open_items(reader, one, per_division, True, as_of)
                    for got, expected in zip(shortcut, rule, strict=True):
                        pd.testing.assert_frame_equal(got, expected)
    # and the default follows the rule unless exactly one year is chosen
    two = Filters(years=tuple(years[:2]))
    for got, expected in zip(_open_items(reader, two, 2, True, date(2030, 1, 1)),
                             metrics.latest_measures(reader, two, 2, date(2030, 1, 1)).__dict__.values(), strict=True):
        pd.testing.assert_frame_equal(got, expected if isinstance(expected, pd.DataFrame) else pd.DataFrame([expected]))


def test_the_shortcut_leaves_the_rule_out_of_the_plan(demo_store):
    """DuckDB folds $several_years: with false, the plan does not read superseding_years (the rule's
    table); with true, it does. Neither reads the crosswalk or the framework: the writer keyed the
    measures."""
    params = dict(Filters(years=(2566,)).params(), per_division=3, as_of=date(2030, 1, 1))
    with StoreReader(demo_store).cursor() as cursor:
        def plan(several: bool) -> str:
            plans = []
            for step in sql.steps("latest_measures", {**params, "several_years": several}):
                plans += [row[1] for row in cursor.execute("EXPLAIN " + step.text, step.params).fetchall()]
                cursor.execute(step.text, step.params)  # the next step reads this one's TEMP table
            return "\n".join(plans)
        assert "superseding_years" in plan(True) and "superseding_years" not in plan(False)
        for several in (True, False):
            assert "item_crosswalk" not in plan(several) and "framework_items" not in plan(several)


def test_the_first_rows_of_each_group_are_the_first_of_all_its_rows(crafted_store):
    """The first per_division rows (min_by) are the head of each group's full list, in its order:
    most days late first, then organisation, year and report order."""
    reader = StoreReader(crafted_store)
    for years in ((2566, 2567), (2564,), (2565, 2566, 2567, 2568, 2569)):
        for as_of in (date(2022, 3, 1), date(2023, 10, 1), date(2030, 1, 1)):
            filters = Filters(years=years, statuses=("in_progress", "not_started", "unknown"))
            every = metrics.latest_measures(reader, filters, None, as_of).rows
            assert every["days_late"].notna().any() or as_of < date(2023, 1, 1)
            for n in (1, 2, 5):
                capped = metrics.latest_measures(reader, filters, n, as_of).rows
                expected = every.groupby(["division", "is_shared"], sort=False).head(n).reset_index(drop=True)
                pd.testing.assert_frame_equal(capped, expected)


def test_status_changes_pair_measures_by_the_same_rule(crafted_store):
    """status_changes.sql follows a measure between two years as the open-items rule does: a code of
    a tool no framework lists is the same measure in both years (repeats paired in report order), a
    code of a tool both years' frameworks list but no crosswalk links is its own year's."""
    reader = StoreReader(crafted_store)
    changes = reader.query("status_changes", **Filters().params(), year_from=2566, year_to=2567)
    pairs = {(r.measure_id_from if pd.notna(r.measure_id_from) else None,
              r.measure_id_to if pd.notna(r.measure_id_to) else None): r.change
             for r in changes.itertuples() if {r.measure_id_from, r.measure_id_to} & {9001, 9002, 9003, 9004, 9005,
                                                                                       9010, 9011, 9030, 9031, 9032}}
    assert pairs == {
        (9002, 9004): "status_changed",  # the second x1 of 2566 is the second of 2567 (seq 202), now done
        (9003, None): "disappeared",  # 2567 has two x1, 2566 three
        (9010, None): "disappeared", (None, 9011): "appeared",  # x2 of OIT: each year's own
        (9031, None): "disappeared",  # the other organisation's second x1
        (9001, 9005): "unchanged", (9030, 9032): "unchanged",  # both in progress; the other's first x1
    }


def _rule_holds(store: Path, rng: random.Random, rounds: int = 25) -> None:
    """superseding_years is what superseding_years_now works out from scratch (the store check), and
    the rule read through it keeps what the rule written plainly keeps, for random year sets (often
    not contiguous) and organisations, with and without the other filters."""
    check = check_store(store)
    assert check.ok, check.problems
    reader = StoreReader(store)
    try:
        with reader.cursor() as cursor:
            years = [y for (y,) in cursor.execute("SELECT DISTINCT fiscal_year::INTEGER FROM current_measures "
                                                  "ORDER BY 1").fetchall()]
            orgs = [o for (o,) in cursor.execute("SELECT DISTINCT org_name FROM current_measures").fetchall()]
        open_ = ("in_progress", "not_started", "unknown")
        for _ in range(rounds):
            chosen = sorted(rng.sample(years, rng.randint(0, min(4, len(years)))))
            named = [] if rng.random() < 0.5 else rng.sample(orgs, 1)
            expected = _ids(reader, REFERENCE, named, chosen)
            assert _fast(reader, named, chosen) == expected, (named, chosen)
            filters = Filters(orgs=tuple(named), years=tuple(chosen), statuses=open_ if rng.random() < 0.5 else ())
            assert _filtered(reader, filters) == _chosen(reader, filters) & expected, filters
    finally:
        reader.close()


def test_the_writer_keeps_the_rule_table_whole_after_every_kind_of_write(crafted_store, seed_v2, tmp_path,
                                                                         monkeypatch):
    """After an import, a re-import, a status edit, a removal and its undoing, a new organisation, a
    first report of a new year and a crosswalk change, the table agrees with the rule; a write of one
    organisation's data refreshes only that organisation's rows."""
    refreshes = []
    script = session.sql.script

    def spy(con, name, **params):
        if name == "write/refresh_superseding_years":
            refreshes.append(params)
        return script(con, name, **params)

    monkeypatch.setattr(session.sql, "script", spy)
    rng = random.Random(5)
    _rule_holds(crafted_store, rng)
    # A new version of the seed report (2564): nongchok's rows are worked out again, no one else's.
    refreshes.clear()
    assert ingest_paths([seed_v2], crafted_store)[0].refused is None
    assert refreshes == [{"every_org": False, "org_ids": [NONG_CHOK]}]
    _rule_holds(crafted_store, rng)
    with duckdb.connect(str(crafted_store), read_only=True) as con:
        measure_id, status = con.execute("SELECT measure_id, status FROM current_measures WHERE org_id = ? AND "
                                          "status <> 'done' ORDER BY measure_id LIMIT 1", [OTHER]).fetchone()
        import_id = con.execute("SELECT import_id FROM imports WHERE state = 'active' AND org_id = ? "
                                "AND fiscal_year = 2566", [NONG_CHOK]).fetchone()[0]
    # A status corrected: the other organisation's rows only.
    refreshes.clear()
    edits.apply_edits(crafted_store, [edits.Edit(measure_id, "status", status, "done")], "test", "checked")
    assert refreshes == [{"every_org": False, "org_ids": [OTHER]}]
    _rule_holds(crafted_store, rng)
    # A report removed, then restored.
    edits.set_import_active(crafted_store, import_id, False, "test", "wrong file")
    _rule_holds(crafted_store, rng)
    edits.set_import_active(crafted_store, import_id, True, "test", "right file after all")
    _rule_holds(crafted_store, rng)
    # A new organisation, then its report of a year no organisation had: every row (a new y_to).
    text = SEED.read_text("utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text(text.replace("ของเทศบาลตำบลหนองจอก ประจำปี", "ของเทศบาลตำบลบ้านใหม่ ประจำปี"), "utf-8")
    assert ingest_paths([plain], crafted_store)[0].refused is None
    _rule_holds(crafted_store, rng)
    refreshes.clear()
    later = tmp_path / "later.txt"
    later.write_text(text.replace("ของเทศบาลตำบลหนองจอก ประจำปี", "ของเทศบาลตำบลบ้านใหม่ ประจำปี")
                     .replace("๒๕๖๔", "๒๕๗๑"), "utf-8")
    assert ingest_paths([later], crafted_store)[0].refused is None
    assert refreshes == [{"every_org": True, "org_ids": []}]
    _rule_holds(crafted_store, rng)
    # A crosswalk link dropped: the keys of every organisation may change.
    refreshes.clear()
    with session.write_session(crafted_store) as con:
        con.execute("DELETE FROM item_crosswalk WHERE (from_year, from_code, to_year) = "
                    "(SELECT (from_year, from_code, to_year) FROM item_crosswalk WHERE from_code <> to_code "
                    " ORDER BY from_year, from_code LIMIT 1)")
    assert refreshes == [{"every_org": True, "org_ids": []}]
    _rule_holds(crafted_store, rng)


def test_the_check_finds_rule_rows_that_differ(crafted_store):
    """The store check compares superseding_years with the measures: a row changed behind the
    writer's back is found."""
    with duckdb.connect(str(crafted_store)) as con:
        con.execute("UPDATE superseding_years SET mask = xor(mask, 1::UBIGINT) WHERE rowid = (SELECT min(rowid) "
                    "FROM superseding_years)")
    check = check_store(crafted_store)
    assert any("superseding_years" in problem for problem in check.problems), check.problems

"""A bulk import's one pass from cells to columns gives what the measure objects give.

Parsing workers normalise reports into measure rows and pack the rows into columns
(`prepare_packed`), with no `Measure` objects between; the single-report import normalises
into measures (`normalise`) and packs those (`pack_measures`). Both must store the same.
"""

from __future__ import annotations

from dataclasses import fields

from hypothesis import HealthCheck, given, settings
from test_parser_properties import SLOW_OK, mutated_seed

from ita.read.formats import read_report
from ita.read.normalise import MEASURE_ROW, normalise, normalise_rows
from ita.read.prepared import MEASURE_FIELDS, Prepared, division_keys, pack_rows, prepare, prepare_packed
from ita.read.records import ImportRefused, Measure
from synth.national import national_specs


def _plain_columns(measures: list[Measure]) -> dict[str, list]:
    """The columns as the long way makes them: each measure's attributes, one by one."""
    columns = {column: [getattr(m, field) for m in measures] for field, column in MEASURE_FIELDS.items()}
    columns["division_keys"] = [division_keys(m.divisions) for m in measures]
    columns["shared"] = [any(d.is_shared for d in m.divisions) for m in measures]
    return columns


def _assert_same_packed(one_pass: Prepared, by_objects: Prepared, measures: list[Measure]) -> None:
    assert one_pass.packed.columns == _plain_columns(measures)
    kinds = [tuple((d.name, d.parent, "shared" if d.is_shared else ("section" if d.parent else "division"))
                   for d in m.divisions) for m in measures]
    assert one_pass.packed.divisions == kinds
    assert one_pass.sha256 == by_objects.sha256
    assert vars(one_pass.report) == vars(by_objects.report)
    assert one_pass.report.measures == []
    assert one_pass.packed.columns == by_objects.packed.columns
    assert list(one_pass.packed.columns) == list(by_objects.packed.columns)
    assert one_pass.packed.divisions == by_objects.packed.divisions
    assert one_pass.measure_count == by_objects.measure_count


def test_measure_rows_list_the_measure_fields_in_order():
    assert tuple(f.name for f in fields(Measure)) == MEASURE_ROW


def test_rows_are_the_measures_normalise_returns(seed_bytes, framework, directory):
    raw = read_report("nongchok_2564.txt", seed_bytes)
    report = normalise(raw, framework, directory)
    bare, rows = normalise_rows(read_report("nongchok_2564.txt", seed_bytes), framework, directory)
    assert [Measure(*row) for row in rows] == report.measures
    assert vars(bare) == {**vars(report), "measures": []}
    # Each measure gets its own division list (a caller may change it), of equal divisions.
    assert len({id(m.divisions) for m in report.measures}) == len(report.measures)


def test_national_reports_pack_in_one_pass_as_their_measures_pack(framework, directory):
    """Text, CSV and XLSX reports of several years and kinds of agency, with their typos, OIT
    topics, new divisions and unreadable periods: the columns, divisions and report are equal."""
    specs = list(national_specs(60, 2, framework))
    kinds = set()
    for spec in specs:
        name, data = spec.produce(framework)
        kinds.add(name.rsplit(".", 1)[-1])
        by_objects = prepare(name, data, framework, directory)
        _assert_same_packed(prepare_packed(name, data, framework, directory), by_objects.pack(),
                            by_objects.report.measures)
    assert {"txt", "csv"} <= kinds


def test_packing_rows_of_no_measures_gives_empty_columns():
    packed = pack_rows([])
    assert packed.divisions == [] and all(values == [] for values in packed.columns.values())
    assert "division_keys" in packed.columns and "shared" in packed.columns


@settings(max_examples=150, deadline=None, suppress_health_check=[*SLOW_OK, HealthCheck.too_slow])
@given(data=mutated_seed())
def test_mutated_reports_pack_in_one_pass_as_their_measures_pack_or_both_refuse(data, framework, directory):
    try:
        by_objects = prepare("seed.txt", data, framework, directory)
    except ImportRefused as refused:
        try:
            prepare_packed("seed.txt", data, framework, directory)
        except ImportRefused as again:
            assert str(again) == str(refused)
            return
        raise AssertionError("the one-pass path read a report the other refused") from None
    _assert_same_packed(prepare_packed("seed.txt", data, framework, directory), by_objects.pack(),
                        by_objects.report.measures)

"""The parsing workers' shortcuts answer as the plain computation does.

A bulk import remembers answers across reports (OIT assignments per score table, word
boundaries per side of a wrap space, divisions per cell) and skips work that finds nothing
(Thai digits, carriage returns): each shortcut must give what the long way gives.
"""

from __future__ import annotations

import copy
import gc
from itertools import product

from hypothesis import given
from hypothesis import strategies as st

from ita.read import parallel
from ita.read.catalogue import Framework, assign_oit_items
from ita.read.formats import read_report
from ita.read.normalise import normalise
from ita.read.prepared import pack_measures
from ita.read.thai import THAI_DIGITS, WrapRepairer, to_arabic_digits

_TRANSLATION = str.maketrans(THAI_DIGITS, "0123456789")


@given(st.text(alphabet=THAI_DIGITS + "0123456789กขฯ๏๚ ab\u0e4f\u0e5a\n", max_size=40))
def test_thai_digits_become_arabic_as_a_translation_table_makes_them(text):
    assert to_arabic_digits(text) == text.translate(_TRANSLATION)


def _fresh(framework: Framework) -> Framework:
    """The same framework with nothing remembered."""
    return Framework(framework.indicators, framework.items, framework.aliases, framework.keywords)


def test_oit_assignment_is_the_same_with_or_without_earlier_reports_remembered(framework):
    """Assignments remembered per score table: a long-lived year (as in a worker) answers every
    combination of row texts as a year that has seen nothing does."""
    texts = ["เผยแพร่โครงสร้างบนเว็บไซต์", "เผยแพร่ข้อมูลผู้บริหาร", "อำนาจหน้าที่ของหน่วยงาน",
             "ปรับปรุงข้อมูลพื้นฐาน", "เผยแพร่ข้อมูลผู้บริหาร ทุกไตรมาส"]
    long_lived = _fresh(framework).for_year(2564)
    candidates, _method = long_lived.oit_candidates("ข้อมูลพื้นฐาน", 9)
    assert len(candidates) > 1
    combinations = [list(c) for size in (1, 2, 3) for c in product(texts, repeat=size)]
    for combination in combinations:
        rows = list(enumerate(combination, start=1))
        remembered = assign_oit_items(long_lived, rows, candidates)
        fresh_year = _fresh(framework).for_year(2564)
        fresh_candidates, _ = fresh_year.oit_candidates("ข้อมูลพื้นฐาน", 9)
        assert remembered == assign_oit_items(fresh_year, rows, fresh_candidates), combination


def test_wrap_repair_with_remembered_word_boundaries_matches_a_fresh_repairer():
    """The boundaries of each side of a space are remembered across pairs; a repairer that has
    seen other pairs first decides each pair as a new one does."""
    cells = ["การ ดำเนินงาน", "ปฏิบัติ งานการส่งเสริม", "การเปิด เผยข้อมูล", "ข้อมูล เผยแพร่", "การ เผยแพร่ข้อมูล",
             "เผยแพร่ ข้อมูล", "ประสิทธิภาพการสื่อ สาร", "คุณภาพการให้ บริการ", "อื่น ๆ"]
    used = WrapRepairer()
    answers = [used(cell) for cell in cells]
    for cell, answer in zip(cells, answers, strict=True):
        assert WrapRepairer()(cell) == answer, cell


def test_remembered_divisions_are_those_parse_gives_and_parse_still_gives_copies(directory):
    cell = "งานพัสดุ กองคลัง/กองช่าง"
    remembered, unknown = directory.parse_remembered(cell)
    divisions, unknown_copy = directory.parse(cell)
    assert divisions == remembered and unknown_copy == unknown
    divisions[0].name = "changed"
    unknown_copy.append("changed")
    assert directory.parse(cell) == (remembered, unknown) and remembered[0].name != "changed"


def test_packing_is_the_same_for_shared_and_separate_division_objects(seed_bytes, framework, directory):
    """Division sets are keyed by identity while packing: measures with equal divisions held in
    separate objects (as a caller may build them) pack as those sharing the remembered ones."""
    report = normalise(read_report("nongchok_2564.txt", seed_bytes), framework, directory)
    shared = pack_measures(report.measures)
    separate = pack_measures([copy.deepcopy(measure) for measure in report.measures])
    assert shared.columns == separate.columns
    assert shared.divisions == separate.divisions


def test_a_settled_worker_collects_garbage_again(framework, directory):
    thresholds = gc.get_threshold()
    try:
        parallel.settle_worker(framework, directory)
        assert gc.isenabled()
        assert gc.get_threshold() == (50_000, 20, 20)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_text_reports_read_the_same_with_any_line_endings(seed_bytes):
    as_written = read_report("nongchok_2564.txt", seed_bytes)
    for ending in (b"\r\n", b"\r"):
        other = read_report("nongchok_2564.txt", seed_bytes.replace(b"\n", ending))
        assert other.rows == as_written.rows and other.title == as_written.title

"""Deterministic sample reports for the demo: other fiscal years of the seed's organisation.

Every sample report says so in its title ([ข้อมูลตัวอย่าง]), so wherever it is imported the
store marks it as sample and the dashboard shows a notice. The same inputs always give the
same bytes. Each year changes statuses, adds items new in that year's framework and drops
others; completion rises in 2565, falls in 2566 and rises again in 2567.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ita.read.catalogue import Framework
from ita.read.divisions import DivisionDirectory
from ita.read.formats import read_report
from ita.read.normalise import normalise
from ita.read.records import DONE, IN_PROGRESS, NOT_STARTED, Measure, RawRow
from ita.read.thai import THAI_DIGITS
from ita.read.writers import text_report

SAMPLE_MARKER = "[ข้อมูลตัวอย่าง]"
TITLE = "รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส ของ{org} ประจำปีงบประมาณ {year}"

# Status wordings staff really use, with the spaces a PDF leaves; drawn at random.
WORDINGS = {
    DONE: ("ดำเนินการแล้ว", "ดำเนินการแล้ว", "ดำเนินการแล้ว", "แล้วเสร็จ", "ดำเนินการ แล้ว", "เสร็จสิ้น", "100%"),
    IN_PROGRESS: ("ระหว่างดำเนินการ", "ระหว่าง ดำเนินการ", "อยู่ระหว่างดำเนินการ", "50%"),
    NOT_STARTED: ("ยังไม่ดำเนินการ", "ยังไม่ได้ดำเนินการ", "0%"),
}


@dataclass(frozen=True)
class YearPlan:
    fiscal_year: int
    completion: float  # share of measures done
    added: int  # measures for items new to the report
    dropped: int


DEMO_PLANS = (
    YearPlan(2565, 0.92, 2, 1),
    YearPlan(2566, 0.72, 3, 2),
    YearPlan(2567, 0.96, 1, 1),
)


def thai_number(value: int) -> str:
    return "".join(THAI_DIGITS[int(d)] for d in str(value))


def demo_reports(
    seed_file: Path, framework: Framework, directory: DivisionDirectory, plans: Sequence[YearPlan] = DEMO_PLANS
) -> dict[str, str]:
    """File name → report text for each planned year, derived from the seed report."""
    raw = read_report(seed_file.name, seed_file.read_bytes())
    report = normalise(raw, framework, directory)
    base_year = report.fiscal_year
    out = {}
    for plan in plans:
        rng = random.Random(f"{report.organisation}-{plan.fiscal_year}")
        rows = _carry_over(raw.rows, report.measures, framework, base_year, plan.fiscal_year)
        rows = _drop(rows, plan.dropped, rng)
        rows += _added_items(rows, framework, plan, rng)
        _set_statuses(rows, plan.completion, rng)
        title = f"{SAMPLE_MARKER} " + TITLE.format(org=report.organisation, year=thai_number(plan.fiscal_year))
        stem = seed_file.stem.rsplit("_", 1)[0]
        out[f"{stem}_{plan.fiscal_year}_sample.txt"] = text_report(title, rows, name_header_from_page=6)
    return out


def _carry_over(
    raw_rows: Sequence[RawRow], measures: Sequence[Measure], framework: Framework, base_year: int, year: int
) -> list[dict[str, str]]:
    """The seed's rows moved to another year: periods re-dated, OIT rows re-filed under that
    year's topic for the same-named item, rows whose item no longer exists left out."""
    target = framework.for_year(year)
    base = framework.for_year(base_year)
    by_name = {item.name: item for item in target.items.values()}
    rows = []
    for raw, measure in zip(raw_rows, measures, strict=True):
        cells = dict(raw.cells)
        cells["period"] = cells.get("period", "").replace(thai_number(base_year), thai_number(year))
        if measure.tool == "OIT" and measure.item_code:
            item = by_name.get(base.items[measure.item_code].name)
            if item is None:
                continue
            cells["item"] = item.topic or item.name
        rows.append(cells)
    return rows


def _drop(rows: list[dict[str, str]], count: int, rng: random.Random) -> list[dict[str, str]]:
    dropped = set(rng.sample(range(len(rows)), min(count, len(rows))))
    return [row for index, row in enumerate(rows) if index not in dropped]


def _added_items(
    rows: list[dict[str, str]], framework: Framework, plan: YearPlan, rng: random.Random
) -> list[dict[str, str]]:
    """Measures for OIT items of that year that the report did not cover yet."""
    year = framework.for_year(plan.fiscal_year)
    covered = {row["item"] for row in rows}
    candidates = [
        item for item in year.items.values() if item.tool == "OIT" and item.topic not in covered and item.indicator_no
    ]
    chosen = rng.sample(candidates, min(plan.added, len(candidates)))
    period = f"ตลอดปีงบประมาณ {thai_number(plan.fiscal_year)}"
    return [
        {
            "indicator": year.indicators[item.indicator_no].name_th,
            "item": item.topic or item.name,
            "action": f"หน่วยงานควรเผยแพร่{item.name}ผ่านเว็บไซต์ของหน่วยงาน",
            "responsible": rng.choice(("สำนักปลัด", "กองคลัง", "กองช่าง")),
            "period": period,
            "follow_up": "จัดทำและเผยแพร่ผ่านช่องทางเว็บไซต์",
            "status": "",
        }
        for item in chosen
    ]


def _set_statuses(rows: list[dict[str, str]], completion: float, rng: random.Random) -> None:
    order = list(range(len(rows)))
    rng.shuffle(order)
    done = round(completion * len(rows))
    for rank, index in enumerate(order):
        status = DONE if rank < done else rng.choice((IN_PROGRESS, IN_PROGRESS, NOT_STARTED))
        rows[index]["status"] = rng.choice(WORDINGS[status])


def write_demo(
    seed_file: Path, out_dir: Path, framework: Framework, directory: DivisionDirectory
) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in demo_reports(seed_file, framework, directory).items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

"""Deterministic sample reports for the demo: other fiscal years of the seed's organisation.

Every sample report says so in its title ([ข้อมูลตัวอย่าง]), so wherever it is imported the
store marks it as sample and the dashboard shows a notice. The same inputs always give the
same bytes. The years reach the current fiscal year (Thai fiscal years start on 1 October), so
the demo follows the calendar, including years whose ITA framework is partial (2568) or not
published yet (2569, 2570): those borrow the items of the nearest earlier year that has them.
Each year changes statuses, adds items new in that year's framework and drops others;
completion rises in 2565, falls in 2566 and rises again in 2567.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ita.paths import REFERENCE_DIR
from ita.read.catalogue import Framework, Item, YearFramework, read_csv_rows
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


# The story the demo tells; a year not planned here gets a plan drawn from its number.
DEMO_PLANS = (
    YearPlan(2565, 0.92, 2, 1),
    YearPlan(2566, 0.72, 3, 2),
    YearPlan(2567, 0.96, 1, 1),
    YearPlan(2568, 0.88, 2, 1),
    YearPlan(2569, 0.80, 1, 2),
    YearPlan(2570, 0.45, 1, 1),  # the year under way: much is still in progress
)
FISCAL_YEAR_STARTS = 10  # October


def current_fiscal_year(today: date | None = None) -> int:
    """The Thai fiscal year (B.E.) under way on `today`: it starts on 1 October, so 27 November
    2026 is in fiscal year 2570 and 30 September 2026 in 2569."""
    today = today or date.today()
    return today.year + 543 + (1 if today.month >= FISCAL_YEAR_STARTS else 0)


def demo_years(seed_year: int, years: int | None = None, today: date | None = None) -> list[int]:
    """The sample years: the `years` fiscal years up to the current one, or (None) every year
    after the seed's up to the current one; never the seed's own year, which is real data."""
    current = current_fiscal_year(today)
    first = current - years + 1 if years else seed_year + 1
    return [year for year in range(first, current + 1) if year != seed_year]


def year_plan(fiscal_year: int) -> YearPlan:
    """The demo's plan for a year: `DEMO_PLANS`, or for other years one drawn from the year."""
    for plan in DEMO_PLANS:
        if plan.fiscal_year == fiscal_year:
            return plan
    rng = random.Random(f"plan-{fiscal_year}")
    return YearPlan(fiscal_year, round(rng.uniform(0.6, 0.97), 2), rng.randint(1, 3), rng.randint(1, 2))


def items_year(framework: Framework, fiscal_year: int) -> YearFramework:
    """The framework year whose items a sample year uses: its own when it has OIT items, else
    the nearest earlier year that has them (a framework not published yet), else the nearest."""
    with_items = sorted({i.fiscal_year for i in framework.items if i.tool == "OIT"})
    if not with_items or fiscal_year in with_items:
        return framework.for_year(fiscal_year)
    earlier = [year for year in with_items if year < fiscal_year]
    return framework.for_year(earlier[-1] if earlier else with_items[0])


def thai_number(value: int) -> str:
    return "".join(THAI_DIGITS[int(d)] for d in str(value))


def demo_reports(
    seed_file: Path,
    framework: Framework,
    directory: DivisionDirectory,
    plans: Sequence[YearPlan] | None = None,
    *,
    years: int | None = None,
    today: date | None = None,
) -> dict[str, str]:
    """File name → report text for each sample year (see `demo_years`), derived from the seed
    report; `plans` replaces the years and their plans."""
    raw = read_report(seed_file.name, seed_file.read_bytes())
    report = normalise(raw, framework, directory)
    base_year = report.fiscal_year
    if plans is None:
        plans = [year_plan(year) for year in demo_years(base_year, years, today)]
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
    year's topic for the same-named item (or its renumbered successor in the curated crosswalk),
    rows whose item no longer exists left out."""
    target = items_year(framework, year)
    base = framework.for_year(base_year)
    by_name = {item.name: item for item in target.items.values()}
    by_name.update({name: item for name, item in _successors(framework, target).items() if name not in by_name})
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


def _successors(framework: Framework, target: YearFramework) -> dict[str, Item]:
    """Item name in an earlier year → the item of `target` it became, from the curated crosswalk
    (data/reference/item_crosswalk.csv): 2569 renamed the measures report (o43 until 2567) to o26."""
    successors = {}
    for link in read_csv_rows(REFERENCE_DIR / "item_crosswalk.csv"):
        if int(link["to_year"]) != target.fiscal_year or link["to_code"] not in target.items:
            continue
        earlier = framework.for_year(int(link["from_year"])).items.get(link["from_code"])
        if earlier is not None and earlier.name:
            successors[earlier.name] = target.items[link["to_code"]]
    return successors


def _drop(rows: list[dict[str, str]], count: int, rng: random.Random) -> list[dict[str, str]]:
    dropped = set(rng.sample(range(len(rows)), min(count, len(rows))))
    return [row for index, row in enumerate(rows) if index not in dropped]


def _added_items(
    rows: list[dict[str, str]], framework: Framework, plan: YearPlan, rng: random.Random
) -> list[dict[str, str]]:
    """Measures for OIT items of that year that the report did not cover yet."""
    year = items_year(framework, plan.fiscal_year)
    covered = {row["item"] for row in rows}
    # A partial framework (2568) lists OIT items without their indicator: such an item goes
    # under the indicator the same-named item had in an earlier year, else the first OIT one.
    earlier = {item.name: item.indicator_no for item in framework.items if item.tool == "OIT" and item.indicator_no}
    first_oit = min((i.no for i in year.indicators.values() if i.tool == "OIT"), default=None)
    candidates = [
        (item, indicator_no)
        for item in year.items.values()
        if item.tool == "OIT" and item.name and (item.topic or item.name) not in covered
        and (indicator_no := item.indicator_no or earlier.get(item.name) or first_oit) in year.indicators
    ]
    chosen = rng.sample(candidates, min(plan.added, len(candidates)))
    period = f"ตลอดปีงบประมาณ {thai_number(plan.fiscal_year)}"
    return [
        {
            "indicator": year.indicators[indicator_no].name_th,
            "item": item.topic or item.name,
            "action": f"หน่วยงานควรเผยแพร่{item.name}ผ่านเว็บไซต์ของหน่วยงาน",
            "responsible": rng.choice(("สำนักปลัด", "กองคลัง", "กองช่าง")),
            "period": period,
            "follow_up": "จัดทำและเผยแพร่ผ่านช่องทางเว็บไซต์",
            "status": "",
        }
        for item, indicator_no in chosen
    ]


def _set_statuses(rows: list[dict[str, str]], completion: float, rng: random.Random) -> None:
    order = list(range(len(rows)))
    rng.shuffle(order)
    done = round(completion * len(rows))
    for rank, index in enumerate(order):
        status = DONE if rank < done else rng.choice((IN_PROGRESS, IN_PROGRESS, NOT_STARTED))
        rows[index]["status"] = rng.choice(WORDINGS[status])


def write_demo(
    seed_file: Path,
    out_dir: Path,
    framework: Framework,
    directory: DivisionDirectory,
    *,
    years: int | None = None,
    today: date | None = None,
) -> list[Path]:
    """Write the sample years' reports into `out_dir` (see `demo_reports`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in demo_reports(seed_file, framework, directory, years=years, today=today).items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

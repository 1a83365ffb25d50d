"""A synthetic national data set: every local government's ITA report for several fiscal years.

Thailand has about 7,850 local administrative organisations: 76 อบจ., 30 เทศบาลนคร, 195
เทศบาลเมือง, 2,247 เทศบาลตำบล, 5,300 อบต., plus กรุงเทพมหานคร and เมืองพัทยา. `agencies`
invents a population with that mix, spread over the 77 provinces of
`data/reference/provinces.csv`; `report_for` writes one agency's report for one fiscal year
in the formats agencies really send: mostly the PDF-extracted text layout (with the spaces a
PDF leaves where it wrapped a cell), some CSV (UTF-8 with BOM, or cp874) and a few XLSX with
merged indicator cells.

Everything here is invented, and every title says so with `SYNTHETIC_MARKER`, which the
readers take as a sample marker: the store flags these reports as sample data wherever they
land. The reports go through the normal import path (readers → normalise → store), so they
carry the small mistakes real reports have, in about 1 % of rows: an unreadable status, an
indicator spelled by an alias or with a typo, an item filed under another indicator.

Same inputs, same bytes: each report draws from its own `random.Random` seeded by (seed,
agency, year), so any report can be regenerated alone and in any order. `plan_report` gives
the rows before they are written, with what each row is meant to say (item, status), which
is what the tests compare the importer's reading with.

The words the reports are made of (place-name parts, measures, divisions, statuses, titles) are
data in `synth/data/` (place_names.json, report_phrases.json), read once at import; this module
keeps the logic that draws from them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from rapidfuzz import fuzz

from ita.paths import REFERENCE_DIR
from ita.read.catalogue import Framework, Item, YearFramework
from ita.read.organisations import org_type
from ita.read.records import COLUMNS, DONE, IN_PROGRESS, NOT_STARTED, UNKNOWN
from ita.read.thai import THAI_DIGITS, compact
from ita.read.writers import csv_report, text_report, xlsx_report
from synth.sample import WORDINGS

SYNTHETIC_MARKER = "[ข้อมูลสังเคราะห์]"
PROVINCES_CSV = REFERENCE_DIR / "provinces.csv"

# Share of reports per format. XLSX is rare on purpose: openpyxl needs ~25 ms per workbook, a
# hundred times a text report: 3 % of 41,585 reports would take longer than all the rest together.
FORMAT_SHARES = (("text", 0.855), ("csv", 0.135), ("xlsx", 0.01))
MIN_MEASURES, MAX_MEASURES = 15, 45
PROBLEM_RATE = 0.01  # rows written with one of the mistakes real reports have
DATA_DIR = Path(__file__).resolve().parent / "data"


def _data(name: str) -> dict:
    """One of the generator's phrase tables (synth/data/*.json, UTF-8), read once at import."""
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def _tuples(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(values) for key, values in table.items()}


# ---------------------------------------------------------------------------------------------
# Agencies


@dataclass(frozen=True)
class Agency:
    name: str
    org_type: str
    province: str
    district: str


@dataclass(frozen=True)
class Province:
    name: str
    name_en: str
    region: str
    district_kind: str  # อำเภอ, or เขต in Bangkok
    districts: tuple[str, ...]  # the first is the capital district (อำเภอเมือง…)


@dataclass(frozen=True)
class _Kind:
    prefix: str  # how the organisation's name starts
    slug: str  # for file names
    national: int  # how many Thailand has
    cap: int | None = None  # never more than this many


_KINDS = (
    _Kind("องค์การบริหารส่วนจังหวัด", "pao", 76, 76),
    _Kind("เทศบาลนคร", "city", 30),
    _Kind("เทศบาลเมือง", "town", 195),
    _Kind("เทศบาลตำบล", "tambon", 2247),
    _Kind("องค์การบริหารส่วนตำบล", "sao", 5300),
    _Kind("กรุงเทพมหานคร", "bma", 1, 1),
    _Kind("เมืองพัทยา", "pattaya", 1, 1),
)
_PAO, _CITY, _TOWN, _TAMBON, _SAO, _BMA, _PATTAYA = _KINDS
_OTHER_KIND = _Kind("", "org", 0)  # an agency a caller made up with a name of its own
_MUNICIPAL = (_CITY, _TOWN, _TAMBON)
_PATTAYA_PLACE = ("ชลบุรี", "บางละมุง")

# Place-name parts (synth/data/place_names.json). Thai village and tambon names are compounds of a
# landscape word and a plant, animal, colour or blessing (หนอง+บัว, โคก+สำโรง, ศรี+สะอาด), often with
# a qualifier (ใหญ่, เหนือ); some landscape words belong to a region (แม่ in the North, ควน in the South).
_PLACE_NAMES = _data("place_names.json")
_COMMON_PREFIXES = tuple(_PLACE_NAMES["common_prefixes"])
_REGIONAL_PREFIXES = {region: tuple(words) for region, words in _PLACE_NAMES["regional_prefixes"].items()}
_BLESSED_PREFIXES = tuple(_PLACE_NAMES["blessed_prefixes"])
_WATER_PREFIXES = tuple(_PLACE_NAMES["water_prefixes"])
_BLESSINGS = tuple(_PLACE_NAMES["blessings"])
_NATURE = tuple(word for group in _PLACE_NAMES["nature"].values() for word in group)  # plants, animals, ground
_WATERS = tuple(_PLACE_NAMES["waters"])
_QUALIFIERS = tuple(_PLACE_NAMES["qualifiers"])


@lru_cache(maxsize=4)
def load_provinces(path: Path = PROVINCES_CSV) -> tuple[Province, ...]:
    """The 77 provinces: Thai and English name, region (the six-region system), whether their
    districts are อำเภอ or, in Bangkok, เขต, and a handful of real districts, the capital first."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return tuple(
            Province(
                row["province_th"].strip(),
                row["province_en"].strip(),
                row["region"].strip(),
                row["district_kind"].strip(),
                tuple(d.strip() for d in row["districts"].split(";") if d.strip()),
            )
            for row in csv.DictReader(handle)
        )


def kind_counts(count: int) -> dict[str, int]:
    """How many agencies of each kind make `count`, in Thailand's proportions.

    Kinds with a cap (one อบจ. per province outside Bangkok, one กรุงเทพมหานคร, one เมืองพัทยา)
    never exceed it; the rest is shared among the other kinds by largest remainder.
    """
    total = sum(k.national for k in _KINDS)
    counts = {k.prefix: min(k.cap, round(count * k.national / total)) for k in _KINDS if k.cap is not None}
    free = [k for k in _KINDS if k.cap is None]
    rest = count - sum(counts.values())
    weight = sum(k.national for k in free)
    shares = [rest * k.national / weight for k in free]
    floors = [int(share) for share in shares]
    by_remainder = sorted(range(len(free)), key=lambda i: (floors[i] - shares[i], i))
    for index in by_remainder[: rest - sum(floors)]:
        floors[index] += 1
    counts.update({k.prefix: n for k, n in zip(free, floors, strict=True)})
    return counts


def agencies(count: int, *, seed: int = 0) -> list[Agency]:
    """`count` invented agencies with unique names, ordered by province, kind and name."""
    if count < 0:
        raise ValueError("count must not be negative")
    provinces = load_provinces()
    namer = _Namer(random.Random(f"ita-national-agencies:{seed}"), provinces)
    counts = kind_counts(count)
    made = [agency for kind in _KINDS for agency in namer.make(kind, counts[kind.prefix])]
    province_rank = {p.name: i for i, p in enumerate(provinces)}
    kind_rank = {k.prefix: i for i, k in enumerate(_KINDS)}
    return sorted(made, key=lambda a: (province_rank[a.province], kind_rank[_kind_of(a).prefix], a.name))


def _kind_of(agency: Agency) -> _Kind:
    return next((k for k in _KINDS if agency.name.startswith(k.prefix)), _OTHER_KIND)


class _Namer:
    """Gives each kind of agency plausible, nationally unique names and places."""

    def __init__(self, rng: random.Random, provinces: Sequence[Province]) -> None:
        self.rng = rng
        self.bangkok = next(p for p in provinces if p.district_kind != "อำเภอ")
        # Bangkok has no อบจ., เทศบาล or อบต.: its only local government is the BMA.
        self.local = [p for p in provinces if p.district_kind == "อำเภอ"]
        # Provinces with more districts listed are the bigger ones, with more local governments.
        self.weights = [len(p.districts) for p in self.local]
        self.names: set[str] = set()
        self.town_places: set[str] = set()  # one municipality per town, whatever its rank

    def make(self, kind: _Kind, count: int) -> list[Agency]:
        if count <= 0:
            return []
        if kind is _PAO:
            return [self._agency(kind, p.name, p, p.districts[0]) for p in self.rng.sample(self.local, count)]
        if kind is _BMA:
            return [self._agency(kind, "", self.bangkok, self.bangkok.districts[0])]
        if kind is _PATTAYA:
            chonburi = next(p for p in self.local if p.name == _PATTAYA_PLACE[0])
            return [self._agency(kind, "", chonburi, _PATTAYA_PLACE[1])]
        if kind is _CITY:
            return self._from_places(kind, count, self._capitals() + self._district_places())
        if kind is _TOWN:
            return self._from_places(kind, count, self._district_places())
        places = self._district_places()[: count // 6] if kind is _TAMBON else []
        return self._from_places(kind, count, places)

    def _agency(self, kind: _Kind, place: str, province: Province, district: str) -> Agency:
        name = kind.prefix + place
        self.names.add(name)
        if kind in _MUNICIPAL:
            self.town_places.add(place)
        return Agency(name, org_type(name), province.name, district)

    def _capitals(self) -> list[tuple[str, Province, str]]:
        """Provincial towns, the bigger provinces first, as the cities (เทศบาลนคร) are."""
        ranked = sorted(self.local, key=lambda p: (-len(p.districts), self.rng.random()))
        return [(p.name, p, p.districts[0]) for p in ranked]

    def _district_places(self) -> list[tuple[str, Province, str]]:
        """District towns in random order; อำเภอเมืองราชบุรี's town is ราชบุรี."""
        places = [(d.removeprefix("เมือง") or d, p, d) for p in self.local for d in p.districts]
        self.rng.shuffle(places)
        return places

    def _from_places(self, kind: _Kind, count: int, places: list[tuple[str, Province, str]]) -> list[Agency]:
        made = []
        for place, province, district in places:
            if len(made) == count:
                break
            if place not in self.town_places and kind.prefix + place not in self.names:
                made.append(self._agency(kind, place, province, district))
        misses = 0
        while len(made) < count:
            province = self.rng.choices(self.local, self.weights)[0]
            place = _toponym(self.rng, province.region)
            taken = place in self.town_places if kind in _MUNICIPAL else False
            if not taken and kind.prefix + place not in self.names:
                made.append(self._agency(kind, place, province, self.rng.choice(province.districts)))
                misses = 0
            elif (misses := misses + 1) > 10_000:
                raise ValueError(f"cannot invent {count} unique names for {kind.prefix}")
        return made


def _toponym(rng: random.Random, region: str) -> str:
    """A plausible tambon name such as หนองหญ้าปล้อง, โคกสำโรงเหนือ or ศรีสะอาด."""
    prefix = rng.choice(_COMMON_PREFIXES + _REGIONAL_PREFIXES.get(region, ()))
    if prefix in _BLESSED_PREFIXES:
        core = rng.choice(_BLESSINGS)
    else:
        core = rng.choice(_NATURE + _WATERS) if prefix in _WATER_PREFIXES else rng.choice(_NATURE)
    if core == prefix:
        core = rng.choice(_BLESSINGS)
    place = prefix + core
    if rng.random() < 0.3:
        qualifier = rng.choice(_QUALIFIERS)
        if qualifier not in place:
            place += qualifier
    return place


# ---------------------------------------------------------------------------------------------
# What a report says, per fiscal year


@dataclass(frozen=True)
class _Question:
    """An IIT or EIT item: reports write its number (๑๒, E๑) and its question."""

    code: str
    tool: str
    indicator_no: int
    number: int
    texts: tuple[str, str]  # the question in full, and without its ending (มากน้อยเพียงใด …)
    area: str  # who is usually responsible, see _RESPONSIBLE
    key: bytes  # names the item in an agency's lasting preferences
    order: int


@dataclass(frozen=True)
class _Disclosure:
    """An OIT item: reports name its topic (or, in years without topics, the item itself)."""

    code: str
    indicator_no: int
    label: str
    name: str
    actions: tuple[str, ...]
    area: str
    key: bytes
    order: int


@dataclass(frozen=True)
class _YearTemplate:
    year: int
    indicators: dict[int, str]
    tools: dict[int, str]
    typos: dict[int, tuple[str, ...]]  # spellings of each indicator that still read as it
    iit: tuple[_Question, ...]
    eit: tuple[_Question, ...]
    oit: tuple[_Disclosure, ...]


# What the reports say (synth/data/report_phrases.json, where each table says what it is for).
_PHRASES = _data("report_phrases.json")
# How agencies describe the work for each OIT item, by item name (or topic).
_OIT_ACTIONS: dict[str, tuple[str, ...]] = _tuples(_PHRASES["oit_actions"]["phrases"])
_OIT_FRAMES = tuple(_PHRASES["oit_frames"])
_OIT_ACTIONS_COMPACT = {compact(name): phrases for name, phrases in _OIT_ACTIONS.items()}
# Measures agencies write for the IIT and EIT indicators, by indicator number.
_QUESTION_ACTIONS: dict[int, tuple[str, ...]] = {
    int(number): phrases for number, phrases in _tuples(_PHRASES["question_actions"]["phrases"]).items()
}
_FOLLOW_UPS = _tuples(_PHRASES["follow_ups"])
# Who is responsible, by the area a measure belongs to; สำนักปลัด is later written the way each kind
# of agency writes it (_PALAT_BY_TYPE). Some divisions only municipalities have.
_RESPONSIBLE = _tuples(_PHRASES["responsible"]["by_area"])
_MUNICIPAL_RESPONSIBLE = _tuples(_PHRASES["responsible"]["municipal_only"])
_AREA_BY_INDICATOR = {int(number): area for number, area in _PHRASES["area_by_indicator"].items()}
# An OIT item's area, from words in its name; the first that matches wins.
_AREA_BY_WORD = tuple((word, area) for word, area in _PHRASES["area_by_word"]["pairs"])
_PALAT_BY_TYPE = _tuples(_PHRASES["palat_by_type"])

# Status wordings: the demo's, plus others seen in reports; percentages are added per agency.
_STATUS_WORDS = {status: (*WORDINGS[status], *_PHRASES["status_words"][status])
                 for status in (DONE, IN_PROGRESS, NOT_STARTED)}
# What staff write when the cell is not a status at all; the importer must flag these.
UNREADABLE_STATUSES = tuple(_PHRASES["unreadable_statuses"]["words"])
_ENDINGS = tuple(_PHRASES["question_endings"])
_TITLES = tuple(_PHRASES["titles"])
_PLACE = dict(_PHRASES["place"])
_PERIODS = tuple(_PHRASES["periods"])


_TEMPLATES: dict[tuple[int, int], tuple[Framework, _YearTemplate]] = {}


def _template(framework: Framework, year: int) -> _YearTemplate:
    """The year's template, built once per framework: a Framework is mutable and unhashable,
    so the cache is keyed by identity and keeps the framework to check the identity holds."""
    cached = _TEMPLATES.get((id(framework), year))
    if cached is None or cached[0] is not framework:
        if len(_TEMPLATES) > 32:
            _TEMPLATES.clear()
        cached = (framework, _build_template(framework, year))
        _TEMPLATES[(id(framework), year)] = cached
    return cached[1]


def _build_template(framework: Framework, year: int) -> _YearTemplate:
    current = framework.for_year(year)
    indicators = {no: i.name_th for no, i in current.indicators.items()}
    tools = {no: i.tool for no, i in current.indicators.items()}
    questions = [
        _Question(
            item.code, item.tool, item.indicator_no, int(item.code[1:]), (item.name, _shortened(item.name)),
            _AREA_BY_INDICATOR.get(item.indicator_no, "general"), item.code.encode(), order,
        )
        for order, item in enumerate(_question_items(framework, year))
        if item.name and item.indicator_no in indicators
    ]
    oit_indicators = [no for no, tool in tools.items() if tool == "OIT"]
    oit_items = sorted((i for i in current.items.values() if i.tool == "OIT" and i.name), key=lambda i: int(i.code[1:]))
    disclosures = tuple(
        _Disclosure(
            item.code,
            item.indicator_no if item.indicator_no in indicators else _guess_indicator(framework, item, oit_indicators),
            item.topic or item.name,
            item.name,
            _OIT_ACTIONS_COMPACT.get(compact(item.name)) or tuple(f.format(name=item.name) for f in _OIT_FRAMES),
            next((area for word, area in _AREA_BY_WORD if word in item.name), "general"),
            # Keyed by name, not code: codes move between years, and a measure carries over by what it is.
            compact(item.name).encode(),
            len(questions) + order,
        )
        for order, item in enumerate(oit_items)
    )
    typos = {no: _indicator_typos(current, framework, no, name) for no, name in indicators.items()}
    return _YearTemplate(
        year,
        indicators,
        tools,
        typos,
        tuple(q for q in questions if q.tool == "IIT"),
        tuple(q for q in questions if q.tool == "EIT"),
        disclosures,
    )


def _shortened(question: str) -> str:
    for ending in _ENDINGS:
        question = question.removesuffix(ending)
    return question


def _question_items(framework: Framework, year: int) -> list[Item]:
    """IIT and EIT items of the year; a year whose list has none borrows the nearest year's,
    as `Framework.for_year` borrows indicator names (2565–2568 list no questions)."""
    chosen: list[Item] = []
    for tool in ("IIT", "EIT"):
        years = sorted({i.fiscal_year for i in framework.items if i.tool == tool}, key=lambda y: (abs(y - year), -y))
        if years:
            found = [i for i in framework.items if i.tool == tool and i.fiscal_year == years[0]]
            chosen.extend(sorted(found, key=lambda i: int(i.code[1:])))
    return chosen


def _guess_indicator(framework: Framework, item: Item, oit_indicators: list[int]) -> int:
    """The indicator an OIT item of a year without indicators falls under: that of the most
    similarly named item of a year that has them (2568's list names items only)."""
    named = [i for i in framework.items if i.tool == "OIT" and i.indicator_no and i.name]
    if not named:
        return oit_indicators[0]
    best = max(named, key=lambda i: (fuzz.ratio(i.name, item.name), i.fiscal_year))
    return best.indicator_no if best.indicator_no in oit_indicators else oit_indicators[0]


def _indicator_typos(year: YearFramework, framework: Framework, number: int, name: str) -> tuple[str, ...]:
    """Spellings staff use for an indicator that the importer still reads as it: the aliases of
    indicator_aliases.csv, and the official name with one vowel or tone mark wrong."""
    aliases = [written for written, official in framework.aliases.items() if compact(official) == compact(name)]
    swaps = (("ู", "ุ"), ("ุ", "ู"), ("ี", "ิ"), ("ิ", "ี"), ("ื", "ึ"), ("่", ""), ("้", ""), ("ั", ""))
    typos = [name.replace(a, b, 1) for a, b in swaps if a in name]
    readable = []
    for written in aliases + typos:
        found = year.find_indicator(written, framework.aliases)
        if compact(written) != compact(name) and found is not None and found.no == number:
            readable.append(written)
    return tuple(dict.fromkeys(readable))


# ---------------------------------------------------------------------------------------------
# One report


class PlannedRow(NamedTuple):
    """A row as the agency means it: its cells before any wrapping, and what they say."""

    cells: dict[str, str]
    tool: str
    item_code: str
    indicator_no: int  # the indicator the row is written under
    status: str  # what the status cell means; UNKNOWN for a deliberately unreadable one
    problem: str = ""  # "", "unknown_status", "indicator_typo", "wrong_indicator"


@dataclass(frozen=True)
class PlannedReport:
    file_name: str
    kind: str  # text, csv, xlsx
    title: str
    rows: tuple[PlannedRow, ...]


@dataclass(frozen=True)
class _Profile:
    """An agency's habits and standing, the same every year."""

    strength: float  # share of measures done in 2564
    trend: float  # change of that share per year
    size: int  # usual number of measures
    fmt: str
    thai_digits: float  # chance a report writes its numbers in Thai digits
    wrap: float  # share of a text report's pages whose cells the PDF wrapped
    percent: bool  # writes statuses as percentages
    words: tuple[str, str, str]  # preferred wording for done, in progress, not started
    palat: str  # how it writes สำนักปลัด
    period: str
    title: str
    csv_encoding: str
    csv_english: bool
    csv_blank_repeats: bool
    iit_share: float
    eit_share: float
    numbered: bool  # writes "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล"


@lru_cache(maxsize=16384)
def _profile(agency: Agency, seed: int) -> _Profile:
    rng = random.Random(f"ita-national-profile:{seed}:{agency.name}")
    kinds, weights = zip(*FORMAT_SHARES, strict=True)
    return _Profile(
        strength=min(1.0, max(0.3, rng.betavariate(5, 1.4))),
        trend=rng.gauss(0.012, 0.035),
        size=round(rng.triangular(MIN_MEASURES, MAX_MEASURES, 26)),
        fmt=rng.choices(kinds, weights)[0],
        thai_digits=rng.choice((0.95, 0.95, 0.9, 0.6, 0.1)),
        wrap=rng.choice((0.0, 0.1, 0.3, 0.5, 0.7, 0.9)),
        percent=rng.random() < 0.1,
        words=tuple(rng.choice(_STATUS_WORDS[s]) for s in (DONE, IN_PROGRESS, NOT_STARTED)),
        palat=rng.choice(_PALAT_BY_TYPE.get(agency.org_type, ("สำนักปลัด",))),
        period=rng.choice(_PERIODS),
        title=rng.choice(_TITLES),
        csv_encoding="cp874" if rng.random() < 0.25 else "utf-8-sig",
        csv_english=rng.random() < 0.15,
        csv_blank_repeats=rng.random() < 0.4,
        iit_share=rng.uniform(0.15, 0.35),
        eit_share=rng.uniform(0.1, 0.25),
        numbered=rng.random() < 0.15,
    )


_TO_THAI_DIGITS = str.maketrans("0123456789", THAI_DIGITS)


def _pick(options: Sequence[str], draw: float) -> str:
    return options[int(draw * len(options))]


class _Voice:
    """How one report writes what repeats from row to row: its digits, its period, its
    follow-up per tool, and the division it names for each area of work. Real reports keep
    these through the table (the seed's rows all say ตลอดปีงบประมาณ ๒๕๖๔), with exceptions."""

    def __init__(self, agency: Agency, year: int, profile: _Profile, rng: random.Random) -> None:
        self.rng, self.agency, self.profile = rng, agency, profile
        self.thai = rng.random() < profile.thai_digits
        self.periods = (self._period(profile.period, year), self._period(rng.choice(_PERIODS), year))
        self.follow_ups = {
            tool: tuple(self._numbered(rng.choice(options)) for _ in range(2)) for tool, options in _FOLLOW_UPS.items()
        }
        self._responsible: dict[str, str] = {}

    def digits(self, value: int) -> str:
        return str(value).translate(_TO_THAI_DIGITS) if self.thai else str(value)

    def _period(self, form: str, year: int) -> str:
        return form.format(y=self.digits(year), y0=self.digits(year - 1))

    def _numbered(self, text: str) -> str:
        return text.replace("{6}", self.digits(6)).replace("{12}", self.digits(12)) if "{" in text else text

    def responsible(self, area: str, draw: float) -> str:
        """The report's division for an area; one row in eight names another one."""
        if area not in self._responsible or draw < 0.12:
            options = _RESPONSIBLE[area]
            if self.agency.org_type in ("เทศบาลนคร", "เทศบาลเมือง", "อบจ.") and area in _MUNICIPAL_RESPONSIBLE:
                options = options + _MUNICIPAL_RESPONSIBLE[area]
            text = _pick(options, self.rng.random())
            if "สำนักปลัด" in text:
                text = text.replace("สำนักปลัด", self.profile.palat)
            if area in self._responsible:
                return text
            self._responsible[area] = text
        return self._responsible[area]

    def status(self, status: str) -> str:
        draw = self.rng.random()
        if self.profile.percent and draw < 0.8:
            percent = 100 if status == DONE else 0 if status == NOT_STARTED else 10 + 5 * int(self.rng.random() * 17)
            number = self.digits(percent)
            wording = self.profile.words[(DONE, IN_PROGRESS, NOT_STARTED).index(status)]
            if draw < 0.7 or "%" in wording:
                return f"{number}%" if draw < 0.55 else f"ร้อยละ {number}"
            return f"{wording} ({number}%)"
        if draw < 0.75:
            return self.profile.words[(DONE, IN_PROGRESS, NOT_STARTED).index(status)]
        return _pick(_STATUS_WORDS[status], self.rng.random())


@lru_cache(maxsize=1)
def _district_kinds() -> dict[str, str]:
    return {p.name: p.district_kind for p in load_provinces()}


def _place(agency: Agency) -> str:
    kind = _district_kinds().get(agency.province, "อำเภอ")
    return _PLACE[kind].format(district=agency.district, province=agency.province)


def plan_report(agency: Agency, fiscal_year: int, framework: Framework, *, seed: int = 0) -> PlannedReport:
    """What one agency reports for one year: the rows, what each means, and the file's name and kind."""
    template = _template(framework, fiscal_year)
    profile = _profile(agency, seed)
    rng = random.Random(f"ita-national:{seed}:{agency.name}:{fiscal_year}")
    completion = profile.strength + profile.trend * (fiscal_year - 2564) + rng.gauss(0, 0.03)
    completion = min(1.0, max(0.05, completion))
    voice = _Voice(agency, fiscal_year, profile, rng)
    chosen = _choose_items(agency, template, profile, rng, seed)
    rows = tuple(_row(entry, template, voice, completion) for entry in chosen)
    kind = profile.fmt if rng.random() < 0.92 else rng.choices(*zip(*FORMAT_SHARES, strict=True))[0]
    title = f"{SYNTHETIC_MARKER} " + profile.title.format(
        org=agency.name,
        place=_place(agency),
        year=voice.digits(fiscal_year),
    )
    digest = hashlib.blake2b(agency.name.encode(), digest_size=5).hexdigest()
    extension = {"text": "txt", "csv": "csv", "xlsx": "xlsx"}[kind]
    file_name = f"synthetic_{fiscal_year}_{_kind_of(agency).slug}_{digest}.{extension}"
    return PlannedReport(file_name, kind, title, rows)


def _choose_items(
    agency: Agency, template: _YearTemplate, profile: _Profile, rng: random.Random, seed: int
) -> list[_Question | _Disclosure]:
    """The items an agency writes measures for this year, in the framework's order.

    Each agency has a lasting preference for each item (a hash of the agency and the item), so
    most measures carry over from year to year while a few come and go.
    """
    size = min(MAX_MEASURES, max(MIN_MEASURES, profile.size + rng.randint(-4, 4)))
    want_iit = min(len(template.iit), round(size * profile.iit_share))
    want_eit = min(len(template.eit), round(size * profile.eit_share))
    want_oit = min(len(template.oit), size - want_iit - want_eit)
    # A year with few OIT items (2568) gets more questions instead.
    want_iit = min(len(template.iit), size - want_eit - want_oit)
    agency_crc = zlib.crc32(f"{seed}|{agency.name}|".encode())
    draw = rng.random

    def preferred(pool: Sequence[_Question | _Disclosure], count: int) -> list[_Question | _Disclosure]:
        scores = [zlib.crc32(entry.key, agency_crc) / 4294967296 + 0.35 * draw() for entry in pool]
        ranked = sorted(range(len(pool)), key=scores.__getitem__, reverse=True)
        return [pool[index] for index in ranked[:count]]

    chosen = preferred(template.iit, want_iit) + preferred(template.eit, want_eit) + preferred(template.oit, want_oit)
    return sorted(chosen, key=lambda e: (e.indicator_no, e.order))


_PROBLEMS = ("unknown_status", "indicator_typo", "wrong_indicator")


def _row(entry: _Question | _Disclosure, template: _YearTemplate, voice: _Voice, completion: float) -> PlannedRow:
    draw = voice.rng.random
    problem = _PROBLEMS[int(draw() * 3)] if draw() < PROBLEM_RATE else ""
    indicator_no = entry.indicator_no
    if isinstance(entry, _Question):
        tool, item = entry.tool, _question_cell(entry, voice)
        action = _pick(_QUESTION_ACTIONS[entry.indicator_no], draw())
        if problem == "wrong_indicator":
            # Filed under a sibling indicator of the same tool, as the seed files i20 under การใช้งบประมาณ.
            others = [no for no, t in template.tools.items() if t == entry.tool and no != entry.indicator_no]
            indicator_no = _pick(others, draw()) if others else indicator_no
    else:
        tool, action = "OIT", _pick(entry.actions, draw())
        item = f"O{voice.digits(int(entry.code[1:]))} {entry.name}" if draw() < 0.03 else entry.label
        if problem == "wrong_indicator":
            problem = "indicator_typo"  # an OIT topic under another indicator matches no item at all
    indicator = template.indicators[indicator_no]
    if problem == "indicator_typo":
        typos = template.typos.get(indicator_no)
        indicator, problem = (_pick(typos, draw()), problem) if typos else (indicator, "")
    if voice.profile.numbered:
        indicator = f"ตัวชี้วัดที่ {voice.digits(indicator_no)} {indicator}"
    if problem == "unknown_status":
        status, status_text = UNKNOWN, _pick(UNREADABLE_STATUSES, draw())
    else:
        status = DONE if draw() < completion else IN_PROGRESS if draw() < 0.7 else NOT_STARTED
        status_text = voice.status(status)
    cells = {
        "indicator": indicator,
        "item": item,
        "action": action,
        "responsible": voice.responsible(entry.area, draw()),
        "period": voice.periods[draw() < 0.06],
        "follow_up": voice.follow_ups[tool][draw() < 0.2],
        "status": status_text,
    }
    return PlannedRow(cells, tool, entry.code, indicator_no, status, problem)


def _question_cell(question: _Question, voice: _Voice) -> str:
    """๑๒ หน่วยงานของท่าน… or E๑ เจ้าหน้าที่…, sometimes ข้อ ๑๒, often without the question's ending."""
    draw = voice.rng.random()
    text = question.texts[draw < 0.5]
    number = voice.digits(question.number)
    if question.tool == "EIT":
        return f"{'e' if draw > 0.9 else 'E'}{number} {text}"
    return f"{'ข้อ ' if draw > 0.9 else ''}{number} {text}"


# ---------------------------------------------------------------------------------------------
# Writing the file


def report_for(agency: Agency, fiscal_year: int, framework: Framework, *, seed: int = 0) -> tuple[str, bytes]:
    """(file name, file bytes) of one agency's report for one fiscal year."""
    plan = plan_report(agency, fiscal_year, framework, seed=seed)
    return plan.file_name, render(plan, agency, seed=seed)


def render(plan: PlannedReport, agency: Agency, *, seed: int = 0) -> bytes:
    """The bytes of a planned report in its format, with that format's artefacts."""
    profile = _profile(agency, seed)
    rng = random.Random(f"ita-national-layout:{seed}:{plan.file_name}")
    rows = [row.cells for row in plan.rows]
    if plan.kind == "csv":
        return _csv_bytes(plan.title, rows, profile, rng)
    if plan.kind == "xlsx":
        return xlsx_report(plan.title, rows, merge_repeats=("indicator",))
    return _text_bytes(plan.title, rows, profile, rng)


_WIDTHS = {"indicator": 13, "item": 24, "action": 32, "responsible": 10, "period": 13, "follow_up": 30, "status": 9}
_CODE_PREFIX = re.compile(r"^(?:ข้อ )?[IiEeOo]?[0-9๐-๙]{1,2}\.? ")


def _text_bytes(title: str, rows: list[dict[str, str]], profile: _Profile, rng: random.Random) -> bytes:
    """The PDF-extracted layout: pages with a repeated header; on pages the PDF wrapped, long
    cells carry a space at each line break, as the seed report does."""
    per_page = rng.choice((3, 3, 4, 5, 6))
    pages = -(-len(rows) // per_page)
    wrapped = [rng.random() < profile.wrap for _ in range(pages)]
    scale = rng.uniform(0.85, 1.3)
    widths = {column: round(width * scale) for column, width in _WIDTHS.items()}
    out = [_wrap_row(row, widths) if wrapped[index // per_page] else row for index, row in enumerate(rows)]
    name_from = rng.choice((0, 0, 0, max(2, pages - 2)))
    if rng.random() < 0.3:
        title = title.replace(" อำเภอ", "\nอำเภอ", 1)  # a title typed over two lines
    return text_report(title, out, rows_per_page=per_page, name_header_from_page=name_from).encode("utf-8")


def _csv_bytes(title: str, rows: list[dict[str, str]], profile: _Profile, rng: random.Random) -> bytes:
    """CSV saved from Excel: UTF-8 with BOM or cp874, Thai or English headers, and, when the
    sheet had merged indicator cells, the indicator written only where it changes."""
    if profile.csv_blank_repeats:
        rows = [
            {**row, "indicator": ""} if index and row["indicator"] == rows[index - 1]["indicator"] else row
            for index, row in enumerate(rows)
        ]
    columns = COLUMNS if rng.random() < 0.8 else ("indicator", "item", "action", "responsible", "status", "period",
                                                   "follow_up")
    text = csv_report(title, rows, columns=columns, lang="en" if profile.csv_english else "th")
    try:
        return text.encode(profile.csv_encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8-sig")


def _wrap_row(row: dict[str, str], widths: dict[str, int]) -> dict[str, str]:
    out = {}
    for column, text in row.items():
        prefix = _CODE_PREFIX.match(text) if column == "item" else None
        if prefix:  # never split an item's number from the line it starts
            out[column] = prefix.group(0) + wrap_cell(text[prefix.end() :], widths[column])
        else:
            out[column] = wrap_cell(text, widths[column])
    return out


# Where a PDF wraps Thai text. Like a Thai line breaker, it breaks between words, and inside a
# word it does not know only between syllables. Words come from a small dictionary of the
# reports' own vocabulary (longest match first). A syllable may end before a leading vowel
# (ดำ|เนิน), after a final consonant or tone mark when the next syllable opens with its own
# vowel (สัม|พันธ์, ทั่ว|กัน, ได้|รับ), or after a silenced letter (ทรัพย์|สิน); a line may also
# end after a slash (ทุกสำนัก/ กอง, as in the seed report).
_MARKS = "ัิีึืุู่้๊๋็"
_OPEN = f"[ก-ฮ][{_MARKS}าำะ]"
_SYLLABLE_BREAK = re.compile(
    rf"(?<=[ก-ฮ{_MARKS}าำะ์])(?=[เแโใไ])"
    rf"|(?<=[{_MARKS}][ก-ฮ])(?={_OPEN})"
    rf"|(?<=[่้๊๋])(?={_OPEN})"
    rf"|(?<=[าำะ])(?={_OPEN})"
    r"|(?<=์)(?=[ก-ฮ])"
    r"|(?<=/)(?=\S)"
)
_WORDS = frozenset(_PHRASES["wrap_vocabulary"]["words"])  # the dictionary (report_phrases.json)
_LONGEST_WORD = max(map(len, _WORDS))


def _break_points(word: str) -> list[int]:
    """Positions inside a blank-free run of text where a line may end."""
    cuts = {m.start() for m in _SYLLABLE_BREAK.finditer(word)}
    start = 0
    while start < len(word):
        for size in range(min(_LONGEST_WORD, len(word) - start), 1, -1):
            if word[start : start + size] in _WORDS:
                cuts.difference_update(range(start + 1, start + size))  # never inside a known word
                cuts.update((start, start + size))
                start += size
                break
        else:
            start += 1
    return sorted(c for c in cuts if 0 < c < len(word) and _starts_syllable(word, c))


def _starts_syllable(word: str, at: int) -> bool:
    return (word[at - 1] == "/" or word[at - 1] not in "เแโใไ") and word[at] not in _MARKS + "าำะ์ๆฯ"


@lru_cache(maxsize=65536)
def _pieces(text: str) -> tuple[tuple[str, str], ...]:
    """The text cut where a line may end: (separator before, piece), the separator being the
    space already there or nothing (a break inside a run of Thai)."""
    pieces: list[tuple[str, str]] = []
    for index, word in enumerate(text.split(" ")):
        cuts = [0, *_break_points(word), len(word)]
        for n, (start, end) in enumerate(pairwise(cuts)):
            pieces.append((" " if n == 0 and index else "", word[start:end]))
    return tuple(pieces)


@lru_cache(maxsize=131072)
def wrap_cell(text: str, width: int) -> str:
    """A cell as a PDF extractor returns it after wrapping it at `width` letters: each line
    break becomes a space, inside a word or not."""
    if _visible(text) <= width:
        return text
    lines: list[str] = []
    line, length = "", 0
    for separator, piece in _pieces(text):
        size = _visible(piece)
        if line and length + size > width:
            lines.append(line)
            line, length = piece, size
        else:
            line += separator + piece
            length += size + len(separator)
    lines.append(line)
    return " ".join(lines)


def _visible(text: str) -> int:
    """Letters that take room on a line: Thai vowel and tone marks sit above or below."""
    return len(text) - sum(text.count(mark) for mark in _MARKS + "์")


# ---------------------------------------------------------------------------------------------
# The data set


@dataclass(frozen=True)
class ReportSpec:
    """One report to be written: small to send to another process, which writes it there.

    `produce` gives the same bytes as `report_for`, so a parallel import can generate and read
    each report in the worker that reads it, instead of shipping the bytes between processes.
    """

    agency: Agency
    fiscal_year: int
    seed: int = 0

    def produce(self, framework: Framework) -> tuple[str, bytes]:
        return report_for(self.agency, self.fiscal_year, framework, seed=self.seed)


def national_specs(
    orgs: int, years: int, framework: Framework, *, seed: int = 0, first_year: int | None = None
) -> Iterator[ReportSpec]:
    """The reports of `orgs` agencies for `years` fiscal years, by year then agency, unwritten.

    The years are the framework's last `years` (2564–2568 for 5), or from `first_year` on.
    """
    known = framework.years
    if first_year is None:
        if not 0 < years <= len(known):
            raise ValueError(f"years must be between 1 and {len(known)}")
        chosen = known[-years:]
    else:
        chosen = list(range(first_year, first_year + years))
        missing = [y for y in chosen if y not in known]
        if missing:
            raise ValueError(f"no ITA framework for fiscal year {missing[0]} (known: {known})")
    population = agencies(orgs, seed=seed)
    for year in chosen:
        for agency in population:
            yield ReportSpec(agency, year, seed)


def national_reports(
    orgs: int, years: int, framework: Framework, *, seed: int = 0, first_year: int | None = None
) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) of `orgs` agencies' reports for `years` fiscal years, by year then agency."""
    for spec in national_specs(orgs, years, framework, seed=seed, first_year=first_year):
        yield spec.produce(framework)


# ---------------------------------------------------------------- synthetic ITA scores (docs/scores.md)
# National averages of the total as NACC announced them (shared/reference/README.md); 2563 and the
# years after 2568 are invented around their neighbours. Each agency keeps a level of its own
# (some agencies are always strong) and improves a little each year, as the national results did.
NATIONAL_AVERAGE = {2563: 79.0, 2564: 81.25, 2565: 87.57, 2566: 90.19, 2567: 93.05, 2568: 93.82}
SCORES_FILE = "national_scores_synthetic.csv"


def national_scores(orgs: int, years: int, framework: Framework, *, seed: int = 0,
                    first_year: int | None = None) -> bytes:
    """A scores file (CSV, the English headers of ita/read/scores.py) for the agencies of
    `national_reports(orgs, years, …)`: every year of their reports and the assessment before the
    first (what its measures were planned from). Invented numbers, plausible in shape: instruments
    weighted as in 2564 (IIT 30 %, EIT 30 %, OIT 40 %), OIT the most spread, indicators around their
    instrument."""
    chosen = list(framework.years[-years:]) if first_year is None else list(range(first_year, first_year + years))
    assessed = [chosen[0] - 1, *chosen]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["organisation", "year", "total", "iit", "eit", "oit", *(f"indicator_{n}" for n in range(1, 11))])
    for agency in agencies(orgs, seed=seed):
        rng = random.Random(f"ita-national-scores:{seed}:{agency.name}")
        level = rng.gauss(0, 6)
        tilt = {"iit": rng.gauss(4, 3), "eit": rng.gauss(1, 3), "oit": rng.gauss(-3, 6)}
        for year in assessed:
            mean = NATIONAL_AVERAGE.get(year, NATIONAL_AVERAGE[2568] if year > 2568 else NATIONAL_AVERAGE[2563])
            tools = {tool: _bounded(mean + level + shift + rng.gauss(0, 3 if tool != "oit" else 7))
                     for tool, shift in tilt.items()}
            total = round(0.3 * tools["iit"] + 0.3 * tools["eit"] + 0.4 * tools["oit"], 2)
            indicators = [_bounded(tools["iit"] + rng.gauss(0, 3)) for _ in range(5)]
            indicators += [_bounded(tools["eit"] + rng.gauss(0, 3)) for _ in range(3)]
            indicators += [_bounded(tools["oit"] + rng.gauss(0, 6)) for _ in range(2)]
            writer.writerow([agency.name, year, f"{total:.2f}", *(f"{tools[t]:.2f}" for t in ("iit", "eit", "oit")),
                             *(f"{v:.2f}" for v in indicators)])
    return out.getvalue().encode("utf-8")


def _bounded(score: float) -> float:
    return round(min(100.0, max(0.0, score)), 2)

"""The ITA framework as data editors manage: versions per fiscal year, imports, re-matching, crosswalk.

NACC changes the assessment every year, so a year's framework arrives as a file (an editor's
CSV/XLSX, or a release's data/reference/ita_framework.csv) and becomes a new VERSION of that
year: every version is kept whole (framework_version_rows) and the active one is copied into
framework_indicators / framework_items, which every question reads. A new active version
re-matches the measures already stored for that year (audited, field by field), so reports
imported before their year's framework was known never need importing again.

The crosswalk links each item of a year to its counterparts in the next: derived from item
names (rapidfuzz), overridden by data/reference/item_crosswalk.csv, rebuilt with every change.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import duckdb
import pandas as pd
from rapidfuzz import fuzz

from ita.read.catalogue import (
    FRAMEWORK_COLUMNS,
    TOOLS,
    RowRefused,
    canonical_cell,
    framework_rows_sha256,
    parse_framework_file,
    read_csv_rows,
)
from ita.read.normalise import normalise
from ita.read.records import RawReport, RawRow
from ita.read.thai import compact
from ita.store import sql
from ita.store.access import EditorScope, NotAllowed, as_scope
from ita.store.reference import directory_from_store, framework_from_store
from ita.store.session import DEFAULT_REFERENCE, Unchanged, meta, next_ids, write_session
from ita.store.writer import audit_row, insert_rows, record_refusal

CROSSWALK_FILE = "item_crosswalk.csv"
CROSSWALK_CUTOFF = 80.0  # item names this alike (0–100) are the same item in the next year
# The framework warnings an import gets while its year's framework is missing or partial.
FRAMEWORK_FINDINGS = ("framework_missing", "framework_partial")
# Warnings about a row's match that re-matching may newly raise (the others concern the text).
MATCH_FINDINGS = ("item_wrong_indicator", "item_not_in_framework", "oit_unmatched", "unknown_indicator")
# What re-matching may change in a stored measure (never its status, text or divisions).
REMATCHED_FIELDS = ("indicator", "indicator_no", "tool", "item_code", "item_match", "match_confidence")


# ---------------------------------------------------------------- preview of an editor's file
@dataclass
class YearChange:
    """What importing a file would do to one fiscal year's framework."""

    fiscal_year: int
    rows: list[dict[str, object]]
    current_version: int | None
    added: list[dict[str, str]] = field(default_factory=list)  # item_code, item_name_th
    renamed: list[dict[str, str]] = field(default_factory=list)  # item_code, old_name, item_name_th
    removed: list[dict[str, str]] = field(default_factory=list)  # item_code, item_name_th
    unchanged: bool = False


@dataclass
class FrameworkPreview:
    file_name: str
    years: list[YearChange]
    refused: list[RowRefused]

    @property
    def changes(self) -> list[YearChange]:
        return [y for y in self.years if not y.unchanged]


@dataclass
class FrameworkChange:
    """What a framework import or restore did: the new version per year and measures re-matched."""

    versions: dict[int, int]
    rematched: int


def preview_import(
    cursor: duckdb.DuckDBPyConnection, file_name: str, data: bytes, fiscal_year: int | None = None
) -> FrameworkPreview:
    """Read a framework file and compare each of its years with the version in force.

    Raises `ImportRefused` for a file that is not a framework; bad rows are listed, not fatal.
    """
    rows, refused = parse_framework_file(file_name, data, fiscal_year)
    by_year: dict[int, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        by_year[int(row["fiscal_year_be"])].append(row)
    years = []
    for year in sorted(by_year):
        current = active_version(cursor, year)
        before = version_rows(cursor, current) if current is not None else []
        years.append(_compare(year, by_year[year], current, before))
    return FrameworkPreview(file_name, years, refused)


def _compare(year: int, rows: list[dict[str, object]], current: int | None,
             before: list[dict[str, object]]) -> YearChange:
    change = YearChange(year, rows, current)
    old = {str(r["item_code"]): canonical_cell("item_name_th", r.get("item_name_th")) for r in before
           if r.get("item_code")}
    new = {str(r["item_code"]): canonical_cell("item_name_th", r.get("item_name_th")) for r in rows
           if r.get("item_code")}
    for code in sorted(new, key=_code_order):
        if code not in old:
            change.added.append({"item_code": code, "item_name_th": new[code]})
        elif old[code] != new[code]:
            change.renamed.append({"item_code": code, "old_name": old[code], "item_name_th": new[code]})
    change.removed = [{"item_code": c, "item_name_th": old[c]} for c in sorted(old, key=_code_order) if c not in new]
    change.unchanged = bool(before) and framework_rows_sha256(before) == framework_rows_sha256(rows)
    return change


def _code_order(code: str) -> tuple[int, int]:
    return ("ieo".index(code[0]) if code[:1] in ("i", "e", "o") else 3, int(code[1:]) if code[1:].isdigit() else 0)


def require_administrator(store: Path | None, actor: str | EditorScope, action: str) -> str:
    """The actor's name, when the actor may change the framework: a framework change re-matches every
    organisation's measures, so only a national administrator may make one; a refusal is audited."""
    scope = as_scope(actor)
    if not scope.everything:
        refusal = NotAllowed(scope.actor, action, "*")
        record_refusal(store, refusal)
        raise refusal
    return scope.actor


def commit_import(store: Path | None, preview: FrameworkPreview, actor: str | EditorScope) -> FrameworkChange:
    """Store the years a preview changes as new active versions, re-match their measures, audited."""
    actor = require_administrator(store, actor, "framework_import")
    if not preview.changes:
        return FrameworkChange({}, 0)
    with write_session(store) as con:
        now = datetime.now()
        versions = {}
        for year in preview.changes:
            versions[year.fiscal_year] = add_version(
                con, year.fiscal_year, year.rows, source="import", actor=actor, file_name=preview.file_name, now=now
            )
        rematched = _after_change(con, sorted(versions), actor, f"framework {preview.file_name}", now)
    return FrameworkChange(versions, rematched)


def restore_version(store: Path | None, version_id: int, actor: str | EditorScope) -> FrameworkChange:
    """Put an earlier version of a year's framework back in force (a change like any other, audited)."""
    actor = require_administrator(store, actor, "framework_restore")
    with write_session(store) as con:
        found = con.execute("SELECT fiscal_year, state FROM framework_versions WHERE version_id = ?",
                            [version_id]).fetchall()
        row = found[0] if found else None
        if row is None:
            raise KeyError(f"no framework version {version_id}")
        year, state = int(row[0]), row[1]
        if state == "active":
            raise Unchanged
        now = datetime.now()
        previous = activate(con, version_id)
        ids = next_ids(con)
        insert_rows(con, "audit_log", [audit_row(ids, now, actor, "framework_restore", field=f"framework {year}",
                                                 old_value=_str(previous), new_value=str(version_id),
                                                 reason=f"version {version_id} restored")])
        rematched = _after_change(con, [year], actor, f"framework {year} version {version_id} restored", now)
    return FrameworkChange({year: version_id}, rematched)


# ---------------------------------------------------------------- versions
def add_version(
    con: duckdb.DuckDBPyConnection,
    year: int,
    rows: list[dict[str, object]],
    *,
    source: str,
    actor: str,
    file_name: str | None = None,
    now: datetime | None = None,
    state: str = "active",
    audit: bool = True,
) -> int:
    """Store `rows` as a new version of `year`'s framework (in force unless `state` says otherwise)."""
    now = now or datetime.now()
    version_id = int(_scalar(con, "SELECT coalesce(max(version_id), 0) + 1 FROM framework_versions"))
    insert_rows(con, "framework_versions", [dict(
        version_id=version_id, fiscal_year=year, state="proposed", created_at=now, created_by=actor, source=source,
        file_name=file_name, sha256=framework_rows_sha256(rows), row_count=len(rows))])
    insert_rows(con, "framework_version_rows", [
        {"version_id": version_id, "line": row.get("line"),
         **{c: _cell(c, row.get(c)) for c in FRAMEWORK_COLUMNS}}
        for row in rows
    ])
    previous = activate(con, version_id) if state == "active" else active_version(con, year)
    if audit:
        ids = next_ids(con)
        action = "framework_version" if state == "active" else "framework_proposed"
        insert_rows(con, "audit_log", [audit_row(
            ids, now, actor, action, field=f"framework {year}", old_value=_str(previous), new_value=str(version_id),
            reason=f"{source}: {file_name or ''} ({len(rows)} rows)")])
    return version_id


def activate(con: duckdb.DuckDBPyConnection, version_id: int) -> int | None:
    """Make a version the one in force for its year; returns the version it replaced."""
    year = int(_scalar(con, "SELECT fiscal_year FROM framework_versions WHERE version_id = ?", version_id))
    previous = active_version(con, year)
    sql.script(con, "write/activate_framework_version", version_id=version_id, fiscal_year=year)
    return previous


def active_version(cursor: duckdb.DuckDBPyConnection, year: int) -> int | None:
    found = _scalar(cursor, "SELECT max(version_id) FROM framework_versions WHERE fiscal_year = ? AND state = 'active'",
                    year)
    return int(found) if found is not None else None


def _scalar(cursor: duckdb.DuckDBPyConnection, query: str, *params: object) -> object:
    # fetchall, not fetchone: an unfinished result would block the writer's next statement.
    rows = cursor.execute(query, list(params)).fetchall()
    return rows[0][0] if rows else None


def version_rows(cursor: duckdb.DuckDBPyConnection, version_id: int) -> list[dict[str, object]]:
    frame = sql.run(cursor, "framework/version_rows", version_id=version_id)
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def versions(cursor: duckdb.DuckDBPyConnection, years: list[int] | None = None) -> pd.DataFrame:
    return sql.run(cursor, "framework_versions", years=list(years or []))


def framework_years(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return sql.run(cursor, "framework_years")


def export_frame(cursor: duckdb.DuckDBPyConnection, year: int, version_id: int | None = None) -> pd.DataFrame:
    """A year's framework (the version in force, or `version_id`) in the columns of ita_framework.csv."""
    version = version_id if version_id is not None else active_version(cursor, year)
    if version is None:
        return pd.DataFrame(columns=list(FRAMEWORK_COLUMNS))
    frame = sql.run(cursor, "framework/version_rows", version_id=version)
    return frame[list(FRAMEWORK_COLUMNS)]


def _cell(column: str, value: object) -> object:
    text = canonical_cell(column, value)
    if column in ("fiscal_year_be", "indicator_no"):
        return int(text) if text else None
    return text or None


def _str(value: object) -> str | None:
    return None if value is None else str(value)


# ---------------------------------------------------------------- after a change: crosswalk, fingerprint, re-match
def _after_change(con: duckdb.DuckDBPyConnection, years: list[int], actor: str, reason: str, now: datetime) -> int:
    rebuild_crosswalk(con)
    set_fingerprint(con)
    return sum(rematch_year(con, year, actor, reason, now) for year in years)


def set_fingerprint(con: duckdb.DuckDBPyConnection) -> None:
    """Change the store's reference fingerprint, so no process reuses a framework it built before."""
    parts = [sql.run(con, name) for name in ("reference_framework", "reference_aliases", "reference_keywords")]
    digest = hashlib.sha256()
    for frame in parts:
        digest.update(pd.util.hash_pandas_object(frame.astype(str), index=False).values.tobytes())
    sql.execute(con, "write/set_meta", key="reference_sha256", value=digest.hexdigest())


def rematch_year(con: duckdb.DuckDBPyConnection, year: int, actor: str, reason: str,
                 now: datetime | None = None) -> int:
    """Match the stored measures of `year` to its framework in force again; returns how many changed.

    The rows are read again from what was stored (indicator and item as written, the action), by
    the same `normalise` an import uses. Items an editor set by hand are left alone. Each changed
    field is an audit row; warnings about a row's match that the new framework raises are added
    (once per measure and kind); the year's framework warnings are resolved once it is complete.
    """
    now = now or datetime.now()
    stored = sql.run(con, "write/measures_to_rematch", fiscal_year=year)
    if stored.empty:
        return 0
    stored = stored.astype(object).where(stored.notna(), None)
    framework = framework_from_store(con)
    directory = directory_from_store(con)
    updates, audits, findings = [], [], []
    ids = next_ids(con)
    recorded = set(sql.run(con, "write/findings_of_year", fiscal_year=year).itertuples(index=False, name=None))
    for import_id, group in stored.groupby("import_id", sort=True):
        rows = [
            RawRow(int(r["source_line"] or r["seq"]), {
                "indicator": r["indicator_as_written"] or "",
                "item": r["item_text"] or "",
                # A code read from the report (or kept unverified) stays; a code found by topic is found again.
                "item_code": r["item_code"] if r["item_match"] in ("code", "unverified") and r["item_code"] else "",
                "action": r["action"] or "",
                "responsible": r["responsible_text"] or "",
                "status": r["status_text"] or "",
            })
            for r in group.to_dict("records")
        ]
        first = group.iloc[0]
        raw = RawReport(str(first["file_name"]), "", rows, str(first["source_kind"]),
                        organisation=str(first["org_name"]), fiscal_year=year)
        report = normalise(raw, framework, directory)
        measure_ids = dict(zip(group["seq"].astype(int), group["measure_id"].astype(int), strict=True))
        manual = set(group.loc[group["item_match"] == "manual", "measure_id"].astype(int))
        for finding in report.findings:
            measure_id = measure_ids.get(finding.seq) if finding.seq is not None else None
            if finding.code not in MATCH_FINDINGS or measure_id is None or measure_id in manual:
                continue
            if (measure_id, finding.code) not in recorded:
                recorded.add((measure_id, finding.code))
                findings.append(dict(finding_id=ids["finding_id"], import_id=int(import_id), measure_id=measure_id,
                                     line=finding.line, code=finding.code, args=list(finding.args),
                                     resolved_at=None, resolved_by=None))
                ids["finding_id"] += 1
        for old, new in zip(group.to_dict("records"), report.measures, strict=True):
            if old["item_match"] == "manual":
                continue
            values = {f: getattr(new, f) for f in REMATCHED_FIELDS}
            changed = [f for f in REMATCHED_FIELDS if not _same(old[f], values[f])]
            if not changed:
                continue
            updates.append({"measure_id": int(old["measure_id"]), **values})
            for name in changed:
                if name in ("indicator_no", "match_confidence"):
                    continue  # follow from indicator and item_match; the log stays readable
                audits.append(audit_row(ids, now, actor, "rematch", measure_id=int(old["measure_id"]),
                                        import_id=int(import_id), field=name, old_value=_str(old[name]),
                                        new_value=_str(values[name]), reason=reason))
    if updates:
        frame = pd.DataFrame(updates)
        con.register("rematched", frame)
        try:
            sql.execute(con, "write/rematch_measures")
        finally:
            con.unregister("rematched")
    insert_rows(con, "audit_log", audits)
    insert_rows(con, "import_findings", findings)
    if framework.coverage(year).complete:
        sql.execute(con, "write/resolve_framework_findings", fiscal_year=year, actor=actor, now=now,
                    codes=list(FRAMEWORK_FINDINGS))
    return len(updates)


def _same(old: object, new: object) -> bool:
    if old is None or new is None:
        return old is None and new is None
    if isinstance(new, float) or isinstance(old, float):
        return abs(float(old) - float(new)) < 1e-9
    return str(old) == str(new)


# ---------------------------------------------------------------- crosswalk
def rebuild_crosswalk(con: duckdb.DuckDBPyConnection, reference_dir: Path | None = None) -> int:
    """Derive the links between consecutive years' items from their names, apply the curated file."""
    items = sql.run(con, "framework_item_names")
    items = items.astype(object).where(items.notna(), None)
    by_year: dict[int, list[dict]] = defaultdict(list)
    for row in items.to_dict("records"):
        by_year[int(row["fiscal_year"])].append(row)
    years = sorted(by_year)
    links = []
    for earlier, later in pairwise(years):
        links.extend(derive_links(earlier, by_year[earlier], later, by_year[later]))
    links = apply_overrides(links, read_overrides((reference_dir or DEFAULT_REFERENCE) / CROSSWALK_FILE))
    sql.execute(con, "write/clear_crosswalk")
    insert_rows(con, "item_crosswalk", links,
                ["from_year", "from_code", "to_year", "to_code", "relation", "score", "source", "note"])
    return len(links)


def item_similarity(a: str, b: str) -> float:
    """0–100: how alike two item names are (spaces and case ignored; a name inside a longer one counts)."""
    return _name_score(compact(a).lower(), compact(b).lower())


def _name_score(left: str, right: str) -> float:
    if not left or not right:
        return 0.0
    score = fuzz.ratio(left, right)
    if min(len(left), len(right)) >= 8:
        score = max(score, fuzz.partial_ratio(left, right) - 5)
    return float(score)


def derive_links(earlier: int, before: list[dict], later: int, after: list[dict]) -> list[tuple]:
    """Links from `earlier`'s items to `later`'s by name: each item's best match both ways.

    An item whose name has two counterparts was split; two items sharing one counterpart merged.
    Items without a name (unknown slots) link to nothing: their number alone proves nothing.
    """
    scores: dict[tuple[str, str], float] = {}
    for tool in TOOLS:
        # Names compacted once: every pair of a tool's items is scored.
        left = [(i["item_code"], compact(i["item_name_th"]).lower()) for i in before
                if i["tool"] == tool and i.get("item_name_th")]
        right = [(i["item_code"], compact(i["item_name_th"]).lower()) for i in after
                 if i["tool"] == tool and i.get("item_name_th")]
        for a, a_name in left:
            for b, b_name in right:
                score = _name_score(a_name, b_name)
                if score >= CROSSWALK_CUTOFF:
                    scores[(a, b)] = score
    pairs = set()
    for code in {a for a, _ in scores}:
        pairs.add(max(((a, b) for a, b in scores if a == code), key=lambda p: (scores[p], p[0] == p[1])))
    for code in {b for _, b in scores}:
        pairs.add(max(((a, b) for a, b in scores if b == code), key=lambda p: (scores[p], p[0] == p[1])))
    outgoing = defaultdict(int)
    incoming = defaultdict(int)
    for a, b in pairs:
        outgoing[a] += 1
        incoming[b] += 1
    links = []
    for a, b in sorted(pairs):
        relation = ("split" if outgoing[a] > 1 else "merged" if incoming[b] > 1
                    else "same" if a == b else "renumbered")
        links.append((earlier, a, later, b, relation, round(scores[(a, b)], 1), "derived", None))
    return links


def read_overrides(path: Path) -> list[dict[str, str]]:
    return read_csv_rows(path) if path.exists() else []


def apply_overrides(links: list[tuple], overrides: list[dict[str, str]]) -> list[tuple]:
    """Curated rows replace every derived link of their item towards their year; an empty to_code
    says the item has no counterpart there."""
    replaced = {(int(o["from_year"]), o["from_code"].strip().lower(), int(o["to_year"])) for o in overrides}
    kept = [link for link in links if (link[0], link[1], link[2]) not in replaced]
    for o in overrides:
        to_code = o.get("to_code", "").strip().lower()
        if to_code:
            kept.append((int(o["from_year"]), o["from_code"].strip().lower(), int(o["to_year"]), to_code,
                         o.get("relation", "").strip() or "renumbered", None, "curated", o.get("note") or None))
    return kept


def crosswalk(cursor: duckdb.DuckDBPyConnection, from_year: int, to_year: int) -> pd.DataFrame:
    """Every item of `from_year` with its counterparts in `to_year` (none: relation 'none')."""
    return sql.run(cursor, "item_crosswalk", year_from=from_year, year_to=to_year)


# ---------------------------------------------------------------- the shipped reference CSV
def reference_csv_sha256(reference_dir: Path) -> str:
    path = reference_dir / "ita_framework.csv"
    crosswalk_path = reference_dir / CROSSWALK_FILE
    digest = hashlib.sha256(path.read_bytes() if path.exists() else b"")
    digest.update(crosswalk_path.read_bytes() if crosswalk_path.exists() else b"")
    return digest.hexdigest()


def sync_reference(con: duckdb.DuckDBPyConnection, reference_dir: Path, *, new_store: bool) -> bool:
    """Load a changed data/reference/ita_framework.csv (or crosswalk file) into a store; True if it changed.

    Runs in every write session but costs one file hash when nothing changed. Each year whose CSV
    rows differ from every version the store has becomes a new version, audited (actor
    'reference'): in force when the year's version in force came from a reference CSV or a
    migration, only 'proposed' (restorable) when an editor's import is in force, which a release
    must never overwrite. A new store records its years as version 1, 2, … without audit rows.
    """
    fingerprint = reference_csv_sha256(reference_dir)
    if meta(con, "reference_csv_sha256") == fingerprint:
        return False
    path = reference_dir / "ita_framework.csv"
    rows, _refused = parse_framework_file(path.name, path.read_bytes()) if path.exists() else ([], [])
    by_year: dict[int, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        by_year[int(row["fiscal_year_be"])].append(row)
    now = datetime.now()
    changed_years = []
    known = sql.run(con, "framework_versions", years=[])
    for year in sorted(by_year):
        sha = framework_rows_sha256(by_year[year])
        mine = known[known["fiscal_year"] == year]
        shas = {s for s in mine["sha256"] if isinstance(s, str)}
        active = mine[mine["state"] == "active"]
        if not active.empty and not isinstance(active.iloc[0]["sha256"], str):
            # Migrated from schema 3: the version's fingerprint is worked out from its rows now.
            shas.add(framework_rows_sha256(version_rows(con, int(active.iloc[0]["version_id"]))))
        if sha in shas:
            continue
        editor_in_force = not active.empty and active.iloc[0]["source"] == "import"
        add_version(con, year, by_year[year], source="reference", actor="reference", file_name=path.name, now=now,
                    state="proposed" if editor_in_force else "active", audit=not new_store)
        if not editor_in_force:
            changed_years.append(year)
    rebuild_crosswalk(con, reference_dir)
    set_fingerprint(con)  # before re-matching, which reads the framework by this fingerprint
    if not new_store:
        for year in changed_years:
            rematch_year(con, year, "reference", f"reference framework {path.name} changed", now)
    sql.execute(con, "write/set_meta", key="reference_csv_sha256", value=fingerprint)
    return True

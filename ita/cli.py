"""`python -m ita`: build, import into, summarise, export and look after the store.

The store is `data/ita.duckdb` unless `--db` or the ITA_DB environment variable says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from ita.analytics import views
from ita.analytics.filters import Filters
from ita.paths import DATA_DIR
from ita.present import export
from ita.present.faults import FAULTS, fault_message
from ita.present.labels import finding_message, t
from ita.present.refusals import refusal_message
from ita.present.summary import summary
from ita.read.catalogue import Framework
from ita.store.reader import StoreReader
from ita.store.session import default_store_path

DATA_REPORTS = DATA_DIR / "reports"
INGESTIBLE = (".txt", ".csv", ".tsv", ".xlsx", ".docx", ".pdf")


def main(argv: list[str] | None = None) -> int:
    """Run one command; a fault of the store (damaged, full disk, busy, missing, refused) ends in one
    line on stderr in the chosen language and a non-zero exit, never in a traceback."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except FAULTS as fault:
        print(fault_message(fault, getattr(args, "lang", None) or os.environ.get("ITA_LANG", "th")), file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ita", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", help="import report files (.txt .csv .xlsx .docx .pdf)")
    ingest.add_argument("files", nargs="+", type=Path)
    ingest.add_argument("--org", help="organisation, for files whose title does not name it")
    ingest.add_argument("--year", type=int, help="fiscal year B.E., for files whose title does not give it")
    _db(ingest)
    ingest.set_defaults(run=_ingest)

    build = commands.add_parser("build", help="build the store from data/reports if it does not exist")
    build.add_argument("--force", action="store_true", help="rebuild even if the store exists")
    _db(build)
    build.set_defaults(run=_build)

    sample = commands.add_parser(
        "sample", help="write the demo's sample years of the seed, or with --orgs import a synthetic national data set"
    )
    sample.add_argument("--out", type=Path, default=DATA_REPORTS / "samples", help="where the demo's files go")
    sample.add_argument("--seed-report", type=Path, default=DATA_REPORTS / "nongchok_2564.txt")
    sample.add_argument("--orgs", type=int, help="import a synthetic data set of this many agencies (8317: national)")
    sample.add_argument(
        "--years", type=int, default=None,
        help="the demo: the N fiscal years up to the current one (default: every year after the seed's); "
             "with --orgs: the last N fiscal years of the framework (default 5)",
    )
    sample.add_argument(
        "--today", type=date.fromisoformat, default=None,
        help="the demo: the date (YYYY-MM-DD) whose fiscal year is the last one written (default: today)",
    )
    sample.add_argument("--seed", type=int, default=0, help="with --orgs: another seed gives another data set")
    sample.add_argument("--workers", type=int, default=None, help="with --orgs: parsing processes (default: cores)")
    _db(sample)
    sample.set_defaults(run=_sample)

    checker = commands.add_parser("check", help="verify a store: schema version, counts, foreign keys")
    _db(checker)
    checker.set_defaults(run=_check)

    backups = commands.add_parser("backups", help="list the kept earlier versions of the store, newest first")
    _db(backups)
    backups.set_defaults(run=_backups)

    restore = commands.add_parser("restore", help="bring back an earlier version (see `backups`)")
    restore.add_argument("version", help="its number in `backups` (1 = newest) or its file name")
    _db(restore)
    restore.set_defaults(run=_restore)

    publisher = commands.add_parser("publish", help="copy the store to read-only replicas for other app servers")
    publisher.add_argument("--to", type=Path, nargs="+", required=True, help="replica folders")
    publisher.add_argument("--watch", action="store_true", help="keep publishing each new version")
    publisher.add_argument("--interval", type=float, default=1.0, help="with --watch: seconds between looks")
    _db(publisher)
    publisher.set_defaults(run=_publish)

    hasher = commands.add_parser(
        "hash-password", help="print an editor account line for secrets.toml (asks for the password, no echo; "
                              "reads it from stdin when stdin is not a terminal)")
    hasher.add_argument("username")
    hasher.add_argument("--lang", choices=("th", "en"), default=os.environ.get("ITA_LANG", "th"))
    hasher.set_defaults(run=_hash_password)

    summary = commands.add_parser("summary", help="completion by indicator and division")
    _filters(summary)
    summary.add_argument("--json", action="store_true")
    summary.add_argument("--as-of", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                         help="count measures overdue on this day (default: today)")
    _db(summary)
    summary.set_defaults(run=_summary)

    exporter = commands.add_parser(
        "export", help="export the filtered measures as CSV or XLSX, or the executive summary as a Thai PDF"
    )
    _filters(exporter)
    exporter.add_argument("--format", choices=("csv", "xlsx", "pdf"), required=True)
    exporter.add_argument("-o", "--output", type=Path, required=True)
    _db(exporter)
    exporter.set_defaults(run=_export)

    _framework_commands(commands)
    _scores_commands(commands)
    return parser


def _framework_commands(commands: argparse._SubParsersAction) -> None:
    """`python -m ita framework list | show | import | export | crosswalk | versions | restore`."""
    group = commands.add_parser("framework", help="the ITA framework per fiscal year: list, show, import, export")
    framework = group.add_subparsers(required=True, metavar="ACTION")
    listing = framework.add_parser("list", help="each fiscal year's framework in force")
    _db(listing)
    listing.set_defaults(run=_framework_list)
    show = framework.add_parser("show", help="a year's framework: every row, its confidence and source note")
    show.add_argument("year", type=int)
    show.add_argument("--version", type=int, help="an earlier version (see `framework versions YEAR`)")
    _db(show)
    show.set_defaults(run=_framework_show)
    versions = framework.add_parser("versions", help="every version of a year's framework, newest first")
    versions.add_argument("year", type=int)
    _db(versions)
    versions.set_defaults(run=_framework_versions)
    importer = framework.add_parser("import", help="import a framework file (CSV/XLSX in the columns of "
                                                   "data/reference/ita_framework.csv) as new versions")
    importer.add_argument("file", type=Path)
    importer.add_argument("--year", type=int, help="the fiscal year of rows that give none; other years refused")
    importer.add_argument("--dry-run", action="store_true", help="show what would change, store nothing")
    importer.add_argument("--actor", default="cli")
    _db(importer)
    importer.set_defaults(run=_framework_import)
    exporter = framework.add_parser("export", help="write a year's framework as CSV or XLSX")
    exporter.add_argument("year", type=int)
    exporter.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    exporter.add_argument("-o", "--output", type=Path, help="default: ita_framework_YEAR.csv|xlsx")
    _db(exporter)
    exporter.set_defaults(run=_framework_export)
    walk = framework.add_parser("crosswalk", help="each item of a year with its counterparts in a later year")
    walk.add_argument("from_year", type=int)
    walk.add_argument("to_year", type=int)
    _db(walk)
    walk.set_defaults(run=_framework_crosswalk)
    restore = framework.add_parser("restore", help="put an earlier version back in force (see `versions`)")
    restore.add_argument("version", type=int)
    restore.add_argument("--actor", default="cli")
    _db(restore)
    restore.set_defaults(run=_framework_restore)


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, help="store file (default: $ITA_DB or data/ita.duckdb)")
    parser.add_argument("--lang", choices=("th", "en"), default=os.environ.get("ITA_LANG", "th"),
                        help="language of messages and labels (default: $ITA_LANG or th)")


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--org", action="append", default=[], help="organisation (repeatable)")
    parser.add_argument("--year", type=int, action="append", default=[], help="fiscal year B.E. (repeatable)")
    parser.add_argument("--division", action="append", default=[], help="responsible division (repeatable)")
    parser.add_argument(
        "--include-shared", action="store_true", help="with --division: add measures shared by every division"
    )
    parser.add_argument("--indicator", action="append", default=[])
    parser.add_argument("--tool", action="append", default=[], choices=("IIT", "EIT", "OIT"))
    parser.add_argument(
        "--status", action="append", default=[], choices=("done", "in_progress", "not_started", "unknown")
    )
    parser.add_argument("--province", action="append", default=[])
    parser.add_argument("--org-type", action="append", default=[])


def filters_from(args: argparse.Namespace) -> Filters:
    return Filters(
        orgs=tuple(args.org), years=tuple(args.year), divisions=tuple(args.division),
        include_shared=args.include_shared, indicators=tuple(args.indicator), tools=tuple(args.tool),
        statuses=tuple(args.status), provinces=tuple(args.province), org_types=tuple(args.org_type),
    )


def _ingest(args: argparse.Namespace) -> int:
    from ita.store.imports import ingest_paths

    results = ingest_paths(args.files, args.db, organisation=args.org, fiscal_year=args.year)
    refused = 0
    for result in results:
        if result.refused is not None:
            refused += 1
            print(f"REFUSED {refusal_message(result.refused, args.lang)}", file=sys.stderr)
            continue
        outcome = result.outcome
        print(
            f"{outcome.state.upper()} {outcome.file_name}: {outcome.organisation} {outcome.fiscal_year}, "
            f"{outcome.measures} measures, {len(outcome.findings)} warnings (import {outcome.import_id})"
        )
        for finding in outcome.findings:
            message = finding_message(outcome.file_name, finding.line, finding.code, finding.args, args.lang)
            print(f"  WARNING {message}")
    return 1 if refused else 0


def _build(args: argparse.Namespace) -> int:
    from ita.store.imports import ingest_paths

    store = Path(args.db) if args.db else default_store_path()
    if store.exists() and not args.force:
        from ita.store.session import migrate_store

        print(f"store exists: {store}" + (" (migrated to this release's schema)" if migrate_store(store) else ""))
        return 0
    files = sorted(p for p in DATA_REPORTS.rglob("*") if p.suffix.lower() in INGESTIBLE)
    if store.exists():
        store.unlink()
    results = ingest_paths(files, store, actor="build")
    for result in results:
        if result.refused is not None:
            print(f"REFUSED {refusal_message(result.refused, args.lang)}", file=sys.stderr)
    stored = sum(1 for r in results if r.outcome is not None)
    print(f"built {store} from {stored} of {len(files)} reports in {DATA_REPORTS}")
    return 0 if stored == len(files) else 1


def _sample(args: argparse.Namespace) -> int:
    from ita.analytics.preview import reference
    from synth.sample import write_demo

    # The store's framework (the one the import will match against), or a new store's.
    reader = StoreReader(args.db)
    try:
        framework, directory = reference(reader)
    finally:
        reader.close()
    if args.orgs:
        args.years = args.years or 5
        return _national_sample(args, framework)
    for path in write_demo(args.seed_report, args.out, framework, directory, years=args.years, today=args.today):
        print(f"wrote {path}")
    return 0


def _national_sample(args: argparse.Namespace, framework: Framework) -> int:
    """Generate synthetic reports and import them through the normal (bulk) import path."""
    from ita.store.bulk import BulkProgress, bulk_import
    from synth.national import national_reports

    total = args.orgs * args.years

    def show(progress: BulkProgress) -> None:
        width = 30
        filled = int(width * progress.done / total)
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {progress.done:,}/{total:,} reports, "
              f"{progress.measures:,} measures, {progress.reports_per_second:,.0f} reports/s", end="", flush=True)

    # Written here while the workers read the previous window: the main process has time to spare.
    reports = national_reports(args.orgs, args.years, framework, seed=args.seed)
    result = bulk_import(reports, args.db, actor="sample", workers=args.workers, progress=show)
    done = result.progress
    print(f"\nimported {done.stored:,} synthetic reports ({done.measures:,} measures) in {done.seconds:,.1f} s: "
          f"{done.reports_per_second:,.0f} reports/s, {done.measures / done.seconds:,.0f} measures/s; "
          f"{done.refused} refused")
    for refusal in result.refusals[:20]:
        print(f"REFUSED {refusal}", file=sys.stderr)
    _national_scores(args, framework)
    return 1 if done.refused else 0


def _national_scores(args: argparse.Namespace, framework: Framework) -> None:
    """The sample's synthetic ITA scores (synth.national.national_scores), imported as any scores file."""
    from ita.analytics.ratings import rules
    from ita.store.scores import import_scores
    from synth.national import SCORES_FILE, national_scores

    data = national_scores(args.orgs, args.years, framework, seed=args.seed)
    change = import_scores(args.db, SCORES_FILE, data, rules(), "sample")
    print(f"imported synthetic ITA scores ({SCORES_FILE}): {change.rows:,} organisation-years")


def _check(args: argparse.Namespace) -> int:
    from ita.store.check import check_store

    result = check_store(Path(args.db) if args.db else default_store_path())
    if result.counts:
        print(", ".join(f"{key} {value:,}" for key, value in result.counts.items()))
    for problem in result.problems:
        print(f"PROBLEM {problem}")
    print("OK" if result.ok else f"{len(result.problems)} problem(s)")
    if not result.ok and result.path.exists():
        from ita.store.session import StoreDamaged

        print(fault_message(StoreDamaged(result.path, result.problems[0]), args.lang), file=sys.stderr)
    return 0 if result.ok else 1


def _backups(args: argparse.Namespace) -> int:
    from ita.store.check import check_store
    from ita.store.session import list_backups

    store = Path(args.db) if args.db else default_store_path()
    found = list_backups(store)
    if not found:
        print(f"no backups of {store} (one is kept each time the store changes; ITA_BACKUPS sets how many)")
    for number, path in enumerate(found, start=1):
        counts = check_store(path).counts
        size = path.stat().st_size / 1e6
        print(f"{number:>3}  {path.name}  {size:7.1f} MB  generation {counts.get('generation', '?')}  "
              f"measures {counts.get('measures', '?')}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from ita.store.check import check_store
    from ita.store.session import list_backups, restore_backup

    store = Path(args.db) if args.db else default_store_path()
    found = list_backups(store)
    chosen = next((p for p in found if p.name == args.version), None)
    if chosen is None and args.version.isdigit() and 1 <= int(args.version) <= len(found):
        chosen = found[int(args.version) - 1]
    if chosen is None:
        print(f"no backup {args.version!r}; see python -m ita backups", file=sys.stderr)
        return 1
    problems = check_store(chosen).problems
    if problems:
        print(f"{chosen.name} fails its check, not restored: {'; '.join(problems)}", file=sys.stderr)
        return 1
    restore_backup(store, chosen)
    print(f"restored {chosen.name}; the version it replaced is now the newest backup")
    return 0


def _publish(args: argparse.Namespace) -> int:
    from ita.store.replicas import publish, watch

    if args.watch:
        watch(args.db, args.to, interval_s=args.interval)
        return 0
    size = publish(args.db, args.to)
    print(f"published {size / 1e6:.1f} MB to {len(args.to)} replica(s)")
    return 0


def _hash_password(args: argparse.Namespace) -> int:
    """Never takes the password as an argument (it would stay in the shell history and `ps`)."""
    from ita.store.auth import hash_password

    password, again = _read_password()
    if not password:
        print(t("password_empty", args.lang), file=sys.stderr)
        return 1
    if len(password) < 10 or password != again:
        print(t("password_rules", args.lang), file=sys.stderr)
        return 1
    print("# add under [editors] in .streamlit/secrets.toml:")
    print(f'{args.username} = "{hash_password(password)}"')
    print("# and under [editor_scopes] the organisations it may change (\"*\" = all, \"province:NAME\"):")
    print(f'# {args.username} = ["ORGANISATION NAME"]')
    return 0


def _read_password() -> tuple[str, str]:
    """The password twice from the terminal without echo; from stdin (one line, asked once) when
    stdin is not a terminal, so scripts and tests can pipe it in."""
    import getpass

    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        return line, line
    return getpass.getpass("password: "), getpass.getpass("again: ")


def _summary(args: argparse.Namespace) -> int:
    reader = StoreReader(args.db)
    result = summary(reader, filters_from(args), args.lang, args.as_of)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    lang = args.lang
    print(f"{result['org'] or '*'}  {t('col_fiscal_year', lang)} {result['fiscal_year'] or '*'}")
    print(
        f"{t('col_measures', lang)} {result['measures']}  {t('col_done', lang)} {result['done']}  "
        f"{t('col_in_progress', lang)} {result['in_progress']}  {t('col_not_started', lang)} {result['not_started']}  "
        f"{t('col_completion_pct', lang)} {result['completion_pct']}"
    )
    sections = ((t("col_indicator", lang), result["by_indicator"]), (t("col_division", lang), result["by_division"]))
    for title, rows in sections:
        print(f"\n{title}")
        for row in rows:
            print(f"  {row['label']}: {row['done']}/{row['measures']} ({row['completion_pct']}%)")
    for warning in result["warnings"]:
        print(f"WARNING {warning}")
    return 0


def _export(args: argparse.Namespace) -> int:
    reader = StoreReader(args.db)
    filters = filters_from(args)
    if args.format == "pdf":
        from ita.present.pdf_report import summary_pdf

        data = summary_pdf(reader, filters, args.lang)
    else:
        # The same scope rule as the pages: numbers over every status, the status filter on the lists.
        tables = export.tables_for(reader, views.scope_of(reader, filters, one_year=False), args.lang)
        if args.format == "csv":
            data = export.to_csv_bytes(tables[t("sheet_measures", args.lang)])
        else:
            data = export.to_xlsx_bytes(tables)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data):,} bytes)")
    return 0


def _framework_list(args: argparse.Namespace) -> int:
    from ita.store.framework import framework_years

    with StoreReader(args.db).cursor() as cursor:
        years = framework_years(cursor)
    print(t("cli_fw_list_header", args.lang))
    for row in years.itertuples():
        print(f"{row.fiscal_year}  {row.version_id:>7}  {row.source:<9}  {row.indicators:>10}  {row.items_iit:>3}  "
              f"{row.items_eit:>3}  {row.items_oit:>3}  {row.versions:>8}")
    return 0


def _framework_show(args: argparse.Namespace) -> int:
    from ita.store.framework import export_frame

    with StoreReader(args.db).cursor() as cursor:
        frame = export_frame(cursor, args.year, args.version)
    if frame.empty:
        print(f"{t('cli_fw_no_year', args.lang).format(year=args.year)}; {t('cli_fw_see_list', args.lang)}",
              file=sys.stderr)
        return 1
    for row in frame.astype(object).fillna("").itertuples():
        indicator = f"{row.indicator_no} {row.indicator_th}".strip()
        print(f"{row.tool} {row.item_code or '-':<4} [{row.confidence or '?'}] {indicator} | {row.topic_th} | "
              f"{row.item_name_th}")
        if row.note:
            print(f"      {t('cli_fw_note', args.lang)}: {row.note}")
    return 0


def _framework_versions(args: argparse.Namespace) -> int:
    from ita.store.framework import versions

    with StoreReader(args.db).cursor() as cursor:
        found = versions(cursor, [args.year])
    if found.empty:
        print(t("cli_fw_no_year", args.lang).format(year=args.year), file=sys.stderr)
        return 1
    for row in found.itertuples():
        print(f"{row.version_id:>4}  {row.state:<10}  {row.created_at:%Y-%m-%d %H:%M}  {row.created_by:<10}  "
              f"{row.source:<9}  {row.row_count:>4} rows  {row.file_name or ''}")
    return 0


def _framework_import(args: argparse.Namespace) -> int:
    from ita.read.records import ImportRefused
    from ita.store.framework import commit_import, preview_import
    from ita.store.session import write_session

    store = Path(args.db) if args.db else default_store_path()
    try:
        data = args.file.read_bytes()
        if not store.exists() and not args.dry_run:
            with write_session(store):
                pass  # a new store, holding the shipped reference framework, to compare the file with
        with StoreReader(store).cursor() as cursor:
            preview = preview_import(cursor, args.file.name, data, args.year)
    except ImportRefused as refused:
        print(f"REFUSED {refusal_message(refused, args.lang)}", file=sys.stderr)
        return 1
    except OSError as refused:
        print(f"REFUSED {refused}", file=sys.stderr)
        return 1
    for refusal in preview.refused:
        reason = t(f"fw_row_{refusal.code}", args.lang).format(*refusal.args)
        line = t("cli_fw_refused_line", args.lang).format(file=args.file.name, line=refusal.line, reason=reason)
        print(f"REFUSED {line}", file=sys.stderr)
    for year in preview.years:
        if year.unchanged:
            print(t("fw_unchanged", args.lang).format(year=year.fiscal_year))
            continue
        print(t("cli_fw_changes", args.lang).format(year=year.fiscal_year, rows=len(year.rows), added=len(year.added),
                                                    renamed=len(year.renamed), removed=len(year.removed)))
        for item in year.added:
            print(f"  + {item['item_code']} {item['item_name_th']}")
        for item in year.renamed:
            print(f"  ~ {item['item_code']} {item['old_name']} -> {item['item_name_th']}")
        for item in year.removed:
            print(f"  - {item['item_code']} {item['item_name_th']}")
    if not preview.years:
        print(f"REFUSED {args.file.name}: {t('fw_nothing', args.lang)}", file=sys.stderr)
        return 1
    if args.dry_run or not preview.changes:
        return 1 if preview.refused else 0
    change = commit_import(store, preview, args.actor)
    for year, version in change.versions.items():
        print(t("cli_fw_stored", args.lang).format(year=year, version=version))
    print(t("cli_fw_rematched", args.lang).format(count=change.rematched))
    return 1 if preview.refused else 0


def _framework_export(args: argparse.Namespace) -> int:
    from ita.store.framework import export_frame

    with StoreReader(args.db).cursor() as cursor:
        frame = export_frame(cursor, args.year)
    if frame.empty:
        print(t("cli_fw_no_year", args.lang).format(year=args.year), file=sys.stderr)
        return 1
    output = args.output or Path(f"ita_framework_{args.year}.{args.format}")
    data = export.to_csv_bytes(frame) if args.format == "csv" else export.to_xlsx_bytes({str(args.year): frame})
    output.write_bytes(data)
    print(t("cli_fw_wrote", args.lang).format(file=output, rows=len(frame)))
    return 0


def _framework_crosswalk(args: argparse.Namespace) -> int:
    from ita.store.framework import crosswalk

    if args.to_year <= args.from_year:
        print(t("cli_fw_years_order", args.lang), file=sys.stderr)
        return 1
    with StoreReader(args.db).cursor() as cursor:
        links = crosswalk(cursor, args.from_year, args.to_year)
    if links.empty:
        print(t("cli_fw_no_items", args.lang).format(year=args.from_year), file=sys.stderr)
        return 1
    for row in links.astype(object).fillna("").itertuples():
        score = f"{row.score:.0f}" if row.score != "" else "-"
        target = f"{row.to_code} {row.to_name}" if row.to_code else "-"
        print(f"{row.from_code:<4} {row.from_name}  ->  {target}  [{row.relation}, {row.source or '-'}, {score}]"
              + (f"  ({row.note})" if row.note else ""))
    return 0


def _framework_restore(args: argparse.Namespace) -> int:
    from ita.store.framework import restore_version
    from ita.store.session import Unchanged

    try:
        change = restore_version(args.db, args.version, args.actor)
    except KeyError:
        print(t("cli_fw_no_version", args.lang).format(version=args.version), file=sys.stderr)
        return 1
    except Unchanged:
        print(t("cli_fw_in_force", args.lang).format(version=args.version))
        return 0
    restored = t("fw_restored", args.lang).format(version=args.version)
    print(f"{restored}; {t('cli_fw_rematched', args.lang).format(count=change.rematched)}")
    return 0


# ---------------------------------------------------------------- ITA scores (docs/scores.md)
def _scores_commands(commands: argparse._SubParsersAction) -> None:
    """`python -m ita scores import FILE | export --format csv|xlsx | show --org ORG`."""
    group = commands.add_parser("scores", help="ITA scores per organisation and assessment year: import, export, show")
    scores = group.add_subparsers(required=True, metavar="ACTION")
    importer = scores.add_parser("import", help="import a scores file (CSV/XLSX: organisation, year, total, iit, "
                                                "eit, oit, indicator_1 … indicator_10); any bad row stores nothing")
    importer.add_argument("file", type=Path)
    importer.add_argument("--actor", default="cli")
    _db(importer)
    importer.set_defaults(run=_scores_import)
    exporter = scores.add_parser("export", help="write the stored scores, with their ratings, as CSV or XLSX")
    exporter.add_argument("--format", choices=("csv", "xlsx"), required=True)
    exporter.add_argument("--org", action="append", default=[], help="organisation (repeatable; default: all)")
    exporter.add_argument("-o", "--output", type=Path, help="default: ita_scores.csv|xlsx")
    _db(exporter)
    exporter.set_defaults(run=_scores_export)
    show = scores.add_parser("show", help="an organisation's scores and ratings, every assessment year")
    show.add_argument("--org", required=True)
    _db(show)
    show.set_defaults(run=_scores_show)


def _scores_import(args: argparse.Namespace) -> int:
    from ita.analytics.ratings import rules
    from ita.present.scores import refusal_lines
    from ita.read.records import ImportRefused
    from ita.store.scores import ScoresRefused, import_scores

    try:
        change = import_scores(args.db, args.file.name, args.file.read_bytes(), rules(), args.actor)
    except ImportRefused as refused:
        print(f"REFUSED {refusal_message(refused, args.lang)}", file=sys.stderr)
        return 1
    except OSError as refused:
        print(f"REFUSED {refused}", file=sys.stderr)
        return 1
    except ScoresRefused as refused:
        for line in refusal_lines(refused.file_name, refused.refusals, args.lang):
            print(f"REFUSED {line}", file=sys.stderr)
        print(t("scores_nothing_stored", args.lang), file=sys.stderr)
        return 1
    print(t("scores_stored", args.lang).format(file=args.file.name, rows=change.rows, changed=change.changed,
                                               values=change.values))
    return 0


def _scores_export(args: argparse.Namespace) -> int:
    from ita.analytics.scores import indicator_scores, stored_scores
    from ita.present.scores import export_frame

    reader = StoreReader(args.db)
    frame = export_frame(stored_scores(reader, tuple(args.org)), indicator_scores(reader, tuple(args.org)))
    output = args.output or Path(f"ita_scores.{args.format}")
    data = export.to_csv_bytes(frame) if args.format == "csv" else export.to_xlsx_bytes({"ITA": frame})
    output.write_bytes(data)
    print(t("cli_fw_wrote", args.lang).format(file=output, rows=len(frame)))
    return 0


def _scores_show(args: argparse.Namespace) -> int:
    from ita.analytics.scores import indicator_scores, stored_scores
    from ita.present.scores import show_lines

    reader = StoreReader(args.db)
    found = stored_scores(reader, (args.org,))
    if found.empty:
        print(t("scores_none_for", args.lang).format(org=args.org), file=sys.stderr)
        return 1
    print(args.org)
    for line in show_lines(found, indicator_scores(reader, (args.org,)), args.lang):
        print(line)
    return 0

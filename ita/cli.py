"""`python -m ita`: build, import into, summarise, export and look after the store.

The store is `data/ita.duckdb` unless `--db` or the ITA_DB environment variable says otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from datetime import date
from pathlib import Path

import duckdb

from ita.analytics import views
from ita.analytics.filters import Filters
from ita.paths import DATA_DIR
from ita.present import export
from ita.present.faults import FAULTS, fault_message
from ita.present.labels import finding_message, t
from ita.present.refusals import refusal_message
from ita.present.summary import summary
from ita.present.terminal import json_line, terminal_line
from ita.read.catalogue import Framework
from ita.store.reader import StoreReader
from ita.store.session import default_store_path

DATA_REPORTS = DATA_DIR / "reports"
INGESTIBLE = (".txt", ".csv", ".tsv", ".xlsx", ".docx", ".pdf")


def main(argv: list[str] | None = None) -> int:
    """Run one command; a fault of the store (damaged, full disk, busy, missing, refused) ends in one
    line on stderr in the chosen language and a non-zero exit, never in a traceback. Output cut off
    by its reader (`| head`) ends quietly with 141, as a shell reports a pipe closed early."""
    parser = _parser()
    args = parser.parse_args(argv)
    lang = getattr(args, "lang", None) or os.environ.get("ITA_LANG", "th")
    try:
        try:
            if getattr(args, "needs_store", False):
                _refuse_a_lost_store(args)
            code = args.run(args)
            sys.stdout.flush()  # here, not at exit: a closed pipe must reach the handler below
            return code
        except duckdb.Error as error:
            raise _damage_behind(args, error) from None
    except FAULTS as fault:
        _err(fault_message(fault, lang))
        return 2
    except BrokenPipeError:
        # Later writes (and the interpreter's last flush) would fail again: send them nowhere.
        with contextlib.suppress(OSError, ValueError):  # a stdout without a file (tests capture it)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        return 141


def _out(text: object = "") -> None:
    """One line on stdout, its control characters shown as escapes (see ita.present.terminal)."""
    print(terminal_line(text))


def _err(text: object) -> None:
    """One line on stderr, likewise."""
    print(terminal_line(text), file=sys.stderr)


def _store(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else default_store_path()


def _refuse_a_lost_store(args: argparse.Namespace) -> None:
    """A store gone with its backups beside it is restored, never replaced by a new empty one."""
    from ita.store.session import lost_store

    lost = lost_store(_store(args))
    if lost is not None:
        raise lost


def _damage_behind(args: argparse.Namespace, error: duckdb.Error) -> Exception:
    """`StoreDamaged` when the store fails its check (DuckDB has more words for a bad block than
    `is_damage` knows: a damaged index ends an import in a TransactionException), else `error`."""
    from ita.store.check import check_store
    from ita.store.session import StoreDamaged, error_line, is_damage

    store = _store(args)
    if not hasattr(args, "db") or not store.exists():
        return error
    if is_damage(error):
        return StoreDamaged(store, error_line(error))
    problems = check_store(store).problems
    return StoreDamaged(store, problems[0]) if problems else error


class _Parser(argparse.ArgumentParser):
    """argparse's usage and error lines, escaped like every other line (an argument may hold an ESC)."""

    def _print_message(self, message: str, file: object = None) -> None:
        if message:
            lines = message.rstrip("\n").split("\n")
            print("\n".join(terminal_line(line) for line in lines), file=file or sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m ita", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND", parser_class=_Parser)

    ingest = commands.add_parser("ingest", help="import report files (.txt .csv .xlsx .docx .pdf)")
    ingest.add_argument("files", nargs="+", type=Path)
    ingest.add_argument("--org", help="organisation, for files whose title does not name it")
    ingest.add_argument("--year", type=int, help="fiscal year B.E., for files whose title does not give it")
    _db(ingest)
    ingest.set_defaults(run=_ingest)

    build = commands.add_parser("build", help="build the store from data/reports if it does not exist")
    build.add_argument("--force", action="store_true",
                       help="rebuild even if the store exists (it is kept as a backup) or backups of a missing one")
    _db(build, needs_store=False)
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

    checker = commands.add_parser("check", help="verify a store: every block readable, schema version, counts, "
                                                 "foreign keys")
    _db(checker)
    checker.set_defaults(run=_check)

    backups = commands.add_parser("backups", help="list the kept earlier versions of the store, newest first")
    _db(backups, needs_store=False)
    backups.set_defaults(run=_backups)

    restore = commands.add_parser("restore", help="bring back an earlier version (see `backups`)")
    restore.add_argument("version", help="its number in `backups` (1 = newest) or its file name")
    _db(restore, needs_store=False)
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
    summary.add_argument("--days", type=_days, default=30, help="due soon: the period ends within N days (30)")
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
    _digest_commands(commands)
    _scores_commands(commands)
    return parser


def _framework_commands(commands: argparse._SubParsersAction) -> None:
    """`python -m ita framework list | show | import | export | crosswalk | versions | restore`."""
    group = commands.add_parser("framework", help="the ITA framework per fiscal year: list, show, import, export")
    framework = group.add_subparsers(required=True, metavar="ACTION", parser_class=_Parser)
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
    _db(restore)
    restore.set_defaults(run=_framework_restore)


def _db(parser: argparse.ArgumentParser, *, needs_store: bool = True) -> None:
    """--db and --lang; `needs_store`: the command reads or writes the store, so a store gone with its
    backups beside it is refused before it runs (backups, restore and build look after that themselves)."""
    parser.set_defaults(needs_store=needs_store)
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
            _err(f"REFUSED {refusal_message(result.refused, args.lang)}")
            continue
        outcome = result.outcome
        _out(
            f"{outcome.state.upper()} {outcome.file_name}: {outcome.organisation} {outcome.fiscal_year}, "
            f"{outcome.measures} measures, {len(outcome.findings)} warnings (import {outcome.import_id})"
        )
        for finding in outcome.findings:
            message = finding_message(outcome.file_name, finding.line, finding.code, finding.args, args.lang)
            _out(f"  WARNING {message}")
    return 1 if refused else 0


def _build(args: argparse.Namespace) -> int:
    """Build the store from data/reports when there is none. An existing store is checked (every block)
    and migrated, never served damaged; a missing one with backups beside it is refused (restore it).
    With --force the new store is built aside and published over the old one, which becomes a backup."""
    from ita.store.check import check_store
    from ita.store.imports import ingest_paths
    from ita.store.session import StoreDamaged, lost_store, migrate_store, replacing_store

    store = _store(args)
    if not args.force:
        if store.exists():
            problems = check_store(store).problems
            if problems:
                raise StoreDamaged(store, problems[0])
            _out(f"store exists: {store}" + (" (migrated to this release's schema)" if migrate_store(store) else ""))
            return 0
        lost = lost_store(store)
        if lost is not None:
            raise lost
    files = sorted(p for p in DATA_REPORTS.rglob("*") if p.suffix.lower() in INGESTIBLE)
    with replacing_store(store) as built:
        results = ingest_paths(files, built, actor="build")
    for result in results:
        if result.refused is not None:
            _err(f"REFUSED {refusal_message(result.refused, args.lang)}")
    stored = sum(1 for r in results if r.outcome is not None)
    _out(f"built {store} from {stored} of {len(files)} reports in {DATA_REPORTS}")
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
        _out(f"wrote {path}")
    return 0


def _national_sample(args: argparse.Namespace, framework: Framework) -> int:
    """Generate synthetic reports and import them through the normal (bulk) import path."""
    from ita.store.bulk import BulkProgress, bulk_import
    from synth.national import national_reports

    total = args.orgs * args.years

    def show(progress: BulkProgress) -> None:
        width = 30
        filled = int(width * progress.done / total)
        # Numbers only, and a deliberate carriage return: printed as it is.
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {progress.done:,}/{total:,} reports, "
              f"{progress.measures:,} measures, {progress.reports_per_second:,.0f} reports/s", end="", flush=True)

    # Written here while the workers read the previous window: the main process has time to spare.
    reports = national_reports(args.orgs, args.years, framework, seed=args.seed)
    result = bulk_import(reports, args.db, actor="sample", workers=args.workers, progress=show)
    done = result.progress
    print()
    _out(f"imported {done.stored:,} synthetic reports ({done.measures:,} measures) in {done.seconds:,.1f} s: "
          f"{done.reports_per_second:,.0f} reports/s, {done.measures / done.seconds:,.0f} measures/s; "
          f"{done.refused} refused")
    for refusal in result.refusals[:20]:
        _err(f"REFUSED {refusal}")
    _national_scores(args, framework)
    return 1 if done.refused else 0


def _national_scores(args: argparse.Namespace, framework: Framework) -> None:
    """The sample's synthetic ITA scores (synth.national.national_scores), imported as any scores file."""
    from ita.analytics.ratings import rules
    from ita.store.scores import import_scores
    from synth.national import SCORES_FILE, national_scores

    data = national_scores(args.orgs, args.years, framework, seed=args.seed)
    change = import_scores(args.db, SCORES_FILE, data, rules(), "sample")
    _out(f"imported synthetic ITA scores ({SCORES_FILE}): {change.rows:,} organisation-years")


def _check(args: argparse.Namespace) -> int:
    from ita.store.check import check_store

    result = check_store(_store(args))
    if result.counts:
        _out(", ".join(f"{key} {value:,}" for key, value in result.counts.items()))
    for problem in result.problems:
        _out(f"PROBLEM {problem}")
    _out("OK" if result.ok else f"{len(result.problems)} problem(s)")
    if not result.ok and result.path.exists():
        from ita.store.session import StoreDamaged

        _err(fault_message(StoreDamaged(result.path, result.problems[0]), args.lang))
    return 0 if result.ok else 1


def _backups(args: argparse.Namespace) -> int:
    from ita.store.check import check_store
    from ita.store.session import list_backups

    store = Path(args.db) if args.db else default_store_path()
    found = list_backups(store)
    if not found:
        _out(f"no backups of {store} (one is kept each time the store changes; ITA_BACKUPS sets how many)")
    for number, path in enumerate(found, start=1):
        counts = check_store(path, full=False).counts  # counts only: a full read of each would be slow
        size = path.stat().st_size / 1e6
        _out(f"{number:>3}  {path.name}  {size:7.1f} MB  generation {counts.get('generation', '?')}  "
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
        _err(f"no backup {args.version!r}; see python -m ita backups")
        return 1
    problems = check_store(chosen).problems
    if problems:
        _err(f"{chosen.name} fails its check, not restored: {'; '.join(problems)}")
        return 1
    restore_backup(store, chosen)
    _out(f"restored {chosen.name}; the version it replaced is now the newest backup")
    return 0


def _publish(args: argparse.Namespace) -> int:
    from ita.store.replicas import publish, watch

    if args.watch:
        watch(args.db, args.to, interval_s=args.interval)
        return 0
    size = publish(args.db, args.to)
    _out(f"published {size / 1e6:.1f} MB to {len(args.to)} replica(s)")
    return 0


def _hash_password(args: argparse.Namespace) -> int:
    """Never takes the password as an argument (it would stay in the shell history and `ps`)."""
    from ita.store.auth import hash_password

    password, again = _read_password()
    if not password:
        _err(t("password_empty", args.lang))
        return 1
    if len(password) < 10 or password != again:
        _err(t("password_rules", args.lang))
        return 1
    _out("# add under [editors] in .streamlit/secrets.toml:")
    _out(f'{args.username} = "{hash_password(password)}"')
    _out("# and under [editor_scopes] the organisations it may change (\"*\" = all, \"province:NAME\"):")
    _out(f'# {args.username} = ["ORGANISATION NAME"]')
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
    result = summary(reader, filters_from(args), args.lang, args.as_of, days=args.days)
    if args.json:
        # One printed line per JSON line (JSON escapes newlines inside its strings itself).
        for line in json.dumps(result, ensure_ascii=False, indent=2).split("\n"):
            _out(json_line(line))
        return 0
    lang = args.lang
    _out(f"{result['org'] or '*'}  {t('col_fiscal_year', lang)} {result['fiscal_year'] or '*'}")
    _out(
        f"{t('col_measures', lang)} {result['measures']}  {t('col_done', lang)} {result['done']}  "
        f"{t('col_in_progress', lang)} {result['in_progress']}  {t('col_not_started', lang)} {result['not_started']}  "
        f"{t('col_completion_pct', lang)} {result['completion_pct']}"
    )
    sections = ((t("col_indicator", lang), result["by_indicator"]), (t("col_division", lang), result["by_division"]))
    for title, rows in sections:
        _out()
        _out(title)
        for row in rows:
            _out(f"  {row['label']}: {row['done']}/{row['measures']} ({row['completion_pct']}%)")
    for warning in result["warnings"]:
        _out(f"WARNING {warning}")
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
    _out(f"wrote {args.output} ({len(data):,} bytes)")
    return 0


def cli_actor() -> str:
    """Who a framework change from the command line is recorded as: the operating system's user.

    Not a name given on the command line: one could write any name into the audit log for a change
    that name may not make. Whoever runs the command line can write the store file anyway, so it
    acts as an administrator; the log says which account of the machine it was."""
    import getpass

    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER (some containers)
        user = str(os.getuid())
    return f"cli:{user}"


def _framework_list(args: argparse.Namespace) -> int:
    from ita.store.framework import framework_years

    with StoreReader(args.db).cursor() as cursor:
        years = framework_years(cursor)
    _out(t("cli_fw_list_header", args.lang))
    for row in years.itertuples():
        _out(f"{row.fiscal_year}  {row.version_id:>7}  {row.source:<9}  {row.indicators:>10}  {row.items_iit:>3}  "
              f"{row.items_eit:>3}  {row.items_oit:>3}  {row.versions:>8}")
    return 0


def _framework_show(args: argparse.Namespace) -> int:
    from ita.store.framework import export_frame

    with StoreReader(args.db).cursor() as cursor:
        frame = export_frame(cursor, args.year, args.version)
    if frame.empty:
        _err(f"{t('cli_fw_no_year', args.lang).format(year=args.year)}; {t('cli_fw_see_list', args.lang)}")
        return 1
    for row in frame.astype(object).fillna("").itertuples():
        indicator = f"{row.indicator_no} {row.indicator_th}".strip()
        _out(f"{row.tool} {row.item_code or '-':<4} [{row.confidence or '?'}] {indicator} | {row.topic_th} | "
              f"{row.item_name_th}")
        if row.note:
            _out(f"      {t('cli_fw_note', args.lang)}: {row.note}")
    return 0


def _framework_versions(args: argparse.Namespace) -> int:
    from ita.store.framework import versions

    with StoreReader(args.db).cursor() as cursor:
        found = versions(cursor, [args.year])
    if found.empty:
        _err(t("cli_fw_no_year", args.lang).format(year=args.year))
        return 1
    for row in found.itertuples():
        _out(f"{row.version_id:>4}  {row.state:<10}  {row.created_at:%Y-%m-%d %H:%M}  {row.created_by:<10}  "
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
        _err(f"REFUSED {refusal_message(refused, args.lang)}")
        return 1
    except OSError as refused:
        _err(f"REFUSED {refused}")
        return 1
    for refusal in preview.refused:
        reason = t(f"fw_row_{refusal.code}", args.lang).format(*refusal.args)
        line = t("cli_fw_refused_line", args.lang).format(file=args.file.name, line=refusal.line, reason=reason)
        _err(f"REFUSED {line}")
    for year in preview.years:
        if year.unchanged:
            _out(t("fw_unchanged", args.lang).format(year=year.fiscal_year))
            continue
        _out(t("cli_fw_changes", args.lang).format(year=year.fiscal_year, rows=len(year.rows), added=len(year.added),
                                                    renamed=len(year.renamed), removed=len(year.removed)))
        for item in year.added:
            _out(f"  + {item['item_code']} {item['item_name_th']}")
        for item in year.renamed:
            _out(f"  ~ {item['item_code']} {item['old_name']} -> {item['item_name_th']}")
        for item in year.removed:
            _out(f"  - {item['item_code']} {item['item_name_th']}")
    if not preview.years:
        _err(f"REFUSED {args.file.name}: {t('fw_nothing', args.lang)}")
        return 1
    if args.dry_run or not preview.changes:
        return 1 if preview.refused else 0
    change = commit_import(store, preview, cli_actor())
    for year, version in change.versions.items():
        _out(t("cli_fw_stored", args.lang).format(year=year, version=version))
    _out(t("cli_fw_rematched", args.lang).format(count=change.rematched))
    return 1 if preview.refused else 0


def _framework_export(args: argparse.Namespace) -> int:
    from ita.store.framework import export_frame

    with StoreReader(args.db).cursor() as cursor:
        frame = export_frame(cursor, args.year)
    if frame.empty:
        _err(t("cli_fw_no_year", args.lang).format(year=args.year))
        return 1
    output = args.output or Path(f"ita_framework_{args.year}.{args.format}")
    data = export.to_csv_bytes(frame) if args.format == "csv" else export.to_xlsx_bytes({str(args.year): frame})
    output.write_bytes(data)
    _out(t("cli_fw_wrote", args.lang).format(file=output, rows=len(frame)))
    return 0


def _framework_crosswalk(args: argparse.Namespace) -> int:
    from ita.store.framework import crosswalk

    if args.to_year <= args.from_year:
        _err(t("cli_fw_years_order", args.lang))
        return 1
    with StoreReader(args.db).cursor() as cursor:
        links = crosswalk(cursor, args.from_year, args.to_year)
    if links.empty:
        _err(t("cli_fw_no_items", args.lang).format(year=args.from_year))
        return 1
    for row in links.astype(object).fillna("").itertuples():
        score = f"{row.score:.0f}" if row.score != "" else "-"
        target = f"{row.to_code} {row.to_name}" if row.to_code else "-"
        _out(f"{row.from_code:<4} {row.from_name}  ->  {target}  [{row.relation}, {row.source or '-'}, {score}]"
              + (f"  ({row.note})" if row.note else ""))
    return 0


def _framework_restore(args: argparse.Namespace) -> int:
    from ita.store.framework import restore_version
    from ita.store.session import Unchanged

    try:
        change = restore_version(args.db, args.version, cli_actor())
    except KeyError:
        _err(t("cli_fw_no_version", args.lang).format(version=args.version))
        return 1
    except Unchanged:
        _out(t("cli_fw_in_force", args.lang).format(version=args.version))
        return 0
    restored = t("fw_restored", args.lang).format(version=args.version)
    _out(f"{restored}; {t('cli_fw_rematched', args.lang).format(count=change.rematched)}")
    return 0


# ---------------------------------------------------------------- digests of each division, their recipients
def _days(text: str) -> int:
    days = int(text)
    if days < 0:
        raise argparse.ArgumentTypeError("a number of days, 0 or more")
    return days


def _digest_commands(commands: argparse._SubParsersAction) -> None:
    """`python -m ita digest` and `python -m ita recipients set | list`."""
    digest = commands.add_parser("digest", help="each division's overdue and due-soon measures as an e-mail "
                                                "(.eml files, or sent with --send)")
    digest.add_argument("--as-of", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD",
                        help="the day overdue and due soon are counted on")
    digest.add_argument("--days", type=_days, default=30, help="due soon: the period ends within N days (30)")
    digest.add_argument("--send", action="store_true", help="send through [smtp] of .streamlit/secrets.toml "
                                                            "($ITA_SECRETS), once per division and date")
    digest.add_argument("--out", type=Path, default=None, help="without --send: the folder of the .eml files "
                                                               "(default: digests-DATE)")
    digest.add_argument("--org", action="append", default=[], help="organisation (repeatable; default: all)")
    _db(digest)
    digest.set_defaults(run=_digest)
    group = commands.add_parser("recipients", help="who receives each division's digest: set, list")
    actions = group.add_subparsers(required=True, metavar="ACTION")
    setter = actions.add_parser("set", help="make these addresses the division's recipients (none: remove all)")
    setter.add_argument("--org", required=True)
    setter.add_argument("--division", required=True)
    setter.add_argument("--email", action="append", default=[], help="an address (repeatable)")
    setter.add_argument("--reason", default="")
    _db(setter)
    setter.set_defaults(run=_recipients_set)
    lister = actions.add_parser("list", help="every division's recipients")
    lister.add_argument("--org", action="append", default=[])
    _db(lister)
    lister.set_defaults(run=_recipients_list)


def _digest(args: argparse.Namespace) -> int:
    from ita.mail.run import digest_command

    return digest_command(args.db, args.as_of, args.days, send_mail=args.send, out=args.out, orgs=tuple(args.org),
                          lang=args.lang, say=_out, warn=_err)


def _recipients_set(args: argparse.Namespace) -> int:
    from ita.store.recipients import InvalidRecipients, set_recipients

    try:
        changed = set_recipients(args.db, args.org, args.division, args.email, cli_actor(), args.reason)
    except InvalidRecipients as refused:
        _err(f"REFUSED {refused}")
        return 1
    _out(t("recipients_saved" if changed else "recipients_unchanged", args.lang)
         + f": {args.org} / {args.division}: {', '.join(args.email) or t('recipients_none', args.lang)}")
    return 0


def _recipients_list(args: argparse.Namespace) -> int:
    frame = StoreReader(args.db).query("digest/recipients", orgs=list(args.org))
    for (org, division), group in frame.groupby(["org_name", "division"], sort=True):
        _out(f"{org} / {division}: {', '.join(group['email'])}")
    return 0


# ---------------------------------------------------------------- ITA scores (docs/scores.md)
def _scores_commands(commands: argparse._SubParsersAction) -> None:
    """`python -m ita scores import FILE | export --format csv|xlsx | show --org ORG`."""
    group = commands.add_parser("scores", help="ITA scores per organisation and assessment year: import, export, show")
    scores = group.add_subparsers(required=True, metavar="ACTION")
    importer = scores.add_parser("import", help="import a scores file (CSV/XLSX: organisation, year, total, iit, "
                                                "eit, oit, indicator_1 … indicator_10); any bad row stores nothing")
    importer.add_argument("file", type=Path)
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
        change = import_scores(args.db, args.file.name, args.file.read_bytes(), rules(), cli_actor())
    except ImportRefused as refused:
        _err(f"REFUSED {refusal_message(refused, args.lang)}")
        return 1
    except OSError as refused:
        _err(f"REFUSED {refused}")
        return 1
    except ScoresRefused as refused:
        for line in refusal_lines(refused.file_name, refused.refusals, args.lang):
            _err(f"REFUSED {line}")
        _err(t("scores_nothing_stored", args.lang))
        return 1
    _out(t("scores_stored", args.lang).format(file=args.file.name, rows=change.rows, changed=change.changed,
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
    _out(t("cli_fw_wrote", args.lang).format(file=output, rows=len(frame)))
    return 0


def _scores_show(args: argparse.Namespace) -> int:
    from ita.analytics.scores import indicator_scores, stored_scores
    from ita.present.scores import show_lines

    reader = StoreReader(args.db)
    found = stored_scores(reader, (args.org,))
    if found.empty:
        _err(t("scores_none_for", args.lang).format(org=args.org))
        return 1
    _out(args.org)
    for line in show_lines(found, indicator_scores(reader, (args.org,)), args.lang):
        _out(line)
    return 0

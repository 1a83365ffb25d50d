"""The house kept in order: every query file is used, query headers name paths that exist, every
`__all__` names what its module has, and the README's figures table is rendered and replaced in place."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
import sys
from pathlib import Path

import pytest

import ita

REPO = Path(__file__).resolve().parent.parent
QUERIES = REPO / "queries"
sys.path.insert(0, str(REPO / "bench"))
import run_all  # noqa: E402  (bench/: the benchmarks' folder is not a package)
import table  # noqa: E402

# A numbered migration says what the code was when its schema version was written; it is history.
MIGRATION = re.compile(r"schema/\d{3}_")
# Paths a header may name: from the repository's root, or a query named from queries/ or its folder.
ROOTS = ("ita", "data", "queries", "bench", "tests", "synth", "pages", "docs")
QUERY_FOLDERS = ("schema", "write", "framework")
PATH = re.compile(r"(?<![\w/.])((?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_-]+\.(?:py|sql|csv|toml|json|md)"
                  r"|[A-Za-z0-9_-]+(?:/[A-Za-z0-9_.-]*[A-Za-z0-9_-])+)(?![\w/])")


def query_names() -> list[str]:
    """Every query as `ita.store.sql` names it: its path under queries/ without `.sql`."""
    return sorted(p.relative_to(QUERIES).with_suffix("").as_posix() for p in QUERIES.rglob("*.sql"))


def python_sources() -> dict[Path, str]:
    files = [p for folder in ("ita", "bench", "tests") for p in (REPO / folder).rglob("*.py")]
    return {p: p.read_text(encoding="utf-8") for p in files if p.resolve() != Path(__file__).resolve()}


def referenced(name: str, sources: dict[Path, str]) -> bool:
    """`name` appears as a string literal, or is the `write/insert_<table>` that insert_rows and
    insert_columns (ita/store/writer.py) run for a table given as a literal."""
    literal = re.compile(rf"[\"']{re.escape(name)}[\"']")
    inserted = re.fullmatch(r"write/insert_(\w+)", name)
    by_table = inserted and re.compile(rf"insert_(?:rows|columns)\(\s*[\w.]+\s*,\s*[\"']{inserted[1]}[\"']")
    return any(literal.search(text) or (by_table and by_table.search(text)) for text in sources.values())


def test_every_query_file_is_used() -> None:
    sources = python_sources()
    unused = [name for name in query_names() if not referenced(name, sources)]
    assert not unused, f"queries/ holds files nothing in ita/, bench/ or tests/ runs: {unused}"


def header(path: Path) -> list[str]:
    """The comment lines a query file starts with."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line)
    return lines


def named_paths(line: str) -> list[str]:
    found = []
    for token in PATH.findall(line):
        first = token.split("/", 1)[0]
        if "/" in token and first not in ROOTS + QUERY_FOLDERS and not token.endswith(".sql"):
            continue  # words with a slash (and/or), not a path
        found.append(token)
    return found


def resolves(token: str, query: Path) -> bool:
    candidates = [REPO / token, QUERIES / token, query.parent / token]
    candidates += [QUERIES / f"{token}.sql", query.parent / f"{token}.sql"]
    # A bare file name ("views.sql") names a query file in any folder of queries/.
    return any(c.exists() for c in candidates) or ("/" not in token and any(QUERIES.rglob(token)))


@pytest.mark.parametrize("query", sorted(QUERIES.rglob("*.sql")), ids=lambda p: p.relative_to(QUERIES).as_posix())
def test_query_headers_name_paths_that_exist(query: Path) -> None:
    if MIGRATION.match(query.relative_to(QUERIES).as_posix()):
        pytest.skip("a migration's header is history")
    missing = [(n, token) for n, line in enumerate(header(query), 1) for token in named_paths(line)
               if not resolves(token, query)]
    assert not missing, f"{query.relative_to(REPO)}: its header names paths that do not exist: {missing}"


def test_the_header_check_sees_a_moved_file(tmp_path: Path) -> None:
    query = tmp_path / "by_year.sql"
    query.write_text("-- Parameters: the filter set (see ita/filters.py), $years (schema/views.sql).\nSELECT 1\n")
    tokens = [token for line in header(query) for token in named_paths(line)]
    assert tokens == ["ita/filters.py", "schema/views.sql"]
    assert [t for t in tokens if not resolves(t, query)] == ["ita/filters.py"]
    assert named_paths("-- a division and/or a section (ทุกสำนัก/กอง)") == []


def test_every_all_names_what_its_module_has() -> None:
    missing = []
    for info in pkgutil.walk_packages(ita.__path__, "ita."):
        spec = importlib.util.find_spec(info.name)
        if info.name.endswith("__main__") or "__all__" not in Path(spec.origin).read_text(encoding="utf-8"):
            continue  # importing ita.__main__ would run the command line
        module = importlib.import_module(info.name)
        missing += [f"{info.name}.{name}" for name in getattr(module, "__all__", ()) if not hasattr(module, name)]
    assert not missing, f"__all__ lists names that do not exist: {missing}"


RESULTS = {
    "machine": "Test CPU, 2 cores, 4 GiB, Python 3.11.7",
    "pages": [{"page": "overview", "scale": "one", "cold_ms": 900, "warm_ms": 8.7, "twin_ms": 8.0, "twin_ratio": 1.09,
               "query_ratio": 1.2},
              {"page": "in_progress", "scale": "national", "cold_ms": 1250, "warm_ms": 16.1, "twin_ms": 14.1,
               "twin_ratio": 1.14, "query_ratio": None}],
    "load_no_imports": {"settings": {"sessions": 20, "duration_s": 60, "think_s": 5, "imports": False,
                                     "store": "given (copied)"},
                        "page_views": 257, "cpu_ms_per_view": 61.5, "warm": {"p50_ms": 45.0, "p95_ms": 195.0},
                        "cold": {"p50_ms": 377.0, "p95_ms": 749.0}, "app_memory_mib": {"peak": 363.0}, "errors": 0},
    "import": [{"reports": 1, "reports_per_s": 0.5}, {"reports": 41585, "reports_per_s": 1266.4,
                                                       "cpu_ms_per_report": 1.23, "peak_mib": 790}],
}


def test_the_table_renders_each_benchmarks_figures() -> None:
    rendered = table.render(RESULTS)
    assert rendered.startswith("Figures of one `make bench` run on Test CPU, 2 cores, 4 GiB, Python 3.11.7.")
    rows = [line for line in rendered.splitlines() if line.startswith("| ")]
    assert rows[0] == "| figure | one organisation | national | target |"
    assert "| overview: warm server time ÷ its static twin | 1.09 (8.7 / 8.0 ms) | – | ≤ 1.5 |" in rows
    assert "| open items: warm server time ÷ its static twin | – | 1.14 (16.1 / 14.1 ms) | ≤ 1.5 |" in rows
    assert "| slowest page, cold, ms | 900 | 1,250 | ≤ 1,500 |" in rows
    # The national page has no floor figure: its cell is empty, the row stays for the other scale.
    assert "| page queries ÷ the same SQL on a bare DuckDB, lowest–highest page | 1.20–1.20 | – | ≤ 1.5 |" in rows
    assert "| load, 20 sessions, 5 s think, 60 s: warm view p95 (p50), ms | – | 195.0 (45.0) | ≤ 500 |" in rows
    assert "| … errors (page views) | – | 0 (257) | 0 |" in rows
    # Only the largest import is shown; the run without imports alongside the load is absent, so are its rows.
    assert "| bulk import of 41,585 reports: reports/s | – | 1,266.4 | ≥ 1,000 |" in rows
    assert "| … peak memory of the process tree, MiB | – | 790 | ≤ 1,024 |" in rows
    assert not any("imports meanwhile" in row or "pandas" in row or "of 1 reports" in row for row in rows)


def test_the_table_replaces_what_is_between_the_markers_and_again_changes_nothing() -> None:
    text = f"# Title\n\nbefore\n{table.START}\nold figures\n{table.END}\nafter\n"
    rendered = table.render(RESULTS)
    once = table.replace_table(text, rendered)
    assert once == f"# Title\n\nbefore\n{table.START}\n{rendered}{table.END}\nafter\n"
    assert table.replace_table(once, rendered) == once
    with pytest.raises(ValueError, match="markers"):
        table.replace_table("# no markers\n", rendered)


def test_the_runner_writes_the_table_into_the_readme_once(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# ITA Tracker\n\n## Figures\n\n{table.START}\n{table.END}\n\n## Next\n", encoding="utf-8")
    written = run_all.write_table(RESULTS, readme)
    first = readme.read_text(encoding="utf-8")
    assert written in first and first.endswith(f"{table.END}\n\n## Next\n")
    run_all.write_table(RESULTS, readme)
    assert readme.read_text(encoding="utf-8") == first


def test_the_readme_carries_the_table_between_its_markers() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme.count(table.START) == 1 and readme.count(table.END) == 1
    inside = readme[readme.index(table.START) + len(table.START):readme.index(table.END)]
    assert inside.strip().startswith("Figures of one `make bench` run on ")
    assert "| figure | one organisation | national | target |" in inside

# make run   – create the venv, install, build the store from data/ if missing, start the app; stops with
#              one line when the store is damaged or is missing with backups beside it (restore one)
# make test  – create the venv, install (with the test tools and the Debian packages the tests drive),
#              run the linters, the import contracts and the whole test suite
# make bench – run the benchmarks in bench/ (on demand; never part of the tests)

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt | sha1sum | cut -c1-12)
DEV    := $(VENV)/.installed-dev-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
PORT   ?= 8501
# What the browser, PDF and font tests use from Debian: a browser, a Thai font, pdftotext/pdftoppm.
SYSTEM_PACKAGES := chromium fonts-thai-tlwg poppler-utils

.PHONY: install install-dev system store run test lint bench clean

$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-[0-9a-f]* && touch $(STAMP)

$(DEV): $(STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-dev-* && touch $(DEV)

install: $(STAMP)

install-dev: $(DEV)

# Installs what is missing when run as root (as CI is); otherwise names the one command to run.
system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done | tr '\n' ' '); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing $$missing"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "The tests need Debian packages that are missing. Run: sudo apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi

# `build` reads every block of an existing store (never serves a damaged one) and refuses to build a
# missing store that has backups (`python -m ita restore 1` brings it back): either exits non-zero,
# so `make run` stops here. `python -m ita build --force` rebuilds, keeping the old store as a backup.
store: install
	$(PY) -m ita build

# The allocators' settings, measured in bench/load.py:
# - MALLOC_ARENA_MAX=2: Streamlit runs each session in its own thread, and glibc gives threads their
#   own memory arenas; two arenas keep the server's memory near what it uses.
# - DUCKDB_JE_MALLOC_CONF=dirty_decay_ms:0: DuckDB's jemalloc gives a finished query's memory back at
#   once instead of keeping it (a national open-items view frees 80-250 MiB) until later allocations.
# ita.ui.serve is `streamlit run dashboard.py`, readied first (imports, the store, the first view).
SERVE_ENV = MALLOC_ARENA_MAX=2 DUCKDB_JE_MALLOC_CONF=dirty_decay_ms:0
run: store
	$(SERVE_ENV) $(PY) -m ita.ui.serve --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

lint: install-dev
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

test: lint system
	$(PY) -m pytest

bench: install-dev
	$(PY) bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis .import_linter_cache

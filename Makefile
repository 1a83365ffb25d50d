# make run   – create the venv, install, build the store from data/ if missing, start the app
# make test  – create the venv, install, run the linter and the whole test suite
# make bench – run the benchmarks in bench/ (on demand; never part of the tests)

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)
PORT   ?= 8501

.PHONY: install store run test lint bench clean

$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

store: install
	$(PY) -m ita build

# MALLOC_ARENA_MAX=2: Streamlit runs each session in its own thread, and glibc gives threads their
# own memory arenas; two arenas keep the server's memory near what it uses (measured in bench/load.py).
run: store
	MALLOC_ARENA_MAX=2 $(PY) -m streamlit run dashboard.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

lint: install
	$(PY) -m ruff check .

test: lint
	$(PY) -m pytest

bench: install
	$(PY) bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

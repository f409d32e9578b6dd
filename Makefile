# Two commands on a fresh machine:
#   make site   set up a virtual environment with pinned dependencies, validate the
#               YAML records and build the bilingual site into site/
#   make test   set up everything (Python, Debian and npm packages) and run all tests
# Also: make check (validation only), make serve (live preview), make bench.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test check serve generate fmt bench deps system-deps node-deps clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

deps: $(STAMP)

site: $(STAMP)
	$(BIN)/kb site

check: $(STAMP)
	$(BIN)/kb check

generate: $(STAMP)
	$(BIN)/kb generate

fmt: $(STAMP)
	$(BIN)/kb fmt --fix

# make serve PORT=8001 to preview on another port (tests/test_serve.py uses a free one).
# `kb serve` regenerates only what an edit changes and renders only the pages it affects
# (kb/site/preview.py); make serve FULL=1 renders every page after every edit.
# KB_SERVE_POLL=1 make serve polls for changes where the file system gives no events (kb/site/watcher.py).
PORT ?= 8000
FULL ?=
serve: $(STAMP)
	$(BIN)/kb serve --port $(PORT) $(if $(FULL),--full)

system-deps:
	bash scripts/install-system-deps.sh

node-deps:
	bash scripts/install-node-deps.sh

# Lint first (ruff, rules in pyproject.toml; ESLint, rules in eslint.config.mjs): zero
# findings, or the tests do not run.
test: $(STAMP) system-deps node-deps
	$(BIN)/ruff check scripts tests
	node_modules/.bin/eslint docs/assets/javascripts scripts
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python scripts/benchmark.py --readme

# The page cache of `kb site` lives outside the repository (kb/site/page_cache.py).
clean:
	rm -rf site .site.building-* $(VENV) node_modules .pytest_cache .hypothesis
	rm -rf "$${XDG_CACHE_HOME:-$$HOME/.cache}/ict-criteria-kb"

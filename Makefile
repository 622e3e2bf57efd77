# Passage: `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
export PASSAGE_DATABASE_URL ?= sqlite:///$(CURDIR)/var/passage.db

.PHONY: run test lint format bench install frontend i18n clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Front-end libraries and map boundaries come from the npm registry (package-lock.json).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm not found: pages work without JavaScript, maps need npm (see docs/operations.md)"; fi

install: $(STAMP) $(NODE_STAMP)

frontend: $(NODE_STAMP)

run: install
	mkdir -p var
	$(BIN)/passage db upgrade
	$(BIN)/passage demo
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(BIN)/passage serve

# The suite runs on the machine's cores (at most 4 workers; each has its own databases and
# browser server), a test file per worker so module fixtures are built once.
test: install
	$(BIN)/python -m pytest -n auto --maxprocesses=4 --dist loadfile

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: install
	@for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

i18n: install
	bash scripts/i18n.sh

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache

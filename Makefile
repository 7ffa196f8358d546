# Two commands on a fresh machine: `make run` and `make test`.
# Both create the virtual environment from the lock file first (once; again
# only when the lock file or pyproject.toml changes).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup system-deps lint format typecheck kbcheck unit unit-postgres bench bench-breaks lock clean

run: setup
	$(BIN)/unknot serve

test: setup system-deps lint typecheck kbcheck unit unit-postgres

# Chromium, PostgreSQL, poppler and npm from Debian, installed when missing (as root).
system-deps:
	scripts/system-deps.sh

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "unknot needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

tests/browser/node_modules/axe-core/axe.min.js: tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --silent

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: setup
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

typecheck: setup
	$(BIN)/mypy

kbcheck: setup
	$(BIN)/unknot kb check

# The whole suite on SQLite (browser tests included) ...
unit: setup system-deps tests/browser/node_modules/axe-core/axe.min.js
	$(BIN)/python -m pytest -q

# ... and every database test again on a throwaway PostgreSQL server.
unit-postgres: setup system-deps
	scripts/with-postgres.sh $(BIN)/python -m pytest -q -m "django_db and not browser"

bench: setup
	$(BIN)/python bench/triage.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/experiments.py

# `unknot breaks` at rest beside Workrave (installs workrave and xvfb when run as root).
bench-breaks: setup
	$(BIN)/python bench/breaks.py

# Regenerate the lock file after changing dependencies in pyproject.toml.
lock: setup
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --extra dev \
		--strip-extras --output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis

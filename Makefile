# The two commands a newcomer needs: `make run` (the web application with demo data, SQLite) and
# `make test` (lint + every test; DATABASE_URL=postgres://... runs them on PostgreSQL). Both create
# the virtual environment (.venv) and install the pinned dependencies on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test lint bench compute messages clean

# Translations live in src/chiso/web/locale/en/LC_MESSAGES/django.po: `make messages` adds new msgids
# (makemessages), translate them there, then `make messages` again compiles the catalogue.

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/chiso demo --port $(PORT)

test: $(STAMP)
	scripts/ensure-chromium
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/python -m pytest

compute: $(STAMP)
	$(BIN)/chiso compute --framework pii-2025 --data src/chiso/examples/pii-2025-illustrative.csv --out out/pii-2025.csv

lint: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks scripts
	$(BIN)/ruff format src tests benchmarks scripts

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

messages: $(STAMP)
	cd src/chiso/web && DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=$(CURDIR) ../../../$(BIN)/python -m django makemessages -l en --no-location --no-wrap
	cd src/chiso/web && DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=$(CURDIR) ../../../$(BIN)/python -m django compilemessages -l en

clean:
	rm -rf $(VENV) out var .pytest_cache .ruff_cache

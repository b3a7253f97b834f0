# The two commands a newcomer needs: `make run` and `make test`. Both create the virtual
# environment (.venv) and install the pinned dependencies on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/chiso compute --framework pii-2025 --data src/chiso/examples/pii-2025-illustrative.csv --out out/pii-2025.csv
	@$(BIN)/python -c "import csv; rows=[r for r in csv.DictReader(open('out/pii-2025.csv')) if r['unit']=='14' and r['code'] in ('PII','INPUT','OUTPUT','1','2','3','4','5','6','7')]; print('Sơn La 2025 (illustrative national data):'); [print(f\"  {r['code']:<7}{float(r['score']):7.2f}  rank {r['rank']}/34\") for r in rows]"

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache

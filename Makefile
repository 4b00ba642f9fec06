# finops-analysis: every target sets up what it needs; `make help` lists them.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
FINOPS := $(VENV)/bin/finops
DATA   ?= data/sample
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install report validate summary sample test lab bench clean

help: ## List every target
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "finops needs Python 3.11 or newer: set PYTHON=python3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP) ## Create .venv and install the package with its test tools

report: $(STAMP) ## Validate DATA and build the monthly finance pack for its latest complete month
	@$(PY) -c 'import weasyprint' 2>/dev/null || { \
	  echo "WeasyPrint cannot load the pango libraries it needs to write PDFs."; \
	  echo "On Debian or Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"; exit 1; }
	$(FINOPS) pack monthly --data $(DATA)

validate: $(STAMP) ## Validate DATA (default data/sample) and write Data Docs to reports/out/validation/
	$(FINOPS) validate --data $(DATA)

summary: $(STAMP) ## Print what DATA holds: providers, months, totals, owners, tag compliance
	$(FINOPS) summary --data $(DATA)

sample: $(STAMP) ## Regenerate the committed sample company in data/sample (deterministic)
	$(FINOPS) sample --out $(DATA)

test: $(STAMP) ## Run the whole test suite
	$(PY) -m pytest -q

BENCH_ROWS ?= 1m,10m,50m
bench: $(STAMP) ## Benchmark the monthly pack over generated 1M/10M/50M-row months (BENCH_ROWS=1m,10m,50m,200m adds 200M); writes bench/RESULTS.md
	$(PY) bench/bench_scale.py --rows $(BENCH_ROWS)

lab: $(STAMP) ## Open JupyterLab on notebooks/
	$(VENV)/bin/jupyter lab notebooks/

clean: ## Remove the virtualenv, caches and generated reports
	rm -rf $(VENV) reports/out .pytest_cache .hypothesis .duckdb_tmp .finops-cache bench/.cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

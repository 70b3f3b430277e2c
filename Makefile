# One entry point for developer tasks; README and CI call these same targets.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test test-spark check fix bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || "$$(bin/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)  ## the whole pipeline on a synthetic practice group, then the portal
	$(VENV)/bin/pars demo

test: $(STAMP)  ## the full test suite (SQLite, or PARS_DATABASE_URL)
	$(VENV)/bin/pytest -n 2 -q

$(VENV)/.spark-stamp: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,spark]'
	@touch $@

test-spark: $(VENV)/.spark-stamp  ## Splink's Spark linkage backend in local mode (needs Java 17)
	$(VENV)/bin/pytest -q -m spark

check: $(STAMP)  ## lint
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check pars tests

fix: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format pars tests

bench: $(STAMP)  ## performance benchmarks (rates and ratios, never pass/fail timings in tests)
	$(VENV)/bin/pars bench all

clean:
	rm -rf $(VENV) pars-data .pytest_cache

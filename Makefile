# Two commands on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint install install-dev screenshots

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps make the install idempotent: pip runs again only when a requirements file changes.
$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# ical.js (the parser inside Thunderbird), an independent reader of our feeds in the tests.
ICALJS := tests/icaljs
$(ICALJS)/node_modules/.installed: $(ICALJS)/package.json $(ICALJS)/package-lock.json
	npm ci --prefix $(ICALJS) --no-audit --no-fund --loglevel=error
	touch $@

# axe-core, the accessibility engine the browser tests inject into every page they check.
AXE := tests/axe
$(AXE)/node_modules/.installed: $(AXE)/package.json $(AXE)/package-lock.json
	npm ci --prefix $(AXE) --no-audit --no-fund --loglevel=error
	touch $@

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
# Installed only when missing, as root or through sudo.
CHROMIUM ?= /usr/bin/chromium
$(CHROMIUM):
	$(if $(filter 0,$(shell id -u)),,sudo )sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev $(ICALJS)/node_modules/.installed $(AXE)/node_modules/.installed $(CHROMIUM)

run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) demo load
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-dev
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest $(PYTEST_ARGS)

# The pictures in README.md, taken by the browser tests.
screenshots: install-dev
	PLENARIA_SCREENSHOTS=docs/screenshots CHROMIUM=$(CHROMIUM) $(PY) -m pytest tests/browser -q

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .

# Two commands on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint install install-dev screenshots translations

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

# Interface translations: the .po catalogues are committed, the compiled .mo files are not.
# Each .mo is compiled again only when its .po is newer; a catalogue with errors (such as a
# placeholder that is not the English one's) stops the build and leaves no .mo behind.
TRANSLATIONS := events/translations
PYBABEL := $(VENV)/bin/pybabel
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
CATALOGUES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(PYBABEL) compile --statistics -i $< -o $@ || { rm -f $@; exit 1; }

# The fault tests start (and stop) a redis-server of their own, never the machine's shared one.
REDIS_SERVER ?= /usr/bin/redis-server
$(REDIS_SERVER):
	$(if $(filter 0,$(shell id -u)),,sudo )sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server'

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev $(ICALJS)/node_modules/.installed $(AXE)/node_modules/.installed $(CHROMIUM) $(REDIS_SERVER)

run: $(VENV)/.installed $(COMPILED)
	$(FLASK) db upgrade
	-$(FLASK) demo load  # refuses (and changes nothing) on a database in real use
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-dev $(COMPILED)
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest $(PYTEST_ARGS)

# The pictures in README.md, taken by the browser tests.
screenshots: install-dev $(COMPILED)
	PLENARIA_SCREENSHOTS=docs/screenshots CHROMIUM=$(CHROMIUM) $(PY) -m pytest tests/browser -q

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .

# After adding or changing strings: extract them again and merge them into every catalogue.
# New messages come out empty and changed ones fuzzy (with the previous English) until someone
# translates them; tests/test_translations.py lists them.
translations: $(VENV)/.installed
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext --add-comments=Translators: \
		--add-location=file --project=Plenaria --version=$(VERSION) \
		--copyright-holder="the Plenaria authors" -o $(TRANSLATIONS)/messages.pot .
	$(PYBABEL) update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) \
		--previous --ignore-obsolete --ignore-pot-creation-date

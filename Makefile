# pelican-fukatsoft: the two set-up commands and a few helpers.
#   make serve   build the example site and serve it on http://127.0.0.1:8000/
#   make test    install everything the tests need, then run them all

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SITE := example_site

.PHONY: serve build test lint bench clean system-deps

$(BIN)/pelican: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

build: $(BIN)/pelican
	cd $(SITE) && ../$(BIN)/pelican content -s pelicanconf.py -o output --delete-output-directory

serve: build
	@echo "Serving the example site on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	cd $(SITE) && ../$(BIN)/pelican --listen --bind $(HOST) --port $(PORT) -o output

# Debian's Chromium for the browser tests (never Playwright's own download).
system-deps:
	@command -v chromium >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(BIN)/pelican system-deps
	$(BIN)/python -m pytest

lint: $(BIN)/pelican
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(BIN)/pelican
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(SITE)/output $(SITE)/cache dist build test-artifacts benchmarks/work

# newsbrief: every target sets up the virtual environment first when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
BENCH_N ?= 1000
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup serve build test lint bench deploy clean

help:
	@echo "make serve   live preview at http://127.0.0.1:8000 (refreshes on save)"
	@echo "make build   generate and build the site into site/"
	@echo "make test    lint, type-check and run the test suite"
	@echo "make bench   measure generation and build speed (BENCH_N=$(BENCH_N))"
	@echo "make deploy  publish site/ to the gh-pages branch of origin"

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty

build: $(STAMP)
	$(BIN)/mkdocs build --strict

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy

test: lint
	$(BIN)/python -m generator schema --check
	$(BIN)/pytest

clean:
	rm -rf build site $(VENV)

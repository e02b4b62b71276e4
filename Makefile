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
	@echo "make deploy  build and publish the site to the gh-pages branch of origin (needs SITE_URL)"

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
	@test -n "$$SITE_URL" || echo "make build: warning: SITE_URL is not set, so links in feeds, the sitemap and metadata point at http://127.0.0.1:8000/; set it to the published address, e.g. SITE_URL=https://OWNER.github.io/REPO/ make build" >&2
	$(BIN)/mkdocs build --strict --dirty

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/python -m generator schema --check
	$(BIN)/pytest

# Builds (strict, incremental) and pushes site/ as one fresh commit to gh-pages of origin,
# with .nojekyll; main is never touched. SITE_URL must be the published address (feeds need it).
deploy: $(STAMP)
	@test -n "$$SITE_URL" || { echo "make deploy: set SITE_URL, e.g. SITE_URL=https://OWNER.github.io/REPO/ make deploy" >&2; exit 2; }
	@git diff --quiet HEAD -- content generator overrides mkdocs.yml || { echo "make deploy: commit your changes first; gh-pages records the commit it was built from" >&2; exit 1; }
	$(BIN)/mkdocs gh-deploy --strict --dirty --force --no-history

# BENCH_FLAGS passes options through, e.g. BENCH_FLAGS=--skip-build for N = 10,000.
bench: $(STAMP)
	$(BIN)/python -m bench.run --n $(BENCH_N) $(BENCH_FLAGS)

clean:
	rm -rf build site .site.newsbrief-stamp $(VENV)

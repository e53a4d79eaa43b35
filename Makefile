# samizdat: `make` sets up .venv and builds every output; `make test` tests them.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
MANUSCRIPT := manuscript
OUT := build
SLUG := $(shell sed -n 's/^slug *= *"\(.*\)"/\1/p' $(MANUSCRIPT)/book.toml)

# Everything a build reads: a change to any of these rebuilds; nothing else does.
SOURCES := $(shell find $(MANUSCRIPT) styles scripts -type f \
	-not -path '*/__pycache__/*' -not -name '*.pyc' 2>/dev/null)

.PHONY: all setup test lint check bench clean distclean serve watch

OUTPUTS := $(OUT)/$(SLUG).epub $(OUT)/$(SLUG).pdf $(OUT)/$(SLUG)-booklet.pdf \
	$(OUT)/$(SLUG)-print.pdf $(OUT)/$(SLUG)-cover.pdf $(OUT)/$(SLUG)-web/index.html

all: $(OUTPUTS) $(NODE_STAMP)

setup: $(STAMP) $(NODE_STAMP)

# Dependencies are pinned in pyproject.toml; constraints.txt pins everything
# they pull in, so that every machine installs the same versions.
$(STAMP): pyproject.toml constraints.txt
	@command -v java >/dev/null || { echo "installing Java for EPUBCheck"; \
	  apt-get update -qq && apt-get install -y -qq default-jre-headless; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

# Ace by DAISY (npm, pinned in package-lock.json) runs in Debian's Chromium;
# Puppeteer's own browser download is skipped. The same Chromium runs the web
# edition's tests (Playwright), with the Nu HTML checker and axe-core from npm.
$(NODE_STAMP): package.json package-lock.json
	@command -v chromium >/dev/null || { echo "installing Chromium for Ace"; \
	  apt-get update -qq && apt-get install -y -qq chromium; }
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(OUTPUTS) &: $(STAMP) $(SOURCES)
	$(BIN)/samizdat build $(MANUSCRIPT) -o $(OUT) --booklet --print-ready

test: all $(NODE_STAMP)
	$(BIN)/python -m pytest

# EPUBCheck and Ace on the built book; their reports are kept in build/.
check: all $(NODE_STAMP)
	$(BIN)/samizdat check $(OUT)/$(SLUG).epub --reports $(OUT)

# The web edition, on http://localhost:8000/$(SLUG)-web/
serve: all
	$(BIN)/samizdat serve $(OUT)

# Rebuild on every save (EPUB only, quick); Ctrl-C to stop.
watch: $(STAMP)
	$(BIN)/samizdat watch $(MANUSCRIPT) -o $(OUT) --epub-only

lint: $(STAMP)
	$(BIN)/samizdat lint $(MANUSCRIPT)
	$(BIN)/ruff check scripts tests

clean:
	rm -rf $(OUT)

distclean: clean
	rm -rf $(VENV)

# Speed and memory beside pandoc: figures, not a test.
bench: all
	$(BIN)/python scripts/bench.py

# The repository's own catalogue (catalog.toml lists its books): a site and
# OPDS feeds in build/catalog/. `samizdat catalog` rebuilds only what changed.
CATALOG := $(OUT)/catalog
.PHONY: catalog
all: catalog
catalog: $(CATALOG)/index.html
$(CATALOG)/index.html: catalog.toml $(STAMP) $(SOURCES)
	$(BIN)/samizdat catalog catalog.toml -o $(CATALOG)
	touch $@

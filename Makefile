# The two commands a new user runs: `make graph` (build the map from notes/) and `make test`.
# Only python3 and make are needed; everything else is installed into .venv.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
KG := $(VENV)/bin/kg
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.dev-installed
NOTES := $(shell find notes -name '*.md' 2>/dev/null)
INPUTS := $(NOTES) $(wildcard ontology/vocab/*) $(wildcard kg/*.py kg/patterns/* kg/assets/*)

.PHONY: graph test lint bench clean

graph: exports/lineage.html

# kg build writes kg.ttl, kg.jsonld, kg.nt and lineage.html together, or nothing.
exports/lineage.html: $(STAMP) $(INPUTS)
	$(KG) build notes -o exports

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

test: $(DEV_STAMP)
	$(PY) -m pytest

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check kg tests benchmarks tools
	$(VENV)/bin/mypy

clean:
	rm -rf .kg-cache exports/lineage.html exports/kg.jsonld exports/kg.nt test-artifacts

-include benchmarks/bench.mk

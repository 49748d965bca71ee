# The archive's commands. `make serve` and `make test` create .venv and install
# the pinned dependencies first when they are missing or have changed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PELICAN := $(BIN)/pelican

INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Plain log lines: each problem with the content is one line, `FILE[:LINE]: what — what to do`.
PELICANOPTS ?= --log-handler plain

.PHONY: help install html clean regenerate serve devserver publish test lint format lock

help:
	@echo "make serve      build the site and serve it at http://$(HOST):$(PORT)"
	@echo "make test       run the tests (unit, site build, browser) and lint"
	@echo "make html       build the site into $(OUTPUTDIR)/"
	@echo "make regenerate rebuild on every change in content/, theme/ or plugins/"
	@echo "make devserver  regenerate and serve together"
	@echo "make publish    build with $(PUBLISHCONF) for any static host (SITEURL=https://host/path for feeds)"
	@echo "make clean      remove $(OUTPUTDIR)/ and the build cache"
	@echo "make lock       re-pin requirements.lock after editing pyproject.toml"
	@echo "make bench      time claims, quotes, figures, reuse and the whole build, weigh pages, on synthetic archives (BENCH_N=100,1000 picks sizes, BENCH_ADD_ONE=3 the add-one builds)"

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

html: $(STAMP)
	$(PELICAN) $(PELICANOPTS) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE)

# Claim detection, quote and figure extraction, reuse detection, page weight and the whole
# build (against vanilla Pelican, adding one article, reproducibility), on synthetic articles.
# Each bench has its own sizes (claims 5,100,1000; findings 100,1000; reuse 100,1000,10000,
# about 10 minutes; pages: the seeds and 100; build 100,1000,10000, where 10,000 takes a long
# time); `make bench BENCH_N=100,1000` runs all five at the sizes given instead. The tables go
# to bench/results/claims.md, findings.md, reuse.md, pages.md and build.md, which are
# committed as documentation.
ifdef BENCH_N
export BENCH_N
endif

.PHONY: bench
bench: $(STAMP)
	$(BIN)/python bench/claims_bench.py
	$(BIN)/python bench/findings_bench.py
	$(BIN)/python bench/reuse_bench.py
	$(BIN)/python bench/pages_bench.py
	$(BIN)/python bench/build_bench.py

clean:
	rm -rf $(OUTPUTDIR) $(OUTPUTDIR).building $(OUTPUTDIR).previous $(OUTPUTDIR).lock .cache

regenerate: $(STAMP)
	$(PELICAN) $(PELICANOPTS) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE)

serve: html
	$(PELICAN) $(PELICANOPTS) -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b $(HOST) -p $(PORT)

devserver: $(STAMP)
	$(PELICAN) $(PELICANOPTS) -lr $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b $(HOST) -p $(PORT)

publish: $(STAMP)
	$(PELICAN) $(PELICANOPTS) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF)

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin the whole dependency tree from pyproject.toml in a throwaway venv.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['test']))" > .lock-venv/top.txt
	.lock-venv/bin/pip install --quiet --disable-pip-version-check -r .lock-venv/top.txt
	.lock-venv/bin/pip freeze > requirements.lock
	rm -rf .lock-venv

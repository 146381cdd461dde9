# Kingmaker — set-up and everyday targets. Each target creates .venv when missing.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test bench clean venv chromium vendor

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) on PATH (or: make PYTHON=python3)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e '.[test,bench]'
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/kingmaker demo

test: $(STAMP) chromium
	$(PY) -m pytest -q

# The browser tests drive Debian's Chromium (never `playwright install`); without apt they skip, saying why.
chromium:
	@test -x /usr/bin/chromium || { command -v apt-get >/dev/null 2>&1 \
	  && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "note: could not install chromium; the browser tests will be skipped"; }

# Re-vendor the explorer's JavaScript (Cytoscape.js, Swagger UI) from npm into the package (committed).
vendor: $(PY)
	$(PY) src/kingmaker/web/vendor.py

# Every benchmark into BENCHMARKS.md (about an hour); e.g. make bench BENCH_ARGS="--skip extract" (bench/run_all.py)
bench: $(STAMP)
	$(PY) bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info

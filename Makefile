# Two entry points for people and CI: `make serve` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve test lint system-deps bench bench-http test-virtuoso

$(BIN)/kennisgraaf: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# The ontology's consistency check runs HermiT, which needs Java. The page tests drive Debian's Chromium
# and run axe-core (from npm, version pinned in tests/browser/package-lock.json) inside it.
system-deps:
	@command -v java >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq default-jre-headless; }
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver; }
	@test -f tests/browser/node_modules/axe-core/axe.min.js || npm ci --prefix tests/browser --no-audit --no-fund --silent

serve: $(BIN)/kennisgraaf
	$(BIN)/kennisgraaf serve

lint: $(BIN)/kennisgraaf
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Most tests wait on servers, browsers and subprocesses, so three workers on two cores pay off; the tests
# that time the server's own limits (marked `serieel`) run after them, alone.
test: $(BIN)/kennisgraaf system-deps lint
	$(BIN)/python -m pytest -n 3 -m "not serieel"
	$(BIN)/python -m pytest -m serieel

# The benchmark suite at 10k, 100k and 1M triples (about 30 minutes on 2 cores; loopback only). Writes
# benchmarks/resultaten/suite.{json,md}. Other sizes: make bench GROOTTES=10k,100k,1M,10M
GROOTTES ?= 10k,100k,1M
bench: $(BIN)/kennisgraaf
	$(BIN)/pip install --quiet -e '.[test,bench]'
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python -m benchmarks.suite --groottes $(GROOTTES)

# HTTP benchmark of /sparql against oxigraph serve and rdflib-endpoint (about 10 minutes; loopback only).
bench-http: $(BIN)/kennisgraaf
	$(BIN)/pip install --quiet -e '.[test,bench]'
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python -m benchmarks.http_sparql

# Optional: the remote-backend tests against Debian's Virtuoso on 127.0.0.1 (README, Opschalen).
test-virtuoso: $(BIN)/kennisgraaf
	PYTHON=$(BIN)/python sh scripts/virtuoso-test.sh

# eventwire: `make run` and `make test` each set up .venv on their own first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint fuzz bench eval clean bench-serve screenshots

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

## run: analyze the bundled examples and show the result
run: $(STAMP)
	$(BIN)/eventwire analyze examples/ --published 2025-05-14

## test: the whole test suite, plus lint
test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

## fuzz: the fuzz tests with a long budget (5,000 examples each; CI runs 25)
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/reliability/test_fuzz.py

## bench: throughput against bare spaCy on the BBC corpus (needs ../shared)
bench: $(STAMP)
	$(BIN)/python bench/throughput.py

## eval: accuracy benchmarks on ../shared/eval, numbers for docs/evaluation.md
eval: $(STAMP)
	for s in bench/eval_*.py; do $(BIN)/python $$s || exit 1; done

## bench-serve: p95 latency of each API endpoint on a generated 1-million-event database
bench-serve: $(STAMP)
	$(BIN)/python bench/serve.py

## screenshots: a PNG of each page to docs/screenshots/ (needs /usr/bin/chromium)
screenshots: $(STAMP)
	$(BIN)/python -m tests.serve.screenshots

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

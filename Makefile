# one111: `make run` to serve on http://127.0.0.1:8000, `make test` to run everything.
SHELL := /bin/bash
# Python 3.12 where the machine has it, on PATH or among pyenv's versions (which are not always on PATH): coverage
# then measures through sys.monitoring (`core = "sysmon"`, pyproject.toml) instead of 3.11's C tracer, which cost the
# suite about a third more CPU. Else python3: 3.11 runs everything the same, only slower under coverage.
PY312 := $(firstword $(foreach python,python3.12 $(wildcard $(HOME)/.pyenv/versions/3.12.*/bin/python3.12),\
	$(shell $(python) -c 'import sys; print(sys.executable)' 2>/dev/null)))
PYTHON ?= $(or $(PY312),python3)
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
PACKAGES := models identity triage capacity patients routing clinical notify insight chat web
STAMP := $(VENV)/.installed-$(shell (cat requirements.lock pyproject.toml; $(PYTHON) -V) | sha1sum | cut -c1-12)

.PHONY: run test lint bench venv browsers screenshots lock clean load load-sweep soak

# A venv of another Python than $(PYTHON) is made anew: it is built from the lock alone.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python && [ "$$($(BIN)/python -V)" = "$$($(PYTHON) -V)" ] || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync -q --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	@rm -f $(VENV)/.installed-*; touch $@

venv: $(STAMP) ## create or update .venv from the lock file

run: venv ## migrate, load the directory, add the README's demo users and serve on 127.0.0.1:8000 (SQLite + in-memory board)
	$(BIN)/one111 db upgrade && $(BIN)/one111 users demo
	$(BIN)/one111 serve

# Debian's chromium for the page tests (Playwright cannot download its own browser here).
SUDO := $(shell test "$$(id -u)" = 0 || echo sudo)
browsers: ## install Debian's chromium for the browser tests, if it is missing
	@command -v chromium >/dev/null || { $(SUDO) apt-get install -y -q chromium || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }; }
	@chromium --version

# Coverage of the product packages ([tool.coverage.run]), the servers the tests start included; below the floor fails.
# Three test processes on two cores: much of a process's time is spent waiting on the servers, sockets and browsers
# it drives (two processes kept 1.3 cores busy, three 1.75; four were slower than three). PostgreSQL saw at most 35
# connections of its 100 with three. The linters run beside the suite, filling the same waits; their report follows
# the suite's, and either failing fails `make test`. Every worker imports every test module to collect the suite:
# pytest's rewrite of their asserts is written to its cache once beforehand (tests/support/rewrite_cache.py), which
# took the three workers' collection from 103 to 75 CPU-s under coverage, for 2.5 CPU-s.
COVERAGE_FLOOR ?= 95
LINT_LOG := $(VENV)/lint.log
test: venv browsers ## the linters and the whole suite with its coverage floor, side by side (what CI runs)
	@$(BIN)/python -m compileall -q -j 0 $(PACKAGES) tests bench loadtests >/dev/null
	@$(BIN)/python -m tests.support.rewrite_cache || echo "make test: the workers rewrite the test modules' asserts themselves"
	@echo "make lint runs beside the tests; its report follows theirs"
	@( set -x; $(LINT_STEPS) ) > $(LINT_LOG) 2>&1 & linter=$$!; \
	$(BIN)/python -m pytest -n 3 --dist loadfile --no-loadscope-reorder --cov --cov-report=term:skip-covered \
		--cov-fail-under=$(COVERAGE_FLOOR); tests=$$?; \
	wait $$linter; linted=$$?; cat $(LINT_LOG); \
	if [ $$linted -ne 0 ]; then echo "make test: the linters failed (above)"; fi; \
	exit $$(( tests != 0 || linted != 0 ))

screenshots: venv browsers ## re-take the README's screenshots (docs/screenshots) by running the browser tests
	ONE111_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/browser

LINT_STEPS = $(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy $(PACKAGES) bench tests loadtests \
	&& $(BIN)/vulture && $(BIN)/lint-imports
lint: venv ## ruff, mypy (product, benches, tests and load tests), dead code (vulture), and the layering contracts
	$(LINT_STEPS)

bench: venv ## benchmarks: writes bench/results/*.json and bench/results/README.md
	$(BIN)/python -m bench

LOAD_SECONDS ?= 60
LOAD_SCALE ?= 10
load: venv ## locust against 2 workers on PostgreSQL + Redis (scratch db and prefix): loadtests/results/summary.md
	$(BIN)/python -m loadtests.run --seconds $(LOAD_SECONDS) --scale $(LOAD_SCALE)

SWEEP_STEP_SECONDS ?= 20
load-sweep: venv ## flow latency against load, 1 and 2 workers and embedded: latency-vs-load.png, capacity.md
	$(BIN)/python -m loadtests.sweep --step-seconds $(SWEEP_STEP_SECONDS)

SOAK_SECONDS ?= 600
soak: venv ## 10 minutes of the load mix, sampling memory and connections: loadtests/results/soak.md (not in CI)
	$(BIN)/python -m loadtests.run --seconds $(SOAK_SECONDS) --scale $(LOAD_SCALE) --soak

lock: ## re-resolve requirements.lock after editing pyproject.toml
	$(BIN)/uv pip compile -q pyproject.toml --extra dev --python-version 3.12 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .coverage .coverage.*

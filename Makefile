# One command per job; `make help` lists them. Everything runs from the project venv.
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.DEFAULT_GOAL := help
.PHONY: help install fmt check test test-pg bench up docs e2e

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

install: ## Create .venv and install symphainy with the dev extras
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'

fmt: ## Format the code (ruff format, import order)
	$(BIN)/ruff check --select I --fix .
	$(BIN)/ruff format .

check: ## Format check, lint, types, import layers, module size budget
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(PY) scripts/size_budget.py src

test: ## Run the test suite on SQLite and a throwaway PostgreSQL (pytest args: ARGS=...)
	bash scripts/test.sh $(ARGS)

test-pg: ## Run only the PostgreSQL-marked tests
	bash scripts/test.sh -m postgres $(ARGS)

bench: ## Run the benchmarks
	bash scripts/bench.sh

up: ## Start the platform locally
	bash scripts/up.sh

docs: ## Regenerate the documents that come from the code (intent contracts, SDK/runtime sections)
	$(BIN)/symphainy docs build

e2e: ## Walk the backend critical path against real processes (ARGS=--database-url postgresql://...)
	$(PY) scripts/e2e_path.py $(ARGS)

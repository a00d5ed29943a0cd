# One way to do things: make run, make test, make lint, make bench, make admin.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 4
STAGE ?= local
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
QUIET_PIP := 2>&1 | { grep -v "^WARNING: Location" || true; }

.PHONY: install run test lint unit bench admin clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip<26.3" $(QUIET_PIP)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt $(QUIET_PIP)
	touch $(STAMP)

run: $(STAMP)
	HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) $(BIN)/python -m local

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench.dynamodb_requests

# Creates an admin account. Local stack by default (it must be running: make run);
# with STAGE=<stage> and AWS credentials in the environment, in that deployed stage.
# EMAIL, PASSWORD and NAME reach the command through the environment ($$VAR), so quotes, spaces and $ in them
# arrive as typed.
admin: $(STAMP)
	@test -n "$$EMAIL" -a -n "$$PASSWORD" || (echo "usage: make admin EMAIL=... PASSWORD=... [NAME=...] [STAGE=prod]" && exit 2)
	@$(BIN)/python -m tools.create_admin --stage "$(STAGE)" --email "$$EMAIL" --password "$$PASSWORD" --name "$${NAME:-Administrator}"

clean:
	rm -rf $(VENV) .local .pytest_cache .mypy_cache .ruff_cache

# One way to do things: make run, make check (the inner loop), make test, make lint, make bench, make admin;
# and for AWS: make package, make deploy, make deploy-frontend (STAGE=dev|prod), make infra-check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Empty: two worker processes a core (local/stack.py, default_workers).
WORKERS ?=
STAGE ?= local
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
QUIET_PIP := 2>&1 | { grep -v "^WARNING: Location" || true; }
# pytest-xdist: one worker process per CPU (each with its own moto) for the suites that run in-process; make
# check XDIST= runs them in one process. tests/e2e, tests/browser and tests/infra spawn stacks, build the SPA or
# package on demand from session fixtures, so they run in a pytest of their own, without xdist.
XDIST ?= -n auto
PARALLEL_TESTS := tests/unit tests/integration tests/local

.PHONY: install run check test lint unit bench admin dlq clean package deploy deploy-frontend infra-check infra-venv \
	spa node frontend-test browser-test chromium api-types

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip<26.3" $(QUIET_PIP)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt $(QUIET_PIP)
	touch $(STAMP)

run: $(STAMP) spa
	HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) $(BIN)/python -m local

# The inner loop, in well under a minute: ruff (lint and format check), the import contract, the unit tests.
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(XDIST) tests/unit

unit: $(STAMP)
	$(BIN)/python -m pytest $(XDIST) tests/unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Every pytest test: the in-process suites spread over CPUs, then the rest (testpaths) in one process.
test: lint infra-check frontend-test chromium spa
	$(BIN)/python -m pytest $(XDIST) $(PARALLEL_TESTS)
	DOCSPOT_INFRA_REQUIRED=1 DOCSPOT_BROWSER_REQUIRED=1 $(BIN)/python -m pytest $(addprefix --ignore=,$(PARALLEL_TESTS))

# The API's documents, made from the code, where the web app reads them, and the SPA's types generated from the
# OpenAPI one (frontend/src/api/schema.ts): commit all three with the change; tests fail while one is stale.
api-types: $(STAMP) $(NPM_STAMP)
	$(BIN)/python -m tools.api_documents
	cd frontend && npm run api-types

bench: $(STAMP)
	$(BIN)/python -m bench.dynamodb_requests

# Creates an admin account. Local stack by default (it must be running: make run);
# with STAGE=<stage> and AWS credentials in the environment, in that deployed stage.
# EMAIL, PASSWORD and NAME reach the command through the environment ($$VAR), so quotes, spaces and $ in them
# arrive as typed.
admin: $(STAMP)
	@test -n "$$EMAIL" -a -n "$$PASSWORD" || (echo "usage: make admin EMAIL=... PASSWORD=... [NAME=...] [STAGE=prod]" && exit 2)
	@$(BIN)/python -m tools.create_admin --stage "$(STAGE)" --email "$$EMAIL" --password "$$PASSWORD" --name "$${NAME:-Administrator}"

# What the running local stack's stream poller parked after an effect kept failing (local/streams.py).
dlq: $(STAMP)
	@$(BIN)/python -m local.streams

clean:
	rm -rf $(VENV) .local .pytest_cache .mypy_cache .ruff_cache .import_linter_cache frontend/node_modules frontend/dist \
		frontend/test-results

# ---- The web app (frontend/) -------------------------------------------------------------------------------------
# Root needs no sudo (CI runs as root); elsewhere apt-get goes through sudo.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
NPM_STAMP := frontend/node_modules/.installed
SPA_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) frontend/index.html \
	frontend/vite.config.ts frontend/tsconfig.json frontend/tsconfig.app.json frontend/tsconfig.node.json \
	frontend/postcss.config.cjs

# Node.js 18 or newer (Vite 6 supports it, so Debian 12's nodejs 18 will do); a machine without node gets Debian's.
node:
	@command -v node >/dev/null && command -v npm >/dev/null || \
		{ $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }

$(NPM_STAMP): frontend/package.json frontend/package-lock.json | node
	cd frontend && npm ci --no-audit --no-fund
	touch $(NPM_STAMP)

# Rebuilt only when a source, the config or the installed packages changed.
frontend/dist/index.html: $(NPM_STAMP) $(SPA_SOURCES)
	cd frontend && npm run build
	touch frontend/dist/index.html

spa: frontend/dist/index.html

# Component tests (Vitest in jsdom).
frontend-test: $(NPM_STAMP)
	cd frontend && npm run test

# Debian's Chromium for the browser journeys (Playwright cannot download its own browser here).
chromium:
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# The browser journeys alone: the SPA is built, a local stack spawned, Chromium driven by Playwright.
browser-test: $(STAMP) spa chromium
	DOCSPOT_BROWSER_REQUIRED=1 $(BIN)/python -m pytest tests/browser

# ---- AWS: package, check offline, deploy -------------------------------------------------------------------------
# Stages that have .chalice/policy-<stage>.json. STAGE=local (the default, for make admin) packages prod.
CLOUD_STAGE = $(if $(filter local,$(STAGE)),prod,$(STAGE))
CHECKED_STAGES := prod dev
# Chalice needs a region to package (it takes the service principals' partition from it); make deploy asks AWS.
PACKAGE_REGION = $(or $(REGION),$(AWS_REGION),$(AWS_DEFAULT_REGION),us-east-1)
INFRA_VENV := .venv-infra
INFRA_BIN := $(INFRA_VENV)/bin
INFRA_STAMP := $(INFRA_VENV)/.installed
DEPLOY_ENV = STAGE="$(STAGE)" REGION="$(REGION)" AWS_CLI="$(INFRA_BIN)/aws" PYTHON="$(BIN)/python"

infra-venv: $(INFRA_STAMP)

# checkov pins packaging below what pytest needs: its tools (and the AWS CLI) live in a venv of their own.
$(INFRA_STAMP): infra/requirements.txt
	test -x $(INFRA_BIN)/python || $(PYTHON) -m venv $(INFRA_VENV)
	echo '*' > $(INFRA_VENV)/.gitignore
	$(INFRA_BIN)/python -m pip install --quiet "pip<26.3" $(QUIET_PIP)
	$(INFRA_BIN)/python -m pip install --quiet -r infra/requirements.txt $(QUIET_PIP)
	touch $(INFRA_STAMP)

# One SAM template (build/<stage>/sam.json) and deployment.zip with bytecode for the Lambda runtime: the tables of
# the models and infra/template.json merged into what `chalice package` generates (see infra/package.py).
package: $(STAMP)
	$(BIN)/python -m infra.package --stage $(CLOUD_STAGE) --region $(PACKAGE_REGION)

# Offline: packages every stage, expands it with the SAM transform (build/<stage>/cfn.json) and runs cfn-lint and
# checkov (.checkov.yaml) on both forms. Part of make test.
infra-check: $(STAMP) $(INFRA_STAMP)
	$(BIN)/mypy infra
	@for stage in $(CHECKED_STAGES); do \
		$(MAKE) --no-print-directory package STAGE=$$stage || exit 1; \
		$(INFRA_BIN)/python -m infra.translate build/$$stage || exit 1; \
		echo "cfn-lint build/$$stage/sam.json build/$$stage/cfn.json"; \
		$(INFRA_BIN)/cfn-lint build/$$stage/sam.json build/$$stage/cfn.json || exit 1; \
		echo "checkov build/$$stage/sam.json build/$$stage/cfn.json"; \
		$(INFRA_BIN)/checkov --config-file .checkov.yaml -f build/$$stage/sam.json -f build/$$stage/cfn.json || exit 1; \
	done
	$(INFRA_BIN)/cfn-lint infra/apigateway-account.json
	$(INFRA_BIN)/checkov --config-file .checkov.yaml -f infra/apigateway-account.json

# Needs AWS credentials and a region; MAIL_FROM=<verified SES sender> on a stage's first deploy (ALARM_EMAIL, APP_URL,
# SITE_DOMAIN + SITE_CERTIFICATE_ARN, WEB_ACL_ARN optional). Packages the stage as make package does, then
# aws cloudformation package + deploy (infra/deploy.sh). Stops before anything else without credentials.
deploy: $(STAMP) $(INFRA_STAMP)
	@test "$(STAGE)" != local || (echo "usage: make deploy STAGE=prod|dev [MAIL_FROM=...] (AWS credentials in the environment)" && exit 2)
	@$(DEPLOY_ENV) infra/deploy.sh deploy

# Builds frontend/ (npm ci && npm run build), writes config.json from the stack's outputs, uploads, invalidates.
deploy-frontend: $(STAMP) $(INFRA_STAMP)
	@test "$(STAGE)" != local || (echo "usage: make deploy-frontend STAGE=prod|dev (AWS credentials in the environment)" && exit 2)
	@$(DEPLOY_ENV) infra/deploy.sh frontend

# JanSeva: `make run` serves the demo on :8080, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8080
export FLASK_APP := run

.PHONY: run test test-profiles install dev-install translations pot lint format worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

# The example module from outside the tree (docs/MODULES.md), installed editable beside JanSeva.
EXAMPLES := $(wildcard examples/*/pyproject.toml)
$(VENV)/.examples-installed: $(VENV)/.installed $(EXAMPLES)
	$(foreach example,$(EXAMPLES),$(BIN)/pip install -q -e $(dir $(example)) &&) true
	touch $@

install: $(VENV)/.installed
dev-install: $(VENV)/.dev-installed $(VENV)/.examples-installed

## Compile the hi, bn and fa catalogs, JanSeva's and each installed module's (.mo files are
## build output, never committed).
translations: install
	$(BIN)/pybabel -q compile -d translations
	$(BIN)/python translations/compile_modules.py

## Install, migrate, compile translations, load the demo once, serve (and a worker with Redis).
run: translations
	@mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask demo --once
	@if [ -n "$$REDIS_URL" ]; then \
	  trap 'kill 0' EXIT INT TERM; \
	  $(BIN)/python -m workers & \
	  PORT=$(PORT) $(BIN)/python run.py; \
	else \
	  PORT=$(PORT) exec $(BIN)/python run.py; \
	fi

## The whole suite, then each example module's own (one app per process, so one run each);
## uses DATABASE_URL and REDIS_URL when set.
test: dev-install translations
	$(BIN)/python -m pytest
	$(foreach tests,$(wildcard examples/*/tests),$(BIN)/python -m pytest $(tests) &&) true

## Each deployment profile (ENABLED_MODULES) runs the kernel's, the base's and its modules' tests.
PROFILES := police-control-room=org,grievance,channels,dashboard \
            post-office=org,grievance,payments,postal \
            municipality-without-postal=org,grievance,channels,open311,payments,portal,dashboard
test-profiles: dev-install translations
	@for profile in $(PROFILES); do \
	  modules=$${profile#*=}; \
	  echo "== $${profile%%=*}: $$modules"; \
	  ENABLED_MODULES=$$modules $(BIN)/python -m pytest -q -p no:cacheprovider tests/core tests/base \
	    $$(echo $$modules | tr , ' ' | sed 's#[a-z0-9]*#tests/&#g') || exit 1; \
	done

## An RQ worker with the scheduler on every JanSeva queue.
worker: install
	$(BIN)/python -m workers

## Re-extract every user-visible string (ours, Flask-AppBuilder's, WTForms') and update catalogs.
pot: dev-install
	$(BIN)/python translations/update_catalogs.py

lint: dev-install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(foreach example,$(EXAMPLES),$(BIN)/lint-imports --config $(example) &&) true

format: dev-install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) instance/*.db translations/*/LC_MESSAGES/*.mo .pytest_cache

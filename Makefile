# The two commands of the README: `make run` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP_FLAGS ?= --quiet --disable-pip-version-check

.PHONY: run demo test check lint audit messages clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# An editable install leaves our own modules uncompiled, and where PYTHONDONTWRITEBYTECODE is set
# (CI images, containers) every start would compile them again: compile them once here.
$(VENV)/.runtime: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install $(PIP_FLAGS) -e .
	$(PY) -m compileall -q bot
	touch $@

$(VENV)/.dev: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install $(PIP_FLAGS) -e '.[dev]'
	$(PY) -m compileall -q bot
	touch $@ $(VENV)/.runtime

## Install, then run the bot: for real if LIENLAC_BOT_TOKEN is set, else the demo.
run: $(VENV)/.runtime
	$(PY) -m bot

demo: $(VENV)/.runtime
	$(PY) -m bot demo

## Install with the test tools, then run the tests (offline: everything talks to the simulator).
test: $(VENV)/.dev
	$(PY) -m pytest

## What CI checks besides the tests.
lint: $(VENV)/.dev
	$(VENV)/bin/ruff check bot tests $(wildcard bench)
	$(VENV)/bin/ruff format --check bot tests $(wildcard bench)
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

check: test lint

## Known vulnerabilities in everything installed, from PyPI's advisory data (needs that API;
## --strict: a package it cannot look up is a failure, not a pass). Not part of CI.
audit: $(VENV)/.dev
	$(PY) -m pip install $(PIP_FLAGS) pip-audit
	$(PY) -m pip freeze --exclude-editable > $(VENV)/audit-requirements.txt
	$(VENV)/bin/pip-audit --progress-spinner off --strict -r $(VENV)/audit-requirements.txt

## After changing texts: extract them, merge into the Vietnamese catalogue, then translate.
messages: $(VENV)/.dev
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k html_text -k plain --no-location \
		--sort-output -o locales/lienlac.pot .
	$(VENV)/bin/pybabel update -i locales/lienlac.pot -d locales -D lienlac -l vi \
		--no-fuzzy-matching --width 99
	rm locales/lienlac.pot

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

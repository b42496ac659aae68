# The two commands a newcomer needs: `make run` and `make test`.
# Settings come from the environment; a `.env` file (see .env.example) is read too.
-include .env
export

PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

# The first Python 3.12 or newer on the PATH (pyenv's shims included).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.14 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: run worker test install setup lint format check bench clean

run: setup ## Set everything up and serve the site at http://127.0.0.1:$(PORT)
	@# The task worker (curator emails) runs beside the server and stops with it.
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

worker: install ## Run the background task worker alone (production: a service of its own)
	$(BIN)/python manage.py db_worker

test: install ## Run the whole test suite
	$(BIN)/python -m pytest -q

install: $(STAMP)

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "tvetkb needs Python 3.12 or newer, and none was found on the PATH." >&2; \
		echo "Install one (for example with pyenv: pyenv install 3.13) or run: make PYTHON=/path/to/python3.12 run" >&2; \
		exit 1; fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	@touch $(STAMP)

setup: install ## Migrate, load the report's practices and collect static files
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py collectstatic --no-input --verbosity 0

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install ## Django's system checks and the migrations check
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: install ## tvetkb against Datasette at 20,000 and 100,000 practices (bench/README.md)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) staticfiles .ruff_cache

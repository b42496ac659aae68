# The two commands a newcomer needs: `make run` and `make test`; `make help`
# lists the others. Settings come from the environment; a `.env` file (see
# .env.example) is read too.
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

.DEFAULT_GOAL := help
.PHONY: help run worker test install setup relevance lint format check lock bench soak backup restore clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

run: setup ## Set everything up and serve the site at http://127.0.0.1:$(PORT)
	@# The task worker (curator emails) runs beside the server and stops with it.
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

worker: install ## Run the background task worker alone (production: a service of its own)
	$(BIN)/python manage.py db_worker

# Test processes in parallel (pytest-xdist): one per core by default.
TEST_PROCESSES ?= auto

test: install ## Run the whole test suite (SQLite, or DATABASE_URL's database)
	$(BIN)/python -m pytest -q --numprocesses=$(TEST_PROCESSES)

install: $(STAMP) ## Create .venv and install the exact versions of requirements.lock

$(STAMP): requirements.lock
	@if [ -z "$(PYTHON)" ]; then \
		echo "tvetkb needs Python 3.12 or newer, and none was found on the PATH." >&2; \
		echo "Install one (for example with pyenv: pyenv install 3.13) or run: make PYTHON=/path/to/python3.12 run" >&2; \
		exit 1; fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@touch $(STAMP)

setup: install ## Migrate, load the report's practices and collect static files
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py collectstatic --no-input --verbosity 0

relevance: install ## Print the search's precision at 5 for practitioners' queries
	$(BIN)/python -m pytest -q -s tests/listing/test_relevance.py -k precision

lint: install ## The pre-commit hooks on every file: ruff, django-upgrade, djade
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

format: install ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install ## Django's system checks, the migrations check, the deployment check
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py check
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py makemigrations --check --dry-run
	@# The deployment check with production variables (DEBUG off, a real key).
	DEBUG=0 ALLOWED_HOSTS=tvetkb.example.org REDIS_URL=redis://127.0.0.1:6379/1 \
	EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

lock: install ## Refresh requirements.lock from the ranges in pyproject.toml
	$(BIN)/pip-compile --quiet --upgrade --extra dev --strip-extras \
		--no-emit-index-url --no-emit-find-links --no-emit-options \
		--output-file requirements.lock pyproject.toml

bench: install ## tvetkb against Datasette at 20,000 and 100,000 practices (bench/README.md)
	$(BIN)/python bench/run.py

soak: install ## A minute of mixed traffic while curators edit and an import runs (bench/README.md)
	$(BIN)/python bench/soak.py

backup: install ## Back up the database to FILE (default: backups/tvetkb-DATE-TIME.dump)
	$(BIN)/python manage.py backup_database $(if $(FILE),--file "$(FILE)")

restore: install ## Replace the database with the backup FILE=... (asks first)
	@test -n "$(FILE)" || { echo "Name the backup: make restore FILE=backups/..." >&2; exit 1; }
	$(BIN)/python manage.py restore_database "$(FILE)"

clean: ## Remove the virtual environment and collected static files
	rm -rf $(VENV) staticfiles .ruff_cache

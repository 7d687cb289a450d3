# Atelier: `make demo` runs it, `make test` tests it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test lint format install install-test messages translations serve worker clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

translations: install
	$(PY) manage.py compile_translations

demo: install translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo
	@echo "Atelier runs on http://$(HOST):$(PORT)/ (Ctrl-C stops the server and its task worker)"
	@EMAIL_DELIVERY_BACKEND=$${EMAIL_DELIVERY_BACKEND:-django.core.mail.backends.console.EmailBackend} \
	  bash -c 'trap "kill 0" EXIT; \
	  while true; do $(PY) manage.py db_worker --interval 1; \
	    echo "The task worker stopped; starting it again in 2 s." >&2; sleep 2; done & \
	  $(PY) manage.py run_periodic --enqueue --every 900 >/dev/null & \
	  $(VENV)/bin/uvicorn --app-dir src --host $(HOST) --port $(PORT) atelier.asgi:application'

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the catalogues after changing UI strings; then translate what is new.
messages: install
	cd src/atelier && ../../$(PY) ../../manage.py makemessages --no-obsolete --no-location -l bg -l pl -l ro -l sl

test: install-test translations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check_translations
	$(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var

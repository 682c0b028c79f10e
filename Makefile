# Galeri IKM — the two commands are `make run` and `make test`; see README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install chromium lint format check-services migrate demo benchmark worker beat clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

install: $(STAMP)

# The marketplace on http://$(HOST):$(PORT): storefront, /graphql/, /admin/, /seller/.
# Without DATABASE_URL/REDIS_URL: SQLite in var/ and Celery tasks in-process.
run: install
	@mkdir -p var
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --noinput
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_demo
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite against PostgreSQL 127.0.0.1:5432 and Redis 127.0.0.1:6379.
test: install
	@command -v chromium >/dev/null 2>&1 || $(MAKE) --no-print-directory chromium
	@$(PY) tools/check_services.py
	@$(PY) tools/run_tests.py $(ARGS)

# Debian's Chromium for the browser tests (never a downloaded browser).
chromium:
	@echo "make test: installing Debian's chromium for the browser tests"
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	 else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi

lint: install
	@$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: install
	@$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

worker: install
	@$(VENV)/bin/celery -A config worker -l info -Q default,notifications,stock_sync,scheduled

beat: install
	@$(VENV)/bin/celery -A config beat -l info

# The demo marketplace (idempotent; see README.md "Demo data").
demo: install
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py load_demo

# Catalogue latency/throughput against PostgreSQL `galeri_bench` and Redis (prints figures).
benchmark: install
	@$(PY) tools/check_services.py
	@$(PY) benchmarks/catalogue.py $(ARGS)

lock:
	@$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) var

# Jin-Ping-Jia portal. `make run` serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV ?= $(shell command -v uv || echo .tools/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)

.PHONY: help install fonts run test test-fast lint format migrate messages browser-deps compose-check clean bench bench-smoke cluster-check

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

install: $(UV) ## Create .venv from uv.lock (fast when nothing changed)
	$(UV) sync --frozen --quiet

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --noinput

run: export DEBUG ?= 1
run: export CACHE_DIR ?= var/cache
run: install fonts ## Serve the portal on http://127.0.0.1:8000 with SQLite, demo data, worker and beat
	mkdir -p var/celery-broker/processed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@for pid in var/supervisor.pid var/celery.pid; do \
		if [ -f $$pid ] && kill -0 $$(cat $$pid) 2>/dev/null; then \
			echo "Stopping the previous Celery worker"; kill $$(cat $$pid); sleep 2; fi; done
	@rm -f var/celery.pid var/celerybeat.pid var/supervisor.pid
	@# The embedded worker and beat, restarted whenever they exit (a supervisor loop).
	@( while :; do $(VENV)/bin/celery -A portal worker --beat --concurrency=1 --loglevel=INFO \
		--pidfile=var/celery.pid --logfile=var/celery.log; \
		echo "$$(date -Is) worker exited; restarting in 2 s" >> var/celery.log; sleep 2; done ) \
		> /dev/null 2>&1 & echo $$! > var/supervisor.pid
	@echo "Celery worker and beat started, restarted if they exit (log: var/celery.log)."
	@echo "Portal: http://$(HOST):$(PORT)/  — demo accounts in README.md, password jpj-demo-2020"
	@trap 'kill $$(cat var/supervisor.pid) 2>/dev/null; test -f var/celery.pid && kill $$(cat var/celery.pid) 2>/dev/null; true' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT) --noreload

fonts: ## The Chinese TrueType font of the certificates' PDF (Debian's fonts-wqy-microhei), when missing
	@if [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			(apt-get install -y -q fonts-wqy-microhei >/dev/null 2>&1 || \
			 (apt-get update -q >/dev/null && apt-get install -y -q fonts-wqy-microhei >/dev/null)) || \
			echo "Could not install fonts-wqy-microhei: certificates print, their PDF waits for it."; \
		else echo "Install fonts-wqy-microhei (sudo apt-get install fonts-wqy-microhei) for certificate PDFs."; fi; fi

browser-deps: ## Install Debian's Chromium and the Chinese font (browser tests, certificate PDFs) when missing
	@if ! command -v chromium >/dev/null || [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			(apt-get install -y -q chromium fonts-wqy-microhei >/dev/null 2>&1 || \
			 (apt-get update -q >/dev/null && apt-get install -y -q chromium fonts-wqy-microhei >/dev/null)); \
		else echo "Install Debian's chromium and fonts-wqy-microhei for the browser tests."; exit 1; fi; fi

test: install browser-deps ## Run the whole suite (SQLite, or PostgreSQL when DATABASE_URL points at one)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

test-fast: install ## The suite without the browser journeys
	$(VENV)/bin/pytest -n 2 -m "not browser" $(PYTEST_ARGS)

lint: install ## ruff, the import layers (import-linter), mypy over every package, migrations in step with models, the state diagrams
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py workflows --check README.md

format: install ## Format the code with ruff
	$(VENV)/bin/ruff format .

messages: install ## Update the .po files and compile them
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=.tools --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.tools

compose-check: $(UV) ## Validate both compose files against the compose specification's schema, and HAProxy's configuration
	$(UV) tool run --quiet check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml deploy/compose.cluster.yml
	@if command -v haproxy >/dev/null; then haproxy -c -q -f deploy/haproxy/haproxy.cfg && echo "deploy/haproxy/haproxy.cfg: valid"; \
		else echo "haproxy not installed: deploy/haproxy/haproxy.cfg not checked"; fi

clean: ## Remove the environment, the SQLite database and var/
	rm -rf .venv .tools var db.sqlite3 db.sqlite3-*

bench: install ## The benchmark at scale 1 (PostgreSQL + Redis running; wrk): bench/results/<date>.md
	command -v wrk >/dev/null || (sudo -n true 2>/dev/null && sudo apt-get install -y wrk || apt-get install -y wrk)
	$(VENV)/bin/python bench/run.py $(BENCH_ARGS)
	$(VENV)/bin/python bench/uploads.py

cluster-check: install ## Two gunicorn nodes behind HAProxy, through PgBouncer, one Redis and file store: sessions, kept answers, files, rate limits, sweeps
	@command -v pgbouncer >/dev/null && command -v haproxy >/dev/null || \
		(sudo -n true 2>/dev/null && sudo apt-get install -y -q pgbouncer haproxy || apt-get install -y -q pgbouncer haproxy)
	$(VENV)/bin/python bench/cluster.py

bench-smoke: install ## The benchmark at scale 0.01, a second per page: that it still runs (CI)
	command -v wrk >/dev/null || (sudo -n true 2>/dev/null && sudo apt-get install -y wrk || apt-get install -y wrk)
	$(VENV)/bin/python bench/run.py --smoke
	$(VENV)/bin/python bench/uploads.py

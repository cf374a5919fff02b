# Uniform: the two commands are `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-region cluster-test messages makemessages install migrate seed worker check clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	@# WeasyPrint (PDF certificates and reports) needs Pango and a font with Dutch characters.
	@$(PY) -c "import weasyprint" 2>/dev/null || { echo "Installing Pango and DejaVu fonts for PDFs..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }
	touch $(STAMP)

install: $(STAMP)

messages: $(STAMP)  ## compile translations (locale/*.po → .mo)
	@command -v msgfmt >/dev/null || { echo "Installing gettext (msgfmt)..."; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv -v0

makemessages: $(STAMP)  ## update locale/*.po from the sources
	DEBUG=1 $(PY) manage.py makemessages -l nl --ignore=.venv --ignore=var --ignore=scripts --no-obsolete -v0

migrate: install messages
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DEBUG=1 $(PY) manage.py createcachetable

seed: migrate
	DEBUG=1 $(PY) manage.py seed_demo

## make run: install, migrate, load the demo region, serve on 127.0.0.1:$(PORT) with a task worker and the scheduler.
run: migrate
	@DEBUG=1 $(PY) manage.py seed_demo
	@# Hashed, compressed static files, cached for a year by the browser (issue 20).
	@UNIFORM_STATIC_MANIFEST=1 DEBUG=1 $(PY) manage.py collectstatic --noinput -v0
	@echo ""
	@echo "Uniform runs on http://127.0.0.1:$(PORT)/  (mails: console and var/mail.log; worker and scheduler: var/*.log; Ctrl-C stops)"
	@DEBUG=1 $(PY) manage.py run_worker --interval 2 >var/worker.log 2>&1 & worker=$$!; \
	  DEBUG=1 $(PY) manage.py run_scheduler >var/scheduler.log 2>&1 & scheduler=$$!; \
	  trap "kill $$worker $$scheduler 2>/dev/null" EXIT INT TERM; \
	  DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

## make test: the whole suite (unit, access matrix, browser). DATABASE_URL selects PostgreSQL.
test: install messages $(CHROMIUM)
	UNIFORM_TESTING=1 $(PY) -m pytest -p no:cacheprovider -n 2 --dist loadgroup $(PYTEST_ARGS)

$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests..."
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null

lint: install  ## ruff, then mypy (django-stubs) over the files listed in pyproject.toml
	$(VENV)/bin/ruff check .
	DEBUG=1 $(VENV)/bin/mypy

check: install  ## manage.py check --deploy with production settings
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') ALLOWED_HOSTS=uniform.example \
	  $(PY) manage.py check --deploy --fail-level WARNING

## make bench: query counts and server time per page (test database); every page at demo size and
## at a whole region's size (scripts/bench_region.py: manage.py seed_scale, gunicorn on PostgreSQL,
## one table with the ratio to a bare view; BENCH_DATABASE_SERVER, BENCH_DB, BENCH_PORT; SCALE=0.1
## for a tenth, SCALE=0 skips it); then the phone budgets (scripts/bench_phone.py: chromium at
## 390x844 with a 4x CPU slowdown, `make run`'s server). ADR 0021, 0025.
SCALE ?= 1
bench: install messages $(CHROMIUM)
	UNIFORM_TESTING=1 $(PY) scripts/bench.py
ifneq ($(SCALE),0)
	$(PY) scripts/bench_region.py --scale $(SCALE)
endif
	@# The phone budgets (issue 20): the mentor's pages in chromium, 390x844, 4x CPU slowdown.
	$(PY) scripts/bench_phone.py

bench-region: install messages  ## the region table only
	$(PY) scripts/bench_region.py --scale $(SCALE)

## make cluster-test: the production profile on this machine (issue 18): two gunicorn nodes, two task
## workers and the scheduler on PostgreSQL, Redis and SeaweedFS (S3); a journey across the nodes,
## a worker killed mid-export, then requests/s and p95 (scripts/cluster_test.py; CLUSTER_PORT, CLUSTER_DB).
cluster-test: install messages
	$(PY) scripts/cluster_test.py

worker: migrate
	DEBUG=1 $(PY) manage.py run_worker

clean:
	rm -rf $(VENV) var

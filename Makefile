# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.requirements-installed
# The conclusion notice's PDF embeds Liberation Serif: Times New Roman's widths, with Vietnamese letters.
NOTICE_FONT := /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf

.PHONY: run test test-fast lint security format messages migrations-check worker beat bench-search bench-notices bench-notice-batch bench-load seed-scale bench-leadership bench-pages clean

# Create the virtual environment and install the pinned requirements; redone only when requirements.txt changes.
$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)." % sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

run: $(STAMP) $(NOTICE_FONT)
	@DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	@if command -v msgfmt >/dev/null; then DEBUG=$${DEBUG:-1} $(PY) manage.py compilemessages --ignore=.venv >/dev/null; \
	 else echo "msgfmt not found: using the committed translations (install gettext to recompile)."; fi
	@DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo
	@echo ""
	@echo "  Civil-service culture portal: http://127.0.0.1:$(PORT)/"
	@echo "  Sign in as staff, inspector, officer, unithead, leader or admin; password VanHoaCongVu@2026"
	@echo "  Two-factor sign-in is relaxed for this trial (TWO_FACTOR_RELAXED=0 make run to try it)."
	@echo "  Stop with Ctrl+C."
	@echo ""
	@DEBUG=$${DEBUG:-1} TWO_FACTOR_RELAXED=$${TWO_FACTOR_RELAXED:-1} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The browser journeys drive Debian's chromium (a test tool's own browser download does not work here).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "Install the chromium package for the browser tests."; exit 1; }
	$(SUDO) apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
	  || { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends chromium fonts-dejavu-core; }

# Without it the notices fall back to DejaVu Serif (wider: their lines break unlike the DOCX), with a warning.
$(NOTICE_FONT):
	@command -v apt-get >/dev/null || { echo "Install Liberation Serif (Debian: fonts-liberation2) for the notices."; exit 1; }
	$(SUDO) apt-get install -y --no-install-recommends fonts-liberation2 \
	  || { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends fonts-liberation2; }

# Every core through pytest-xdist (TEST_WORKERS=1 for one process); the browser journeys run whole in one xdist
# worker, last (tests/conftest.py): --no-loadscope-reorder keeps that order. The real-worker tests run beside it in a
# pytest process of their own (their output follows the rest's): they spend six minutes mostly waiting for a broker's
# redelivery, so the cores stay with the rest, and they are transactional tests, which empty their database when they
# end (only tests after them in the same process would notice).
CORES := $(shell nproc 2>/dev/null || echo 1)
TEST_WORKERS ?= $(CORES)
XDIST := --dist loadgroup --no-loadscope-reorder

test: $(STAMP) $(CHROMIUM) $(NOTICE_FONT)
	@mkdir -p var
	@TEST_PROCESS=real-worker $(PY) -m pytest -m worker > var/test-worker.log 2>&1 & workers=$$!; \
	{ $(PY) -m pytest -n $(TEST_WORKERS) $(XDIST) -m "not worker"; echo $$? > var/test-rest.status; } \
	  | tee var/test-rest.log; rest=$$(cat var/test-rest.status); \
	wait $$workers; worker_tests=$$?; \
	echo "--- the real-worker tests (var/test-worker.log) ---"; cat var/test-worker.log; \
	echo "make test: $$(tail -n 1 var/test-rest.log | tr -d '=') | real-worker tests: $$(tail -n 1 var/test-worker.log | tr -d '=')"; \
	exit $$(( rest != 0 || worker_tests != 0 ))

# The edit-run loop: no browser, no real services (SQLite in memory, eager tasks, the in-process cache), whatever
# the shell has set. The test database is in memory, created anew by each xdist worker: --reuse-db would not help.
test-fast: $(STAMP) $(NOTICE_FONT)
	env -u DATABASE_URL -u CELERY_BROKER_URL -u CACHE_URL -u REQUIRE_WORKER_TESTS \
	  $(PY) -m pytest -n $(CORES) $(XDIST) -m "not browser and not worker"

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Security linter on our code (findings fixed, or explained on the line with `# nosec <id> - reason`) and the
# dependency vulnerability audit (accepted findings: docs/security-allowlist.md).
security: $(STAMP)
	$(VENV)/bin/bandit -q -r culture_portal feedback inspections regulations -x "*/migrations/*"
	.ci/dependency-audit

format: $(STAMP)
	$(PY) -m ruff check --fix --exit-zero .
	$(PY) -m ruff format .

messages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages -l vi --no-location --ignore=.venv --ignore=var
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

migrations-check: $(STAMP)
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

worker: $(STAMP) $(NOTICE_FONT)
	$(VENV)/bin/celery -A culture_portal worker --loglevel=info

beat: $(STAMP)
	$(VENV)/bin/celery -A culture_portal beat --loglevel=info --schedule=var/celerybeat-schedule

# Needs DATABASE_URL pointing at a scratch PostgreSQL database (see README, Benchmarks).
bench-search: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py benchmark_search

# Renders one notice of 10 units and 50 findings repeatedly (rolled back); needs the demo data.
bench-notices: $(STAMP)
	DEBUG=1 $(PY) manage.py benchmark_notices

# Needs DATABASE_URL (scratch PostgreSQL) and CELERY_BROKER_URL (Redis); starts its own worker processes.
bench-notice-batch: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py benchmark_notice_batch

# Needs DATABASE_URL (scratch PostgreSQL with the demo data); starts its own gunicorn on loopback for 5 minutes.
bench-load: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py benchmark_feedback_load

# Data at a chosen scale (SIZE=tiny|city|province; city and province need DATABASE_URL on a scratch PostgreSQL),
# replacing what an earlier run seeded; the demo data first, for the catalogue of norms.
SIZE ?= tiny
seed-scale: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py seed_scale --size $(SIZE) --drop

# Home page per role, dashboard and yearly report on the seeded data (make seed-scale first); figures in var/.
bench-leadership: $(STAMP)
	@mkdir -p var
	DEBUG=1 $(PY) manage.py benchmark_leadership --json var/bench-leadership.json --markdown var/bench-leadership.md

# Every page per role in-process, then the public endpoints served by gunicorn on loopback against a bare reference
# view (needs DATABASE_URL on PostgreSQL; make seed-scale first); figures in var/. SIZE=… labels the figures (only
# when given: the default would mislabel a database seeded at another size); BENCH_ARGS adds options.
BENCH_ARGS ?=
bench-pages: $(STAMP)
	@mkdir -p var
	DEBUG=1 $(PY) manage.py benchmark_pages $(if $(filter command line environment,$(origin SIZE)),--size-label $(SIZE)) \
	  --json var/bench-pages.json --markdown var/bench-pages.md $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var

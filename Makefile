# Two commands do all the set-up: `make run` (portal with demo content) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run serve test migrate demo browser-deps es

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo --if-empty

# [::] listens on IPv6 and IPv4 alike: browsers may resolve *.localhost to ::1 or to 127.0.0.1.
run: demo
	@echo "総務事務センターポータル:     http://intranet.localhost:8000/"
	@echo "教育総務事務センターポータル: http://edu.localhost:8000/"
	$(BIN)/python manage.py runserver "[::]:8000"

# The production profile as a city server runs it: gunicorn (gunicorn.conf.py) behind the TLS proxy, static files
# collected and served by WhiteNoise. Needs SECRET_KEY, ALLOWED_HOSTS, WAGTAILADMIN_BASE_URL and DATABASE_URL (or
# ALLOW_SQLITE=true) in the environment or .env; see README "Production-like serving".
serve: install
	DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/python manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/python manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/gunicorn

# The browser tests drive Debian's headless Chromium; install it when missing (needs root, as in CI).
browser-deps:
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver)

# Elasticsearch for development on :9200 (fetched from Maven Central into .cache/es on first use; needs Java 21+).
es: install
	$(BIN)/python -m search.esnode run --port 9200

# --dist loadgroup keeps each xdist_group on one worker: the elasticsearch tests share one node.
test: install browser-deps
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# Two commands do all the set-up: `make run` (portal with demo content) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install translations run serve test migrate demo browser-deps ldap-deps es

# python-ldap (for django-auth-ldap) compiles against OpenLDAP's and SASL's headers, installed when missing (root).
$(STAMP): pyproject.toml
	@test -f /usr/include/ldap.h -a -f /usr/include/sasl/sasl.h || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libldap-dev libsasl2-dev)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

# The project's own translations (locale/): compiled with polib, so set-up needs no GNU gettext.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

%.mo: %.po $(STAMP)
	$(BIN)/python -c "import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $< $@

translations: $(MO_FILES)

install: $(STAMP) translations

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

# The browser tests drive Debian's headless Chromium with Japanese fonts (installed when missing; needs root, as in
# CI) and check pages with axe-core, from npm at the version package-lock.json pins.
browser-deps: node_modules/axe-core/axe.min.js
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver -a -d /usr/share/fonts/opentype/noto || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk)

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The directory sign-in tests start Debian's OpenLDAP server (tests/ldap_server.py), installed when missing.
ldap-deps:
	@test -x /usr/sbin/slapd -a -x /usr/bin/ldapsearch || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slapd ldap-utils)

# Elasticsearch for development on :9200 (fetched from Maven Central into .cache/es on first use; needs Java 21+).
es: install
	$(BIN)/python -m search.esnode run --port 9200

# --dist loadgroup keeps each xdist_group on one worker: the elasticsearch tests share one node.
test: install browser-deps ldap-deps
	$(BIN)/python -m pytest -n 2 --dist loadgroup

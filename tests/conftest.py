"""Shared fixtures: one database per test session with both portals and their demo content loaded once."""

import csv
import io

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from wagtail.models import Collection, Locale, Page

from pages.models import HomePage, portal_homes
from portal.portals import PORTALS, PORTALS_BY_KEY
from portal.roles import ROLES, group_name

pytest_plugins = ["tests.servers", "tests.es", "tests.browser", "tests.ldap_server"]

HOSTS = {"intranet": "intranet.localhost", "education": "edu.localhost"}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture(autouse=True)
def demo_content_after_a_flush(request):
    """A transactional test (live server, migrations) empties the database when it ends, so the next one on the same
    worker would find no portals: it gets the demo content back first (Wagtail's root page, collection and locale,
    which only migrations create, included)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction")
    if not (transactional or {"live_server", "transactional_db"} & set(request.fixturenames)):
        return
    request.getfixturevalue("transactional_db")
    if HomePage.objects.exists():
        return
    locale = Locale.objects.first() or Locale.objects.create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root", locale=locale)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    call_command("load_demo", verbosity=0)


@pytest.fixture
def semantic(settings):
    """The semantic leg with the bundled model (the test profile searches with BM25 alone)."""
    from search.embedding import DEFAULT_MODEL

    settings.SEARCH_EMBEDDING_MODEL = DEFAULT_MODEL


@pytest.fixture
def homes(db):
    return {home.portal_key: home for home in portal_homes()}


@pytest.fixture
def role_user(db):
    """role_user(role_key, portal_key) -> a fresh user holding exactly that role in that portal."""
    User = get_user_model()
    made = []

    def make(role_key, portal_key):
        made.append(role_key)
        user = User.objects.create_user(username=f"t{len(made)}-{role_key}-{portal_key}", password="x")
        user.groups.add(Group.objects.get(name=group_name(role_key, PORTALS_BY_KEY[portal_key])))
        return user

    return make


@pytest.fixture
def signed_in(role_user):
    """signed_in(role_key, user_portal, host_portal=None) -> a new test client, signed in as a fresh user of that
    role and portal, on the host of `host_portal` (default: the user's own portal). A new client each time, so that
    one user's messages never show on another's page."""

    def make(role_key, user_portal, host_portal=None):
        client = Client(HTTP_HOST=HOSTS[host_portal or user_portal])
        client.force_login(role_user(role_key, user_portal))
        return client

    return make


@pytest.fixture
def portal_client(client):
    """portal_client(portal_key, user=None) -> the test client pointed at that portal's hostname."""

    def make(portal_key, user=None):
        client.defaults["HTTP_HOST"] = HOSTS[portal_key]
        if user is not None:
            client.force_login(user)
        return client

    return make


ALL_ROLES = [role.key for role in ROLES]
ALL_PORTALS = [portal.key for portal in PORTALS]


def exported(client, address, export_format="csv"):
    """The rows of an admin report's CSV or XLSX export, header first."""
    response = client.get(address, {"export": export_format})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if export_format == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]

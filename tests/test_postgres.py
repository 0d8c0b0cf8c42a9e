"""The portal on a real PostgreSQL server: migrations, portal set-up and the demo loader, twice."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.pgnode import PostgresServer, ServerError

from .servers import unavailable

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture(scope="module")
def postgres_url():
    server = PostgresServer()
    try:
        server.start()
    except ServerError as error:
        unavailable(str(error))
    yield server.url
    server.stop()


def manage(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


COUNT_AND_SERVE = """
from django.test import Client
from django.contrib.auth.models import User
from wagtail.models import Page, Site
from django.db import connection
client = Client()
client.force_login(User.objects.get(username="kyoshokuin"))
html = client.get("/", HTTP_HOST="edu.localhost").content.decode()
print(connection.vendor, Page.objects.count(), Site.objects.count(), User.objects.count(), "教育総務事務センターポータル" in html)
"""


def test_demo_portal_builds_and_serves_on_postgresql(postgres_url):
    manage(postgres_url, "migrate", "--noinput", "-v0")
    manage(postgres_url, "load_demo", "-v0")
    first = manage(postgres_url, "shell", "-c", COUNT_AND_SERVE).splitlines()[-1].split()
    manage(postgres_url, "load_demo", "-v0")
    second = manage(postgres_url, "shell", "-c", COUNT_AND_SERVE).splitlines()[-1].split()
    assert first[0] == "postgresql"
    assert first == second
    assert first[-1] == "True"

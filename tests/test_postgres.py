"""The portal on a real PostgreSQL server: migrations, portal set-up and the demo loader, twice."""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .servers import unavailable

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(*command):
    """Run a PostgreSQL server binary as the `postgres` OS user (initdb refuses to run as root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def postgres_url():
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not binaries:
        unavailable("PostgreSQL server binaries not installed (apt-get install postgresql)")
    bindir = Path(binaries[-1]).parent
    workdir = tempfile.mkdtemp(prefix="portal-pg-")
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    datadir, port = f"{workdir}/data", free_port()
    init = as_postgres(str(bindir / "initdb"), "-D", datadir, "-U", "portal", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
    if init.returncode:
        unavailable(f"initdb failed: {init.stderr}")
    start = as_postgres(
        str(bindir / "pg_ctl"), "-D", datadir, "-w", "-l", f"{workdir}/log",
        "-o", f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1", "start",
    )
    if start.returncode:
        unavailable(f"PostgreSQL did not start: {start.stderr}")
    try:
        created = as_postgres(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "portal", "portal")
        assert created.returncode == 0, created.stderr
        yield f"postgres://portal@127.0.0.1:{port}/portal"
    finally:
        as_postgres(str(bindir / "pg_ctl"), "-D", datadir, "-m", "fast", "stop")
        shutil.rmtree(workdir, ignore_errors=True)


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

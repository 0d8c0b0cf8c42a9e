"""Real servers for integration tests. A server that cannot be started fails the run under CI=true; elsewhere the
test is skipped with the reason, so a developer without the server still gets a green fast loop.

`portal_server` (a fixture; this module is loaded as a pytest plugin by conftest) is the portal itself under gunicorn,
on an SQLite file copied from the session's demo database, so tests can go through a real WSGI server without
live_server's flush of the shared database.
"""

import os
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from search.esnode import free_port

ROOT = Path(__file__).resolve().parent.parent


def unavailable(reason):
    """Fail loudly in CI, skip on a developer's machine."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"required test server unavailable under CI: {reason}", pytrace=False)
    pytest.skip(reason)


def wait_until_serving(process, answer, log_path, timeout, errors=(OSError,), interval=0.5):
    """Return once `answer()` no longer raises one of `errors`; a server process that exits first, or does not answer
    within `timeout` seconds, is killed and unavailable (with the end of its log)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            answer()
            return
        except errors:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                unavailable(f"{Path(process.args[0]).name} did not start: {Path(log_path).read_text()[-2000:]}")
            time.sleep(interval)


@pytest.fixture
def portal_server(tmp_path, django_db_blocker):
    """The base URL (http://127.0.0.1:PORT) of gunicorn serving the test profile (every write at once, no page cache)
    on a copy of the session's demo database; users and content of the demo are there, with their passwords."""
    if connection.vendor != "sqlite":
        pytest.skip("portal_server copies the session's SQLite database")
    database = tmp_path / "portal.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(database)
        connection.connection.backup(target)
        target.close()
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "3",
    }
    log = open(tmp_path / "gunicorn.log", "w")
    process = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn"))], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    login = urllib.request.Request(f"{base}/login/", headers={"Host": "intranet.localhost"})
    wait_until_serving(process, lambda: urllib.request.urlopen(login, timeout=5), tmp_path / "gunicorn.log", timeout=120)
    yield base
    process.terminate()
    process.wait(timeout=60)
    log.close()

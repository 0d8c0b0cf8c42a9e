"""The production profile: `check --deploy` clean with a real key, and it refuses to start on what a forgotten
environment variable would leave (no key, no database, no admin address)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "x" * 64 + "-production-like-secret-for-the-check",
    "ALLOWED_HOSTS": "intranet.city.example,edu.city.example",
    "DATABASE_URL": "sqlite:///:memory:",
    "WAGTAILADMIN_BASE_URL": "https://intranet.city.example",
}
# Variables the profiles read, removed from the environment the tests start with.
PROFILE_VARIABLES = [*PRODUCTION, "ALLOW_SQLITE", "SESSION_COOKIE_AGE"]


def environment(**changes):
    env = {key: value for key, value in os.environ.items() if key not in PROFILE_VARIABLES}
    env.update({key: value for key, value in changes.items() if value is not None})
    return env


def settings_value(name, **changes):
    """(exit code, output) of reading one setting in a fresh interpreter with the environment `changes`."""
    code = f"from django.conf import settings; print(settings.{name})"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment(**changes), capture_output=True, text=True)
    return result.returncode, result.stdout.strip() + result.stderr


@pytest.mark.slow
def test_production_profile_passes_check_deploy():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment(**PRODUCTION),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "WAGTAILADMIN_BASE_URL", "DATABASE_URL"])
def test_production_profile_refuses_to_start_without(missing):
    status, output = settings_value("DATABASES", **{**PRODUCTION, missing: None})
    assert status != 0
    assert missing in output


def test_production_runs_on_sqlite_only_when_told_to():
    status, output = settings_value("DATABASES", **{**PRODUCTION, "DATABASE_URL": None, "ALLOW_SQLITE": "true"})
    assert status == 0, output
    assert "sqlite3" in output and "IMMEDIATE" in output


@pytest.mark.parametrize("profile", ["production", "dev", "test"])
def test_session_lasts_a_working_day_unless_configured(profile):
    settings = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": f"portal.settings.{profile}"}
    assert settings_value("SESSION_COOKIE_AGE", **settings) == (0, str(8 * 60 * 60))
    assert settings_value("SESSION_COOKIE_AGE", **settings, SESSION_COOKIE_AGE="3600") == (0, "3600")

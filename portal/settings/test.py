"""Tests: fast hashing, in-memory SQLite unless DATABASE_URL says otherwise, both portal hostnames allowed."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key")
os.environ.setdefault("ALLOWED_HOSTS", ".localhost,testserver")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".cache" / "test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://intranet.localhost"
HELPDESK_DEMO_SCALE = 0.05
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

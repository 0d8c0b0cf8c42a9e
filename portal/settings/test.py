"""Tests: fast hashing, in-memory SQLite unless DATABASE_URL says otherwise, both portal hostnames allowed."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key")
os.environ.setdefault("ALLOWED_HOSTS", ".localhost,testserver")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# One folder per pytest-xdist worker: a test that compares the stored files sees only its own worker's uploads.
MEDIA_ROOT = BASE_DIR / ".cache" / f"test-media-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://intranet.localhost"
HELPDESK_DEMO_SCALE = 0.05
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Deferred counters and logs are written at the end of each request, so a test sees them at once.
WRITE_BEHIND_SECONDS = 0
# BM25 alone unless a test asks for the semantic leg (the `semantic` fixture loads the real bundled model): embedding
# the whole demo and every page a test saves would take most of the suite's time on a 2-core machine.
SEARCH_EMBEDDING_MODEL = os.environ.get("SEARCH_EMBEDDING_MODEL", "none")
# Page caching is tested on its own (tests/test_page_cache.py); elsewhere every request renders its page.
PAGE_CACHE_SECONDS = 0

"""Development: both portals on one port (http://intranet.localhost:8000/, http://edu.localhost:8000/)."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", ".localhost,127.0.0.1")

from .base import *  # noqa: E402,F403
from .base import env  # noqa: E402

# `make run` serves on 8000: the sites carry that port so links between the portals and Wagtail's live links work.
PORTAL_PORT = env.int("PORTAL_PORT", default=8000)
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default=f"http://{PORTAL_HOSTS['intranet']}:{PORTAL_PORT}")  # noqa: F405

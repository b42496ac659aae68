"""
Settings for tvetkb, read from the environment.

Every variable is documented in `.env.example`. Production safety comes from the
variables (DEBUG off, a real SECRET_KEY, ALLOWED_HOSTS), never from a second copy
of this file.
"""

import math
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_str(name, default=""):
    """The variable's value; an empty one counts as unset."""
    return os.environ.get(name, "").strip() or default


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_number(name, default):
    """A finite number of 0 or more (e.g. a cost given to the database)."""
    value = env_str(name, "")
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number < 0:
        raise ImproperlyConfigured(f"{name} must be a number of 0 or more: {value!r}")
    return number


def env_list(name, default=""):
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set DEBUG=1 for "
            "local development (see .env.example)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Translatable content fields (practices/translation.py); before the admin,
    # whose forms it extends.
    "modeltranslation",
    # The admin asks staff for a one-time code (tvetkb/admin_site.py).
    "tvetkb.admin_apps.TwoFactorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "django_countries",
    "reversion",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks_db",
    "tvetkb",
    "practices",
]

MIDDLEWARE = [
    # First: load balancers probe /healthz by IP address, which ALLOWED_HOSTS
    # (checked by the middleware below) would refuse.
    "tvetkb.health.HealthCheckMiddleware",
    "tvetkb.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address (/fr/, /es/, /ar/; English unprefixed).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tvetkb.urls"
WSGI_APPLICATION = "tvetkb.wsgi.application"
ASGI_APPLICATION = "tvetkb.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tvetkb.context_processors.site",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL selects PostgreSQL (or another).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# PostgreSQL only: statements whose plan does not depend on their parameters
# are planned once per connection (tvetkb/prepared_statements.py). Off (0)
# behind a pooler that gives each transaction any server connection.
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Bounded costs: a statement running longer than this is cancelled (the
    # visitor gets tvetkb/errors.py's "took too long" page, 503), and a
    # connection that cannot be made in this many seconds fails. 0: no limit
    # (e.g. for a long `manage.py migrate` or `make restore`).
    #
    # JIT compilation off: it pays for analytic queries that run for seconds,
    # not for a page's. A search for a word most practices contain, at
    # 100,000 practices, spent 190 ms of its 600 compiling its one statement.
    #
    # A random read costs what PostgreSQL's documentation advises for
    # solid-state storage (1.1, not the 4 of spinning disks): with the default
    # the planner hashed a whole link table (150,000 rows) rather than look up
    # a theme's 16,500 practices by index, and the theme's map took 225 ms of
    # database time instead of 128.
    url_options = DATABASES["default"].get("OPTIONS", {})
    options = "-c statement_timeout={} -c jit=off -c random_page_cost={}".format(
        env_int("DATABASE_STATEMENT_TIMEOUT_MS", 10000),
        env_number("DATABASE_RANDOM_PAGE_COST", 1.1),
    )
    # Options given in DATABASE_URL (?options=...) come after, so they win
    # for a setting named in both, and the others stay.
    if url_options.get("options"):
        options = f"{options} {url_options['options']}"
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": env_int("DATABASE_CONNECT_TIMEOUT", 5),
        **url_options,
        "options": options,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writes wait for each other instead of failing with "database
    # is locked": readers never block the writer (WAL), a transaction takes the
    # write lock when it starts (so two cannot deadlock upgrading a read lock),
    # and a writer waits up to SQLITE_TIMEOUT seconds for its turn.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_TIMEOUT", 20),
        **DATABASES["default"].get("OPTIONS", {}),
    }

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATORS}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

# Sign-in: django-axes counts failures first, then the usual password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After this many failed sign-ins for one username from one address, that pair
# is locked out for AXES_COOLOFF_HOURS (an administrator can unlock it sooner
# with `manage.py axes_reset_username` or in the admin's Access attempts).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "tvetkb.client_address.client_address"
# No banner on every start; lockouts are still logged.
AXES_VERBOSE = False
# The one-time codes' issuer, as authenticator apps show it.
OTP_TOTP_ISSUER = "tvetkb"

LANGUAGE_CODE = "en"
# Each language is named in itself (the switcher shows these names). Adding one:
# see "Add a language" in the README.
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content (practices, institutions, themes, challenges) is written in English
# and translated field by field; a text not yet translated is shown in English
# (see practices/translation.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Dates and numbers in each language's format (tvetkb/formats for English's
# "29 November 2026"); digits are Western in every language, Arabic included.
FORMAT_MODULE_PATH = ["tvetkb.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed files with hashed names, served by whitenoise with far-future caching.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Content Security Policy: everything from our own host, no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Transport security: on by default whenever DEBUG is off; each can be turned off
# by its variable (for example behind a proxy that terminates TLS on loopback).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The read-only JSON API: the list filters are the pages' own FilterSets.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_FILTER_BACKENDS": [
        "practices.open_data.api.filtering.StrictFilterBackend"
    ],
    "DEFAULT_PAGINATION_CLASS": "practices.open_data.api.pagination.PagePagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "practices.open_data.api.throttling.ClientRateThrottle"
    ],
}
# Requests one client may make to the API, e.g. "120/minute" (empty: no limit).
# Pages already cached are answered before the API counts them.
# Read as is: unlike most variables here, an empty value means something.
API_RATE = os.environ.get("API_RATE", "120/minute").strip()
SPECTACULAR_SETTINGS = {
    "TITLE": "tvetkb API",
    "DESCRIPTION": "Read-only access to the published practices of tvetkb, a knowledge "
    "base of innovation practices in technical and vocational education and "
    "training, with the same filters as the practice list. Texts are in English; "
    "`lang=fr`, `es` or `ar` gives them in that language, each in English where "
    "it is not translated yet, and `languages` says which language each is in.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Practices and institutions each have their own inferable fields.
    "ENUM_NAME_OVERRIDES": {
        "PracticeInferredFieldEnum": (
            "practices.open_data.api.serializers.PRACTICE_INFERABLE_FIELDS"
        ),
        "InstitutionInferredFieldEnum": (
            "practices.open_data.api.serializers.INSTITUTION_INFERABLE_FIELDS"
        ),
    },
}

# Cache: Redis when REDIS_URL is set, else local memory (one per process). The
# page cache and the submission rate limit live in it, so a deployment with
# several server processes needs Redis (a system check says so). When Redis is
# down or slower than REDIS_TIMEOUT_SECONDS the site works without it
# (tvetkb/cache.py).
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    _REDIS_TIMEOUT = float(env_str("REDIS_TIMEOUT_SECONDS", "0.5"))
    CACHES = {
        "default": {
            "BACKEND": "tvetkb.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tvetkb",
            "OPTIONS": {
                "socket_connect_timeout": _REDIS_TIMEOUT,
                "socket_timeout": _REDIS_TIMEOUT,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tvetkb",
            # Room for a thousand pages (about 40 MB per process); the
            # default, 300, would evict the busiest pages constantly.
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }
# Seconds an anonymous visitor's page is kept (tvetkb/page_cache.py); any
# change to the content makes stored pages stale at once. 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# The CSV of the whole base (/practices.csv without filters) is kept in this
# folder while the page cache is on, one file per content generation, rebuilt
# by the first download after a change (practices/open_data/exports.py). Each
# server keeps its own copy; the folder needs no backup.
EXPORT_CACHE_DIR = Path(env_str("EXPORT_CACHE_DIR", str(BASE_DIR / "var" / "exports")))
# /healthz answers 503 when Redis is down only if this is on; by default it
# reports "cache": "down" with 200, since the site still serves every page.
HEALTHZ_REQUIRES_CACHE = env_bool("HEALTHZ_REQUIRES_CACHE", default=False)

# Background work (curator notifications) through django.tasks, queued in the
# database (django-tasks-db) and run by `manage.py db_worker`, which `make run`
# starts next to the server; in production run it as a service of its own.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}

# Email: printed to the console unless EMAIL_BACKEND names SMTP
# (django.core.mail.backends.smtp.EmailBackend), configured by EMAIL_HOST etc.
EMAIL_BACKEND_PATH = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", default=False),
        # Seconds to connect and for each exchange: a hung mail server fails
        # the (background) task, which is retried, instead of blocking it.
        "timeout": env_int("EMAIL_TIMEOUT", 10),
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "tvetkb <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Told of every community submission, besides the members of the Curators group.
CURATOR_EMAILS = env_list("CURATOR_EMAILS")

# Community submissions: at most this many per address per hour.
SUBMISSIONS_PER_HOUR = env_int("SUBMISSIONS_PER_HOUR", 5)
# ... and at most this many from everyone together (a flood from many addresses).
SUBMISSIONS_PER_HOUR_ALL = env_int("SUBMISSIONS_PER_HOUR_ALL", 100)
# Days a submitter's name and email are kept; `manage.py purge_submitter_data`
# (run daily) then blanks them, in the submissions and in their history.
SUBMISSION_RETENTION_DAYS = env_int("SUBMISSION_RETENTION_DAYS", 365)
# Behind a reverse proxy every request comes from the proxy's address: name the
# header the proxies put the visitor's address in (e.g. HTTP_X_FORWARDED_FOR)
# and how many trusted proxies stand in front of the site (1: nginx alone; 2: a
# CDN, then nginx). Never set the header without such a proxy.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)

# Bulk import and export: all or nothing, and only for curators allowed to add
# (import) or view (export) the records.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Site identity used in titles, meta tags and the footer.
SITE_NAME = "tvetkb"
SITE_TAGLINE = "Innovation practices in technical and vocational education and training"

# The licence the knowledge base's content is published under, and the address
# visitors write to for the curators: shown on /about/, in the footer, the API
# root, the Atom feed and the pages' JSON-LD. Unset, the site says so.
CONTENT_LICENCE_NAME = env_str("CONTENT_LICENCE_NAME")
CONTENT_LICENCE_URL = env_str("CONTENT_LICENCE_URL")
CURATOR_CONTACT_EMAIL = env_str("CURATOR_CONTACT_EMAIL")

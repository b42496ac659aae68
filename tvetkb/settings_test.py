"""Fast settings for the test suite: the real settings with cheaper hashing and
static files that need no collectstatic. The database still comes from
DATABASE_URL, so the same suite runs on SQLite and on PostgreSQL."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from tvetkb.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Static files straight from the source folders: no collectstatic before tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Pages are rendered for every request; tests/test_page_cache.py turns the page
# cache on where it is the subject.
PAGE_CACHE_SECONDS = 0
# Tasks run as soon as they are enqueued; tests/test_tasks.py uses the database
# queue and its worker where they are the subject.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# No API throttle: some tests send many requests from one address;
# tests/open_data/test_api_throttling.py sets a rate where it is the subject.
API_RATE = ""

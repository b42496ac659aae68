"""Settings of the server processes that tests start (test_two_processes.py):
the test settings (static files without collectstatic, cheap hashing), with
the page cache on and the cache in the Redis named by REDIS_URL."""

from tvetkb.settings_test import *  # noqa: F403

PAGE_CACHE_SECONDS = 600

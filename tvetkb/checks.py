"""System checks for how the site is deployed."""

from django.conf import settings
from django.core.checks import Error, Tags, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """With several server processes, a per-process cache keeps pages a
    curator changed in the other processes, and lets each process count its
    own submissions and API requests."""
    backend = settings.CACHES["default"]["BACKEND"]
    uses_cache = settings.PAGE_CACHE_SECONDS > 0 or settings.SUBMISSIONS_PER_HOUR > 0
    if settings.DEBUG or backend not in PER_PROCESS_CACHES or not uses_cache:
        return []
    return [
        Error(
            f"The cache is per process ({backend}) while the page cache or the "
            "submission rate limit is on: each server process would serve "
            "its own stale pages and count its own submissions.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/1) so that every "
            "server process shares one cache.",
            id="tvetkb.E001",
        )
    ]

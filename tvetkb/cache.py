"""The shared cache (Redis) as a helper the site can live without.

The page cache, the rate limits, the API throttle and the search synonyms all
read and write through Django's cache. If Redis is down or slow, each call
here gives the answer of an empty cache instead of raising: pages are rendered
afresh, submissions and admin saves go through. The outage is logged once
(and its end once), not per request; for RETRY_SECONDS after a failure no call
waits on Redis at all, so a hung server costs one socket timeout per process
every RETRY_SECONDS, not one per request."""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5

# Per process: when Redis may be tried again (0: it answered last time).
_state = {"retry_at": 0.0}


def available():
    """False while a recent call failed and RETRY_SECONDS have not passed."""
    return time.monotonic() >= _state["retry_at"]


def _failed(error):
    if _state["retry_at"] == 0.0:
        logger.warning(
            "The cache (Redis) cannot be reached (%s): pages are rendered "
            "without it until it answers again.",
            error,
        )
    _state["retry_at"] = time.monotonic() + RETRY_SECONDS


def _recover(backend):
    """Before the first call after an outage: content may have changed while
    Redis could not be told, so pages stored before it must not come back."""
    from tvetkb.page_cache import GENERATION_KEY

    RedisCache.delete(backend, GENERATION_KEY)
    logger.warning("The cache (Redis) answers again.")
    _state["retry_at"] = 0.0


def _forgiving(name, fallback):
    method = getattr(RedisCache, name)

    def call(self, *args, **kwargs):
        if not available():
            return fallback(*args, **kwargs)
        try:
            if _state["retry_at"]:
                _recover(self)
            return method(self, *args, **kwargs)
        except RedisError as error:
            _failed(error)
            return fallback(*args, **kwargs)

    call.__name__ = name
    call.__doc__ = method.__doc__
    return call


def _default(key, default=None, *args, **kwargs):
    return default


def _fresh_counter(key, delta=1, *args, **kwargs):
    # As if the counter had just been created: a limit counted in the cache
    # lets the request through rather than failing it.
    return delta


class ForgivingRedisCache(RedisCache):
    get = _forgiving("get", _default)
    get_many = _forgiving("get_many", lambda *args, **kwargs: {})
    has_key = _forgiving("has_key", lambda *args, **kwargs: False)
    add = _forgiving("add", lambda *args, **kwargs: False)
    set = _forgiving("set", lambda *args, **kwargs: None)
    set_many = _forgiving("set_many", lambda data, *args, **kwargs: list(data))
    touch = _forgiving("touch", lambda *args, **kwargs: False)
    delete = _forgiving("delete", lambda *args, **kwargs: False)
    delete_many = _forgiving("delete_many", lambda *args, **kwargs: None)
    incr = _forgiving("incr", _fresh_counter)
    decr = _forgiving("decr", lambda *args, **kwargs: 0)
    clear = _forgiving("clear", lambda *args, **kwargs: None)

    def ping(self):
        """True if Redis answers now (for /healthz; never raises)."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except RedisError:
            return False

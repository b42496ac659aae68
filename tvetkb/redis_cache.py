"""Django's Redis cache backend, reusing one client per connection pool.

Django's client builds a new redis.Redis object for every cache operation, and
building one costs more than the round trip to Redis for a small value (redis-py
fills a table of some 170 response callbacks each time). Clients are
thread-safe and share the pool's connections, so one per pool is enough."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

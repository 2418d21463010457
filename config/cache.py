"""Django's Redis cache, reusing one redis-py client per connection pool.

Django builds a new `redis.Redis` for every cache operation, and redis-py (5+) fills a fresh response-callback
table of a few hundred entries each time: about half a millisecond of CPU per operation, more than the Redis
round trip itself. A client holds no connection of its own (the pool does) and is thread-safe, so one per pool
and process is enough.
"""

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

"""The cache in production: Django's Redis cache, with each process's own memory as
a stand-in while Redis does not answer.

Without the stand-in a stopped Redis would answer every cache call with an error:
pages that cache, and the login and posting limits kept in the cache, would fail for
everyone. With it they go on as they do without REDIS_URL (each web process counts on
its own) and come back to Redis by themselves: after a failure Redis is asked again
once RETRY_SECONDS have passed. Each switch is logged."""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
RETRY_SECONDS = 5
_DOWN = (RedisConnectionError, RedisTimeoutError)


class _ReusedClients(RedisCacheClient):
    """Django's Redis cache makes a `redis.Redis` for every call, whose constructor
    builds its table of ~170 response callbacks (about 0.06 ms of CPU, several
    times a page). One per connection pool does the same work: the client is
    thread-safe and takes its connections from the pool (which redis-py renews
    after a fork)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisWithFallbackCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients
        self._memory = LocMemCache(f"dela-fallback-{id(self)}", params)
        self._retry_at = 0.0

    @property
    def falling_back(self):
        """Whether this process caches in its own memory (Redis did not answer)."""
        return bool(self._retry_at)

    def _call(self, name, *args, **kwargs):
        if time.monotonic() >= self._retry_at:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except _DOWN as error:
                if not self._retry_at:
                    logger.warning(
                        "Redis does not answer (%s): caching in this process's "
                        "memory, asking Redis again every %d s",
                        error,
                        RETRY_SECONDS,
                    )
                self._retry_at = time.monotonic() + RETRY_SECONDS
            else:
                if self._retry_at:
                    logger.warning("Redis answers again: caching there")
                    self._retry_at = 0.0
                return result
        return getattr(self._memory, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")

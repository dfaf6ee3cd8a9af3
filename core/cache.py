"""A Redis cache that keeps the portal answering when Redis is down.

The cache holds allauth's rate-limit counters and what ``core.generations`` keeps (list totals,
filter forms, the home page's lists, calendar feeds). When Redis cannot be reached, every call
logs a warning instead of turning every page that logs someone in into a server error:

- rate-limit counters (keys under ``allauth:rl:``, the sign-in lockout among them) go on being
  counted in the fallback cache named by the ``RATE_LIMIT_FALLBACK`` option (the database cache
  in settings), so that a Redis outage never lifts the lockout;
- everything else behaves as an empty cache (pages are computed, not kept, until Redis is back).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, cast

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RATE_LIMIT_PREFIX = "allauth:rl:"


def _tolerant(default: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def wrapper(self: TolerantRedisCache, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                key = args[0] if args else kwargs.get("key")
                fallback = self.fallback_for(key)
                if fallback is not None:
                    logger.warning(
                        "cache unavailable (%s): %s; rate-limit counter kept in the %r cache",
                        method.__name__,
                        error,
                        self.fallback_alias,
                    )
                    return getattr(fallback, method.__name__)(*args, **kwargs)
                logger.warning("cache unavailable (%s): %s", method.__name__, error)
                return default(*args, **kwargs) if callable(default) else default

        return wrapper

    return decorate


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` object (and its table of ~200 response
    callbacks) for every cache call; one per connection pool serves every call (the object is
    thread-safe; connections come from the pool)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django_client = cast(Any, self)  # Django's pool and client class (not in the type stubs)
        pool = django_client._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = django_client._client(connection_pool=pool)
        return client


class TolerantRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self.fallback_alias: str | None = options.pop("RATE_LIMIT_FALLBACK", None)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient

    def fallback_for(self, key: Any) -> Any:
        """The cache that counts ``key`` while Redis is down: the fallback for rate limits."""
        if self.fallback_alias and isinstance(key, str) and key.startswith(RATE_LIMIT_PREFIX):
            return caches[self.fallback_alias]
        return None

    get = _tolerant(lambda key, default=None, version=None: default)(RedisCache.get)
    set = _tolerant(None)(RedisCache.set)
    add = _tolerant(True)(RedisCache.add)  # "added": callers waiting on a lock go on
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    get_many = _tolerant({})(RedisCache.get_many)
    set_many = _tolerant([])(RedisCache.set_many)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    clear = _tolerant(None)(RedisCache.clear)

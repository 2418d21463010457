"""Short-lived caching of search answers, keyed by the index's generation.

Every write path that changes what a search can see (a synced document, an alias swap, a refresh, a deleted
index) bumps the alias's generation in Redis, so a cached answer is never served after the index changed; the
TTL only bounds memory. A written document becomes searchable at the next index refresh (within 1 s), so for
UNSETTLED_SECONDS after a write nothing is stored: an answer computed in that window could predate the write.
Popular catalogue queries and reloaded match lists then cost one Redis GET instead of an Elasticsearch round
trip. If Redis is down, searches simply run uncached.
"""

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
GENERATION_KEY = "search:gen:{alias}"
UNSETTLED_KEY = "search:unsettled:{alias}"
UNSETTLED_SECONDS = 2  # > the index refresh interval (1 s)


def generation(alias: str) -> int:
    return cache.get_or_set(GENERATION_KEY.format(alias=alias), 1, None)


def bump(*aliases: str) -> None:
    for alias in aliases or tuple(settings.SEARCH_DOCUMENTS):
        key = GENERATION_KEY.format(alias=alias)
        try:
            cache.set(UNSETTLED_KEY.format(alias=alias), 1, UNSETTLED_SECONDS)
            cache.incr(key)
        except ValueError:
            cache.set(key, 2, None)
        except Exception as exc:  # Redis down: nothing was cached either
            logger.warning("search cache generation bump failed: %s", exc)


def cached(alias: str, parts: tuple, compute: Callable, *, ttl: int | None = None):
    ttl = ttl if ttl is not None else settings.SEARCH_RESULT_CACHE_SECONDS
    if ttl <= 0:
        return compute()
    try:
        digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()
        key = f"search:result:{alias}:{generation(alias)}:{digest}"
        hit = cache.get(key)
        unsettled = cache.get(UNSETTLED_KEY.format(alias=alias))
    except Exception as exc:
        logger.warning("search cache unavailable: %s", exc)
        return compute()
    if hit is not None:
        return hit
    value = compute()
    if unsettled:
        return value  # the index may not show the latest write yet: answer, but do not keep it
    try:
        cache.set(key, value, ttl)
    except Exception as exc:
        logger.warning("search cache set failed: %s", exc)
    return value

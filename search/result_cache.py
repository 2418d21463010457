"""Short-lived caching of search answers, keyed by the index's generation.

Every write path that changes what a search can see (a synced document, an alias swap, a refresh, a deleted
index) bumps the alias's generation in Redis; an answer is stored with the generation it was computed at and
only reused while that is still the current one, so a cached answer is never served after the index changed;
the TTL only bounds memory. A written document becomes searchable at the next index refresh (within 1 s), so
for UNSETTLED_SECONDS after a write nothing is stored: an answer computed in that window could predate the write.
A lookup is one Redis round trip (generation, unsettled flag and answer in one MGET). If Redis is down,
searches simply run uncached.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
GENERATION_KEY = "search:gen:{alias}"
UNSETTLED_KEY = "search:unsettled:{alias}"
RESULT_KEY = "search:result:{alias}:{digest}"
UNSETTLED_SECONDS = 2  # > the index refresh interval (1 s)


def _first_generation() -> int:
    """A lost generation key restarts from the clock, never from a number an old stored answer may carry."""
    return time.time_ns() // 1000


def generation(alias: str) -> int:
    return cache.get_or_set(GENERATION_KEY.format(alias=alias), _first_generation, None)


def bump(*aliases: str) -> None:
    for alias in aliases or tuple(settings.SEARCH_DOCUMENTS):
        key = GENERATION_KEY.format(alias=alias)
        try:
            cache.set(UNSETTLED_KEY.format(alias=alias), 1, UNSETTLED_SECONDS)
            cache.incr(key)
        except ValueError:
            cache.set(key, _first_generation(), None)
        except Exception as exc:  # Redis down: nothing was cached either
            logger.warning("search cache generation bump failed: %s", exc)


@dataclass
class Lookup:
    """What the cache knows about one question at one moment. `generation` is None when Redis is unavailable."""

    key: str | None
    generation: int | None
    unsettled: bool
    hit: bool = False
    value: object = None

    @property
    def settled_generation(self) -> int | None:
        """The generation answers may be kept under (None while a write may not be searchable yet)."""
        return None if self.unsettled else self.generation


def lookup(alias: str, parts: tuple, *, ttl: int | None = None) -> Lookup:
    """The current generation, and the stored answer to `parts` if caching is on (ttl > 0) and it is current."""
    ttl = ttl if ttl is not None else settings.SEARCH_RESULT_CACHE_SECONDS
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()
    key = RESULT_KEY.format(alias=alias, digest=digest)
    gen_key, unsettled_key = GENERATION_KEY.format(alias=alias), UNSETTLED_KEY.format(alias=alias)
    try:
        found = cache.get_many([gen_key, unsettled_key, key])
        current = found.get(gen_key)
        if current is None:
            cache.add(gen_key, _first_generation(), None)
            return Lookup(key, cache.get(gen_key), bool(found.get(unsettled_key)))
    except Exception as exc:
        logger.warning("search cache unavailable: %s", exc)
        return Lookup(None, None, True)
    stored = found.get(key) if ttl > 0 else None
    result = Lookup(key, current, bool(found.get(unsettled_key)))
    if stored is not None and stored[0] == current:
        result.hit, result.value = True, stored[1]
    return result


def store(found: Lookup, value, ttl: int | None = None) -> None:
    ttl = ttl if ttl is not None else settings.SEARCH_RESULT_CACHE_SECONDS
    if ttl <= 0 or found.key is None or found.settled_generation is None:
        return  # off, Redis down, or the index may not show the latest write yet: answer, but do not keep it
    try:
        cache.set(found.key, (found.generation, value), ttl)
    except Exception as exc:
        logger.warning("search cache set failed: %s", exc)


def cached(alias: str, parts: tuple, compute: Callable, *, ttl: int | None = None):
    ttl = ttl if ttl is not None else settings.SEARCH_RESULT_CACHE_SECONDS
    if ttl <= 0:
        return compute()
    found = lookup(alias, parts, ttl=ttl)
    if found.hit:
        return found.value
    value = compute()
    store(found, value, ttl)
    return value

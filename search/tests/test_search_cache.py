"""Cached search answers never outlive a change: publishing or unpublishing a course shows up in the very next
search even though identical searches are answered from Redis (TTL 300 s) in between."""

import pytest
from django.core.cache import cache

from search import indexing, result_cache
from search.catalogue import CatalogueQuery, catalogue
from tests.factories import make_course
from tests.helpers import wait_until


def _ids(query):
    return {hit.external_id for hit in catalogue(query).hits}


def test_cached_value_is_reused_until_the_generation_moves():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    cache.delete(result_cache.GENERATION_KEY.format(alias="courses"))
    cache.delete(result_cache.UNSETTLED_KEY.format(alias="courses"))
    assert result_cache.cached("courses", ("t", 1), compute) == 1
    assert result_cache.cached("courses", ("t", 1), compute) == 1 and len(calls) == 1
    assert result_cache.cached("courses", ("t", 2), compute) == 2  # other question, other answer
    result_cache.bump("courses")
    assert result_cache.cached("courses", ("t", 1), compute) == 3  # index changed: computed again
    assert result_cache.cached("courses", ("t", 1), compute) == 4  # just after a write: answered, not kept
    cache.delete(result_cache.UNSETTLED_KEY.format(alias="courses"))  # the refresh window has passed
    assert result_cache.cached("courses", ("t", 1), compute) == 5
    assert result_cache.cached("courses", ("t", 1), compute) == 5
    assert result_cache.cached("courses", ("t", 1), compute, ttl=0) == 6  # off
    assert result_cache.lookup("courses", ("t", 1)).hit  # the stored answer is still there...
    assert not result_cache.lookup("courses", ("t", 1), ttl=0).hit  # ...but with caching off it is never served


@pytest.mark.django_db(transaction=True)
def test_publish_and_unpublish_show_at_once_despite_the_cache(celery_worker, search_clean, reference_data):
    indexing.ensure_index("courses")
    query = CatalogueQuery(q="ซ่อมมอเตอร์ไซค์ไฟฟ้า")
    assert "CACHE-1" not in _ids(query)  # cached: an answer without the course
    course = make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", external_id="CACHE-1")
    wait_until(lambda: "CACHE-1" in _ids(query), timeout=20, message="published course in the (cached) search")
    generation = result_cache.generation("courses")
    assert _ids(query) == _ids(query) and result_cache.generation("courses") == generation  # answered from cache
    course.unpublish()
    wait_until(lambda: "CACHE-1" not in _ids(query), timeout=20, message="unpublished course gone from the search")

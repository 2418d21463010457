"""Index → search → alias-swapped reindex → search, and Thai segmentation, against real Elasticsearch."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from search import indexing, thai
from search.client import alias_name, get_client
from tests.factories import make_course


def _search(field, text):
    client = get_client()
    client.indices.refresh(index=alias_name("courses"))
    body = client.search(index=alias_name("courses"), query={"match": {field: text}}, size=50).body
    return {hit["_source"]["external_id"] for hit in body["hits"]["hits"]}


@pytest.mark.django_db
def test_index_search_reindex_search_loses_nothing(search_clean, reference_data):
    courses = [make_course(title=f"ช่างซ่อมรถจักรยานยนต์ไฟฟ้า รุ่น {n}", external_id=f"EV-{n}") for n in range(5)]
    draft = make_course(title="ร่างหลักสูตรซ่อม", external_id="DRAFT-1", publish=False)

    first = indexing.rebuild("courses")
    assert first.indexed == 5 and first.expected == 5
    found = _search("title_words", thai.words_text("ซ่อม"))
    assert found == {c.external_id for c in courses}, "drafts are never indexed"
    assert "DRAFT-1" not in found

    second = indexing.rebuild("courses")
    assert second.index != first.index
    assert indexing.indices_behind("courses") == [second.index]
    assert first.index in second.pruned
    assert not get_client().indices.exists(index=first.index).body
    assert _search("title_words", thai.words_text("ซ่อม")) == {c.external_id for c in courses}
    assert draft.pk not in {c.pk for c in courses}


@pytest.mark.django_db
def test_writes_during_a_rebuild_are_not_lost(search_clean, reference_data):
    """A sync made while the new index is being built lands in it (double write), so the swap loses nothing."""
    from django.core.cache import cache

    make_course(title="หลักสูตรแรก", external_id="FIRST")
    live_index = indexing.ensure_index("courses")
    # Simulate a rebuild in progress: a new index exists and is marked as being built.
    building = f"{alias_name('courses')}-building"
    indexing.create_index(indexing.get_spec("courses"), building)
    cache.set(indexing.BUILDING_KEY.format(alias="courses"), building, 60)
    try:
        late = make_course(title="หลักสูตรระหว่างสร้างดัชนี", external_id="LATE")
        assert indexing.sync_object("courses", late.pk) == "indexed"
    finally:
        cache.delete(indexing.BUILDING_KEY.format(alias="courses"))
    client = get_client()
    client.indices.refresh(index=[live_index, building])
    assert client.exists(index=live_index, id=str(late.pk)).body
    assert client.exists(index=building, id=str(late.pk)).body


@pytest.mark.django_db
def test_rebuild_replays_rows_changed_while_it_ran(search_clean, monkeypatch, reference_data):
    make_course(title="หลักสูตรแรก", external_id="A1")
    spec = indexing.get_spec("courses")
    original = spec.indexable_objects
    created = {}

    def objects_then_a_late_write():
        yield from original()
        created["late"] = make_course(title="เพิ่มระหว่างสร้าง", external_id="A2")

    monkeypatch.setattr(spec, "indexable_objects", objects_then_a_late_write)
    result = indexing.rebuild("courses")
    assert result.replayed >= 1
    assert "A2" in _search("external_id", "A2")


def test_thai_segmentation_splits_trade_compounds_and_keeps_loanwords():
    words = thai.segment("ช่างซ่อมรถจักรยานยนต์ไฟฟ้า อีวี โซล่าเซลล์")
    assert {"ช่าง", "ซ่อม", "จักรยานยนต์", "ไฟฟ้า", "อีวี", "โซล่าเซลล์"} <= set(words)
    assert "อี" not in words and "โซ" not in words


@pytest.mark.django_db
def test_thai_query_finds_document_only_with_segmentation(search_clean, reference_data):
    """The raw Thai title (standard analyzer, no segmentation) misses ซ่อม; the segmented field finds it."""
    make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", external_id="SEG-1")
    indexing.rebuild("courses")
    assert _search("title_th", "ซ่อม") == set(), "without segmentation the whole Thai run is one token"
    assert _search("title_words", thai.words_text("ซ่อม")) == {"SEG-1"}
    assert _search("title_grams", thai.grams_text("ซ่อม")) == {"SEG-1"}


@pytest.mark.django_db
def test_reconcile_repairs_drift(search_clean, reference_data):
    course = make_course(title="หลักสูตรตรวจความตรงกัน", external_id="REC-1")
    indexing.ensure_index("courses")  # empty index: the course is missing
    report = indexing.reconcile("courses", fix=True)
    assert str(course.pk) in report.missing and report.repaired
    assert indexing.reconcile("courses", fix=False).drift == 0


@pytest.mark.django_db
def test_first_writes_racing_leave_the_alias_on_one_index(search_clean):
    """Two worker threads syncing the first documents of an alias at once must not each create an index: an alias
    on two indices has no write index, and Elasticsearch then refuses every write through it."""
    start = threading.Barrier(6)

    def first_write(_):
        start.wait()
        return indexing.ensure_index("courses")

    for _ in range(3):
        indexing.delete_indices(f"{alias_name('courses')}-*")
        with ThreadPoolExecutor(max_workers=6) as pool:
            names = set(pool.map(first_write, range(6)))
        assert indexing.indices_behind("courses") == sorted(names) and len(names) == 1


@pytest.mark.django_db
def test_the_alias_lock_is_never_skipped_and_frees_itself_when_its_holder_dies(search_clean, monkeypatch):
    """A writer that cannot get the lock in time fails (and its task retries) rather than create an index
    unlocked; a holder that died without releasing frees the lock when its timeout runs out."""
    from django.conf import settings
    from redis import Redis
    from redis.exceptions import LockError

    indexing.delete_indices(f"{alias_name('courses')}-*")
    monkeypatch.setattr(indexing, "ALIAS_LOCK_WAIT", 0.3)
    redis = Redis.from_url(settings.REDIS_URL)
    held = redis.lock(indexing.ALIAS_LOCK_KEY.format(name=alias_name("courses")), timeout=1)
    assert held.acquire(blocking=False)  # another process holds it, then dies without releasing
    with pytest.raises(LockError):
        indexing.ensure_index("courses")
    assert indexing.indices_behind("courses") == []
    monkeypatch.setattr(indexing, "ALIAS_LOCK_WAIT", 3.0)
    name = indexing.ensure_index("courses")  # waits out the dead holder's timeout
    assert indexing.indices_behind("courses") == [name]
    redis.close()

"""The set-based bulk builder of graduate documents gives exactly what the per-row path gives (one rule, two
speeds): same graduates in, same documents, same versions for reconcile."""

import pytest
from django.utils import timezone

from employers.imports import import_graduates
from employers.models import Employer, Placement
from search import indexing
from search.client import alias_name, get_client
from search.documents.graduates import MATCH_SOURCE, match_card
from search.registry import get_spec
from tests.import_rows import GRAD_HEADER, grad
from trainees.models import Certificate, EarnedSkill, TraineeProfile


@pytest.mark.django_db
def test_bulk_sources_equal_per_row_sources(reference_data):
    rows = (grad("A", certified="ev.battery.safety", skills="ev.battery.safety:3;ev.bms.diagnose:1")
            + grad("B", lat="16.1000", lon="102.7300") + grad("HIDDEN", discoverable="false")
            + grad("HIRED") + grad("NOSKILL") + grad("LIMITED", certified="ev.battery.safety"))
    assert import_graduates(GRAD_HEADER + rows).imported
    TraineeProfile.objects.filter(external_id="LIMITED").update(discoverability="limited")
    EarnedSkill.objects.filter(trainee__external_id="NOSKILL").delete()
    hired = TraineeProfile.objects.get(external_id="HIRED")
    Placement.objects.create(trainee=hired, employer=Employer.objects.create(name="ร้าน", district=hired.district),
                             start_date=timezone.localdate(), wage_thb=400)
    Certificate.objects.filter(trainee__external_id="A").update(revoked_at=None)
    spec = get_spec("graduates")
    per_row = {obj.pk: spec.to_source(obj) for obj in spec.indexable_objects()}
    bulk = dict(spec.bulk_sources())
    assert set(per_row) == set(bulk) and len(bulk) == 3  # A, B, LIMITED
    assert bulk == per_row
    by_external = {source["ref"]: source for source in bulk.values()}  # imported: the sheet id is the ref
    assert by_external["LIMITED"]["name"] is None and by_external["LIMITED"]["certified_codes"] == []
    assert by_external["A"]["skill_levels"].count("ev.battery.safety:3") == 1
    assert {obj.pk: spec.version_of(obj) for obj in spec.indexable_objects()} == {
        pk: source["indexed_version"] for pk, source in bulk.items()}


@pytest.mark.django_db
def test_a_match_reads_its_few_fields_from_source_and_the_document_holds_everything(
        search_clean, reference_data):
    rows = (grad("STD", lat="16.1000", lon="102.7300", skills="ev.battery.safety:3;ev.bms.diagnose:1",
                 certified="ev.battery.safety") + grad("LIM", certified="ev.battery.safety"))
    assert import_graduates(GRAD_HEADER + rows).imported
    TraineeProfile.objects.filter(external_id="LIM").update(discoverability="limited")
    indexing.rebuild("graduates")
    client = get_client()
    hits = client.search(index=alias_name("graduates"), source_includes=MATCH_SOURCE,
                         sort=["ref"]).body["hits"]["hits"]
    assert all(set(hit["_source"]) == set(MATCH_SOURCE) for hit in hits)  # only what a match result shows
    cards = {hit["_source"]["ref"]: match_card(hit["_source"]) for hit in hits}
    for hit in hits:  # nothing kept outside _source: GET _doc (and so reindex and the update API) sees it all
        whole = client.get(index=alias_name("graduates"), id=hit["_id"]).body["_source"]
        assert match_card(whole) == cards[hit["_source"]["ref"]] and "match_card" not in whole
    assert cards["STD"] == {"id": "STD", "level": "standard", "name": "ชื่อ STD", "district": "4010", "lat": 16.1,
                            "lon": 102.73, "commute": 30, "skills": {"ev.battery.safety": 3, "ev.bms.diagnose": 1},
                            "certified": ["ev.battery.safety"]}
    assert cards["LIM"]["name"] is None and cards["LIM"]["certified"] == []


@pytest.mark.django_db
def test_reconcile_agrees_with_both_indexers_and_sees_a_skill_change_no_timestamp_shows(
        search_clean, reference_data):
    """One version rule (graduate_version): documents written by the bulk rebuild and by the per-row sync are
    current for reconcile; a skill level changed without touching any timestamp makes exactly that one stale."""
    rows = (grad("A", skills="ev.battery.safety:3;ev.bms.diagnose:1", certified="ev.battery.safety")
            + grad("B", lat="16.1000", lon="102.7300") + grad("LIMITED", certified="ev.battery.safety"))
    assert import_graduates(GRAD_HEADER + rows).imported
    TraineeProfile.objects.filter(external_id="LIMITED").update(discoverability="limited")
    indexing.rebuild("graduates")
    report = indexing.reconcile("graduates", fix=False)
    assert report.drift == 0 and report.layout_changes == []

    a, limited = (TraineeProfile.objects.get(external_id=ref) for ref in ("A", "LIMITED"))
    assert indexing.sync_object("graduates", limited.pk)  # rewritten by the per-row path
    assert indexing.reconcile("graduates", fix=False).drift == 0

    EarnedSkill.objects.filter(trainee=a, skill__code="ev.bms.diagnose").update(level=2)  # no timestamp moves
    assert indexing.reconcile("graduates", fix=False).stale == [str(a.pk)]

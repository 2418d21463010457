"""The public conversion-shop directory on real Elasticsearch, kept in step by the real Celery worker."""

import time

import pytest

from agents import services
from courses.models import District
from search.indexing import ensure_index, refresh
from tests.helpers import wait_until

from .world import approved_agent, staff


def _near(client, **params):
    resp = client.get("/api/agents/near", params)
    return resp.status_code, resp.json()


@pytest.mark.django_db(transaction=True)
def test_directory_finds_nearest_approved_agents_and_drops_a_suspended_one_within_seconds(
        client, celery_worker, search_clean):
    a, b = staff("dir.a"), staff("dir.b")
    ban_phai = approved_agent(phone="0861110071", district="4010", reviewers=(a, b))
    city = approved_agent(phone="0861110072", district="4001", reviewers=(a, b))

    def shops(**params):
        ensure_index("agents")
        refresh("agents")
        status, body = _near(client, **params)
        assert status == 200, body
        return [r["shop_name"] for r in body["results"]], body

    wait_until(lambda: len(shops(district="4010", radius="200")[0]) == 2, message="both agents indexed")
    names, body = shops(district="4010", radius="200")
    assert names[0] == ban_phai.shop_name and body["results"][0]["distance_km"] < body["results"][1]["distance_km"]
    first = body["results"][0]
    assert first["badge_code"] == ban_phai.badge_code and first["badge_url"].endswith(f"/{ban_phai.badge_code}/")
    assert first["opening_hours"] and "conversion" in first["services"]
    town = District.objects.get(code="4001")  # the phone's location in Khon Kaen city
    names, _ = shops(lat=str(town.lat), lon=str(town.lon), radius="5")
    assert names == [city.shop_name]
    page = client.get("/conversion-shops/", {"district": "4010", "radius": "200"}).content.decode()
    assert ban_phai.shop_name in page and ban_phai.badge_code in page and "กม." in page

    started = time.monotonic()
    services.agent_review(agent=city, to_status="suspended", by=a, reason="ร้องเรียน")
    wait_until(lambda: shops(district="4010", radius="200")[0] == [ban_phai.shop_name], timeout=10,
               message="the suspended agent gone from the directory")
    assert time.monotonic() - started < 10
    services.agent_review(agent=city, to_status="approved", by=b)
    wait_until(lambda: len(shops(district="4010", radius="200")[0]) == 2, message="reinstated agent back")


@pytest.mark.django_db
def test_directory_refuses_bad_places_clearly(client):
    for params in [{}, {"lat": "abc", "lon": "102"}, {"lat": "16.4", "lon": ""}, {"district": "9999"},
                   {"district": "4010", "radius": "0"}, {"district": "4010", "radius": "ten"},
                   {"lat": "NaN", "lon": "NaN"}, {"lat": "95", "lon": "102"}]:
        status, body = _near(client, **params)
        assert status == 400, params
        assert body["message_th"] and body["message_en"] and body["message_th"] != body["message_en"]
    page = client.get("/conversion-shops/", {"district": "<script>"})
    assert page.status_code == 400 and "<script>" not in page.content.decode().split("</h1>")[1].split("<select")[0]
    assert client.get("/conversion-shops/").status_code == 200

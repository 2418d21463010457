"""Employers see only their own openings' matches, only when verified, and every profile view is logged."""

import pytest
from django.contrib.auth import get_user_model

from employers.models import Employer, EmployerMember, Opening, ProfileView
from employers.services import employer_verify
from search import indexing
from tests.import_rows import GRAD_HEADER, OPEN_HEADER, grad, opening
from trainees.models import TraineeProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(search_clean, reference_data):
    from employers.imports import import_graduates, import_openings

    assert import_graduates(GRAD_HEADER + grad("G-STD") + grad("G-HIDDEN", discoverable="false")).imported
    assert import_openings(OPEN_HEADER + opening("MINE") + opening("THEIRS").replace("ร้านบ้านไผ่อีวี", "ร้านคู่แข่ง")).imported
    indexing.rebuild("graduates")
    users = get_user_model().objects
    owner = users.create_user(username="shop-owner", password="x" * 12)
    staff = users.create_user(username="officer", password="x" * 12, is_staff=True)
    mine = Employer.objects.get(name="ร้านบ้านไผ่อีวี")
    EmployerMember.objects.create(employer=mine, user=owner, role="owner")
    return {"owner": owner, "staff": staff, "mine": mine}


def test_unverified_employer_cannot_search_then_can_after_verification(client, world):
    client.force_login(world["owner"])
    url = "/api/matching/openings/MINE/graduates?top=5"
    response = client.get(url)
    assert response.status_code == 403 and "ยืนยัน" in response.json()["message_th"]
    employer_verify(employer=world["mine"], method="visit", by=world["staff"], note="ไปที่ร้านแล้ว")
    body = client.get(url).json()
    assert [r["graduate"] for r in body["results"]] == ["G-STD"]
    assert body["results"][0]["reasons"]


def test_api_gives_the_same_matches_as_the_command_and_503_when_search_is_down(client, world, settings):
    import io
    import json

    from django.core.management import call_command

    from search.client import _client

    settings.SEARCH_RESULT_CACHE_SECONDS = 0  # both answers computed, not one read from the other
    employer_verify(employer=world["mine"], method="phone", by=world["staff"])
    client.force_login(world["owner"])
    out = io.StringIO()
    call_command("match", "--opening", "MINE", "--top", "5", "--json", stdout=out)
    assert client.get("/api/matching/openings/MINE/graduates?top=5").json() == json.loads(out.getvalue())
    working_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    _client.cache_clear()
    try:
        response = client.get("/api/matching/openings/MINE/graduates?top=5&page=2")
    finally:
        settings.ELASTICSEARCH_URL = working_url
        _client.cache_clear()
    assert response.status_code == 503 and "ค้นหา" in response.json()["message_th"]


def test_the_opening_read_says_what_the_models_say_and_forged_ids_get_nothing(world, django_assert_num_queries):
    from courses.models import Skill
    from employers.exceptions import NotVerified
    from employers.models import OpeningSkill
    from employers.selectors import opening_to_match

    employer_verify(employer=world["mine"], method="phone", by=world["staff"])
    mine = Opening.objects.get(external_id="MINE")
    expected = {"external_id": "MINE", "lat": mine.lat, "lon": mine.lon, "radius_km": mine.radius_km,
                "hazardous": mine.hazardous,
                "skills": list(OpeningSkill.objects.filter(opening=mine).order_by("pk").values_list(
                    "skill__code", "min_level", "required"))}
    assert expected["skills"]

    with django_assert_num_queries(1):  # the opening rides along on its skill rows
        assert opening_to_match(world["owner"], "MINE") == expected
    for forged in ("MINE' OR '1'='1", "THEIRS", "", "M" * 500):
        assert opening_to_match(world["owner"], forged) is None
    OpeningSkill.objects.filter(opening=mine).delete()  # an opening with no skills yet is still the member's
    assert opening_to_match(world["owner"], "MINE") == {**expected, "skills": []}
    Employer.objects.filter(pk=world["mine"].pk).update(verified_at=None)
    with pytest.raises(NotVerified):
        opening_to_match(world["owner"], "MINE")
    OpeningSkill.objects.create(opening=mine, skill=Skill.objects.get(code=expected["skills"][0][0]), min_level=1,
                                required=True)
    with pytest.raises(NotVerified):
        opening_to_match(world["owner"], "MINE")

def test_forged_ids_and_anonymous_users_get_nothing(client, world):
    employer_verify(employer=world["mine"], method="phone", by=world["staff"])
    assert client.get("/api/matching/openings/MINE/graduates").status_code == 401
    client.force_login(world["owner"])
    assert client.get("/api/matching/openings/THEIRS/graduates").status_code == 404
    assert client.get("/api/matching/openings/NOPE/graduates").status_code == 404
    assert client.get("/api/matching/openings/MINE/graduates?top=abc").status_code == 422
    assert client.get("/api/employers/graduates/G-HIDDEN").status_code == 404
    other = Employer.objects.get(name="ร้านคู่แข่ง")
    assert client.get(f"/api/employers/graduates/G-STD?employer={other.pk}").status_code == 404
    assert Opening.objects.count() == 2


def test_profile_view_is_logged_and_visible_to_the_graduate(client, world):
    employer_verify(employer=world["mine"], method="visit", by=world["staff"])
    client.force_login(world["owner"])
    profile = client.get("/api/employers/graduates/G-STD").json()
    assert profile["name"] == "ชื่อ G-STD" and profile["skills"][0]["code"] == "ev.battery.safety"
    trainee = TraineeProfile.objects.get(external_id="G-STD")
    assert ProfileView.objects.filter(trainee=trainee, employer=world["mine"], viewer=world["owner"]).count() == 1
    trainee.discoverability = "limited"
    trainee.save()
    limited = client.get("/api/employers/graduates/G-STD").json()
    assert limited["name"] is None and limited["certificates"] == []
    client.force_login(trainee.user)
    viewers = client.get("/api/employers/me/viewers").json()
    assert [v["employer"] for v in viewers] == ["ร้านบ้านไผ่อีวี", "ร้านบ้านไผ่อีวี"]


def test_matching_api_is_documented(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/matching/openings/{external_id}/graduates" in paths
    assert "/api/employers/graduates/{ref}" in paths

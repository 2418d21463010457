"""Issue 22: the graduates index holds only what matching needs (no birth date; a limited graduate's district,
not their home), and employers see distance bands, never distances, so homes cannot be triangulated. On real
PostgreSQL, Elasticsearch and Celery."""

import itertools
import json
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from courses.models import District
from employers.models import Opening
from matching.forms import GraduateSearchForm
from search import indexing
from search.client import alias_name, get_client
from search.documents.graduates import HOME_LAT_SCALE
from search.matching import DISTANCE_BANDS, distance_band, distance_km, match_opening
from search.registry import get_spec
from search.services import search_resync_age_bands
from search.tests.test_matching import _load
from tests import employer_world
from tests.helpers import wait_until
from tests.import_rows import grad, opening
from trainees.models import TraineeProfile

HOME = (16.1500, 102.7000)  # G-HOME's exact home, between Ban Phai and Ban Haet


def _years_ago(years: int, day: date) -> date:
    return day.replace(year=day.year - years)


def _make_limited_minor(external_id: str, birth: date) -> TraineeProfile:
    """A minor made discoverable the way trainees records it: the guardian's consent, then the limited level."""
    profile = TraineeProfile.objects.get(external_id=external_id)
    profile.birth_date = birth
    profile.consents.create(purpose="employers", text_version="v1", given_by="guardian", guardian_name="แม่",
                            given_at=timezone.now())
    profile.discoverability = "limited"
    profile.save()
    return profile


def _document(pk) -> dict:
    return get_client().get(index=alias_name("graduates"), id=str(pk)).body["_source"]


@pytest.mark.django_db
def test_a_limited_seventeen_year_olds_document_has_no_birth_date_and_no_home(search_clean):
    _load(grad("ADULT", age=21, lat="16.1234", lon="102.7456")
          + grad("SEVENTEEN", age=17, lat="16.1000", lon="102.7300", discoverable="false"),
          opening("OP-HAZ", hazardous="true") + opening("OP-SAFE"))
    birth = _years_ago(17, timezone.localdate()) - timedelta(days=40)
    minor = _make_limited_minor("SEVENTEEN", birth)
    indexing.rebuild("graduates")
    source = _document(minor.pk)
    raw = json.dumps(source)
    assert "birth_date" not in source and birth.isoformat() not in raw
    assert source["age_band"] == "15_17" and source["adult"] is False
    ban_phai = District.objects.get(code="4010")
    centroid = {"lat": float(ban_phai.lat), "lon": float(ban_phai.lon)}
    assert {k: float(v) for k, v in source["location"].items()} == centroid  # the district, not 16.1000/102.7300
    assert {k: float(v) for k, v in source["home"].items()} == centroid
    assert source["home_lat_e5"] == round(float(ban_phai.lat) * HOME_LAT_SCALE)
    adult = _document(TraineeProfile.objects.get(external_id="ADULT").pk)  # standard level: no birth date either
    assert "birth_date" not in adult and adult["age_band"] == "20_plus" and adult["adult"] is True
    assert float(adult["location"]["lat"]) == 16.1234  # a standard graduate chose to be placed exactly

    # matching keeps both legal-age rules on the band: hazardous work lists adults only
    hazardous = match_opening(Opening.objects.get(external_id="OP-HAZ"))
    assert [r.graduate for r in hazardous] == ["ADULT"]
    assert {r.graduate for r in match_opening(Opening.objects.get(external_id="OP-SAFE"))} == {"ADULT", "SEVENTEEN"}
    # and the employers' free search (HTML) never lists the minor for a hazardous opening's matches page either
    world_owner = _owner_of("ร้านบ้านไผ่อีวี")
    page = _client(world_owner).get("/employers/openings/OP-HAZ/matches/").content.decode()
    assert "ADULT" in page and "SEVENTEEN" not in page


def _owner_of(shop_name):
    from django.contrib.auth import get_user_model

    from employers.models import Employer, EmployerMember
    from employers.services import employer_verify

    users = get_user_model().objects
    staff = users.create_user(username="officer-p", password="x" * 12, is_staff=True)
    owner = users.create_user(username="owner-p", password="x" * 12, phone="0811110000")
    shop = Employer.objects.get(name=shop_name)
    EmployerMember.objects.create(employer=shop, user=owner, role="owner")
    employer_verify(employer=shop, method="visit", by=staff, note="ไปที่ร้านแล้ว")
    return owner


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_a_birthday_crossing_18_reaches_the_index_through_the_daily_task(celery_worker, search_clean,
                                                                          monkeypatch):
    _load(grad("ADULT", age=25) + grad("TURNS-18", age=17, discoverable="false")
          + grad("STAYS-17", age=17, discoverable="false"), opening("OP-HAZ", hazardous="true"))
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    turns = _make_limited_minor("TURNS-18", _years_ago(18, tomorrow))  # 17 today, 18 tomorrow
    stays = _make_limited_minor("STAYS-17", _years_ago(18, tomorrow) + timedelta(days=30))
    indexing.rebuild("graduates")
    op = Opening.objects.get(external_id="OP-HAZ")
    assert _document(turns.pk)["adult"] is False and [r.graduate for r in match_opening(op)] == ["ADULT"]
    spec = get_spec("graduates")
    assert spec.band_changed_between(today - timedelta(days=3), today) == []

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)  # the next day
    assert spec.band_changed_between(tomorrow - timedelta(days=3), tomorrow) == [turns.pk]
    # reconcile sees the document as stale too (the band is part of its version), the safety net
    assert str(turns.pk) in indexing.reconcile("graduates", fix=False).stale
    assert search_resync_age_bands() == 1
    wait_until(lambda: _document(turns.pk)["adult"] is True, timeout=15, message="the new band to be indexed")
    source = _document(turns.pk)
    assert source["age_band"] == "18_19" and "birth_date" not in source
    assert _document(stays.pk)["age_band"] == "15_17"
    indexing.refresh("graduates")
    assert {r.graduate for r in match_opening(op)} == {"ADULT", "TURNS-18"}


BAND_WORDS = {"ไม่เกิน 5 กม.": "0-5", "5–10 กม.": "5-10", "10–20 กม.": "10-20", "20–50 กม.": "20-50",
              "เกิน 50 กม.": "50+"}
UPPER = {key: upper for upper, key, _ in DISTANCE_BANDS}
LOWER = {"0-5": 0, "5-10": 5, "10-20": 10, "20-50": 20, "50+": 50}
ORIGINS = ("4010", "4024", "4018")  # Ban Phai, Ban Haet, Chonnabot


def _card_of(html: str, name: str) -> str:
    cards = [part for part in html.split('<article class="card match"')[1:] if name in part]
    assert len(cards) == 1, f"{name} listed {len(cards)} times"
    return cards[0].split("</article>")[0]


@pytest.mark.django_db
def test_employers_see_bands_and_three_origins_cannot_locate_a_home(search_clean):
    world = employer_world.build(extra_graduates=grad("G-HOME", lat=f"{HOME[0]:.4f}", lon=f"{HOME[1]:.4f}"))
    indexing.rebuild("graduates")
    shop = _client(world["owner"])
    observed = {}
    for code in ORIGINS:
        response = shop.get(f"/employers/search/?skills=ev.battery.safety&district={code}&radius_km=50")
        html = response.content.decode()
        assert response.status_code == 200
        assert not re.search(r"\d+\.\d\s*(กม|km)", html), "a distance to 0.1 km is on the page"
        card = _card_of(html, "ชื่อ G-HOME")
        badge = re.search(r'data-testid="distance">ระยะทาง ([^<]+)</span>', card).group(1).strip()
        observed[code] = BAND_WORDS[badge]
        district = District.objects.get(code=code)
        assert observed[code] == distance_band(distance_km(float(district.lat), float(district.lon), *HOME))
    # the API answers with the band too, and no distance or score (a sort value that includes nearness)
    answer = shop.get("/api/matching/openings/MINE/graduates").json()
    assert answer["results"] and all(set(r) >= {"graduate", "distance_band"} for r in answer["results"])
    assert not any({"distance_km", "score", "sort"} & set(r) for r in answer["results"])
    assert not re.search(r"\d+\.\d\s*(กม|km)", json.dumps(answer, ensure_ascii=False))

    # Everything the three answers tell an attacker: the home lies in each origin's band. Every point on a
    # 100 m grid that fits all three is as possible as the true home; they span kilometres, not 100 m.
    origins = {code: District.objects.get(code=code) for code in ORIGINS}
    fits = []
    step = 0.001
    for i, j in itertools.product(range(-300, 301, 3), range(-300, 301, 3)):
        lat, lon = HOME[0] + i * step, HOME[1] + j * step
        if all(LOWER[band] < distance_km(float(origins[c].lat), float(origins[c].lon), lat, lon)
               <= (UPPER[band] or 1e9) for c, band in observed.items()):
            fits.append((lat, lon))
    assert (HOME[0], HOME[1]) in [(round(a, 4), round(b, 4)) for a, b in fits]  # the truth fits, of course
    spread = max(distance_km(*a, *b)
                 for a in fits[:: max(1, len(fits) // 300)] for b in fits[:: max(1, len(fits) // 300)])
    assert spread > 3.0, f"three bands narrowed the home to {spread:.2f} km"

    # the radius cannot bisect a distance either: any radius is rounded up to a band edge
    for asked, used in (("7", 10), ("11", 20), ("30", 50), ("5", 5)):
        form = GraduateSearchForm({"skills": ["ev.battery.safety"], "radius_km": asked})
        assert form.is_valid() and form.cleaned_data["radius_km"] == used
    seven = shop.get("/employers/search/?skills=ev.battery.safety&district=4010&radius_km=7").content.decode()
    ten = shop.get("/employers/search/?skills=ev.battery.safety&district=4010&radius_km=10").content.decode()
    assert re.findall(r"<h3>.*?</h3>", seven) == re.findall(r"<h3>.*?</h3>", ten)

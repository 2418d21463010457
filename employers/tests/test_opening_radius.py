"""An opening's radius cannot bisect a graduate's distance (issue 22 item 11).

A shop could set its opening's radius 1 km at a time and watch who enters its match list, locating a graduate's
home to about a kilometre from a few openings. Radii are now the edges of the distance bands employers already
see (so the list tells no more than the band), sheets round a typed radius up to its band, and a shop member
changes an opening's radius or district at most three times in 24 hours.
"""

import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from config.dates import format_date
from employers.exceptions import RadiusNotABand
from employers.imports import import_openings
from employers.models import OPENING_RADII_KM, Opening, OpeningReachChange, radius_band
from employers.services import opening_save
from search.matching import DISTANCE_BANDS, SEARCH_RADII_KM
from tests.import_rows import OPEN_HEADER, opening

BANDS_TH = "รัศมีต้องเป็น 5, 10, 20, 50, 100, 200 หรือ 300 กม."


def test_the_radii_are_the_distance_band_edges_the_free_search_offers():
    assert OPENING_RADII_KM == SEARCH_RADII_KM
    assert {upper for upper, _, _ in DISTANCE_BANDS if upper} <= set(OPENING_RADII_KM)
    assert [radius_band(km) for km in (1, 5, 5.1, 7, 10, 11, 35, 50, 51, 299, 300)] == [
        5, 5, 10, 10, 10, 20, 50, 50, 100, 300, 300]
    assert [radius_band(km) for km in (0, -5, 300.5, 301, None)] == [None] * 5


def _form(**changes) -> dict:
    data = {"title": "ช่างซ่อมแบตเตอรี่", "description": "", "required_skills": ["ev.battery.safety"],
            "min_level": "1", "nice_skills": [], "district": "4010", "radius_km": "20", "wage_min_thb": "400",
            "wage_max_thb": "600", "wage_unit": "day", "shift": "", "positions": "1", "closing_date": "",
            "status": "open"}
    data.update(changes)
    return data


def _options(html: str) -> list[tuple[str, bool, str]]:
    select = re.search(r'<select name="radius_km"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [(value, bool(selected), label.strip())
            for value, selected, label in re.findall(r'<option value="(\d+)"( selected)?>([^<]*)</option>', select)]


@pytest.mark.django_db
def test_the_form_offers_only_the_bands_in_thai_and_english_and_refuses_another(world):
    shop = Client()
    shop.force_login(world["owner"])
    thai = _options(shop.get("/employers/openings/MINE/edit/").content.decode())
    assert [(v, label) for v, _, label in thai] == [(str(km), f"{km} กม.") for km in OPENING_RADII_KM]
    assert [v for v, selected, _ in thai if selected] == ["20"]  # the opening's own radius
    english = _options(shop.get("/en/employers/openings/MINE/edit/").content.decode())
    assert [(v, label) for v, _, label in english] == [(str(km), f"{km} km") for km in OPENING_RADII_KM]

    for forged in ("13", "21", "0", "301", "๑๓"):  # a bisecting step, a bookmark, out of range, Thai digits
        page = shop.post("/employers/openings/MINE/edit/", _form(radius_km=forged))
        assert page.status_code == 200, forged
        assert f'<p class="field-error">{BANDS_TH}</p>' in page.content.decode(), forged
    assert Opening.objects.get(external_id="MINE").radius_km == 20 and not OpeningReachChange.objects.exists()
    assert shop.post("/employers/openings/MINE/edit/", _form(radius_km="๑๐")).status_code == 302  # Thai digits
    assert Opening.objects.get(external_id="MINE").radius_km == 10


@pytest.mark.django_db
def test_an_opening_changes_its_radius_or_district_at_most_three_times_a_day(world):
    shop = Client()
    shop.force_login(world["owner"])
    url = "/employers/openings/MINE/edit/"
    for change in ({"radius_km": "10"}, {"radius_km": "50"}, {"radius_km": "50", "district": "4001"}):
        assert shop.post(url, _form(**change)).status_code == 302, change
    first = OpeningReachChange.objects.order_by("at").first()
    assert OpeningReachChange.objects.count() == 3
    # the same reach with another title is not a change of where the opening looks
    assert shop.post(url, _form(radius_km="50", district="4001", title="ช่างแบต")).status_code == 302

    page = shop.post(url, _form(radius_km="20", district="4001"))
    html = page.content.decode()
    assert page.status_code == 200
    when = format_date(first.at + timedelta(hours=24), "datetime", "th")
    assert "ได้ไม่เกิน 3 ครั้งใน 24 ชั่วโมง" in html and f"เปลี่ยนได้อีกครั้งตั้งแต่ {when}" in html
    mine = Opening.objects.get(external_id="MINE")
    assert (mine.radius_km, mine.district_id, mine.title) == (50, "4001", "ช่างแบต")
    # a back-and-forth on the district counts too
    assert shop.post(url, _form(radius_km="50", district="4010")).status_code == 200

    # a day after the first change, one more is allowed (and counted)
    OpeningReachChange.objects.filter(pk=first.pk).update(at=timezone.now() - timedelta(hours=24, minutes=1))
    assert shop.post(url, _form(radius_km="20", district="4001")).status_code == 302
    assert Opening.objects.get(external_id="MINE").radius_km == 20
    assert OpeningReachChange.objects.filter(at__gt=timezone.now() - timedelta(hours=24)).count() == 3
    assert shop.post(url, _form(radius_km="5", district="4001")).status_code == 200
    # another opening of the same shop has its own count
    assert shop.post("/employers/openings/new/", _form(radius_km="5")).status_code == 302
    fresh = Opening.objects.latest("pk")
    assert shop.post(f"/employers/openings/{fresh.external_id}/edit/", _form(radius_km="10")).status_code == 302


@pytest.mark.django_db
def test_a_sheet_radius_is_rounded_up_to_its_band_and_an_impossible_one_is_refused_listing_the_bands(
        reference_data):
    result = import_openings(OPEN_HEADER + opening("OP-35", radius="35") + opening("OP-20", radius="20")
                             + opening("OP-7", radius="๗") + opening("OP-BLANK", radius=""))
    assert result.imported, result.errors
    assert {o.external_id: o.radius_km for o in Opening.objects.all()} == {
        "OP-35": 50, "OP-20": 20, "OP-7": 10, "OP-BLANK": 50}
    assert result.notes == [
        "OP-35: รัศมี 35 กม. ปัดขึ้นเป็น 50 กม. (รัศมีมีเฉพาะ 5, 10, 20, 50, 100, 200, 300)",
        "OP-7: รัศมี 7 กม. ปัดขึ้นเป็น 10 กม. (รัศมีมีเฉพาะ 5, 10, 20, 50, 100, 200, 300)"]

    for bad in ("0", "-5", "301", "nan", "inf"):
        result = import_openings(OPEN_HEADER + opening("OP-BAD", radius=bad))
        assert not result.imported and result.errors == [f"row 2: radius_km: {BANDS_TH} ('{bad}')"], bad
    result = import_openings(OPEN_HEADER + opening("OP-BAD", radius="ไกล"))
    assert result.errors == ["row 2: radius_km: not a number: 'ไกล'"]
    assert not Opening.objects.filter(external_id="OP-BAD").exists()

    # the service itself rounds (every write goes through it) and refuses what no band holds
    made = Opening.objects.get(external_id="OP-20")
    made.radius_km = 12
    opening_save(opening=made, required=[(s.skill, s.min_level) for s in made.skills.filter(required=True)],
                 nice=[])
    assert Opening.objects.get(pk=made.pk).radius_km == 20
    made.radius_km = 400
    with pytest.raises(RadiusNotABand) as refused:
        opening_save(opening=made, required=[(s.skill, s.min_level) for s in made.skills.filter(required=True)],
                     nice=[])
    assert refused.value.user_message("th") == BANDS_TH


@pytest.mark.django_db
def test_the_migration_rounds_existing_radii_up_and_marks_them_for_reindexing(reference_data):
    """Openings saved before the bands keep everyone they matched (rounded up), and their updated_at moves so
    the periodic search reconcile sees them stale and re-indexes the band."""
    import_openings(OPEN_HEADER + "".join(opening(f"OP-{km}", radius=str(km)) for km in (5, 20, 50, 300)))
    wanted = {1: 5, 17: 20, 30: 50, 40: 50, 60: 100, 250: 300, 20: 20, 300: 300}
    rows = list(Opening.objects.order_by("pk"))
    for row, old in zip(rows, (17, 20, 30, 300), strict=True):
        Opening.objects.filter(pk=row.pk).update(radius_km=old)  # as stored before the bands
    extra = Opening.objects.get(external_id="OP-5")
    for old in (1, 40, 60, 250):
        extra.pk, extra.external_id, extra.radius_km = None, f"OLD-{old}", old
        extra.save()
    before = {o.pk: (o.radius_km, o.updated_at) for o in Opening.objects.all()}
    migration = import_module("employers.migrations.0008_opening_radius_bands_and_reach_changes")
    migration.round_radii_up(apps, None)
    for o in Opening.objects.all():
        old, stamp = before[o.pk]
        assert o.radius_km == wanted[old], (old, o.radius_km)
        assert (o.updated_at > stamp) == (old != wanted[old]), old

"""Issue 16, the employer side: one public reference per graduate (imported or signed up on the site) in every URL,
API, CSV and search document; the contact exchange both ways; a ranking a shop owner can read; the opening form.
Real PostgreSQL and Elasticsearch; graduates who signed up on the site come through the real trainee services."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone, translation

from courses.models import Skill
from employers import services
from employers.imports import import_graduates
from employers.models import ContactRequest, Opening, Placement, ProfileView
from employers.templatetags.saphan_match import request_status
from search import indexing
from search.client import alias_name, get_client
from search.matching import distance_band_words, match_opening
from tests import employer_world
from tests.import_rows import GRAD_HEADER, grad, opening
from trainees.models import TraineeProfile

REF = re.compile(r"G-[0-9A-HJKMNP-TV-Z]{8}")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def signed_up(world):
    """Nok signed up on the site (Ban Phai), finished the battery course, shows only skills and district."""
    nok = employer_world.site_graduate(phone="0861234567", name="นก ใจดี", level="limited")
    indexing.rebuild("graduates")
    return nok


@pytest.mark.django_db
def test_every_profile_gets_a_public_reference_and_imports_keep_their_sheet_id(world):
    nok = employer_world.site_graduate(phone="0861234567", name="นก ใจดี", level="limited")
    assert nok.external_id is None and REF.fullmatch(nok.public_ref)
    assert world["lim"].public_ref == "G-LIM" and world["lim"].external_id == "G-LIM"  # the sheet id, free: kept
    # a sheet id someone already uses as their reference, or one not safe in a URL, gets a generated one
    assert import_graduates(GRAD_HEADER + grad(nok.public_ref) + grad("ศูนย์/001")).imported
    clash = TraineeProfile.objects.get(external_id=nok.public_ref)
    odd = TraineeProfile.objects.get(external_id="ศูนย์/001")
    assert REF.fullmatch(clash.public_ref) and clash.public_ref != nok.public_ref and REF.fullmatch(odd.public_ref)
    # re-importing matches on external_id and never changes the reference
    before = clash.public_ref
    result = import_graduates(GRAD_HEADER + grad(nok.public_ref, commute=50))
    assert result.updated == 1 and result.created == 0
    clash.refresh_from_db()
    assert clash.public_ref == before and clash.max_commute_km == 50
    with pytest.raises(IntegrityError), transaction.atomic():
        TraineeProfile.objects.filter(pk=odd.pk).update(public_ref=nok.public_ref)  # unique in the database


@pytest.mark.django_db
def test_a_graduate_who_signed_up_on_the_site_opens_from_every_link(world, signed_up):
    nok, shop = signed_up, _client(world["owner"])
    ref = nok.public_ref
    # the search document and the match carry the reference
    hit = get_client().search(index=alias_name("graduates"), query={"term": {"ref": ref}}).body["hits"]["hits"]
    assert [h["_id"] for h in hit] == [str(nok.pk)]
    assert ref in [m.graduate for m in match_opening(Opening.objects.get(external_id="MINE"), top=50)]
    api = shop.get("/api/matching/openings/MINE/graduates?top=50").json()
    assert ref in [r["graduate"] for r in api["results"]]
    matches = shop.get("/employers/openings/MINE/matches/").content.decode()
    assert f'href="/employers/graduates/{ref}/?opening=MINE"' in matches
    assert "/employers/graduates/None/" not in matches and f"/employers/graduates/{nok.pk}/" not in matches
    # the profile page, the API profile, the contact request and the shortlist all take it
    page = shop.get(f"/employers/graduates/{ref}/")
    assert page.status_code == 200 and "นก ใจดี" not in page.content.decode()  # limited: no name before consent
    assert shop.get(f"/api/employers/graduates/{ref}").json()["graduate"] == ref
    assert shop.post(f"/employers/graduates/{ref}/contact/",
                     {"opening": "MINE", "message": "สนใจครับ"}).status_code == 302
    assert shop.post(f"/employers/graduates/{ref}/shortlist/", {"note": "นัดคุย"}).status_code == 302
    sent = shop.get("/api/employers/contact-requests").json()
    assert [r["graduate"] for r in sent] == [ref]
    # the dashboard names the pending request with a label, links it by reference, and shows no internal id
    dashboard = shop.get("/employers/").content.decode()
    assert dashboard.count(f'href="/employers/graduates/{ref}/"') == 2  # the request and the shortlist
    assert f"ผู้สำเร็จการฝึก อ.บ้านไผ่ ({ref})" in dashboard and "/graduates/None/" not in dashboard
    assert shop.get("/employers/graduates/None/").status_code == 404
    assert shop.get(f"/employers/graduates/{nok.pk}/").status_code == 404  # the row's key is not a reference


@pytest.mark.django_db
def test_accepting_shares_contacts_both_ways_worded_from_each_side(world, signed_up):
    nok, shop, youth = signed_up, _client(world["owner"]), _client(signed_up.user)
    world["mine"].phone, world["mine"].address = "0431234567", "88 ถ.มิตรภาพ ต.บ้านไผ่"
    world["mine"].save()
    shop.post(f"/employers/graduates/{nok.public_ref}/contact/", {"opening": "MINE", "message": "สนใจครับ"})
    waiting = youth.get("/me/requests/").content.decode()
    assert "รอคุณตอบ" in waiting and "0431234567" not in waiting  # nothing of the shop's contact yet
    assert "รอผู้สำเร็จการฝึกตอบ" in shop.get(f"/employers/graduates/{nok.public_ref}/").content.decode()
    request = ContactRequest.objects.get(trainee=nok)
    assert youth.post(f"/me/requests/{request.pk}/answer/", {"answer": "accept"}).status_code == 302
    seen_by_youth = youth.get("/me/requests/").content.decode()
    for shown in (world["mine"].name, "0431234567", "88 ถ.มิตรภาพ ต.บ้านไผ่", "ช่างซ่อมแบตเตอรี่", "คุณตอบรับแล้ว"):
        assert shown in seen_by_youth, shown
    mine = youth.get("/api/employers/me/contact-requests").json()[0]
    assert (mine["employer_phone"], mine["employer_address"]) == ("0431234567", "88 ถ.มิตรภาพ ต.บ้านไผ่")
    views_before = ProfileView.objects.filter(trainee=nok).count()
    profile = shop.get(f"/employers/graduates/{nok.public_ref}/").content.decode()
    assert "0861234567" in profile and "นก ใจดี" in profile and "ตอบรับแล้ว" in profile
    assert ProfileView.objects.filter(trainee=nok, employer=world["mine"]).count() == views_before + 1  # logged
    dashboard = shop.get("/employers/").content.decode()
    assert "นก ใจดี" in dashboard and "ตอบรับแล้ว: เห็นเบอร์โทรได้" in dashboard
    with translation.override("en"):  # each side's wording in English too
        assert request_status(ContactRequest.objects.get(pk=request.pk), "graduate").startswith("you accepted")
        assert request_status(ContactRequest.objects.get(pk=request.pk), "employer").startswith("accepted")


@pytest.mark.django_db
def test_one_pending_request_per_shop_and_graduate(world, signed_up):
    nok, shop = signed_up, _client(world["owner"])
    second = Opening.objects.create(employer=world["mine"], title="ช่างดัดแปลง", district=world["mine"].district,
                                    lat=16.06, lon=102.73, wage_min_thb=400, wage_max_thb=500)
    services.opening_save(opening=second, required=[(Skill.objects.get(code="ev.battery.safety"), 1)], nice=[])
    shop.post(f"/employers/graduates/{nok.public_ref}/contact/", {"opening": "MINE"})
    page = shop.post(f"/employers/graduates/{nok.public_ref}/contact/", {"opening": second.external_id}, follow=True)
    html = page.content.decode()
    assert "ส่งคำขอติดต่อผู้สำเร็จการฝึกคนนี้ไว้แล้ว" in html and ContactRequest.objects.filter(trainee=nok).count() == 1
    assert 'name="message"' not in html  # no form offering a second request while one waits
    api = shop.post("/api/employers/contact-requests", {"graduate": nok.public_ref}, content_type="application/json")
    assert api.status_code == 400 and "รอคำตอบ" in api.json()["message_th"]
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses it too
        ContactRequest.objects.create(employer=world["mine"], trainee=nok, opening=second, sent_by=world["owner"])
    assert ContactRequest.objects.filter(trainee=nok).count() == 1
    # once answered, the shop may ask again about another opening
    services.contact_request_answer(contact_request=ContactRequest.objects.get(trainee=nok), by=nok.user, accept=True)
    services.contact_request_send(employer=world["mine"], sent_by=world["owner"], trainee=nok, opening=second)
    assert ContactRequest.objects.filter(trainee=nok).count() == 2


@pytest.mark.django_db
def test_ranking_reads_right_to_a_shop_owner(search_clean):
    employer_world.build(
        extra_graduates=(
            # covers both required skills, certified, but ~13 km away
            grad("ALL-CERT", lat="16.1800", lon="102.7300", skills="ev.battery.safety:3;ev.bms.diagnose:3",
                 certified="ev.battery.safety;ev.bms.diagnose")
            # covers one of the two, right next door
            + grad("HALF-NEAR", lat="16.0610", lon="102.7310", skills="ev.battery.safety:3")),
        extra_openings=opening("TWO", required="ev.battery.safety:1;ev.bms.diagnose:1"))
    results = match_opening(Opening.objects.get(external_id="TWO"), top=50)
    order = [r.graduate for r in results]
    assert order.index("ALL-CERT") < order.index("HALF-NEAR")
    best = results[order.index("ALL-CERT")]
    assert best.reasons[0].startswith("มีทักษะที่จำเป็น 2/2")
    steps = [reason for reason in best.reasons if "1–3" in reason]
    assert steps and "2 ทักษะ" in steps[0] and "ถึง 2 ขั้น" in steps[0]  # per skill, never beyond the scale
    assert all(not re.search(r"[4-9] ขั้น", reason) for r in results for reason in r.reasons)
    for r in results:  # the explanation states the very distance band shown beside it, never the distance
        band = distance_band_words(r.distance_band).split(" / ")[0]
        assert any(f"ระยะทาง {band}" in reason for reason in r.reasons)
        assert not any(re.search(r"\d\.\d กม", reason) for reason in r.reasons)
    shop = _client(Opening.objects.get(external_id="TWO").employer.members.first().user)
    page = shop.get("/employers/openings/TWO/matches/").content.decode()
    assert page.index("ชื่อ ALL-CERT") < page.index("ชื่อ HALF-NEAR") and "คะแนน" not in page
    assert "ไม่เกินรัศมีที่ร้านรับ 50 กม." in page


@pytest.mark.django_db
def test_a_minor_without_jobs_is_told_why(world):
    hazardous = Opening.objects.get(external_id="MINE")
    hazardous.hazardous = True
    hazardous.save()
    Opening.objects.filter(external_id="THEIRS").update(status="closed")
    indexing.rebuild("openings")
    ton = employer_world.site_graduate(phone="0867654321", name="ต้น อายุสิบเจ็ด", age=17)
    page = _client(ton.user).get("/me/openings/").content.decode()
    assert 'data-testid="why-none"' in page and "งานอันตราย" in page and "18 ปีขึ้นไป" in page and "อายุ 17 ปี" in page
    adult = employer_world.site_graduate(phone="0869999999", name="ผู้ใหญ่", age=22, course_title="ซ่อมแบต รุ่นสอง")
    listed = _client(adult.user).get("/me/openings/").content.decode()  # the same opening, listed for an adult
    assert 'data-testid="opening-match"' in listed and 'data-testid="why-none"' not in listed
    fresh = employer_world.site_graduate(phone="0868888888", name="ยังไม่จบ", age=22, level="hidden",
                                         course_title="ซ่อมแบต รุ่นสาม")
    fresh.skills.all().delete()
    assert "ยังไม่มีทักษะที่ผ่านการประเมิน" in _client(fresh.user).get("/me/openings/").content.decode()


OPENING = {"title": "ช่างซ่อมแบตเตอรี่", "description": "", "required_skills": ["ev.battery.safety"], "min_level": "1",
           "nice_skills": [], "district": "4010", "radius_km": "20", "wage_min_thb": "600", "wage_max_thb": "450",
           "wage_unit": "day", "shift": "", "positions": "1", "closing_date": "", "status": "open"}


@pytest.mark.django_db
def test_opening_form_catches_a_reversed_wage_range_prefills_the_district_and_names_skills(world):
    shop = _client(world["owner"])
    before = Opening.objects.count()
    page = shop.post("/employers/openings/new/", OPENING)
    html = page.content.decode()
    assert page.status_code == 200 and Opening.objects.count() == before
    assert re.search(r'<p class="field-error">ค่าจ้างสูงสุดต้องไม่น้อยกว่าค่าจ้างต่ำสุด', html)
    form = shop.get("/employers/openings/new/").content.decode()
    assert re.search(r'<option value="4010" selected>', form)  # the shop is in Ban Phai
    assert Skill.objects.get(code="ev.battery.safety").name_th in form
    assert "(ev.battery.safety)" not in form and ">ev.battery.safety<" not in form
    with translation.override("en"):
        from employers.forms import OpeningForm

        labels = dict(OpeningForm().fields["required_skills"].choices)
    assert labels["ev.battery.safety"] and not re.search(r"[\u0E00-\u0E7F]", labels["ev.battery.safety"])
    saved = shop.post("/employers/openings/new/", dict(OPENING, wage_min_thb="450", wage_max_thb="600"))
    assert saved.status_code == 302
    made = Opening.objects.latest("pk")
    assert made.wage_max_thb == Decimal("600") and re.fullmatch(r"O-[0-9A-HJKMNP-TV-Z]{8}", made.external_id)
    assert shop.get(f"/employers/openings/{made.external_id}/matches/").status_code == 200
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database still refuses the range
        Opening.objects.filter(pk=made.pk).update(wage_min_thb=Decimal("700"))


@pytest.mark.django_db
def test_a_shop_may_give_a_fixed_line_but_not_a_wrong_number(reference_data):
    from courses.models import District
    from employers.exceptions import EmployerError
    from employers.services import employer_register
    from tests.factories import dbd_number, make_user
    from trainees.exceptions import InvalidPhone

    district = District.objects.get(code="4010")
    shop = employer_register(user=make_user(username="a", phone="0831110000"), name="ร้านเอ",
                             kind="repair_shop", dbd_number=dbd_number(), address="ก", district=district,
                             phone="043-777-123")
    assert shop.phone == "043777123"
    with pytest.raises((InvalidPhone, EmployerError)) as refused:
        employer_register(user=make_user(username="b", phone="0831110001"), name="ร้านบี", kind="repair_shop",
                          dbd_number=dbd_number("010555300124"), address="ข", district=district,
                          phone="043-777-12345")
    assert "เบอร์โทรร้านไม่ถูกต้อง" in refused.value.message_th


@pytest.mark.django_db
def test_the_backfill_gives_imported_rows_their_sheet_id_and_everyone_else_a_fresh_reference(world):
    import importlib

    from django.apps import apps

    backfill = importlib.import_module("trainees.migrations.0005_public_ref_for_every_graduate").backfill
    nok = employer_world.site_graduate(phone="0861234567", name="นก ใจดี")
    assert import_graduates(GRAD_HEADER + grad("ศูนย์/001")).imported
    TraineeProfile.objects.filter(external_id="G-LIM").update(public_ref="G-TEMPORARY")
    backfill(apps, None)
    refs = dict(TraineeProfile.objects.values_list("pk", "public_ref"))
    assert refs[world["lim"].pk] == "G-LIM" and refs[world["std"].pk] == "G-STD"
    assert REF.fullmatch(refs[nok.pk]) and REF.fullmatch(TraineeProfile.objects.get(external_id="ศูนย์/001").public_ref)
    assert len(set(refs.values())) == len(refs)


@pytest.mark.django_db
def test_a_shop_owner_without_an_account_registers_in_one_step(reference_data):
    from django.contrib.auth import get_user_model

    from employers.models import Employer
    from tests.factories import dbd_number

    visitor = Client()
    assert "/employers/register/" in visitor.get("/login/").content.decode()  # reachable from the login page
    business = {"name": "ร้านใหม่บ้านไผ่", "kind": "repair_shop", "dbd_number": dbd_number(),
                "address": "1 ถ.มิตรภาพ", "district": "4010", "phone": "043-777-123", "lat": "", "lon": ""}
    weak = visitor.post("/employers/register/", {**business, "owner-owner_phone": "0851112222",
                                                 "owner-password": "12345678"})
    assert weak.status_code == 200 and "รหัสผ่านง่ายเกินไป" in weak.content.decode()
    assert not Employer.objects.exists() and not get_user_model().objects.filter(phone="0851112222").exists()
    done = visitor.post("/employers/register/", {**business, "owner-owner_phone": "085-111-2222",
                                                 "owner-password": "ร้านซ่อม-2026"})
    assert done.status_code == 302 and done.url.endswith("/employers/")
    employer = Employer.objects.get()
    owner = employer.members.get()
    assert owner.role == "owner" and owner.user.phone == "0851112222" and not hasattr(owner.user, "trainee")
    assert "ยังไม่ได้รับการยืนยัน" in visitor.get("/employers/").content.decode()  # logged in, waiting


@pytest.mark.django_db
def test_a_shop_hires_after_an_accepted_contact_and_the_youth_confirms(world, signed_up):
    nok, shop, youth = signed_up, _client(world["owner"]), _client(signed_up.user)
    shop.post(f"/employers/graduates/{nok.public_ref}/contact/", {"opening": "MINE"})
    request = ContactRequest.objects.get(trainee=nok)
    start = timezone.localdate()
    # not before the graduate answers: no form, and a forged post is refused with a Thai message
    assert 'data-testid="hire-form"' not in shop.get(f"/employers/graduates/{nok.public_ref}/").content.decode()
    early = shop.post(f"/employers/requests/{request.pk}/hire/", {"start_date": start.strftime("%d/%m/%Y"),
                                                                  "wage_thb": "450", "wage_unit": "day"}, follow=True)
    assert "หลังผู้สำเร็จการฝึกตอบรับ" in early.content.decode() and not Placement.objects.exists()
    youth.post(f"/me/requests/{request.pk}/answer/", {"answer": "accept"})
    assert 'data-testid="hire-form"' in shop.get(f"/employers/graduates/{nok.public_ref}/").content.decode()
    low = shop.post(f"/employers/requests/{request.pk}/hire/", {"start_date": start.strftime("%d/%m/%Y"),
                                                                "wage_thb": "100", "wage_unit": "day"}, follow=True)
    assert not Placement.objects.exists() and low.status_code == 200  # below the minimum wage: refused
    for _ in range(2):  # a double tap records one hire
        shop.post(f"/employers/requests/{request.pk}/hire/", {"start_date": start.strftime("%d/%m/%Y"),
                                                              "wage_thb": "450", "wage_unit": "day"})
    placement = Placement.objects.get(trainee=nok)
    assert placement.employer == world["mine"] and placement.confirmed_by_graduate_at is None
    assert "รอผู้สำเร็จการฝึกยืนยัน" in shop.get(f"/employers/graduates/{nok.public_ref}/").content.decode()
    stranger = _client(get_user_model().objects.create_user(username="other.shop", password="x" * 12))
    assert stranger.post(f"/employers/requests/{request.pk}/hire/", {"start_date": start.strftime("%d/%m/%Y"),
                                                                     "wage_thb": "450"}).status_code == 404
    youth.post(f"/me/placements/{placement.pk}/confirm/")
    placement.refresh_from_db()
    assert placement.confirmed_by_graduate_at is not None
    assert "ผู้สำเร็จการฝึกยืนยันแล้ว" in shop.get(f"/employers/graduates/{nok.public_ref}/").content.decode()

"""Contact requests, applications, hires and placements between employers and graduates (issue 6): who may do
what, what is revealed when, what is logged; HTML pages and the JSON API on real PostgreSQL/ES/Celery."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import translation

from config.errors import SaphanError
from employers import services
from employers.exceptions import NotDiscoverable, NotVerified
from employers.models import Application, ContactRequest, Opening, Placement, ProfileView, ShortlistEntry
from employers.templatetags.saphan_match import km
from tests import employer_world
from tests.helpers import messages_to, wait_until


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_contact_request_accepted_reveals_phone_and_name(celery_worker, search_clean):
    w = employer_world.build()
    shop = _client(w["owner"])
    before = shop.get("/employers/graduates/G-LIM/").content.decode()
    assert "0897654321" not in before and "ชื่อ G-LIM" not in before  # limited: skills and district only
    response = shop.post("/employers/graduates/G-LIM/contact/", {"opening": "MINE", "message": "สนใจรับเข้าทำงานครับ"})
    assert response.status_code == 302
    request = ContactRequest.objects.get(employer=w["mine"], trainee=w["lim"])
    assert request.status == "sent" and request.opening.external_id == "MINE"
    wait_until(lambda: messages_to("0897654321", "contact_request").filter(status="sent").exists(), timeout=20,
               message="the graduate's SMS to be delivered by the worker")
    assert SHOP_NAME in messages_to("0897654321", "contact_request").get().body
    assert "0897654321" not in shop.get("/employers/graduates/G-LIM/").content.decode()
    assert shop.get("/api/employers/graduates/G-LIM").json()["phone"] is None

    graduate = _client(w["lim"].user)
    page = graduate.get("/me/requests/").content.decode()
    assert SHOP_NAME in page and "สนใจรับเข้าทำงานครับ" in page
    assert graduate.post(f"/me/requests/{request.pk}/answer/", {"answer": "accept"}).status_code == 302
    request.refresh_from_db()
    assert request.status == "accepted" and request.answered_at is not None
    wait_until(lambda: messages_to("0811111111", "contact_accepted").filter(status="sent").exists(), timeout=20,
               message="the shop's SMS about the acceptance")

    after = shop.get("/employers/graduates/G-LIM/").content.decode()
    assert "0897654321" in after and "ชื่อ G-LIM" in after
    api = shop.get("/api/employers/graduates/G-LIM").json()
    assert api["phone"] == "0897654321" and api["name"] == "ชื่อ G-LIM" and api["contact_revealed"] is True
    listed = shop.get("/api/employers/contact-requests").json()
    assert [(r["graduate"], r["status"], r["phone"]) for r in listed] == [("G-LIM", "accepted", "0897654321")]
    # the rival shop learns nothing from this acceptance
    assert _client(w["rival"]).get("/api/employers/graduates/G-LIM").json()["phone"] is None


SHOP_NAME = employer_world.SHOP


@pytest.mark.django_db
def test_declined_request_never_reveals_contact(world):
    shop = _client(world["owner"])
    sent = shop.post("/api/employers/contact-requests", {"graduate": "G-STD", "message": "ติดต่อกลับได้ไหม"},
                     content_type="application/json")
    assert sent.status_code == 201 and sent.json()["phone"] is None
    request_id = sent.json()["id"]
    again = shop.post("/api/employers/contact-requests", {"graduate": "G-STD"}, content_type="application/json")
    assert again.status_code == 400 and "ไว้แล้ว" in again.json()["message_th"]
    graduate = _client(world["std"].user)
    mine = graduate.get("/api/employers/me/contact-requests").json()
    assert [r["id"] for r in mine] == [request_id]
    answered = graduate.post(f"/api/employers/me/contact-requests/{request_id}/answer", {"accept": False},
                             content_type="application/json")
    assert answered.status_code == 200 and answered.json()["status"] == "declined"
    assert messages_to("0811111111", "contact_declined").count() == 1
    assert "0891234567" not in messages_to("0811111111", "contact_declined").get().body
    twice = graduate.post(f"/api/employers/me/contact-requests/{request_id}/answer", {"accept": True},
                          content_type="application/json")
    assert twice.status_code == 400
    assert "0891234567" not in shop.get("/employers/graduates/G-STD/").content.decode()
    assert shop.get("/api/employers/graduates/G-STD").json()["phone"] is None
    assert shop.get(f"/api/employers/contact-requests/{request_id}").json()["phone"] is None
    retry = shop.post("/api/employers/contact-requests", {"graduate": "G-STD"}, content_type="application/json")
    assert retry.status_code == 400 and "30" in retry.json()["message_th"]
    assert ContactRequest.objects.count() == 1


@pytest.mark.django_db
def test_unverified_employer_cannot_search_or_send(search_clean):
    world = employer_world.build(verify=False)
    shop = _client(world["owner"])
    assert shop.get("/employers/search/?skills=ev.battery.safety&radius_km=30").status_code == 403
    assert shop.get("/employers/openings/MINE/matches/").status_code == 403
    assert shop.get("/employers/graduates/G-STD/").status_code == 403
    assert shop.post("/employers/graduates/G-STD/contact/", {"message": "x"}).status_code == 403
    api = shop.post("/api/employers/contact-requests", {"graduate": "G-STD"}, content_type="application/json")
    assert api.status_code == 403 and "ยืนยัน" in api.json()["message_th"]
    with pytest.raises(NotVerified):
        services.contact_request_send(employer=world["mine"], sent_by=world["owner"], trainee=world["std"])
    with pytest.raises(NotVerified):
        services.shortlist_add(employer=world["mine"], by=world["owner"], trainee=world["std"])
    assert "ยังไม่ได้รับการยืนยัน" in shop.get("/employers/").content.decode()
    assert ContactRequest.objects.count() == 0 and ProfileView.objects.count() == 0


@pytest.mark.django_db
def test_ids_of_another_employer_answer_404_in_html_and_api(world):
    shop, rival = _client(world["owner"]), _client(world["rival"])
    request = services.contact_request_send(employer=world["mine"], sent_by=world["owner"], trainee=world["std"])
    mine = Opening.objects.get(external_id="MINE")
    application = services.application_apply(trainee=world["lim"], opening=mine)
    theirs = Opening.objects.get(external_id="THEIRS")

    for url in ["/employers/openings/MINE/matches/", "/employers/openings/MINE/applicants/",
                "/employers/openings/NOPE/matches/", "/api/employers/openings/MINE/applications",
                f"/api/employers/contact-requests/{request.pk}", "/api/employers/contact-requests/99999",
                "/api/matching/openings/MINE/graduates"]:
        assert rival.get(url).status_code == 404, url
    for url, data in [(f"/employers/requests/{request.pk}/withdraw/", {}),
                      (f"/employers/applications/{application.pk}/status/", {"status": "rejected"}),
                      (f"/employers/applications/{application.pk}/hire/",
                       {"start_date": "2026-03-01", "wage_thb": "450", "wage_unit": "day"})]:
        assert rival.post(url, data).status_code == 404, url
    for url, data in [(f"/api/employers/contact-requests/{request.pk}/withdraw", {}),
                      (f"/api/employers/applications/{application.pk}/status", {"status": "rejected"}),
                      (f"/api/employers/applications/{application.pk}/hire",
                       {"start_date": "2026-03-01", "wage_thb": "450.00"})]:
        assert rival.post(url, data, content_type="application/json").status_code == 404, url
    # a request naming someone else's opening, in the form or in JSON
    assert rival.post("/employers/graduates/G-STD/contact/", {"opening": "MINE"}).status_code in (302, 404)
    assert rival.post("/api/employers/contact-requests", {"graduate": "G-STD", "opening": "MINE"},
                      content_type="application/json").status_code == 404
    assert not ContactRequest.objects.filter(employer=world["theirs"], opening=mine).exists()
    # graduates cannot touch each other's requests, applications or placements
    other = _client(world["lim"].user)
    assert other.post(f"/me/requests/{request.pk}/answer/", {"answer": "accept"}).status_code == 404
    assert other.post(f"/api/employers/me/contact-requests/{request.pk}/answer", {"accept": True},
                      content_type="application/json").status_code == 404
    placement = services.placement_record(trainee=world["std"], employer=world["mine"], start_date=world["today"],
                                          wage_thb="450")
    assert other.post(f"/me/placements/{placement.pk}/confirm/").status_code == 404
    assert other.post(f"/api/employers/me/placements/{placement.pk}/confirm").status_code == 404
    assert _client(world["std"].user).post(f"/me/applications/{application.pk}/withdraw/").status_code == 404
    # the owner's own view still works, and nothing was changed by the intruders
    assert shop.get("/employers/openings/MINE/applicants/").status_code == 200
    assert shop.get("/employers/openings/THEIRS/applicants/").status_code == 404
    assert theirs.applications.count() == 0
    request.refresh_from_db(), application.refresh_from_db(), placement.refresh_from_db()
    assert request.status == "sent" and application.status == "applied" and placement.confirmed_by_graduate_at is None
    # bad input is a clear answer, never a 500
    assert shop.get("/employers/search/?skills=nope&radius_km=abc").status_code == 400
    assert shop.get("/employers/openings/MINE/matches/?page=abc").status_code == 200
    assert shop.post(f"/api/employers/applications/{application.pk}/hire", {"start_date": "x", "wage_thb": "abc"},
                     content_type="application/json").status_code == 422
    assert shop.post(f"/employers/applications/{application.pk}/hire/", {"start_date": "x"}).status_code == 302
    assert not Placement.objects.filter(application=application).exists()


@pytest.mark.django_db
def test_consent_withdrawal_makes_requests_impossible(world):
    shop, graduate = _client(world["owner"]), _client(world["std"].user)
    accepted = services.contact_request_send(employer=world["mine"], sent_by=world["owner"], trainee=world["std"])
    services.contact_request_answer(contact_request=accepted, by=world["std"].user, accept=True)
    assert shop.get("/api/employers/graduates/G-STD").json()["phone"] == "0891234567"
    pending = services.contact_request_send(employer=world["theirs"], sent_by=world["rival"], trainee=world["std"])

    employer_world.withdraw_consent(world["std"])
    assert shop.get("/employers/graduates/G-STD/").status_code == 404
    assert shop.post("/employers/graduates/G-STD/contact/", {"message": "อีกครั้ง"}).status_code == 404
    assert shop.post("/api/employers/contact-requests", {"graduate": "G-STD"},
                     content_type="application/json").status_code == 404
    with pytest.raises(NotDiscoverable):
        services.contact_request_send(employer=world["mine"], sent_by=world["owner"], trainee=world["std"],
                                      opening=Opening.objects.get(external_id="MINE"))
    with pytest.raises(NotDiscoverable):
        services.shortlist_add(employer=world["mine"], by=world["owner"], trainee=world["std"])
    answer = graduate.post(f"/api/employers/me/contact-requests/{pending.pk}/answer", {"accept": True},
                           content_type="application/json")
    assert answer.status_code == 400
    pending.refresh_from_db()
    assert pending.status == "sent"
    # the earlier acceptance no longer reveals anything once consent is gone
    from employers.selectors import contact_revealed

    assert not contact_revealed(world["mine"], world["std"])
    assert shop.get("/api/employers/contact-requests").json()[0]["phone"] is None
    # the graduate can still say no
    assert graduate.post(f"/me/requests/{pending.pk}/answer/", {"answer": "decline"}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == "declined"


@pytest.mark.django_db
def test_apply_shortlist_hire_and_placement_confirm(world):
    graduate, shop = _client(world["std"].user), _client(world["owner"])
    assert graduate.post("/me/openings/MINE/apply/", {"message": "พร้อมเริ่มงานทันที"}).status_code == 302
    application = Application.objects.get(trainee=world["std"], opening__external_id="MINE")
    assert application.status == "applied"
    assert messages_to("0811111111", "application_received").count() == 1
    graduate.post("/me/openings/MINE/apply/", {})
    assert Application.objects.filter(trainee=world["std"]).count() == 1
    assert graduate.post("/me/openings/NOPE/apply/").status_code == 404

    page = shop.get("/employers/openings/MINE/applicants/").content.decode()
    assert "ชื่อ G-STD" in page and "0891234567" in page and "พร้อมเริ่มงานทันที" in page
    shop.post(f"/employers/applications/{application.pk}/status/", {"status": "shortlisted"})
    application.refresh_from_db()
    assert application.status == "shortlisted"
    assert messages_to("0891234567", "application_update").count() == 1

    low = shop.post(f"/employers/applications/{application.pk}/hire/",
                    {"start_date": world["today"].isoformat(), "wage_thb": "200", "wage_unit": "day"}, follow=True)
    assert "ค่าแรงขั้นต่ำ" in low.content.decode() and not Placement.objects.exists()
    start = world["today"] + timedelta(days=7)
    shop.post(f"/employers/applications/{application.pk}/hire/",
              {"start_date": start.isoformat(), "wage_thb": "450.50", "wage_unit": "day"})
    application.refresh_from_db()
    placement = Placement.objects.get(application=application)
    assert application.status == "hired" and placement.start_date == start and str(placement.wage_thb) == "450.50"
    assert Opening.objects.get(external_id="MINE").status == "filled"  # one position, now filled
    assert messages_to("0891234567", "placement_recorded").count() == 1
    assert graduate.post("/me/openings/MINE/apply/").status_code == 404  # filled openings take no applications

    mine = graduate.get("/me/placements/").content.decode()
    assert SHOP_NAME in mine and "ยืนยันว่าได้งานนี้" in mine
    assert graduate.post(f"/me/placements/{placement.pk}/confirm/").status_code == 302
    placement.refresh_from_db()
    first = placement.confirmed_by_graduate_at
    assert first is not None
    again = graduate.post(f"/api/employers/me/placements/{placement.pk}/confirm").json()
    assert again["confirmed_by_graduate_at"] is not None
    placement.refresh_from_db()
    assert placement.confirmed_by_graduate_at == first  # idempotent
    with pytest.raises(SaphanError):
        services.application_hire(application=application, by=world["owner"], start_date=start, wage_thb="450")


@pytest.mark.django_db
def test_api_applications_and_withdrawal(world):
    graduate, shop = _client(world["lim"].user), _client(world["owner"])
    made = graduate.post("/api/employers/openings/MINE/applications", {"message": "สนใจครับ"},
                         content_type="application/json")
    assert made.status_code == 201 and made.json()["status"] == "applied"
    dup = graduate.post("/api/employers/openings/MINE/applications", {}, content_type="application/json")
    assert dup.status_code == 400 and dup.json()["message_en"]
    listed = shop.get("/api/employers/openings/MINE/applications").json()
    assert [(a["graduate"], a["phone"]) for a in listed] == [("G-LIM", "0897654321")]
    bad = shop.post(f"/api/employers/applications/{made.json()['id']}/status", {"status": "hired"},
                    content_type="application/json")
    assert bad.status_code == 422
    withdrawn = graduate.post(f"/api/employers/me/applications/{made.json()['id']}/withdraw").json()
    assert withdrawn["status"] == "withdrawn"
    assert shop.get("/api/employers/openings/MINE/applications").json()[0]["phone"] is None
    assert [a["status"] for a in graduate.get("/api/employers/me/applications").json()] == ["withdrawn"]
    hire = shop.post(f"/api/employers/applications/{made.json()['id']}/hire",
                     {"start_date": world["today"].isoformat(), "wage_thb": "450.00"}, content_type="application/json")
    assert hire.status_code == 400 and not Placement.objects.exists()


@pytest.mark.django_db
def test_profile_page_views_are_logged_and_shown_to_the_graduate(world):
    shop = _client(world["owner"])
    assert shop.get("/employers/graduates/G-STD/").status_code == 200
    assert shop.get("/employers/graduates/G-STD/").status_code == 200
    assert shop.get("/employers/graduates/G-HIDDEN/").status_code == 404
    views = ProfileView.objects.filter(trainee=world["std"], employer=world["mine"], viewer=world["owner"])
    assert views.count() == 2 and set(views.values_list("context", flat=True)) == {"profile page"}
    assert not ProfileView.objects.filter(trainee=world["hidden"]).exists()
    page = _client(world["std"].user).get("/me/viewers/").content.decode()
    assert page.count(SHOP_NAME) == 2
    assert "ยังไม่มีร้าน" in _client(world["lim"].user).get("/me/viewers/").content.decode()


@pytest.mark.django_db
def test_search_matches_and_openings_for_you_show_the_explanation(world):
    shop = _client(world["owner"])
    page = shop.get("/employers/search/?skills=ev.battery.safety&district=4010&radius_km=30&available_only=on")
    html = page.content.decode()
    assert page.status_code == 200 and "G-LIM" in html and "ชื่อ G-STD" in html and "G-HIDDEN" not in html
    assert "ไม่เกิน 5 กม." in html and "4.4 กม." not in html and "มีทักษะที่จำเป็น 1/1 ทักษะ" in html and "มีใบรับรอง" in html
    certified = shop.get("/employers/search/?skills=ev.battery.safety&district=4010&radius_km=30&certified_only=on")
    assert "ชื่อ G-STD" in certified.content.decode() and "G-LIM" not in certified.content.decode()
    matches = shop.get("/employers/openings/MINE/matches/").content.decode()
    assert "ชื่อ G-STD" in matches and "G-LIM" in matches and "กม." in matches
    assert "G-LIM" not in shop.get("/employers/openings/MINE/matches/?certified=1").content.decode()
    with translation.override("en"):  # one language per page: the English page says it in English only
        assert km(4.44) == "4.4 km"
        english = shop.get("/en/employers/openings/MINE/matches/").content.decode()
    assert "Distance: within 5 km, inside the shop" in english and "กม." not in english  # the band, not km
    assert "Distance:" not in matches and "4.4 km" not in english
    assert ProfileView.objects.count() == 0  # a list of results is not a profile view

    mine = _client(world["std"].user).get("/me/openings/").content.decode()
    assert "ช่างซ่อมแบตเตอรี่" in mine and SHOP_NAME in mine and "สมัครงานนี้" in mine and "กม." in mine
    dashboard = shop.get("/employers/").content.decode()
    assert "ช่างซ่อมแบตเตอรี่" in dashboard


@pytest.mark.django_db
def test_shortlist_and_dashboard(world):
    shop = _client(world["owner"])
    shop.post("/employers/graduates/G-LIM/shortlist/", {"note": "ฝีมือดี นัดสัมภาษณ์"})
    entry = ShortlistEntry.objects.get(employer=world["mine"], trainee=world["lim"])
    assert entry.note == "ฝีมือดี นัดสัมภาษณ์"
    services.contact_request_send(employer=world["mine"], sent_by=world["owner"], trainee=world["std"])
    html = shop.get("/employers/").content.decode()
    assert "ฝีมือดี นัดสัมภาษณ์" in html and "G-STD" in html and "รอผู้สำเร็จการฝึกตอบ" in html  # worded from the shop's side
    shop.post("/employers/graduates/G-LIM/shortlist/", {"remove": "1"})
    assert not ShortlistEntry.objects.exists()
    assert _client(world["std"].user).get("/employers/").status_code == 403
    assert Client().get("/employers/").status_code == 302  # log in first


def test_contact_and_application_api_is_documented(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ["/api/employers/contact-requests", "/api/employers/me/contact-requests/{request_id}/answer",
                 "/api/employers/openings/{external_id}/applications",
                 "/api/employers/applications/{application_id}/hire",
                 "/api/employers/me/placements/{placement_id}/confirm"]:
        assert path in paths, path




@pytest.mark.django_db
def test_the_dashboard_stops_naming_a_graduate_who_withdrew_consent(world):
    """Issue 22 item 10: names from accepted requests (and the shortlist) disappear once consent is withdrawn."""
    shop = _client(world["owner"])
    for key in ("lim", "std"):
        accepted = services.contact_request_send(employer=world["mine"], sent_by=world["owner"], trainee=world[key])
        services.contact_request_answer(contact_request=accepted, by=world[key].user, accept=True)
    services.shortlist_add(employer=world["mine"], by=world["owner"], trainee=world["std"])
    before = shop.get("/employers/").content.decode()
    assert "ชื่อ G-LIM" in before and "ชื่อ G-STD" in before and "ผู้สมัครถอนความยินยอมแล้ว" not in before

    employer_world.withdraw_consent(world["std"])
    page = shop.get("/employers/").content.decode()
    assert "ชื่อ G-STD" not in page and "/employers/graduates/G-STD/" not in page
    assert page.count("ผู้สมัครถอนความยินยอมแล้ว") == 2  # the accepted request and the shortlist entry
    assert "ชื่อ G-LIM" in page  # the other graduate still agrees
    listed = {r["graduate"]: r for r in shop.get("/api/employers/contact-requests").json()}
    assert listed["G-STD"]["name"] is None and listed["G-STD"]["phone"] is None
    assert listed["G-LIM"]["name"] == "ชื่อ G-LIM"

"""A shop registers with its DBD number, prepares draft openings, is verified by staff in the Wagtail admin, then
publishes and searches; members and roles; bad input gets Thai errors and writes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from employers.models import Employer, EmployerMember, Opening, Verification
from tests.factories import dbd_number, make_user

OPENING = {"title": "ช่างซ่อมรถไฟฟ้า", "description": "ซ่อมแบตเตอรี่และมอเตอร์", "required_skills": ["ev.battery.safety"],
           "min_level": "1", "nice_skills": ["ev.bms.diagnose"], "district": "4010", "radius_km": "50",
           "wage_min_thb": "400", "wage_max_thb": "550", "wage_unit": "day", "shift": "08:00-17:00", "positions": "2",
           "closing_date": "", "status": "open"}


@pytest.mark.django_db
def test_register_draft_verify_publish_and_search(reference_data):
    owner = make_user(username="owner", phone="0831110000")
    shop = Client()
    shop.force_login(owner)
    assert shop.get("/employers/").url.endswith("/employers/register/")
    wrong_check_digit = dbd_number()[:-1] + str((int(dbd_number()[-1]) + 1) % 10)
    form = {"name": "ร้านบ้านไผ่มอเตอร์", "kind": "repair_shop", "dbd_number": wrong_check_digit,
            "address": "12 ถ.มิตรภาพ", "district": "4010", "phone": "043-000-000", "lat": "", "lon": ""}
    page = shop.post("/employers/register/", form).content.decode()
    assert "เลขทะเบียนนิติบุคคลไม่ถูกต้อง" in page and not Employer.objects.exists()
    form.update(dbd_number=dbd_number(), phone="081-222-3333")
    assert shop.post("/employers/register/", form).status_code == 302
    employer = Employer.objects.get()
    assert employer.dbd_number == dbd_number() and not employer.is_verified
    assert EmployerMember.objects.get(employer=employer).role == "owner"

    page = shop.post("/employers/openings/new/", OPENING).content.decode()
    assert "ฉบับร่าง" in page and not Opening.objects.exists()  # unverified: no open opening
    assert shop.post("/employers/openings/new/", dict(OPENING, status="draft")).status_code == 302
    draft = Opening.objects.get()
    assert draft.status == "draft" and draft.external_id and draft.skills.count() == 2
    assert shop.get("/employers/search/?skills=ev.battery.safety&radius_km=30").status_code == 403

    for bad, message in ((dict(OPENING, status="draft", description="รับเฉพาะผู้ชายเท่านั้น"), "เพศ"),
                         (dict(OPENING, status="draft", wage_min_thb="200", wage_max_thb="300"), "ค่าจ้าง"),
                         (dict(OPENING, status="draft", required_skills=[]), "ทักษะ")):
        page = shop.post(f"/employers/openings/{draft.external_id}/edit/", bad)
        assert page.status_code == 200 and message in page.content.decode()
    draft.refresh_from_db()
    assert draft.description == "ซ่อมแบตเตอรี่และมอเตอร์" and draft.wage_min_thb == 400

    staff = get_user_model().objects.create_superuser(username="verifier", password="pw-Secret-123")
    desk = Client()
    desk.force_login(staff)
    assert "ร้านบ้านไผ่มอเตอร์" in desk.get("/cms/employers/").content.decode()
    assert desk.post(f"/cms/employers/{employer.pk}/verify/", {"method": "teleport"}).status_code == 302
    assert not Verification.objects.exists()
    desk.post(f"/cms/employers/{employer.pk}/verify/", {"method": "visit", "note": "ไปที่ร้าน 28 พ.ย."})
    employer.refresh_from_db()
    assert employer.is_verified and Verification.objects.get().verified_by == staff

    assert shop.post(f"/employers/openings/{draft.external_id}/edit/", OPENING).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "open"
    assert shop.get("/employers/search/?skills=ev.battery.safety&radius_km=30").status_code in (200, 503)

    clerk = make_user(username="clerk", phone="0841110000")
    client = Client()
    client.force_login(clerk)
    assert client.get("/cms/employers/").status_code in (302, 403)
    assert client.post(f"/cms/employers/{employer.pk}/verify/", {"method": "visit"}).status_code in (302, 403)


@pytest.mark.django_db
def test_members_and_other_shops_openings(reference_data):
    from courses.models import District
    from employers.services import employer_register

    owner = make_user(username="owner", phone="0831110000")
    rival = make_user(username="rival", phone="0832220000")
    district = District.objects.get(code="4010")
    mine = employer_register(user=owner, name="ร้านเอ", kind="repair_shop", dbd_number=dbd_number(),
                             address="ก", district=district)
    employer_register(user=rival, name="ร้านบี", kind="dealer", dbd_number=dbd_number("010555300124"),
                      address="ข", district=district)
    draft = Opening.objects.create(employer=mine, title="ร่าง", district=district, lat=16.06, lon=102.73,
                                   wage_min_thb=400, wage_max_thb=500, status="draft", external_id="O-A-1")
    client = Client()
    client.force_login(rival)
    assert client.get(f"/employers/openings/{draft.external_id}/edit/").status_code == 404
    assert client.post(f"/employers/openings/{draft.external_id}/edit/",
                       dict(OPENING, status="draft")).status_code == 404

    colleague = make_user(username="colleague", phone="0833330000")
    shop = Client()
    shop.force_login(owner)
    assert shop.post("/employers/members/", {"phone": "0899999999", "role": "recruiter"}).status_code == 302
    assert shop.post("/employers/members/", {"phone": "083-333-0000", "role": "recruiter"}).status_code == 302
    assert not EmployerMember.objects.filter(user=colleague).exists()  # invited, not added (issue 22)
    from employers.models import MemberInvitation

    invited = Client()
    invited.force_login(colleague)
    token = MemberInvitation.objects.get(phone="0833330000").token
    assert invited.post(f"/employers/invitations/{token}/").status_code == 302
    assert EmployerMember.objects.get(user=colleague).role == "recruiter"
    recruiter = Client()
    recruiter.force_login(colleague)
    page = recruiter.post("/employers/members/", {"phone": "0832220000", "role": "owner"}).content.decode()
    assert "เฉพาะเจ้าของร้าน" in page and not EmployerMember.objects.filter(user=rival, employer=mine).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("shop_phone, stored", [
    ("043-123-456", "043123456"), ("๐๒-๑๒๓-๔๕๖๗", "021234567"), ("+66 43 777 123", "043777123"),
    ("081-222-3333", "0812223333"),
])
def test_a_shop_signs_up_with_its_landline_and_its_owner_with_a_mobile(shop_phone, stored, reference_data):
    """The shop's phone may be a fixed line (many shops answer one); the owner's log-in phone may not."""
    business = {"name": "ร้านเบอร์บ้าน", "kind": "repair_shop", "dbd_number": dbd_number(),
                "address": "1 ถ.มิตรภาพ", "district": "4010", "phone": shop_phone, "lat": "", "lon": ""}
    visitor = Client()
    refused = visitor.post("/employers/register/", {**business, "owner-owner_phone": "043-123-456",
                                                    "owner-password": "ร้านซ่อม-2026"})
    assert refused.status_code == 200 and "เบอร์มือถือไม่ถูกต้อง" in refused.content.decode()
    assert not Employer.objects.exists() and not get_user_model().objects.exists()
    done = visitor.post("/employers/register/", {**business, "owner-owner_phone": "085-111-2222",
                                                 "owner-password": "ร้านซ่อม-2026"})
    assert done.status_code == 302
    assert Employer.objects.get().phone == stored
    assert EmployerMember.objects.get().user.phone == "0851112222"


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["043-123-4567", "043-12-345", "02-123-456", "043123456x"])
def test_a_shop_phone_that_is_no_thai_number_is_a_clear_error(bad, reference_data):
    shop = Client()
    shop.force_login(make_user(username="owner", phone="0831110000"))
    page = shop.post("/employers/register/", {
        "name": "ร้านเบอร์ผิด", "kind": "repair_shop", "dbd_number": dbd_number(), "address": "1 ถ.มิตรภาพ",
        "district": "4010", "phone": bad, "lat": "", "lon": ""})
    assert page.status_code == 200 and "เบอร์โทรร้านไม่ถูกต้อง" in page.content.decode()
    assert not Employer.objects.exists()

"""Issue 22 items 5 and 6: nobody learns who has an account (shop invitations, national IDs), nobody is added to
a shop without accepting, SMS carry no words typed by users, senders are limited, and a seat is held only for a
verified phone. Real PostgreSQL and Redis (the rate limits count in the cache)."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from accounts.models import OutboundMessage
from employers.models import Employer, EmployerMember, MemberInvitation
from tests.factories import make_shop_owner
from trainees.models import IdentityReview, TraineeProfile
from trainees.services import trainee_sign_up

PASSWORD = "ev-repair-2026"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _strip_token(text: str) -> str:
    return re.sub(r"/employers/invitations/[^/]+/", "/employers/invitations/<token>/", text)


@pytest.mark.django_db
def test_inviting_a_phone_answers_the_same_with_or_without_an_account_and_adds_nobody(settings):
    owner, shop = make_shop_owner(password=PASSWORD)
    existing = get_user_model().objects.create_user(username="0833334444", password=PASSWORD, phone="0833334444")
    client = _client(owner)
    answers = {}
    for phone in ("0833334444", "0877776666"):  # an account / no account
        response = client.post("/employers/members/", {"phone": phone, "role": "recruiter"}, follow=True)
        page = response.content.decode()
        answers[phone] = (response.status_code, response.redirect_chain,
                          re.findall(r'<(?:div|p|li) class="msg[^"]*">(.*?)</', page))
    assert answers["0833334444"] == answers["0877776666"]  # no oracle: status, redirect and message all equal
    assert "ส่งคำเชิญทาง SMS แล้ว" in str(answers["0833334444"])
    assert not EmployerMember.objects.filter(user=existing).exists()  # nobody is added without accepting
    bodies = [_strip_token(m.body) for m in OutboundMessage.objects.filter(kind="employer_invitation").order_by("pk")]
    assert len(bodies) == 2 and bodies[0] == bodies[1]
    assert shop.name not in bodies[0]  # no words typed by users (the shop's name) under the Saphan sender

    invitation = MemberInvitation.objects.get(phone="0833334444")
    url = f"/employers/invitations/{invitation.token}/"
    assert Client().get(url).status_code == 302  # log in first
    someone_else = get_user_model().objects.create_user(username="other", password=PASSWORD, phone="0855556666")
    assert _client(someone_else).get(url).status_code == 404  # not your phone: as if it did not exist
    assert _client(someone_else).post(url).status_code == 404
    assert _client(existing).get("/employers/invitations/made-up-token/").status_code == 404
    invitee = _client(existing)
    page = invitee.get(url)
    assert page.status_code == 200 and shop.name in page.content.decode()
    assert invitee.post(url).status_code == 302
    assert EmployerMember.objects.get(user=existing, employer=shop).role == "recruiter"
    assert invitee.get(url).status_code == 404  # used once
    expired = MemberInvitation.objects.get(phone="0877776666")
    MemberInvitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    late = get_user_model().objects.create_user(username="0877776666", password=PASSWORD, phone="0877776666")
    assert _client(late).post(f"/employers/invitations/{expired.token}/").status_code == 404
    assert not EmployerMember.objects.filter(user=late).exists()


@pytest.mark.django_db
def test_invitations_are_limited_per_sender(settings):
    settings.SAPHAN_RATE_MEMBER_INVITES = "3/h"
    owner, shop = make_shop_owner(password=PASSWORD)
    client = _client(owner)
    for i in range(3):
        assert client.post("/employers/members/", {"phone": f"086000000{i}", "role": "recruiter"}).status_code == 302
    blocked = client.post("/employers/members/", {"phone": "0860000009", "role": "recruiter"})
    assert blocked.status_code == 429 and "กรุณารอ 1 ชั่วโมง" in blocked.content.decode()
    assert not OutboundMessage.objects.filter(to="0860000009").exists()
    assert MemberInvitation.objects.filter(employer=shop).count() == 3
    # another shop's owner has their own allowance
    other = get_user_model().objects.create_user(username="owner-f", password=PASSWORD, phone="0811113333")
    EmployerMember.objects.create(employer=Employer.objects.create(name="ร้านอื่น", district=shop.district),
                                  user=other, role="owner")
    assert _client(other).post("/employers/members/", {"phone": "0860000009", "role": "recruiter"}).status_code == 302


def _profile_form(**changes) -> dict:
    form = {"full_name": "สมหญิง ทดสอบ", "birth_date": "2000-01-01", "district": "4001", "education": "m3",
            "out_of_school": "on", "email": "", "national_id": "", "guardian_name": "", "guardian_phone": "",
            "max_commute_km": "25", "available": "on", "preferred_language": "th"}
    return {**form, **changes}


HELD_ID, FREE_ID = "1101700230708", "1101700203450"


@pytest.mark.django_db
def test_a_national_id_held_by_another_account_answers_like_any_other_and_goes_to_staff(
        settings, reference_data):
    holder = trainee_sign_up(phone="0862220001", password=PASSWORD, full_name="เจ้าของเลข",
                             birth_date=date(2000, 1, 1), district_code="4001", national_id=HELD_ID)
    prober = trainee_sign_up(phone="0862220002", password=PASSWORD, full_name="คนลอง", birth_date=date(2000, 1, 1),
                             district_code="4001")
    fresh = trainee_sign_up(phone="0862220003", password=PASSWORD, full_name="คนใหม่", birth_date=date(2000, 1, 1),
                            district_code="4001")
    answers = []
    for trainee, national_id in ((prober, HELD_ID), (fresh, FREE_ID)):
        client = _client(trainee.user)
        response = client.post("/me/profile/", _profile_form(national_id=national_id), follow=True)
        page = client.get("/me/profile/").content.decode()
        answers.append((response.status_code, [m.message for m in response.context["messages"]],
                        "x-xxxx-xxxxx-" in page, "มีบัญชีแล้ว" in page + response.content.decode()))
    assert answers[0] == answers[1] == (200, ["บันทึกข้อมูลแล้ว"], True, False)
    prober.refresh_from_db()
    fresh.refresh_from_db()
    assert prober.national_id_hash == "" and prober.national_id_last4 == HELD_ID[-4:]  # kept aside, shown the same
    assert fresh.national_id_hash and fresh.national_id_last4 == FREE_ID[-4:]
    review = IdentityReview.objects.get()
    assert (review.trainee == prober
            and review.national_id_hash == TraineeProfile.objects.get(pk=holder.pk).national_id_hash)
    # a malformed ID is still a clear error (it tells nothing about anyone else)
    bad = _client(fresh.user).post("/me/profile/", _profile_form(national_id="1101700230709"))
    assert "เลขประจำตัวประชาชนไม่ถูกต้อง" in bad.content.decode()


@pytest.mark.django_db
def test_national_id_entries_are_limited_per_account(settings, reference_data):
    settings.SAPHAN_RATE_NATIONAL_ID = "2/h"
    trainee = trainee_sign_up(phone="0862220004", password=PASSWORD, full_name="คนลองหลายเลข",
                              birth_date=date(2000, 1, 1), district_code="4001")
    client = _client(trainee.user)
    assert client.post("/me/profile/", _profile_form(national_id=FREE_ID)).status_code == 302
    assert client.post("/me/profile/", _profile_form(national_id=HELD_ID)).status_code == 302
    blocked = client.post("/me/profile/", _profile_form(national_id=FREE_ID))
    assert blocked.status_code == 429 and "กรุณารอ 1 ชั่วโมง" in blocked.content.decode()
    assert client.post("/me/profile/", _profile_form(full_name="แก้ชื่ออย่างเดียว")).status_code == 302  # no ID: fine


# --- item 6: SMS abuse and seat hoarding --------------------------------------------------------------------


def _verify_code(phone: str) -> str:
    body = OutboundMessage.objects.filter(to=phone, kind__startswith="otp").order_by("-pk").first().body
    return next(word for word in body.split() if word.isdigit() and len(word) == 6)


@pytest.mark.django_db
def test_an_unverified_phone_holds_no_seat_and_comes_back_to_the_enrolment_once_verified():
    from payments.models import Invoice
    from trainees.exceptions import PhoneNotVerified
    from trainees.models import Enrollment
    from trainees.tests.test_consent_steps import _paid_cohort

    cohort = _paid_cohort()  # a paid cohort: a seat there also reserves a unique PromptPay amount for 48 h
    youth = trainee_sign_up(phone="0863330001", password=PASSWORD, full_name="ผู้ใช้ใหม่",
                            birth_date=date(timezone.localdate().year - 22, 1, 1), district_code="4010")
    assert youth.user.phone_verified_at is None
    with pytest.raises(PhoneNotVerified):
        from trainees.services import apply_with_consent

        apply_with_consent(trainee=youth, cohort=cohort, training_consent=True)
    client = _client(youth.user)
    apply_url = f"/cohorts/{cohort.pk}/apply/"
    verify_url = f"/me/verify-phone/?next={apply_url}"  # quote() keeps slashes
    for response in (client.get(apply_url), client.post(apply_url, {"training_consent": "on"})):
        assert response.status_code == 302 and response.url == verify_url
    assert not Enrollment.objects.exists() and not Invoice.objects.exists()  # no seat, no amount reserved

    assert client.post(verify_url, {"action": "send"}).url == verify_url
    done = client.post(verify_url, {"code": _verify_code("0863330001")})
    assert done.status_code == 302 and done.url == apply_url  # back to the enrolment it came from
    youth.user.refresh_from_db()
    assert youth.user.phone_verified_at is not None
    assert client.post(apply_url, {"training_consent": "on"}).status_code == 302
    enrollment = Enrollment.objects.get(trainee=youth)
    assert enrollment.status == "awaiting_payment" and Invoice.objects.filter(payable_ref=str(enrollment.pk)).exists()
    # a forged next never sends anyone off the site
    assert client.post("/me/verify-phone/?next=https://evil.example/", {"action": "send"}).url.startswith(
        "/me/verify-phone/?next=/me/")


@pytest.mark.django_db
def test_the_guardian_sms_carries_no_typed_words_and_is_limited_per_sender(settings, reference_data):
    settings.SAPHAN_RATE_GUARDIAN_REQUESTS = "2/h"
    today = timezone.localdate()
    phishing = "ธนาคารแจ้ง บัญชีถูกระงับ โอนเงินคืนที่ bit.ly/x"
    minor = trainee_sign_up(phone="0864440001", password=PASSWORD, full_name=phishing,
                            birth_date=date(today.year - 17, 1, 1), district_code="4010")
    client = _client(minor.user)
    form = {"guardian_name": "ลิงก์ปลอม bit.ly/y", "guardian_phone": "0864440099"}
    assert client.post("/me/privacy/guardian/", form).status_code == 302
    body = OutboundMessage.objects.get(to="0864440099", kind="otp_guardian").body
    assert "bit.ly" not in body and "ธนาคาร" not in body and "ลิงก์ปลอม" not in body
    assert "xxx-xxx-0001" in body  # the child is named by their account's phone's last digits only
    assert client.post("/me/privacy/guardian/", dict(form, guardian_phone="0864440098")).status_code == 302
    page = client.post("/me/privacy/guardian/", dict(form, guardian_phone="0864440097"), follow=True)
    assert "กรุณารอ 1 ชั่วโมง" in page.content.decode()
    assert not OutboundMessage.objects.filter(to="0864440097").exists()
    assert OutboundMessage.objects.filter(kind="otp_guardian").count() == 2


def _sign_up_form(phone: str, name: str, national_id: str) -> dict:
    return {"phone": phone, "full_name": name, "birth_date": "01/01/2543", "district": "4001",
            "national_id": national_id, "password": PASSWORD, "training_consent": "on"}


def _page_text(html: str, *own: str) -> str:
    """What the person reads, without their own name and number and the per-form token."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    for value in own:
        text = text.replace(value, "<own>")
    return text


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_signing_up_with_a_national_id_another_account_holds_answers_like_any_sign_up(prefix, reference_data):
    """Sign-up answered "เลขประจำตัวประชาชนนี้มีบัญชีแล้ว" for an ID already held: anyone could test whose ID
    has an account. Now the second account is created like the first, the ID kept aside for staff
    (IdentityReview)."""
    answers = []
    for phone, name in (("0862220011", "คนแรก ทดสอบ"), ("0862220012", "คนสอง ทดสอบ")):
        client = Client()
        response = client.post(f"{prefix}/signup/", _sign_up_form(phone, name, "1-1017-00230-70-8"),
                               follow=True)
        profile_page = client.get(f"{prefix}/me/profile/")
        ref = TraineeProfile.objects.get(user__phone=phone).public_ref
        own = (name, phone, f"{phone[:3]}-{phone[3:6]}-{phone[6:]}", ref)
        answers.append((response.status_code, response.redirect_chain,
                        _page_text(response.content.decode(), *own),
                        profile_page.status_code, _page_text(profile_page.content.decode(), *own)))
    assert answers[0][:2] == answers[1][:2] == (200, [(f"{prefix}/me/", 302)]) and answers[0][3] == 200
    assert answers[0] == answers[1]  # status, redirects and every word on both pages, apart from their own
    assert "มีบัญชีแล้ว" not in answers[1][2] and "already has an account" not in answers[1][2]
    assert "x-xxxx-xxxxx-07-0" in answers[1][4]  # shown as attached, as for the first
    first, second = (TraineeProfile.objects.get(user__phone=p) for p in ("0862220011", "0862220012"))
    assert first.national_id_hash and second.national_id_hash == "" and second.national_id_last4 == "0708"
    review = IdentityReview.objects.get()
    assert review.trainee == second and review.national_id_hash == first.national_id_hash

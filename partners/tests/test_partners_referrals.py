"""Referrals on real PostgreSQL: consent, dedup, linking at sign-up, and partner isolation."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model

from config.errors import NotAllowed
from partners.models import Referral
from partners.referrals import referral_confirm, referral_create, referrals_visible_to
from tests.factories import make_officer
from tests.helpers import messages_to, referral_status


def _sign_up(phone, token=""):
    from courses.models import District
    from tests.factories import reference_data
    from trainees.services import trainee_sign_up

    reference_data()
    return trainee_sign_up(phone=phone, password="x-Secret-123", full_name="น้องเอ", birth_date=dt.date(2008, 1, 1),
                           district_code=District.objects.order_by("code").first().code, referral_token=token)


@pytest.mark.django_db(transaction=True)
def test_referral_dedup_link_and_status():
    a = make_officer(partner_name="โรงเรียน ก", username="a1")
    r = referral_create(user=a, full_name="น้องเอ", phone="081-555-0001", consent_by="guardian")
    assert r.consent_by == "guardian" and r.consent_at and referral_status(r) == "referred"
    assert referral_create(user=a, full_name="น้องเอ", phone="0815550001", consent_by="self").pk == r.pk
    assert Referral.objects.count() == 1
    trainee = _sign_up("0815550001", token=r.token)
    r.refresh_from_db()
    assert r.trainee_id is None and referral_status(r) == "referred"  # signing up links nothing by itself
    trainee.user.phone_verified_at = dt.datetime.now(dt.UTC)
    trainee.user.save()
    referral_confirm(trainee=trainee, referral_id=r.pk, confirm=True)
    r.refresh_from_db()
    assert r.trainee_id == trainee.pk and referral_status(r) == "signed_up"
    b = make_officer(partner_name="อบต. ข", username="b1")
    r2 = referral_create(user=b, full_name="น้องเอ", phone="0815550001", consent_by="self")
    assert r2.trainee_id is None  # another partner's referral waits for the youth's own confirmation
    from trainees.models import TraineeProfile
    assert TraineeProfile.objects.count() == 1


@pytest.mark.django_db
def test_partner_sees_only_own_referrals_and_consent_required():
    a = make_officer(partner_name="โรงเรียน ก", username="a1")
    b = make_officer(partner_name="อบต. ข", username="b1")
    ra = referral_create(user=a, full_name="หนึ่ง", phone="0815550001", consent_by="self")
    referral_create(user=b, full_name="สอง", phone="0815550002", consent_by="self")
    assert list(referrals_visible_to(a)) == [ra]
    assert not referrals_visible_to(b).filter(pk=ra.pk).exists()
    outsider = get_user_model().objects.create_user(username="x", password="pw-Secret-1")
    assert referrals_visible_to(outsider).count() == 0
    with pytest.raises(NotAllowed):
        referral_create(user=outsider, full_name="สาม", phone="0815550003", consent_by="self")
    with pytest.raises(NotAllowed) as exc:
        referral_create(user=a, full_name="สาม", phone="0815550003", consent_by="")
    assert "ยินยอม" in exc.value.message_th
    from trainees.exceptions import InvalidPhone
    with pytest.raises(InvalidPhone):
        referral_create(user=a, full_name="สาม", phone="12ab", consent_by="self")
    assert Referral.objects.count() == 2


# ---------------------------------------------------------------------------------------------------------------
# Invitation, officer pages, isolation by editing ids



def _invite_path(phone):
    body = messages_to(phone, "referral_invitation").get().body
    url = re.search(r"https?://\S+", body).group(0)
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query), url


@pytest.mark.django_db
def test_officer_refers_youth_invitation_prefills_sign_up_and_links(client,
                                                                    django_capture_on_commit_callbacks,
                                                                    reference_data):
    from courses.models import District

    officer = make_officer(partner_name="โรงเรียนบ้านไผ่", username="officer1")
    client.force_login(officer)
    assert client.get("/partners/referrals/new/").status_code == 200
    # no consent, no referral and no message
    bad = client.post("/partners/referrals/new/", {"full_name": "น้องบี", "phone": "0815550009", "consent_by": "self"})
    assert bad.status_code == 200 and Referral.objects.count() == 0 and not messages_to("0815550009").exists()
    with django_capture_on_commit_callbacks(execute=False):
        resp = client.post("/partners/referrals/new/", {"full_name": "น้องบี ใจงาม", "phone": "081-555-0009",
                                                        "email": "b@example.com", "consent_by": "guardian",
                                                        "consent_confirmed": "on"})
    assert resp.status_code == 302 and resp["Location"] == "/partners/referrals/"
    referral = Referral.objects.get()
    assert referral.contacted_at and referral.consent_by == "guardian" and referral.email == "b@example.com"
    assert messages_to("b@example.com", "referral_invitation").count() == 1
    path, query, _ = _invite_path("0815550009")
    assert path == "/signup/" and query == {"ref": [referral.token], "phone": ["0815550009"], "name": ["น้องบี ใจงาม"]}
    assert referral_status(referral) == "contacted"
    listing = client.get("/partners/referrals/").content.decode()
    assert "น้องบี ใจงาม" in listing and "ส่งคำเชิญแล้ว" in listing
    # referring the same youth again neither duplicates nor re-sends
    client.post("/partners/referrals/new/", {"full_name": "น้องบี", "phone": "0815550009", "consent_by": "self",
                                             "consent_confirmed": "on"})
    assert Referral.objects.count() == 1 and messages_to("0815550009", "referral_invitation").count() == 1

    youth = client.__class__()
    form = youth.get(f"{path}?ref={referral.token}&phone=0815550009&name=น้องบี").content.decode()
    assert 'value="0815550009"' in form and 'value="น้องบี"' in form and referral.token in form
    with django_capture_on_commit_callbacks(execute=True):
        signed = youth.post(f"{path}?ref={referral.token}", {
            "phone": "0815550009", "full_name": "น้องบี ใจงาม", "birth_date": "2007-02-02",
            "district": District.objects.order_by("code").first().code, "password": "ev-repair-2026",
            "ref": referral.token, "training_consent": "on",  # 19: under 20, the guardian is asked too
            "guardian_name": "นางแม่ ใจงาม", "guardian_phone": "0815550010"})
    assert signed.status_code == 302
    referral.refresh_from_db()
    assert referral.trainee is None and referral_status(referral) == "contacted"  # sign-up alone links nothing
    page = youth.get("/me/referrals/").content.decode()
    assert 'data-testid="verify-first"' in page and 'data-testid="referral-to-confirm"' not in page
    get_user_model().objects.filter(phone="0815550009").update(phone_verified_at=dt.datetime.now(dt.UTC))
    page = youth.get("/me/referrals/").content.decode()
    assert 'data-testid="referral-to-confirm"' in page and "โรงเรียนบ้านไผ่" in page
    youth.post("/me/referrals/", {"referral": referral.pk, "action": "confirm"})
    referral.refresh_from_db()
    assert referral.trainee is not None and referral.confirmed_at and referral_status(referral) == "signed_up"


@pytest.mark.django_db
def test_partner_pages_show_only_own_referrals_when_ids_are_edited(client):
    from tests import outcomes_fixture

    fx = outcomes_fixture.build()
    a, b = outcomes_fixture.officer(fx.p1, "officer-a"), outcomes_fixture.officer(fx.p2, "officer-b")
    own, other = fx.refs[3], fx.r7
    assert client.get("/partners/referrals/").status_code == 302  # anonymous → login
    client.force_login(get_user_model().objects.get(pk=fx.trainees[9].user_id))  # a youth, not a partner
    assert client.get("/partners/referrals/").status_code == 403
    assert client.get(f"/partners/referrals/{own.pk}/").status_code == 403

    client.force_login(a)
    listing = client.get("/partners/referrals/").content.decode()
    assert own.full_name in listing and "ยังไม่สมัคร 1" in listing and fx.trainees[7].full_name not in listing
    detail = client.get(f"/partners/referrals/{own.pk}/")
    html = detail.content.decode()
    assert detail.status_code == 200 and "ได้งานแล้ว" in html  # t3 was placed: status with dates…
    for private in (fx.course_a.title, fx.city.name, "10400", "10,400", "EV-C1"):
        assert private not in html  # …but nothing else about the person
    for forged in (other.pk, fx.r1b.pk, 999999):
        assert client.get(f"/partners/referrals/{forged}/").status_code == 404
        assert client.post(f"/partners/referrals/{forged}/invite/").status_code == 404
    client.force_login(b)
    assert client.get(f"/partners/referrals/{other.pk}/").status_code == 200
    assert client.get(f"/partners/referrals/{own.pk}/").status_code == 404
    assert client.get("/partners/referrals/abc/").status_code == 404


@pytest.mark.django_db
def test_a_partner_cannot_look_up_an_existing_youths_progress_by_phone(client):
    """The live finding: referring an existing, placed youth's phone with the consent box ticked showed
    "ได้งานแล้ว / Placed". Now the partner sees "invited" until the youth confirms, naming the partner."""
    from courses.models import District
    from employers.models import Employer, Placement

    youth = _sign_up("0800000009")
    youth.user.phone_verified_at = dt.datetime.now(dt.UTC)
    youth.user.save()
    Placement.objects.create(trainee=youth, employer=Employer.objects.create(
        name="ร้านซ่อม", district=District.objects.order_by("code").first()),
        start_date=dt.date(2026, 10, 5), wage_thb=400)
    officer = make_officer(partner_name="โรงเรียนบ้านไผ่", username="partner.banphai")
    client.force_login(officer)
    client.post("/partners/referrals/new/", {"full_name": "x", "phone": "0800000009", "consent_by": "self",
                                             "consent_confirmed": "on"})
    referral = Referral.objects.get(phone="0800000009")
    assert referral.trainee_id is None and referral_status(referral) == "contacted"
    listing = client.get("/partners/referrals/").content.decode()
    detail = client.get(f"/partners/referrals/{referral.pk}/").content.decode()
    from config.dates import format_date

    placed_on = format_date(dt.date(2026, 10, 5), "short", "th")
    assert "ได้งานแล้ว" not in listing and "ส่งคำเชิญแล้ว" in listing and "สมัครสมาชิกแล้ว" not in listing
    assert placed_on not in detail and placed_on not in listing and "ส่งคำเชิญแล้ว" in detail
    # the invitation went only to that phone's owner, asking them to log in and confirm
    assert "/me/referrals/" in messages_to("0800000009", "referral_invitation").get().body

    me = client.__class__()
    me.force_login(youth.user)
    page = me.get("/me/referrals/").content.decode()
    assert "โรงเรียนบ้านไผ่" in page and 'data-testid="confirm-referral"' in page
    me.post("/me/referrals/", {"referral": referral.pk, "action": "confirm"})
    referral.refresh_from_db()
    assert referral_status(referral) == "placed"
    assert "ได้งานแล้ว" in client.get("/partners/referrals/").content.decode()
    assert placed_on in client.get(f"/partners/referrals/{referral.pk}/").content.decode()
    # and the youth can take it back
    me.post("/me/referrals/", {"referral": referral.pk, "action": "stop"})
    referral.refresh_from_db()
    assert referral_status(referral) == "contacted"
    assert "ได้งานแล้ว" not in client.get("/partners/referrals/").content.decode()


@pytest.mark.django_db
def test_declining_or_a_forged_id_links_nothing(client):
    youth = _sign_up("0800000010")
    youth.user.phone_verified_at = dt.datetime.now(dt.UTC)
    youth.user.save()
    officer = make_officer(partner_name="อบต. ค", username="c1")
    mine = referral_create(user=officer, full_name="x", phone="0800000010", consent_by="self")
    other = referral_create(user=officer, full_name="y", phone="0800000011", consent_by="self")
    client.force_login(youth.user)
    client.post("/me/referrals/", {"referral": other.pk, "action": "confirm"})  # someone else's referral
    client.post("/me/referrals/", {"referral": "not-a-number", "action": "confirm"})
    other.refresh_from_db()
    assert other.trainee_id is None and other.confirmed_at is None
    client.post("/me/referrals/", {"referral": mine.pk, "action": "decline"})
    mine.refresh_from_db()
    assert mine.trainee_id is None and mine.declined_at and referral_status(mine) == "referred"
    assert 'data-testid="referral-to-confirm"' not in client.get("/me/referrals/").content.decode()

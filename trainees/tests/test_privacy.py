"""Consent rules for minors and adults, discoverability, data export and erasure, and ids in URLs."""

import json
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils import timezone

from accounts.exceptions import CodeError
from employers.selectors import discoverable_graduates
from tests.factories import make_trainee
from tests.helpers import messages_to
from trainees import privacy
from trainees.exceptions import ConsentRequired, InvalidNationalId, InvalidPhone, TraineeError
from trainees.models import Certificate, Consent, EarnedSkill, TraineeProfile

D = TraineeProfile.Discoverability


def _code(phone):
    body = messages_to(phone, "otp_guardian").first().body
    return next(w for w in body.split() if w.isdigit() and len(w) == 6)


@pytest.mark.django_db
def test_minor_is_hidden_by_default_and_needs_a_guardian_code_to_be_found():
    minor = make_trainee(age=17)
    assert minor.discoverability == D.HIDDEN and privacy.is_minor(minor)
    with pytest.raises(ConsentRequired):
        privacy.discoverability_set(trainee=minor, level=D.LIMITED)
    with pytest.raises(ConsentRequired):  # a minor cannot consent for themselves to employers
        privacy.consent_give(trainee=minor, purpose=Consent.Purpose.EMPLOYERS)
    with pytest.raises(InvalidPhone):
        privacy.guardian_consent_request(trainee=minor, guardian_name="นางแม่", guardian_phone="12")
    with pytest.raises(TraineeError):  # not their own number
        privacy.guardian_consent_request(trainee=minor, guardian_name="นางแม่", guardian_phone="0812345678")
    privacy.guardian_consent_request(trainee=minor, guardian_name="นางแม่ ใจดี", guardian_phone="089-111-2222")
    sms = messages_to("0891112222", "otp_guardian").get()
    assert "ความยินยอม" in sms.body and minor.full_name not in sms.body  # no words typed by users (issue 22)
    with pytest.raises(CodeError):
        privacy.guardian_consent_confirm(trainee=minor, code="000000" if _code("0891112222") != "000000" else "111111")
    consent = privacy.guardian_consent_confirm(trainee=minor, code=_code("0891112222"), relationship="แม่")
    assert consent.given_by == "guardian" and consent.guardian_name == "นางแม่ ใจดี" and consent.text_version
    with pytest.raises(ConsentRequired):  # minors: limited at most
        privacy.discoverability_set(trainee=minor, level=D.STANDARD)
    privacy.discoverability_set(trainee=minor, level=D.LIMITED)
    assert discoverable_graduates().filter(pk=minor.pk).exists()


@pytest.mark.django_db
def test_adult_levels_and_withdrawal_hides_at_once():
    adult = make_trainee(age=23)
    assert adult.discoverability == D.HIDDEN
    assert not discoverable_graduates().filter(pk=adult.pk).exists()
    privacy.discoverability_set(trainee=adult, level=D.STANDARD)  # choosing a level records the consent
    consent = privacy.active_consent(adult, Consent.Purpose.EMPLOYERS)
    assert consent and consent.given_by == "self"
    assert discoverable_graduates().filter(pk=adult.pk).exists()
    privacy.consent_withdraw(trainee=adult, purpose=Consent.Purpose.EMPLOYERS)
    adult.refresh_from_db()
    assert adult.discoverability == D.HIDDEN and not discoverable_graduates().filter(pk=adult.pk).exists()
    assert Consent.objects.filter(trainee=adult, withdrawn_at__isnull=False).count() == 1  # history kept
    with pytest.raises(TraineeError):
        privacy.discoverability_set(trainee=adult, level="everyone")


@pytest.mark.django_db
def test_profile_edit_validates_and_masks_the_national_id(client):
    trainee = make_trainee(age=19)
    client.force_login(trainee.user)
    form = {"full_name": "สมศรี ใหม่", "birth_date": "2007-01-01", "district": "4001", "education": "m3",
            "out_of_school": "on", "email": "", "national_id": "1101700230708", "guardian_name": "",
            "guardian_phone": "", "max_commute_km": "25", "available": "on", "preferred_language": "th"}
    page = client.post("/me/profile/", form).content.decode()
    assert "ผู้ปกครอง" in page  # under 20: guardian required
    page = client.post("/me/profile/", dict(form, guardian_name="นายพ่อ", guardian_phone="0891234567",
                                            national_id="1101700230709")).content.decode()
    assert "เลขประจำตัวประชาชนไม่ถูกต้อง" in page
    assert client.post("/me/profile/",
                       dict(form, guardian_name="นายพ่อ", guardian_phone="089-123-4567")).status_code == 302
    trainee.refresh_from_db()
    assert trainee.full_name == "สมศรี ใหม่" and trainee.guardian_phone == "0891234567"
    assert trainee.national_id_last4 == "0708" and "1101700230708" not in client.get("/me/profile/").content.decode()
    with pytest.raises(InvalidNationalId):
        privacy.profile_update(trainee=trainee, full_name="x", birth_date=date(2000, 1, 1), district=trainee.district,
                               education="", out_of_school=True, max_commute_km=10, available=True,
                               preferred_language="th", national_id="12345", guardian_name="นายพ่อ",
                               guardian_phone="0891234567")


@pytest.mark.django_db
def test_export_has_everything_and_erasure_keeps_only_what_the_law_needs(client):
    from courses.models import Skill

    trainee = make_trainee(age=24)
    privacy.discoverability_set(trainee=trainee, level=D.STANDARD)
    privacy.consent_give(trainee=trainee, purpose=Consent.Purpose.FUNDERS)
    cert = Certificate.objects.create(trainee=trainee, holder_name=trainee.full_name, course_title="ช่าง EV", hours=60,
                                      issuer="ศูนย์", issued_on=timezone.localdate())
    EarnedSkill.objects.create(trainee=trainee, skill=Skill.objects.first(), level=2, certified=True, certificate=cert)
    client.force_login(trainee.user)
    response = client.get("/me/privacy/my-data.json")
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["profile"]["full_name"] == "สมศรี มีฝีมือ" and data["account"]["phone"] == "0812345678"
    assert {c["purpose"] for c in data["consents"]} == {"employers", "funders"}
    assert data["certificates"][0]["code"] == cert.code and "placements" in data and "referrals" in data

    assert "รหัสผ่านไม่ถูกต้อง" in client.post("/me/privacy/delete/", {"password": "wrong"}).content.decode()
    assert client.post("/me/privacy/delete/", {"password": "x" * 12}).status_code == 302
    trainee.refresh_from_db()
    user = get_user_model().objects.get(pk=trainee.user_id)
    assert (trainee.anonymised_at and "สมศรี" not in trainee.full_name
            and trainee.birth_date.year == date.today().year - 24)
    assert user.phone is None and not user.is_active and not user.has_usable_password()
    assert not discoverable_graduates().filter(pk=trainee.pk).exists()
    assert not Consent.objects.filter(trainee=trainee, withdrawn_at__isnull=True).exists()
    cert.refresh_from_db()
    assert cert.holder_name == "" and cert.is_valid  # still verifiable, no name
    assert trainee.district.code == "4010"  # statistics keep the district
    assert trainee.deletion_requests.get().completed_at
    assert client.get("/me/privacy/").status_code in (302, 404)  # logged out / gone
    assert not client.login(request=HttpRequest(), username="0812345678", password="x" * 12)


@pytest.mark.django_db
def test_another_trainees_things_are_unreachable_by_editing_urls(client):
    owner = make_trainee()
    other = make_trainee(phone="0899999999", full_name="คนอื่น")
    cert = Certificate.objects.create(trainee=owner, holder_name=owner.full_name, course_title="ช่าง EV", hours=60,
                                      issuer="ศูนย์", issued_on=timezone.localdate())
    client.force_login(other.user)
    assert client.get(f"/me/certificates/{cert.code}.pdf").status_code == 404
    data = json.loads(client.get("/me/privacy/my-data.json").content)
    assert data["profile"]["full_name"] == "คนอื่น" and not data["certificates"]
    page = client.get(f"/verify/{cert.code}").content.decode()
    assert "สมศรี มีฝีมือ" not in page and "ถูกต้อง" in page  # public page: masked name only

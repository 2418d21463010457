"""Consent asked where the step needs it (sign-up, apply; under 20 the guardian's SMS code inline), the apply
confirm step, withdrawal confirmation, clashes before apply, paid intakes that need a payee, and staff seeing
each learner's consent state. Real PostgreSQL and Redis; SMS read from the real outbound message rows."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from courses.models import Cohort, Sponsor
from payments.models import Invoice, Payee
from tests.factories import make_course, reference_data
from tests.helpers import (
    messages_to,
    phones_verified,  # noqa: F401 (fixture)
)
from trainees import privacy, services
from trainees.exceptions import ConsentRequired, NotEligible
from trainees.models import Consent, Enrollment, TraineeProfile

S = Enrollment.Status

pytestmark = pytest.mark.usefixtures("phones_verified")


def _birth(age: int) -> date:
    return date(timezone.localdate().year - age, 1, 1)  # 1 January has always passed: exactly `age` today


def _signup_form(phone, age, **extra):
    return {"phone": phone, "full_name": extra.pop("full_name", "น้องเอ็ม ขยันเรียน"),
            "birth_date": _birth(age).isoformat(), "district": "4010", "national_id": "",
            "password": "ev-repair-2026", **extra}


def _code(phone):
    body = messages_to(phone, "otp_guardian").order_by("-pk").first().body
    return next(word for word in body.split() if word.isdigit() and len(word) == 6)


def _paid_cohort(*, payee=True, provider_slug="dsd-kk", **kw) -> Cohort:
    from tests.factories import ProviderFactory

    reference_data()
    provider = ProviderFactory(slug=provider_slug, name_th="สถาบันพัฒนาฝีมือแรงงาน 6 ขอนแก่น")
    course = make_course(title="ช่างซ่อมเครื่องปรับอากาศ", provider=provider, fee=Decimal("1500.00"),
                         sponsor_share=Decimal("1000.00"), **kw)
    cohort = Cohort.objects.get(course=course)
    Cohort.objects.filter(pk=cohort.pk).update(venue="สถาบันพัฒนาฝีมือแรงงาน 6", code="AC-1")
    Sponsor.objects.filter(pk=cohort.sponsor_id).update(eligibility_th="ฟรีสำหรับเยาวชนนอกระบบการศึกษา")
    if payee:
        Payee.objects.create(key=provider_slug, name_th=provider.name_th, promptpay_target="0994000165559")
    return Cohort.objects.select_related("course", "sponsor").get(pk=cohort.pk)


@pytest.mark.django_db
def test_sign_up_asks_for_the_training_consent_and_records_it(reference_data):
    client = Client()
    refused = client.post("/signup/", _signup_form("0811110001", 23))
    assert refused.status_code == 200 and "ต้องให้ความยินยอมนี้จึงจะสมัครได้" in refused.content.decode()
    assert not TraineeProfile.objects.exists()
    assert client.post("/signup/?next=/courses/",
                       _signup_form("0811110001", 23, training_consent="on")).url == "/courses/"
    consent = Consent.objects.get(trainee__user__phone="0811110001")
    assert (consent.purpose, consent.given_by, consent.text_version) == ("training", "self", "2026-01")
    assert consent.withdrawn_at is None


@pytest.mark.django_db
def test_a_17_year_old_signs_up_and_the_guardian_agrees_by_sms_code_inline(reference_data):
    client = Client()
    page = client.get("/signup/").content.decode()
    assert "ผู้ปกครอง (เฉพาะผู้ที่อายุต่ำกว่า 20 ปี)" in page and "ฉันยินยอมให้สะพานอาชีพ" in page
    no_guardian = client.post("/signup/", _signup_form("0811110002", 17, training_consent="on"))
    assert "กรุณากรอกชื่อและเบอร์มือถือของผู้ปกครอง" in no_guardian.content.decode()
    assert not TraineeProfile.objects.exists() and not Consent.objects.exists()  # nothing half-written

    response = client.post("/signup/?next=/cohorts/1/apply/", _signup_form(
        "0811110002", 17, training_consent="on", guardian_name="นางแม่ ใจดี", guardian_phone="089-111-2222"))
    assert response.status_code == 302
    assert response.url.startswith("/me/consent/guardian/?purpose=training&next=/cohorts/1/apply/")
    sms = messages_to("0891112222", "otp_guardian").get().body
    assert "บุตรหลานของท่าน" in sms and "น้องเอ็ม ขยันเรียน" not in sms and "ของฉัน" not in sms  # no typed name
    assert "xxx-xxx-0002" in sms  # the child: their account's phone, last four digits
    assert "การเข้าเรียน" in sms  # it says what the guardian agrees to: the training record

    step = client.get(response.url).content.decode()
    assert "089-xxx-x222" in step and 'name="code"' in step and "บุตรหลานของท่าน" in step
    wrong = "000000" if _code("0891112222") != "000000" else "111111"
    client.post(response.url, {"action": "confirm", "code": wrong, "relationship": "แม่"})
    profile = TraineeProfile.objects.get(user__phone="0811110002")
    assert privacy.consents_missing_to_apply(profile) == ["guardian"]
    done = client.post(response.url, {"action": "confirm", "code": _code("0891112222"), "relationship": "แม่"})
    assert done.url == "/cohorts/1/apply/"
    consent = privacy.active_consent(profile, "training")
    assert (consent.given_by, consent.guardian_name, consent.guardian_relationship) == ("guardian", "นางแม่ ใจดี", "แม่")
    assert privacy.consents_missing_to_apply(profile) == []
    assert profile.consents.filter(purpose="training", withdrawn_at__isnull=False, given_by="self").count() == 1

    again = client.get(response.url).content.decode()  # the recorded consent, not an empty form again
    assert "ผู้ปกครองให้ความยินยอมแล้ว" in again and "นางแม่ ใจดี (แม่)" in again and 'name="code"' not in again


@pytest.mark.django_db
def test_a_code_sent_for_the_training_record_cannot_record_consent_to_employers(reference_data):
    minor = services.trainee_sign_up(phone="0811110003", password="x" * 12, full_name="น้องบี",
                                     birth_date=_birth(17), district_code="4010")
    privacy.guardian_consent_request(trainee=minor, guardian_name="นายพ่อ", guardian_phone="0891113333",
                                     purpose="training")
    used = _code("0891113333")
    consent = privacy.guardian_consent_confirm(trainee=minor, code=used)
    assert consent.purpose == "training" and privacy.guardian_consent(minor, "employers") is None
    with pytest.raises(privacy.TraineeError):  # the code is used; nothing pending for employers
        privacy.guardian_consent_confirm(trainee=minor, code=used)
    privacy.guardian_consent_request(trainee=minor, guardian_name="นายพ่อ", guardian_phone="0891113333")
    sms = messages_to("0891113333", "otp_guardian").order_by("-pk").first().body
    assert "บุตรหลานของท่าน" in sms and "นายจ้าง" in sms and "ของฉัน" not in sms
    assert privacy.guardian_consent_confirm(trainee=minor, code=_code("0891113333")).purpose == "employers"


@pytest.mark.django_db
def test_apply_with_consent_refuses_without_consents_and_writes_nothing():
    cohort = _paid_cohort()
    adult = services.trainee_sign_up(phone="0811110004", password="x" * 12, full_name="พี่ซี",
                                     birth_date=_birth(22), district_code="4010")
    with pytest.raises(ConsentRequired):
        services.apply_with_consent(trainee=adult, cohort=cohort, training_consent=False)
    assert not Enrollment.objects.exists() and not Consent.objects.exists()
    minor = services.trainee_sign_up(phone="0811110005", password="x" * 12, full_name="น้องดี",
                                     birth_date=_birth(17), district_code="4010")
    with pytest.raises(ConsentRequired) as refused:
        services.apply_with_consent(trainee=minor, cohort=cohort, training_consent=True)
    assert "ผู้ปกครอง" in refused.value.message_th
    assert not Enrollment.objects.exists() and not Consent.objects.exists()  # the ticked box rolled back too
    enrollment = services.apply_with_consent(trainee=adult, cohort=cohort, training_consent=True)
    assert enrollment.status == S.AWAITING_PAYMENT and privacy.active_consent(adult, "training").given_by == "self"
    invoice = Invoice.objects.get(payable_ref=str(enrollment.pk))
    assert invoice.base_amount == Decimal("500.00") and invoice.status == "open"


@pytest.mark.django_db
def test_a_paid_intake_whose_provider_has_no_payee_takes_no_application_and_says_so():
    cohort = _paid_cohort(payee=False)
    adult = services.trainee_sign_up(phone="0811110006", password="x" * 12, full_name="พี่อี",
                                     birth_date=_birth(22), district_code="4010")
    with pytest.raises(NotEligible) as refused:
        services.apply_with_consent(trainee=adult, cohort=cohort, training_consent=True)
    assert "ยังรับชำระค่าเรียนออนไลน์ไม่ได้" in refused.value.message_th
    assert not Enrollment.objects.exists() and not Invoice.objects.exists() and not Consent.objects.exists()
    client = Client()
    client.force_login(adult.user)
    page = client.get(f"/cohorts/{cohort.pk}/apply/").content.decode()
    assert 'data-testid="apply-not-payable"' in page and 'data-testid="apply-submit"' not in page
    client.post(f"/cohorts/{cohort.pk}/apply/", {"training_consent": "on"})
    assert not Enrollment.objects.exists()


@pytest.mark.django_db
def test_apply_confirm_step_states_intake_money_condition_and_consents_and_holds_a_seat_only_after_it():
    cohort = _paid_cohort()
    client = Client()
    client.post("/signup/", _signup_form("0811110007", 17, training_consent="on", guardian_name="นางแม่",
                                         guardian_phone="0891114444"))
    profile = TraineeProfile.objects.get(user__phone="0811110007")
    course_page = client.get(cohort.course.url).content.decode()
    assert f'href="/cohorts/{cohort.pk}/apply/"' in course_page and "ฟรีสำหรับเยาวชนนอกระบบการศึกษา" in course_page

    page = client.get(f"/cohorts/{cohort.pk}/apply/").content.decode()
    assert "ช่างซ่อมเครื่องปรับอากาศ" in page and "AC-1" in page and "สถาบันพัฒนาฝีมือแรงงาน 6" in page
    assert "คุณจ่าย 500 บาท" in page and "ฟรีสำหรับเยาวชนนอกระบบการศึกษา" in page and "1,000" in page
    assert 'data-testid="training-recorded"' in page  # given at sign-up: shown as recorded
    assert 'data-testid="apply-needs-guardian"' in page and 'data-testid="apply-submit"' not in page
    assert "บุตรหลานของท่าน" in page and 'name="code"' in page  # the guardian's code goes in right here
    assert cohort.enrollments.count() == 0  # looking is not applying

    client.post(f"/cohorts/{cohort.pk}/apply/", {})  # forged POST without the guardian: refused, nothing held
    assert cohort.enrollments.count() == 0
    client.post(f"/me/consent/guardian/?purpose=training&next=/cohorts/{cohort.pk}/apply/",
                {"action": "confirm", "code": _code("0891114444"), "relationship": "แม่"})
    page = client.get(f"/cohorts/{cohort.pk}/apply/").content.decode()
    assert 'data-testid="guardian-recorded"' not in page and 'data-testid="apply-submit"' in page
    assert "ยืนยันสมัคร และชำระ 500 บาท" in page
    response = client.post(f"/cohorts/{cohort.pk}/apply/", {})
    assert response.status_code == 302 and response.url == "/me/"
    enrollment = profile.enrollments.get()
    assert enrollment.status == S.AWAITING_PAYMENT
    dashboard = client.get("/me/").content.decode()
    assert "ชำระเงินด้วยพร้อมเพย์" in dashboard
    assert 'data-testid="cohort-mine"' in client.get(cohort.course.url).content.decode()


@pytest.mark.django_db
def test_a_clash_with_another_intake_shows_on_the_course_page_before_apply(reference_data):
    first = Cohort.objects.get(course=make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า"))
    other = Cohort.objects.get(course=make_course(title="ช่างเชื่อมโลหะ", external_id="WELD", start_in_days=40))
    later = Cohort.objects.get(course=make_course(title="ช่างไฟฟ้า", external_id="ELEC", start_in_days=90))
    adult = services.trainee_sign_up(phone="0811110008", password="x" * 12, full_name="พี่เอฟ",
                                     birth_date=_birth(22), district_code="4010")
    services.enrollment_apply(trainee=adult, cohort=first)
    client = Client()
    client.force_login(adult.user)
    page = client.get(other.course.url).content.decode()
    assert 'data-testid="cohort-clash"' in page and "ช่างซ่อมรถจักรยานยนต์ไฟฟ้า" in page
    assert f"/cohorts/{other.pk}/apply/" not in page
    assert 'data-testid="apply-clash"' in client.get(f"/cohorts/{other.pk}/apply/").content.decode()
    later_page = client.get(later.course.url).content.decode()
    assert 'data-testid="cohort-clash"' not in later_page and f"/cohorts/{later.pk}/apply/" in later_page


@pytest.mark.django_db
def test_withdrawing_asks_first_and_cancels_the_unpaid_invoice():
    cohort = _paid_cohort()
    adult = services.trainee_sign_up(phone="0811110009", password="x" * 12, full_name="พี่จี",
                                     birth_date=_birth(22), district_code="4010")
    enrollment = services.apply_with_consent(trainee=adult, cohort=cohort, training_consent=True)
    client = Client()
    client.force_login(adult.user)
    assert f'href="/me/enrolments/{enrollment.pk}/withdraw/"' in client.get("/me/").content.decode()
    ask = client.get(f"/me/enrolments/{enrollment.pk}/withdraw/").content.decode()
    assert "ถอนตัวจากรุ่นนี้?" in ask and "ยืนยันถอนตัว" in ask and "ช่างซ่อมเครื่องปรับอากาศ" in ask
    enrollment.refresh_from_db()
    assert enrollment.status == S.AWAITING_PAYMENT  # asking changed nothing
    intruder = Client()
    intruder.force_login(get_user_model().objects.create_user(username="x", password="x" * 12, phone="0899990000"))
    assert intruder.get(f"/me/enrolments/{enrollment.pk}/withdraw/").status_code == 404
    assert client.post(f"/me/enrolments/{enrollment.pk}/withdraw/").url == "/me/"
    enrollment.refresh_from_db()
    assert enrollment.status == S.WITHDRAWN
    assert Invoice.objects.get(payable_ref=str(enrollment.pk)).status == "cancelled"


@pytest.mark.django_db
def test_staff_see_each_learners_consent_state_on_the_roster(reference_data):
    cohort = Cohort.objects.get(course=make_course())
    minor = services.trainee_sign_up(phone="0811110010", password="x" * 12, full_name="น้องเอช",
                                     birth_date=_birth(17), district_code="4010")
    privacy.consent_give(trainee=minor, purpose="training", given_by="guardian", guardian_name="นางแม่ เอช",
                         guardian_relationship="แม่")
    adult = services.trainee_sign_up(phone="0811110011", password="x" * 12, full_name="พี่ไอ",
                                     birth_date=_birth(22), district_code="4010")
    staff_enrolled = services.trainee_sign_up(phone="0811110012", password="x" * 12, full_name="น้องเจ",
                                              birth_date=_birth(16), district_code="4010")
    privacy.consent_give(trainee=adult, purpose="training")
    for trainee in (minor, adult, staff_enrolled):
        services.enrollment_apply(trainee=trainee, cohort=cohort)  # staff enrol from paper forms
    client = Client()
    client.force_login(get_user_model().objects.create_superuser(username="officer", password="x" * 12))
    page = client.get(f"/cms/cohorts/{cohort.pk}/").content.decode()
    rows = {name: page[page.index(name):page.index("</tr>", page.index(name))] for name in ("น้องเอช", "พี่ไอ", "น้องเจ")}
    assert "ผู้ปกครอง: นางแม่ เอช, แม่" in rows["น้องเอช"] and "ยังไม่มีความยินยอมจากผู้ปกครอง" not in rows["น้องเอช"]
    assert "✔ ข้อมูลการเรียน (ตนเอง)" in rows["พี่ไอ"] and "อายุต่ำกว่า 20 ปี" not in rows["พี่ไอ"]
    assert "✖ ยังไม่ให้ความยินยอม" in rows["น้องเจ"] and "ยังไม่มีความยินยอมจากผู้ปกครอง" in rows["น้องเจ"]


@pytest.mark.django_db
def test_privacy_page_shows_the_guardians_recorded_consent_instead_of_the_form(reference_data):
    minor = services.trainee_sign_up(phone="0811110013", password="x" * 12, full_name="น้องเค",
                                     birth_date=_birth(17), district_code="4010")
    client = Client()
    client.force_login(minor.user)
    page = client.get("/me/privacy/").content.decode()
    assert 'data-testid="guardian-send"' in page and 'data-testid="guardian-recorded"' not in page
    client.post("/me/consent/guardian/?purpose=employers&next=/me/privacy/",
                {"action": "send", "guardian_name": "นายพ่อ เค", "guardian_phone": "0891115555"})
    assert 'data-testid="guardian-sent"' in client.get("/me/privacy/").content.decode()
    client.post("/me/consent/guardian/?purpose=employers&next=/me/privacy/",
                {"action": "confirm", "code": _code("0891115555"), "relationship": "พ่อ"})
    page = client.get("/me/privacy/").content.decode()
    assert 'data-testid="guardian-recorded"' in page and "นายพ่อ เค (พ่อ)" in page
    assert 'data-testid="guardian-send"' not in page and 'name="code"' not in page
    assert privacy.guardian_consent(minor, "employers").guardian_relationship == "พ่อ"

"""Minors cannot switch off their own protection (issue 22, item 2): a birth-date change that crosses 18 or 20 is
held for staff, and a guardian number used by an unrelated youth is reviewed before any code is sent."""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from employers.selectors import discoverable_graduates
from tests.factories import reference_data
from tests.helpers import messages_to
from trainees import privacy, services
from trainees.exceptions import ConsentRequired
from trainees.models import Consent, ProtectionReview, TraineeProfile

D = TraineeProfile.Discoverability


def _youth(phone, age, name="น้องเอฟ ทดสอบ"):
    reference_data()
    today = timezone.localdate()
    return services.trainee_sign_up(phone=phone, password="x-Secret-123", full_name=name,
                                    birth_date=date(today.year - age, 1, 1), district_code="4010")


def _update(trainee, birth_date, **extra):
    fields = dict(full_name=trainee.full_name, birth_date=birth_date, district=trainee.district, education="m3",
                  out_of_school=True, max_commute_km=20, available=True, preferred_language="th",
                  guardian_name="นางแม่", guardian_phone="0891110051")
    fields.update(extra)
    return privacy.profile_update(trainee=trainee, **fields)


def _years_ago(years):
    today = timezone.localdate()
    return date(today.year - years, 1, 1)


@pytest.mark.django_db
def test_a_minor_making_themselves_an_adult_stays_protected_until_staff_confirm():
    youth = _youth("0815550051", age=17)
    _update(youth, _years_ago(22))
    youth.refresh_from_db()
    assert youth.birth_date == _years_ago(17) and privacy.is_minor(youth)
    assert privacy.pending_birth_date(youth) == _years_ago(22)
    with pytest.raises(ConsentRequired):  # still cannot consent for themselves
        privacy.consent_give(trainee=youth, purpose=Consent.Purpose.EMPLOYERS)
    with pytest.raises(ConsentRequired):  # nor become discoverable without the guardian
        privacy.discoverability_set(trainee=youth, level=D.STANDARD)
    assert not discoverable_graduates().filter(pk=youth.pk).exists()
    review = ProtectionReview.objects.get(trainee=youth, resolved_at__isnull=True)
    assert review.kind == ProtectionReview.Kind.BIRTH_DATE

    staff = get_user_model().objects.create_user(username="officer", password="pw-Secret-1", is_staff=True)
    privacy.protection_review_resolve(review=review, by=staff, approve=True)
    youth.refresh_from_db()
    assert youth.birth_date == _years_ago(22) and not privacy.is_minor(youth)
    assert privacy.pending_birth_date(youth) is None
    privacy.discoverability_set(trainee=youth, level=D.STANDARD)  # now an adult's own choice


@pytest.mark.django_db
def test_crossing_18_is_held_too_and_a_refusal_changes_nothing():
    youth = _youth("0815550052", age=16)
    _update(youth, _years_ago(18))
    youth.refresh_from_db()
    assert youth.age_on(timezone.localdate()) == 16  # hazardous work stays out of reach
    review = ProtectionReview.objects.get(trainee=youth, resolved_at__isnull=True)
    privacy.protection_review_resolve(review=review, by=None, approve=False)
    youth.refresh_from_db()
    assert youth.birth_date == _years_ago(16) and privacy.pending_birth_date(youth) is None


@pytest.mark.django_db
def test_changes_that_keep_or_add_protection_apply_at_once_and_take_back_a_held_one():
    youth = _youth("0815550053", age=17)
    _update(youth, _years_ago(22))
    assert privacy.pending_birth_date(youth) == _years_ago(22)
    _update(youth, _years_ago(17), max_commute_km=30)  # the form saved again with the date in force
    assert privacy.pending_birth_date(youth) == _years_ago(22)
    _update(youth, _years_ago(16))  # younger: more protection, applied now; the held change is withdrawn
    youth.refresh_from_db()
    assert youth.birth_date == _years_ago(16) and privacy.pending_birth_date(youth) is None
    adult = _youth("0815550054", age=25)
    _update(adult, _years_ago(30), guardian_name="", guardian_phone="")
    adult.refresh_from_db()
    assert adult.birth_date == _years_ago(30)


@pytest.mark.django_db
def test_the_profile_page_says_the_new_birth_date_waits(client):
    youth = _youth("0815550055", age=17)
    client.force_login(youth.user)
    form = {"full_name": youth.full_name, "birth_date": _years_ago(21).isoformat(), "district": "4010",
            "education": "m3", "out_of_school": "on", "email": "", "national_id": "", "guardian_name": "นางแม่",
            "guardian_phone": "0891110055", "max_commute_km": "20", "available": "on", "preferred_language": "th"}
    response = client.post("/me/profile/", form, follow=True)
    assert "วันเกิดใหม่จะมีผลเมื่อเจ้าหน้าที่ยืนยัน" in response.content.decode()
    youth.refresh_from_db()
    assert youth.birth_date == _years_ago(17)
    page = client.get("/me/profile/").content.decode()
    assert 'data-testid="birth-date-pending"' in page


def _code(phone):
    return re.search(r"\d{6}", messages_to(phone, "otp_guardian").first().body).group()


@pytest.mark.django_db
def test_a_guardian_number_reused_by_an_unrelated_youth_goes_to_staff_not_to_the_phone(client):
    first = _youth("0815550061", age=16, name="น้องหนึ่ง")
    assert privacy.guardian_consent_request(trainee=first, guardian_name="นางแม่",
                                            guardian_phone="0891110061") == "sent"
    second = _youth("0815550062", age=16, name="น้องสอง")
    assert privacy.guardian_consent_request(trainee=second, guardian_name="นางแม่",
                                            guardian_phone="0891110061") == "review"
    assert messages_to("0891110061", "otp_guardian").count() == 1  # no code for the second youth
    assert privacy.guardian_consent_pending(second) is None
    # another youth's own phone posing as a guardian is held too
    third = _youth("0815550063", age=16, name="น้องสาม")
    assert privacy.guardian_consent_request(trainee=third, guardian_name="พี่", guardian_phone="0815550061") == "review"

    staff = get_user_model().objects.create_superuser(username="boss", password="pw-Secret-1")
    client.force_login(staff)
    page = client.get("/cms/cohorts/protection-reviews/").content.decode()
    assert page.count('data-testid="review-row"') == 2 and "น้องสอง" in page
    review = ProtectionReview.objects.get(trainee=second)
    client.post("/cms/cohorts/protection-reviews/", {"review": review.pk, "decision": "approve"})
    review.refresh_from_db()
    assert review.approved and review.resolved_by == staff
    assert messages_to("0891110061", "otp_guardian").count() == 2  # sent now, after staff approval
    consent = privacy.guardian_consent_confirm(trainee=second, code=_code("0891110061"), relationship="แม่")
    assert consent.given_by == Consent.GivenBy.GUARDIAN
    # approved once for this youth and number: asking again sends at once
    assert privacy.guardian_consent_request(trainee=second, guardian_name="นางแม่",
                                            guardian_phone="0891110061") == "sent"


@pytest.mark.django_db
def test_the_review_page_is_for_staff_with_the_permission(client):
    youth = _youth("0815550071", age=17)
    client.force_login(youth.user)
    assert client.get("/cms/cohorts/protection-reviews/").status_code in (302, 403)

"""A small world for employer tests: two verified shops (one is a rival), graduates at each discoverability
level, openings indexed on real Elasticsearch, and logins with phone numbers so messages can be read back."""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from employers.imports import import_graduates, import_openings
from employers.models import Employer, EmployerMember
from employers.services import employer_verify
from search import indexing
from tests.factories import reference_data
from tests.import_rows import GRAD_HEADER, OPEN_HEADER, grad, opening
from trainees.models import TraineeProfile

SHOP = "ร้านบ้านไผ่อีวี"
RIVAL = "ร้านคู่แข่ง"
PASSWORD = "ev-repair-2026"


def set_login(trainee: TraineeProfile, phone: str) -> TraineeProfile:
    user = trainee.user
    user.phone, user.username = phone, phone
    user.set_password(PASSWORD)
    user.save()
    return trainee


def build(*, verify=True, extra_graduates="", extra_openings="") -> dict:
    reference_data()
    graduates = (grad("G-STD", certified="ev.battery.safety") + grad("G-LIM", lat="16.1000", lon="102.7300")
                 + grad("G-HIDDEN", discoverable="false") + extra_graduates)
    result = import_graduates(GRAD_HEADER + graduates)
    assert result.imported, result.errors
    result = import_openings(OPEN_HEADER + opening("MINE", radius=20) + opening("THEIRS").replace(SHOP, RIVAL)
                             + extra_openings)
    assert result.imported, result.errors
    limited = TraineeProfile.objects.get(external_id="G-LIM")
    limited.discoverability = "limited"
    limited.save()
    indexing.rebuild("graduates")
    indexing.rebuild("openings")
    users = get_user_model().objects
    staff = users.create_user(username="officer", password="x" * 12, is_staff=True)
    owner = users.create_user(username="shop-owner", password=PASSWORD, phone="0811111111", email="shop@example.com")
    rival = users.create_user(username="rival-owner", password=PASSWORD, phone="0822222222")
    mine, theirs = Employer.objects.get(name=SHOP), Employer.objects.get(name=RIVAL)
    EmployerMember.objects.create(employer=mine, user=owner, role="owner")
    EmployerMember.objects.create(employer=theirs, user=rival, role="owner")
    if verify:
        employer_verify(employer=mine, method="visit", by=staff, note="ไปที่ร้านแล้ว")
    employer_verify(employer=theirs, method="phone", by=staff)
    return {
        "staff": staff, "owner": owner, "rival": rival, "mine": mine, "theirs": theirs,
        "std": set_login(TraineeProfile.objects.get(external_id="G-STD"), "0891234567"),
        "lim": set_login(TraineeProfile.objects.get(external_id="G-LIM"), "0897654321"),
        "hidden": set_login(TraineeProfile.objects.get(external_id="G-HIDDEN"), "0890000000"),
        "today": timezone.localdate(),
    }


def withdraw_consent(trainee: TraineeProfile) -> None:
    """What trainees' consent withdrawal records (the import does the same): the row is kept, marked withdrawn."""
    trainee.consents.filter(purpose="employers", withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())


def site_graduate(*, phone: str, name: str, age: int = 22, district: str = "4010", level: str = "limited",
                  skills=(("ev.battery.safety", 2),), course_title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า") -> TraineeProfile:
    """A youth who SIGNED UP ON THE SITE (no spreadsheet, so no external_id), took a course teaching `skills`,
    completed it (certificate issued, skills certified) and chose a discoverability `level`, all through the
    real services. Minors get their guardian's consent first (limited level only, by the PDPA rules)."""
    from courses.models import Cohort, CourseSkill, Skill
    from tests.factories import make_course
    from trainees import privacy
    from trainees.graduation import certificate_issue
    from trainees.models import Consent, Enrollment
    from trainees.services import (
        enrollment_apply,
        enrollment_confirm_payment,
        enrollment_finish,
        trainee_sign_up,
    )

    today = timezone.localdate()
    born = date(today.year - age, 1, 1)
    profile = trainee_sign_up(phone=phone, password=PASSWORD, full_name=name, birth_date=born, district_code=district)
    course = make_course(title=course_title, district=district)
    for code, skill_level in skills:
        CourseSkill.objects.create(course=course, skill=Skill.objects.get(code=code), level=skill_level)
    enrollment = enrollment_apply(trainee=profile, cohort=Cohort.objects.get(course=course))
    if enrollment.status != Enrollment.Status.CONFIRMED:
        enrollment = enrollment_confirm_payment(enrollment_id=enrollment.pk)
    enrollment_finish(enrollment=enrollment, completed=True)
    certificate_issue(enrollment=enrollment)
    if level != "hidden":
        if privacy.is_minor(profile):
            privacy.consent_give(trainee=profile, purpose=Consent.Purpose.EMPLOYERS,
                                 given_by=Consent.GivenBy.GUARDIAN, guardian_name="แม่ของ " + name,
                                 guardian_relationship="แม่")
        privacy.discoverability_set(trainee=profile, level=level)
    profile.refresh_from_db()
    return profile

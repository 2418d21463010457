"""Demo trainees, run by `manage.py seed_demo` after the catalogue's. Idempotent.

A finished intake of the flagship EV course (graduates with certificates, one who missed too many sessions),
learners enrolled in the next intake, adults who chose to be found and minors whose guardian agreed.
Logins: 080-000-0001 … 080-000-0009, password saphan-youth-2026.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses.models import Cohort, CoursePage, District

from . import graduation, privacy, services
from .models import Consent, Enrollment, EnrollmentEvent, TraineeProfile

PASSWORD = "saphan-youth-2026"
# phone suffix, name, age, district, finished the past intake?, attendance sessions out of 5
PEOPLE = [
    (1, "ธนวัฒน์ ศรีบ้านไผ่", 21, "4010", True, 5),
    (2, "กมลชนก แสงทอง", 19, "4001", True, 5),
    (3, "อภิสิทธิ์ คำมา", 17, "4005", True, 4),
    (4, "ศิริพร ทองคำ", 23, "4013", True, 5),
    (5, "วีรยุทธ บุญเรือง", 20, "4007", True, 2),
    (6, "พิมพ์ชนก ดวงดี", 18, "4018", False, 0),
    (7, "ชยพล มั่นคง", 16, "4002", False, 0),
    (8, "นันทนา ใจงาม", 22, "4016", False, 0),
    (9, "ภูมิพัฒน์ สายสุด", 24, "4010", True, 5),
]


def _person(n, name, age, district) -> TraineeProfile:
    phone = f"080000000{n}"
    existing = TraineeProfile.objects.filter(user__phone=phone).first()
    if existing:
        return existing
    today = timezone.localdate()
    birth = date(today.year - age, 1 + n % 12, 1 + n)
    if (birth.month, birth.day) > (today.month, today.day):
        birth = birth.replace(year=birth.year - 1) if age >= 16 else birth
    profile = services.trainee_sign_up(phone=phone, password=PASSWORD, full_name=name, birth_date=birth,
                                       district_code=district)
    profile.guardian_name = "ผู้ปกครองของ " + name.split()[0] if privacy.is_minor(profile) else ""
    profile.guardian_phone = f"089000000{n}" if privacy.is_minor(profile) else ""
    profile.save(update_fields=["guardian_name", "guardian_phone"])
    if privacy.is_minor(profile):  # the centre holds the guardian's signed paper form
        privacy.consent_give(trainee=profile, purpose=Consent.Purpose.TRAINING, given_by=Consent.GivenBy.GUARDIAN,
                             guardian_name=profile.guardian_name, guardian_relationship="แม่ (แบบฟอร์มกระดาษ)")
    else:
        privacy.consent_give(trainee=profile, purpose=Consent.Purpose.TRAINING)
    return profile


def _past_intake(course: CoursePage) -> Cohort:
    cohort = course.cohorts.filter(code="EV-MC-101-0").first()
    if cohort:
        return cohort
    today = timezone.localdate()
    template = course.cohorts.order_by("start_date").first()
    return Cohort.objects.create(
        course=course, code="EV-MC-101-0", start_date=today - timedelta(days=120), end_date=today - timedelta(days=90),
        schedule_text="จ.–ศ. 09:00–16:00", venue="ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5",
        district=District.objects.get(code="4001"),
        seats=12, status=Cohort.Status.RUNNING, enrol_opens=today - timedelta(days=150),
        enrol_closes=today - timedelta(days=125), sponsor=template.sponsor, fee_thb=template.fee_thb,
        sponsor_share_thb=template.sponsor_share_thb,
    )


@transaction.atomic
def load(stdout=None) -> str:
    course = CoursePage.objects.filter(external_id="EV-MC-101").first()
    if course is None:
        return "skipped (no EV-MC-101 course)"
    staff = get_user_model().objects.filter(is_superuser=True).first()
    past = _past_intake(course)
    upcoming = course.cohorts.filter(status=Cohort.Status.OPEN).order_by("start_date").first()
    people = []
    for n, name, age, district, finished, present_count in PEOPLE:
        profile = _person(n, name, age, district)
        people.append((profile, finished, present_count))
        if finished and not Enrollment.objects.filter(trainee=profile, cohort=past).exists():
            enrollment = Enrollment.objects.create(trainee=profile, cohort=past, status=Enrollment.Status.CONFIRMED)
            EnrollmentEvent.objects.create(enrollment=enrollment, to_status=Enrollment.Status.CONFIRMED,
                                           note="demo: fully sponsored")
        elif not finished and upcoming and not profile.enrollments.filter(cohort=upcoming).exists():
            services.enrollment_apply(trainee=profile, cohort=upcoming)
    if not past.sessions.exists():
        sessions = [graduation.session_add(cohort=past, on=past.start_date + timedelta(days=7 * i), topic=topic)
                    for i, topic in enumerate(["ความปลอดภัยไฟฟ้าแรงดันสูง", "แบตเตอรี่และ BMS", "มอเตอร์ฮับ",
                                               "กล่องควบคุม", "ดัดแปลงรถน้ำมันเป็นไฟฟ้า"])]
        for i, session in enumerate(sessions):
            present = {e.pk for e in past.enrollments.all()
                       for profile, finished, count in people if finished and e.trainee_id == profile.pk and i < count}
            graduation.attendance_mark(session=session, present_ids=present, by=staff)
        for enrollment in past.enrollments.all():
            for course_skill in course.course_skills.all():  # the completion rule needs every skill assessed
                graduation.assessment_record(enrollment=enrollment, skill=course_skill.skill, passed=True,
                                             score=80 + enrollment.pk % 15, by=staff)
        graduation.cohort_graduate(cohort=past, by=staff, on=past.end_date)
        Cohort.objects.filter(pk=past.pk).update(status=Cohort.Status.FINISHED)
    for profile, finished, _ in people:
        if not finished or profile.discoverability != TraineeProfile.Discoverability.HIDDEN:
            continue
        if privacy.is_minor(profile):
            privacy.consent_give(trainee=profile, purpose=Consent.Purpose.EMPLOYERS, given_by=Consent.GivenBy.GUARDIAN,
                                 guardian_name=profile.guardian_name, guardian_relationship="แม่ (แบบฟอร์มกระดาษ)")
            privacy.discoverability_set(trainee=profile, level=TraineeProfile.Discoverability.LIMITED)
        else:
            privacy.discoverability_set(trainee=profile, level=TraineeProfile.Discoverability.STANDARD)
        privacy.consent_give(trainee=profile, purpose=Consent.Purpose.FUNDERS)
    certified = past.enrollments.filter(status=Enrollment.Status.COMPLETED).count()
    return f"{len(people)} trainees; past intake: {certified} certified; logins 0800000001-9 / {PASSWORD}"

"""Running a cohort: attendance, assessment, the completion rule, bulk graduation, certificates (PDF, verify,
revoke, Open Badges), notifications, DSD eligibility, and staff scoping by page permissions."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from courses.models import Cohort, CourseSkill, Skill
from courses.permissions import setup_provider
from tests.factories import ProviderFactory, catalogue_root, make_course, reference_data
from tests.helpers import messages_to
from trainees import graduation, services
from trainees.certificates import open_badge
from trainees.exceptions import TraineeError
from trainees.models import Attendance, CompletionOverride, EarnedSkill, Enrollment

S = Enrollment.Status


def _cohort_with_learners(n=3, **kw):
    reference_data()
    course = make_course(**kw)
    skills = list(Skill.objects.order_by("code")[:2])
    for skill, level in zip(skills, (2, 1), strict=True):
        CourseSkill.objects.create(course=course, skill=skill, level=level)
    cohort = Cohort.objects.get(course=course)
    today = timezone.localdate()
    enrollments = []
    for i in range(n):
        trainee = services.trainee_sign_up(phone=f"0861000{i:03d}", password="x" * 12, full_name=f"ผู้เรียน {i}",
                                           birth_date=date(today.year - 19, 1, 1), district_code="4010")
        enrollments.append(services.enrollment_apply(trainee=trainee, cohort=cohort))
    # the cohort runs now: move its dates around today so sessions can be added
    Cohort.objects.filter(pk=cohort.pk).update(start_date=today - timedelta(days=10),
                                               end_date=today + timedelta(days=1))
    cohort.refresh_from_db()
    return cohort, enrollments, skills


def pass_every_skill(enrollment, by):
    """The course requires its assessment: record a pass for every skill it teaches."""
    for course_skill in enrollment.cohort.course.course_skills.all():
        graduation.assessment_record(enrollment=enrollment, skill=course_skill.skill, passed=True, by=by)


@pytest.fixture
def staff():
    return get_user_model().objects.create_superuser(username="officer", password="x" * 12)


@pytest.mark.django_db
def test_completion_rule_graduation_certificates_and_skills(staff):
    cohort, (good, absent, failed), (battery, motor) = _cohort_with_learners()
    assert {e.status for e in (good, absent, failed)} == {S.CONFIRMED}
    sessions = [graduation.session_add(cohort=cohort, on=cohort.start_date + timedelta(days=d)) for d in range(5)]
    with pytest.raises(TraineeError):
        graduation.session_add(cohort=cohort, on=cohort.end_date + timedelta(days=30))
    for i, session in enumerate(sessions):
        present = {good.pk, failed.pk} | ({absent.pk} if i < 3 else set())  # absent: 60 %
        graduation.attendance_mark(session=session, present_ids=present, by=staff)
    with pytest.raises(TraineeError):
        graduation.attendance_mark(session=sessions[0], present_ids={999999}, by=staff)
    assert (graduation.attendance_rate(absent) == Decimal("60.0")
            and graduation.attendance_rate(good) == Decimal("100.0"))
    graduation.assessment_record(enrollment=good, skill=battery, passed=True, score=Decimal("88.5"), level=3, by=staff)
    graduation.assessment_record(enrollment=good, skill=motor, passed=True, by=staff)  # level from the course
    graduation.assessment_record(enrollment=failed, skill=battery, passed=False, score=Decimal("41"), by=staff)
    with pytest.raises(TraineeError):
        graduation.assessment_record(enrollment=good, skill=battery, passed=True, score=Decimal("101"), by=staff)
    other_skill = Skill.objects.exclude(pk__in=[battery.pk, motor.pk]).first()
    with pytest.raises(TraineeError):
        graduation.assessment_record(enrollment=good, skill=other_skill, passed=True, by=staff)

    result = graduation.cohort_graduate(cohort=cohort, by=staff)
    assert result["completed"] == [good.pk]
    assert set(result["not_completed"]) == {absent.pk, failed.pk}
    assert ("60.0%" in result["not_completed"][absent.pk][0]
            and "ไม่ผ่านการประเมิน" in result["not_completed"][failed.pk][0])
    good.refresh_from_db()
    assert good.status == S.COMPLETED and good.events.filter(to_status=S.COMPLETED, by=staff).exists()
    cert = good.certificate
    assert len(cert.code) >= 16 and cert.holder_name == "ผู้เรียน 0" and cert.hours == cohort.course.hours
    assert {s["code"]: s["level"] for s in cert.skills} == {battery.code: 3, motor.code: 1}
    earned = {e.skill_id: e for e in EarnedSkill.objects.filter(trainee=good.trainee)}
    assert earned[battery.pk].level == 3 and earned[battery.pk].certified and earned[motor.pk].certified
    assert not EarnedSkill.objects.filter(trainee=failed.trainee).exists()
    assert messages_to("0861000000", "certificate_issued").exists()
    assert graduation.cohort_graduate(cohort=cohort, by=staff) == {"completed": [], "not_completed": {},
                                                                   "certificates": [], "overridden": []}

    graduation.certificate_revoke(certificate=cert, reason="ทุจริตการสอบ", by=staff)
    cert.refresh_from_db()
    assert not cert.is_valid and not EarnedSkill.objects.filter(trainee=good.trainee, certified=True).exists()


@pytest.mark.django_db
def test_verify_page_pdf_and_open_badge(client, staff):
    cohort, (good,), _ = _cohort_with_learners(n=1)
    session = graduation.session_add(cohort=cohort, on=cohort.start_date)
    graduation.attendance_mark(session=session, present_ids={good.pk}, by=staff)
    pass_every_skill(good, staff)
    graduation.cohort_graduate(cohort=cohort, by=staff)
    cert = Enrollment.objects.get(pk=good.pk).certificate

    page = client.get(f"/verify/{cert.code}").content.decode()
    assert "ถูกต้องและยังใช้ได้" in page and cert.course_title in page and "ผู้เรียน 0" not in page and "ผ•" not in page
    assert "ชื่อตรงกับใบรับรอง" in client.post(f"/verify/{cert.code}", {"name": " ผู้เรียน  0 "}).content.decode()
    assert "ชื่อไม่ตรง" in client.post(f"/verify/{cert.code}", {"name": "คนอื่น"}).content.decode()
    missing = client.get("/verify/forged-code-123")
    assert missing.status_code == 404 and "ไม่พบใบรับรอง" in missing.content.decode()
    assert client.get("/verify/" + "x" * 500).status_code == 404

    assert client.get(f"/me/certificates/{cert.code}.pdf").status_code == 302  # log in first
    client.force_login(good.trainee.user)
    pdf = client.get(f"/me/certificates/{cert.code}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and len(pdf.content) > 5000
    assert cert.code in client.get("/me/").content.decode()

    badge = client.get(f"/verify/{cert.code}/badge.json").json()
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert badge["id"].endswith(f"/verify/{cert.code}")
    assert badge["credentialSubject"]["achievement"]["type"] == ["Achievement"]
    assert "ผู้เรียน" not in str(badge) and badge["credentialSubject"]["identifier"][0]["hashed"] is True

    graduation.certificate_revoke(certificate=cert, reason="ออกผิดคน", by=staff)
    cert.refresh_from_db()
    assert "ถูกเพิกถอน" in client.get(f"/verify/{cert.code}").content.decode()
    assert "validUntil" in open_badge(cert, base_url="http://x")


@pytest.mark.django_db
def test_dsd_eligibility_for_under_18s(client, reference_data):
    today = timezone.localdate()
    young = services.trainee_sign_up(phone="0862000001", password="x" * 12, full_name="น้องเล็ก",
                                     birth_date=date(today.year - 16, 3, 1),
                                     district_code="4001")
    assert graduation.dsd_test_eligible_on(young) == date(today.year + 2, 3, 1)
    young.birth_date = date(2008, 2, 29)
    assert graduation.dsd_test_eligible_on(young) == date(2026, 3, 1)
    young.birth_date = date(today.year - 16, 3, 1)
    client.force_login(young.user)
    assert "สอบมาตรฐานฝีมือแรงงาน" in client.get("/me/").content.decode()


@pytest.mark.django_db
def test_staff_screens_are_scoped_to_their_centre(client, staff):
    cohort, (learner,), _ = _cohort_with_learners(n=1)
    mine = ProviderFactory(slug="ipc5")
    root = setup_provider(provider=mine, catalogue=catalogue_root())
    officer = get_user_model().objects.create_user(username="centre-officer", password="x" * 12)
    officer.groups.add(Group.objects.get(pk=mine.staff_group_id))
    client.force_login(officer)
    assert client.get("/cms/cohorts/").status_code == 200
    assert client.get(f"/cms/cohorts/{cohort.pk}/").status_code == 404  # someone else's course
    assert client.post(f"/cms/cohorts/{cohort.pk}/graduate/").status_code == 404
    own = make_course(title="หลักสูตรของศูนย์", provider=mine)
    own.move(root, pos="last-child")
    own_cohort = Cohort.objects.get(course=own)
    assert client.get(f"/cms/cohorts/{own_cohort.pk}/").status_code == 200

    client.force_login(staff)
    page = client.get(f"/cms/cohorts/{cohort.pk}/")
    assert page.status_code == 200 and "ผู้เรียน 0" in page.content.decode()
    session = graduation.session_add(cohort=cohort, on=cohort.start_date)
    assert client.post(f"/cms/cohorts/{cohort.pk}/sessions/{session.pk}/", {"present": ["abc"]}).status_code == 200
    assert client.post(f"/cms/cohorts/{cohort.pk}/sessions/{session.pk}/",
                       {"present": [learner.pk]}).status_code == 302
    assert session.attendance.get().present
    assert client.post(f"/cms/cohorts/{cohort.pk}/assessments/", {
        f"r-{learner.pk}-{cohort.course.course_skills.first().skill_id}": "pass",
        f"s-{learner.pk}-{cohort.course.course_skills.first().skill_id}": "abc"}).status_code == 302
    assert not learner.assessments.exists()  # bad score: nothing half-written


@pytest.mark.django_db
def test_rule_counts_only_sessions_already_held_and_requires_the_assessment(staff):
    """One session in the past attended, and no assessment: not met. A session dated after today cannot be marked
    and does not count even if a mark exists (e.g. from before this rule)."""
    cohort, (learner,), (battery, motor) = _cohort_with_learners(n=1)
    today = timezone.localdate()
    future = graduation.session_add(cohort=cohort, on=today + timedelta(days=1))
    with pytest.raises(TraineeError) as refused:
        graduation.attendance_mark(session=future, present_ids={learner.pk}, by=staff)
    assert "ยังมาไม่ถึง" in refused.value.user_message()
    Attendance.objects.create(session=future, enrollment=learner, present=True)  # a mark made ahead of time
    assert graduation.sessions_held(cohort.pk) == 0 and graduation.attendance_rate(learner) is None
    ok, reasons = graduation.completion_check(learner)
    assert not ok and "ยังไม่มีวันเรียน" in reasons[0]

    past = graduation.session_add(cohort=cohort, on=today - timedelta(days=2))
    graduation.attendance_mark(session=past, present_ids={learner.pk}, by=staff)
    assert graduation.sessions_held(cohort.pk) == 1 and graduation.attendance_rate(learner) == Decimal("100.0")
    ok, reasons = graduation.completion_check(learner)
    assert not ok and len(reasons) == 1 and reasons[0].startswith("ยังไม่ได้ประเมิน: ")
    assert set(reasons[0].split(": ")[1].split(", ")) == {battery.code, motor.code}
    graduation.assessment_record(enrollment=learner, skill=battery, passed=True, by=staff)
    assert graduation.completion_check(learner) == (False, [f"ยังไม่ได้ประเมิน: {motor.code}"])
    graduation.assessment_record(enrollment=learner, skill=motor, passed=True, by=staff)
    assert graduation.completion_check(learner) == (True, [])
    # the day after tomorrow the future session is held: the learner was marked absent on it -> 50 %
    later = today + timedelta(days=2)
    Attendance.objects.filter(session=future).update(present=False)
    assert graduation.attendance_rate(learner, today=later) == Decimal("50.0")
    assert not graduation.completion_check(learner, today=later)[0]


@pytest.mark.django_db
def test_graduating_outside_the_rule_needs_a_reason_and_is_recorded(client, staff):
    cohort, (met, short), (battery, motor) = _cohort_with_learners(n=2)
    session = graduation.session_add(cohort=cohort, on=cohort.start_date)
    graduation.attendance_mark(session=session, present_ids={met.pk, short.pk}, by=staff)
    pass_every_skill(met, staff)  # `short` was never assessed
    client.force_login(staff)
    page = client.get(f"/cms/cohorts/{cohort.pk}/").content.decode()
    assert page.count(">ผ่านเกณฑ์<") == 1 and "ยังไม่ได้ประเมิน" in page

    with pytest.raises(TraineeError):
        graduation.cohort_graduate(cohort=cohort, by=staff, override_ids={short.pk}, override_reason="  ")
    response = client.post(f"/cms/cohorts/{cohort.pk}/graduate/", {"enrollment": [met.pk], "override": [short.pk]})
    assert response.status_code == 302
    assert set(Enrollment.objects.filter(cohort=cohort).values_list("status", flat=True)) == {S.CONFIRMED}

    client.post(f"/cms/cohorts/{cohort.pk}/graduate/", {"enrollment": [met.pk], "override": [short.pk],
                                                        "override_reason": "ป่วยวันประเมิน ครูรับรองฝีมือแล้ว"})
    short.refresh_from_db()
    met.refresh_from_db()
    assert short.status == S.COMPLETED and met.status == S.COMPLETED and short.certificate.is_valid
    record = CompletionOverride.objects.get(enrollment=short)
    assert record.by == staff and record.reason == "ป่วยวันประเมิน ครูรับรองฝีมือแล้ว"
    assert any("ยังไม่ได้ประเมิน" in reason for reason in record.unmet)
    assert not CompletionOverride.objects.filter(enrollment=met).exists()
    assert "ป่วยวันประเมิน" in short.events.get(to_status=S.COMPLETED).note
    assert "จบโดยข้อยกเว้น: ป่วยวันประเมิน" in client.get(f"/cms/cohorts/{cohort.pk}/").content.decode()


@pytest.mark.django_db
def test_moderators_and_centre_editors_see_only_their_own_centres_rosters(client, reference_data):
    """Issue 22 item 9: a course moderator may edit every catalogue page, but a roster (names, phones, attendance)
    is shown only to staff of the course's own centre; a moderator of no centre sees none."""
    from courses.permissions import MODERATORS, setup_moderation

    catalogue = catalogue_root()
    setup_moderation(catalogue=catalogue)
    ours, theirs = ProviderFactory(slug="centre-a"), ProviderFactory(slug="centre-b")
    cohorts = {}
    for provider, phone_base in ((ours, "0871000"), (theirs, "0872000")):
        root = setup_provider(provider=provider, catalogue=catalogue)
        course = make_course(title=f"หลักสูตร {provider.slug}", provider=provider)
        course.move(root, pos="last-child")
        cohorts[provider.slug] = Cohort.objects.get(course=course)
        services.enrollment_apply(trainee=services.trainee_sign_up(
            phone=f"{phone_base}001", password="x" * 12, full_name=f"ผู้เรียนของ {provider.slug}",
            birth_date=date(2004, 1, 1), district_code="4010"), cohort=cohorts[provider.slug])
    users = get_user_model().objects
    moderator = users.create_user(username="mod", password="x" * 12)
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    centre_moderator = users.create_user(username="mod-a", password="x" * 12)
    centre_moderator.groups.add(Group.objects.get(name=MODERATORS), Group.objects.get(pk=ours.staff_group_id))
    editor = users.create_user(username="editor-b", password="x" * 12)
    editor.groups.add(Group.objects.get(pk=theirs.staff_group_id))
    expected = {moderator: set(), centre_moderator: {"centre-a"}, editor: {"centre-b"}}
    for user, allowed in expected.items():
        client.force_login(user)
        listing = client.get("/cms/cohorts/").content.decode()
        for slug, cohort in cohorts.items():
            status = client.get(f"/cms/cohorts/{cohort.pk}/").status_code
            assert status == (200 if slug in allowed else 404), (user.username, slug, status)
            assert (f"ผู้เรียนของ {slug}" in client.get(f"/cms/cohorts/{cohort.pk}/").content.decode()) == (
                slug in allowed)
            assert (f"/cms/cohorts/{cohort.pk}/" in listing) == (slug in allowed)

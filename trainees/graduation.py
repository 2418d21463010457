"""Running a cohort (staff): sessions, attendance, assessment, the course's completion rule, bulk graduation,
certificates and their revocation. Writes only; reads for the staff screens are in trainees/selectors.py.

A graduate's skills come from the course's outcomes (CourseSkill levels); an assessment result can set a
different level for a skill, and a failed skill is not earned. Issuing a certificate marks those skills
certified; revoking it un-certifies them. Both announce `graduate_changed` so matching follows.
"""

from datetime import date, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from accounts.notifications import notify_user
from config.i18n import lazy_localized

from .exceptions import TraineeError
from .models import (
    Assessment,
    Attendance,
    Certificate,
    CohortSession,
    CompletionOverride,
    EarnedSkill,
    Enrollment,
)
from .services import enrollment_finish
from .signals import announce_graduate_changed

S = Enrollment.Status


@transaction.atomic
def session_add(*, cohort, on: date, starts_at: time | None = None, ends_at: time | None = None,
                topic: str = "") -> CohortSession:
    if not cohort.start_date <= on <= cohort.end_date:
        raise TraineeError(gettext_lazy("วันเรียนต้องอยู่ในช่วงวันที่ของรุ่น"))
    session, _ = CohortSession.objects.get_or_create(cohort=cohort, date=on, starts_at=starts_at,
                                                     defaults={"ends_at": ends_at, "topic": topic})
    return session


@transaction.atomic
def attendance_mark(*, session: CohortSession, present_ids: set[int], by) -> int:
    """Mark the whole roster in one go: listed enrolments present, the rest of the roster absent. A session that
    has not happened yet cannot be marked (the completion rule counts only sessions already held)."""
    if session.date > timezone.localdate():
        raise TraineeError(gettext_lazy("ยังเช็กชื่อไม่ได้ วันเรียนนี้ยังมาไม่ถึง "
                                        "เช็กชื่อในวันเรียนหรือหลังจากนั้น"))
    roster = list(session.cohort.enrollments.filter(status__in=[S.CONFIRMED, S.COMPLETED, S.NOT_COMPLETED]))
    unknown = set(present_ids) - {e.pk for e in roster}
    if unknown:
        raise TraineeError(gettext_lazy("มีผู้เรียนที่ไม่อยู่ในรายชื่อรุ่นนี้"))
    for enrollment in roster:
        Attendance.objects.update_or_create(session=session, enrollment=enrollment,
                                            defaults={"present": enrollment.pk in present_ids, "marked_by": by})
    return len(roster)


@transaction.atomic
def assessment_record(*, enrollment: Enrollment, skill, passed: bool, by, score: Decimal | None = None,
                      level: int | None = None) -> Assessment:
    if enrollment.status not in (S.CONFIRMED, S.COMPLETED, S.NOT_COMPLETED):
        raise TraineeError(gettext_lazy("ประเมินได้เฉพาะผู้เรียนที่ยืนยันแล้ว"))
    taught = {cs.skill_id for cs in enrollment.cohort.course.course_skills.all()}
    if skill.pk not in taught:
        raise TraineeError(gettext_lazy("หลักสูตรนี้ไม่ได้สอนทักษะนี้"))
    if score is not None and not Decimal(0) <= Decimal(score) <= Decimal(100):
        raise TraineeError(gettext_lazy("คะแนนต้องอยู่ระหว่าง 0–100"))
    assessment, _ = Assessment.objects.update_or_create(
        enrollment=enrollment, skill=skill,
        defaults={"passed": passed, "score": score, "level": level, "assessed_by": by})
    return assessment


def sessions_held(cohort_id: int, *, today: date | None = None) -> int:
    """Sessions of the cohort already held (dated today or earlier) where attendance was taken. A session dated in
    the future never counts, even if someone marked it, so one early tick cannot make a learner "meet the rule"."""
    today = today or timezone.localdate()
    return (CohortSession.objects.filter(cohort_id=cohort_id, date__lte=today, attendance__isnull=False)
            .distinct().count())


def attendance_rate(enrollment: Enrollment, *, held: int | None = None, today: date | None = None) -> Decimal | None:
    """Present sessions / sessions held so far (both counted up to today), as a percentage; None before any
    session is marked. Pass `held` (sessions_held of the cohort) when rating a whole roster, so it is counted once."""
    today = today or timezone.localdate()
    held = sessions_held(enrollment.cohort_id, today=today) if held is None else held
    if not held:
        return None
    present = enrollment.attendance.filter(present=True, session__date__lte=today).count()
    return (Decimal(present) * 100 / held).quantize(Decimal("0.1"))


def completion_check(enrollment: Enrollment, *, held: int | None = None,
                     today: date | None = None) -> tuple[bool, list[str]]:
    """The course's rule with the reasons it is not met: attendance over the sessions already held is at least
    the course's minimum, and, when the course requires the assessment, every skill the course teaches has a
    recorded passing result (a skill not assessed yet is a reason, not a pass)."""
    course = enrollment.cohort.course
    reasons = []
    rate = attendance_rate(enrollment, held=held, today=today)
    if rate is None:
        reasons.append(gettext("ยังไม่มีวันเรียนที่ผ่านมาแล้วและเช็กชื่อแล้ว"))
    elif rate < course.completion_min_attendance_pct:
        reasons.append(gettext("เข้าเรียน %(rate)s%% ต่ำกว่าเกณฑ์ %(minimum)s%%")
                       % {"rate": rate, "minimum": course.completion_min_attendance_pct})
    if course.completion_requires_pass:
        results = {a.skill_id: a.passed for a in enrollment.assessments.all()}
        skills = [cs.skill for cs in course.course_skills.select_related("skill")]
        failed = [s.code for s in skills if results.get(s.pk) is False]
        missing = [s.code for s in skills if s.pk not in results]
        if failed:
            reasons.append(gettext("ไม่ผ่านการประเมิน: %(skills)s") % {"skills": ", ".join(failed)})
        if missing:
            reasons.append(gettext("ยังไม่ได้ประเมิน: %(skills)s") % {"skills": ", ".join(missing)})
    return (not reasons, reasons)


def _earned_skills(enrollment: Enrollment) -> list[tuple]:
    results = {a.skill_id: a for a in enrollment.assessments.all()}
    earned = []
    for course_skill in enrollment.cohort.course.course_skills.select_related("skill"):
        result = results.get(course_skill.skill_id)
        if result is not None and not result.passed:
            continue
        level = result.level if result is not None and result.level else course_skill.level
        earned.append((course_skill.skill, level))
    return earned


@transaction.atomic
def certificate_issue(*, enrollment: Enrollment, on: date | None = None) -> Certificate:
    enrollment = Enrollment.objects.select_related("cohort__course__provider", "trainee").get(pk=enrollment.pk)
    if enrollment.status != S.COMPLETED:
        raise TraineeError(gettext_lazy("ออกใบรับรองได้เฉพาะผู้ที่จบหลักสูตร"))
    existing = Certificate.objects.filter(enrollment=enrollment).first()
    if existing:
        return existing
    cohort, trainee = enrollment.cohort, enrollment.trainee
    course = cohort.course
    on = on or timezone.localdate()
    skills = _earned_skills(enrollment)
    certificate = Certificate.objects.create(
        trainee=trainee, enrollment=enrollment, holder_name=trainee.full_name, course_title=course.title,
        course_title_en=course.title_en, hours=course.hours, started_on=cohort.start_date, finished_on=cohort.end_date,
        issuer=course.provider.name_th if course.provider else "สะพานอาชีพ", issued_on=on,
        skills=[{"code": s.code, "name_th": s.name_th, "name_en": s.name_en, "level": level} for s, level in skills],
    )
    for skill, level in skills:
        held = EarnedSkill.objects.filter(trainee=trainee, skill=skill).first()
        if held is None:
            EarnedSkill.objects.create(trainee=trainee, skill=skill, level=level, certified=True,
                                       certificate=certificate, earned_on=on)
        else:  # never lower a level a person already holds
            held.level, held.certified, held.certificate = max(held.level, level), True, certificate
            held.earned_on = held.earned_on or on
            held.save(update_fields=["level", "certified", "certificate", "earned_on"])
    notify_user(trainee.user, kind="certificate_issued", language=trainee.preferred_language, text=format_lazy(
        gettext_lazy("สะพานอาชีพ: ยินดีด้วย! คุณจบหลักสูตร {course} ใบรับรองเลขที่ {code} ดาวน์โหลดได้ที่หน้า ของฉัน"),
        course=lazy_localized(course, "title"), code=certificate.code))
    announce_graduate_changed(trainee.pk)
    return certificate


@transaction.atomic
def cohort_graduate(*, cohort, by, enrollment_ids: set[int] | None = None, on: date | None = None,
                    override_ids: set[int] | None = None, override_reason: str = "") -> dict:
    """Close a cohort in bulk: apply the completion rule to every confirmed learner (or the ones chosen), mark
    completed / not completed, issue certificates. Idempotent: finished enrolments are left alone.

    `override_ids` are learners staff graduate although the rule is not met (e.g. a documented illness); this
    needs a reason, which is recorded with the unmet reasons and who decided (CompletionOverride) and in the
    enrolment's history. An override for someone who meets the rule anyway is not recorded."""
    override_ids = set(override_ids or ())
    override_reason = (override_reason or "").strip()
    if override_ids and not override_reason:
        raise TraineeError(gettext_lazy("ต้องระบุเหตุผลเมื่อให้จบโดยไม่ผ่านเกณฑ์ (ข้อยกเว้น)"))
    result = {"completed": [], "not_completed": {}, "certificates": [], "overridden": []}
    roster = cohort.enrollments.select_for_update().filter(status=S.CONFIRMED)
    if enrollment_ids is not None:
        roster = roster.filter(pk__in=set(enrollment_ids) | override_ids)
    held = sessions_held(cohort.pk)
    for enrollment in roster.select_related("cohort__course"):
        ok, reasons = completion_check(enrollment, held=held)
        overridden = not ok and enrollment.pk in override_ids
        if overridden:
            CompletionOverride.objects.create(enrollment=enrollment, reason=override_reason[:500],
                                              unmet=reasons, by=by)
        note = gettext("จบโดยข้อยกเว้น: %(reason)s") % {"reason": override_reason} if overridden else ""
        enrollment_finish(enrollment=enrollment, completed=ok or overridden, by=by, note=note[:255])
        if ok or overridden:
            result["completed"].append(enrollment.pk)
            result["certificates"].append(certificate_issue(enrollment=enrollment, on=on).code)
            if overridden:
                result["overridden"].append(enrollment.pk)
        else:
            result["not_completed"][enrollment.pk] = reasons
    return result


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, by) -> Certificate:
    if not reason.strip():
        raise TraineeError(gettext_lazy("กรุณาระบุเหตุผลที่เพิกถอน"))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at:
        return certificate
    certificate.revoked_at, certificate.revoked_reason, certificate.revoked_by = timezone.now(), reason.strip(), by
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    EarnedSkill.objects.filter(certificate=certificate).update(certified=False, certificate=None)
    announce_graduate_changed(certificate.trainee_id)
    return certificate


def dsd_test_eligible_on(trainee) -> date | None:
    """The national DSD skill-standard test takes candidates from age 18: the date an under-18 becomes eligible."""
    if not trainee.birth_date:
        return None
    b = trainee.birth_date
    try:
        return b.replace(year=b.year + 18)
    except ValueError:  # born 29 February
        return date(b.year + 18, 3, 1)

"""Every write of the trainees app: sign-up, enrolment with seats and a FIFO waitlist, and its transitions.

Seats are never oversold: every change that takes or frees a seat locks the cohort row first, so concurrent
applications for the last seat are serialised by PostgreSQL.
"""

from datetime import date, timedelta

from celery import current_app
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.notifications import notify_user
from accounts.services import password_validate
from config.i18n import lazy_date, lazy_localized, lazy_schedule
from courses.models import Cohort, District

from . import privacy
from .exceptions import ConsentRequired, IllegalTransition, NotEligible, PhoneNotVerified, TraineeError
from .identity import clean_national_id, normalize_phone
from .models import Consent, Enrollment, EnrollmentEvent, TraineeProfile
from .signals import trainee_signed_up

S = Enrollment.Status
SEAT_HOLD = timedelta(hours=48)  # a promoted person has this long to pay before the seat moves on
TRANSITIONS = {
    S.APPLIED: {S.AWAITING_PAYMENT, S.CONFIRMED, S.WAITLISTED, S.WITHDRAWN, S.CANCELLED},
    S.WAITLISTED: {S.AWAITING_PAYMENT, S.CONFIRMED, S.WITHDRAWN, S.CANCELLED},
    S.AWAITING_PAYMENT: {S.CONFIRMED, S.WITHDRAWN, S.CANCELLED},
    S.CONFIRMED: {S.COMPLETED, S.NOT_COMPLETED, S.WITHDRAWN, S.CANCELLED},
}
ACTIVE = [S.APPLIED, S.AWAITING_PAYMENT, S.CONFIRMED, S.WAITLISTED]


@transaction.atomic
def trainee_sign_up(*, phone: str, password: str, full_name: str, birth_date: date, district_code: str,
                    national_id: str = "", referral_token: str = "") -> TraineeProfile:
    phone = normalize_phone(phone)
    users = get_user_model().objects
    if users.filter(phone=phone).exists():
        raise TraineeError(gettext_lazy("เบอร์นี้สมัครไว้แล้ว กรุณาเข้าสู่ระบบ"))
    district = District.objects.filter(code=district_code).first()
    if district is None:
        raise TraineeError(gettext_lazy("กรุณาเลือกอำเภอในจังหวัดขอนแก่น"))
    profile = TraineeProfile(full_name=full_name.strip(), birth_date=birth_date, district=district)
    age = profile.age_on(timezone.localdate())
    if age is None or not 15 <= age <= 99:
        raise TraineeError(gettext_lazy("ผู้สมัครต้องมีอายุ 15 ปีขึ้นไป"))
    national_id = clean_national_id(national_id) if national_id.strip() else ""  # malformed: before any write
    password_validate(password, user=users.model(username=phone, phone=phone))
    user = users.create_user(username=phone, phone=phone, password=password)
    profile.user = user
    profile.save()
    if national_id:  # one another account holds is kept aside for staff, same answer (issue 22 item 5)
        privacy.national_id_set(profile, national_id)
        profile.save(update_fields=["national_id_hash", "national_id_last4", "updated_at"])
    transaction.on_commit(lambda: trainee_signed_up.send(sender=TraineeProfile, trainee_id=profile.pk,
                                                         referral_token=referral_token))
    return profile


def _move(enrollment: Enrollment, to: str, *, by=None, note: str = "") -> Enrollment:
    if to not in TRANSITIONS.get(enrollment.status, set()):
        raise IllegalTransition(context=(enrollment.status, to))
    EnrollmentEvent.objects.create(enrollment=enrollment, from_status=enrollment.status, to_status=to, by=by,
                                   note=note)
    previous, enrollment.status = enrollment.status, to
    enrollment.save(update_fields=["status", "seat_held_until", "waitlisted_at", "updated_at"])
    _tell(enrollment, previous, to, note)
    return enrollment


def _tell(enrollment: Enrollment, previous: str, to: str, note: str) -> None:
    """The messages a learner gets about their place (queued in this transaction, sent after commit)."""
    course = enrollment.cohort.course
    promoted = previous == S.WAITLISTED
    texts = {
        S.WAITLISTED: gettext_lazy("สะพานอาชีพ: รับใบสมัคร {course} แล้ว ขณะนี้ที่นั่งเต็ม คุณอยู่ในรายชื่อรอ "
                                   "เราจะแจ้งเมื่อมีที่ว่าง"),
        S.AWAITING_PAYMENT: gettext_lazy("สะพานอาชีพ: {opened}รับใบสมัคร {course} แล้ว กรุณาชำระค่าเรียนด้วยพร้อมเพย์"
                                         "ภายใน 48 ชม. ที่หน้า ของฉัน"),
        S.CONFIRMED: gettext_lazy("สะพานอาชีพ: {opened}ยืนยันที่นั่ง {course} เริ่มเรียน {start}"),
        S.CANCELLED: gettext_lazy("สะพานอาชีพ: ที่นั่ง {course} ถูกยกเลิก ({note})"),
    }
    text = texts.get(to)
    if text is not None:
        text = format_lazy(text, course=lazy_localized(course, "title"), start=lazy_date(enrollment.cohort.start_date),
                           opened=gettext_lazy("มีที่ว่างแล้ว! ") if promoted else "",
                           note=note or pgettext_lazy("enrolment", "ยกเลิก"))
    if text is None:
        return
    if promoted:
        kind = "waitlist_promotion"
    elif to == S.CONFIRMED:
        kind = "enrolment_confirmed"
    elif to in (S.WAITLISTED, S.AWAITING_PAYMENT):
        kind = "application_received"
    else:
        kind = "enrolment_cancelled"
    notify_user(enrollment.trainee.user, kind=kind, text=text, language=enrollment.trainee.preferred_language)


def _seats_taken(cohort: Cohort) -> int:
    return cohort.enrollments.filter(status__in=Enrollment.SEAT_HOLDING).count()


def _take_seat(enrollment: Enrollment, *, by=None, note="") -> Enrollment:
    """Confirm a free place, or hold it pending payment of what the sponsor does not cover."""
    cohort = enrollment.cohort
    fee = cohort.trainee_fee_thb
    if fee <= 0:
        return _move(enrollment, S.CONFIRMED, by=by, note=note or "fully sponsored")
    enrollment.seat_held_until = timezone.now() + SEAT_HOLD
    _move(enrollment, S.AWAITING_PAYMENT, by=by, note=note)
    from .payment_step import request_payment

    request_payment(enrollment, amount=fee)
    return enrollment


def clashing_enrollment(trainee: TraineeProfile, cohort: Cohort) -> Enrollment | None:
    """The trainee's active enrolment in another intake whose dates overlap this one's, if any."""
    return (Enrollment.objects.filter(trainee=trainee, status__in=ACTIVE, cohort__start_date__lte=cohort.end_date,
                                      cohort__end_date__gte=cohort.start_date)
            .exclude(cohort=cohort).select_related("cohort__course").first())


@transaction.atomic
def enrollment_apply(*, trainee: TraineeProfile, cohort: Cohort, by=None) -> Enrollment:
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    today = timezone.localdate()
    if not cohort.is_enrolment_open(today):
        raise NotEligible(gettext_lazy("รุ่นนี้ไม่ได้เปิดรับสมัครในขณะนี้"))
    age = trainee.age_on(cohort.start_date)
    course = cohort.course
    if age is None or not course.min_age <= age <= course.max_age:
        raise NotEligible(format_lazy(gettext_lazy("หลักสูตรนี้รับผู้เรียนอายุ {0}–{1} ปี"),
                                      course.min_age, course.max_age))
    if Enrollment.objects.filter(trainee=trainee, cohort=cohort, status__in=ACTIVE).exists():
        raise NotEligible(gettext_lazy("คุณสมัครรุ่นนี้ไว้แล้ว"))
    if clashing_enrollment(trainee, cohort) is not None:
        raise NotEligible(gettext_lazy("คุณสมัครรุ่นที่เรียนช่วงเวลาเดียวกันไว้แล้ว"))
    from .payment_step import can_collect

    if cohort.trainee_fee_thb > 0 and not can_collect(cohort):
        raise NotEligible(gettext_lazy("ศูนย์ฝึกนี้ยังรับชำระค่าเรียนออนไลน์ไม่ได้ "
                                       "กรุณาติดต่อศูนย์ฝึกโดยตรง"))
    enrollment = Enrollment.objects.create(trainee=trainee, cohort=cohort, status=S.APPLIED)
    EnrollmentEvent.objects.create(enrollment=enrollment, to_status=S.APPLIED, by=by)
    if _seats_taken(cohort) - 1 < cohort.seats:  # the new row is counted already
        return _take_seat(enrollment, by=by)
    enrollment.waitlisted_at = timezone.now()
    return _move(enrollment, S.WAITLISTED, by=by, note="cohort full")


def _enqueue_promotion(cohort_id: int) -> None:
    # by task name: the tasks module imports this one, never the other way round
    transaction.on_commit(lambda: current_app.send_task("trainees.promote_waitlist", args=[cohort_id]))


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment, by=None, note: str = "") -> Enrollment:
    Cohort.objects.select_for_update().get(pk=enrollment.cohort_id)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    freed = enrollment.status in Enrollment.SEAT_HOLDING
    _move(enrollment, S.WITHDRAWN, by=by, note=note)
    from .payment_step import cancel_open_invoices

    cancel_open_invoices(enrollment, by=by)
    if freed:
        _enqueue_promotion(enrollment.cohort_id)
    return enrollment


@transaction.atomic
def enrollment_confirm_payment(*, enrollment_id: int, by=None) -> Enrollment:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment_id)
    if enrollment.status != S.AWAITING_PAYMENT:
        return enrollment  # told twice, or no longer holding a seat (withdrawn, released): nothing changes
    enrollment.seat_held_until = None
    return _move(enrollment, S.CONFIRMED, by=by, note="paid")


@transaction.atomic
def enrollment_release_unpaid(*, enrollment_id: int) -> Enrollment:
    """The held seat was not paid for in time: cancel and give the seat to the next person."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment_id)
    if enrollment.status != S.AWAITING_PAYMENT:
        return enrollment
    _move(enrollment, S.CANCELLED, note="payment not received in time")
    _enqueue_promotion(enrollment.cohort_id)
    return enrollment


@transaction.atomic
def enrollment_finish(*, enrollment: Enrollment, completed: bool, by=None, note: str = "") -> Enrollment:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    return _move(enrollment, S.COMPLETED if completed else S.NOT_COMPLETED, by=by, note=note)


@transaction.atomic
def waitlist_promote(*, cohort_id: int) -> list[int]:
    """Give freed seats to the waitlist, first in first out. Idempotent: no free seat, nothing happens."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort_id)
    promoted = []
    free = cohort.seats - _seats_taken(cohort)
    queue = cohort.enrollments.filter(status=S.WAITLISTED).order_by("waitlisted_at", "pk")
    for enrollment in queue[: max(free, 0)]:
        _take_seat(enrollment, note="promoted from the waitlist")
        promoted.append(enrollment.pk)
    return promoted


def waitlist_position(enrollment: Enrollment) -> int | None:
    if enrollment.status != S.WAITLISTED:
        return None
    ahead = enrollment.cohort.enrollments.filter(status=S.WAITLISTED,
                                                 waitlisted_at__lt=enrollment.waitlisted_at).count()
    return ahead + 1


@transaction.atomic
def cohort_reminders_send(*, days_ahead: int = 2) -> int:
    """Remind confirmed learners of a cohort starting in `days_ahead` days; once per enrolment."""
    start = timezone.localdate() + timedelta(days=days_ahead)
    due = (Enrollment.objects.select_for_update().select_related("cohort__course", "cohort__district", "trainee__user")
           .filter(status=S.CONFIRMED, cohort__start_date=start, reminded_at__isnull=True))
    sent = 0
    for enrollment in due:
        cohort, course = enrollment.cohort, enrollment.cohort.course
        notify_user(enrollment.trainee.user, kind="cohort_reminder", language=enrollment.trainee.preferred_language,
                    text=format_lazy(gettext_lazy("สะพานอาชีพ: อย่าลืม! {course} เริ่ม {start} {schedule} ที่ {place}"),
                                     course=lazy_localized(course, "title"), start=lazy_date(cohort.start_date),
                                     schedule=lazy_schedule(cohort.schedule_text),
                                     place=cohort.venue or lazy_localized(cohort.district, "name")))
        enrollment.reminded_at = timezone.now()
        enrollment.save(update_fields=["reminded_at"])
        sent += 1
    return sent


# Self-service: what a youth does on their own phone. Staff, imports and demos call the primitives above
# (a signed paper form is their consent record); the web pages call only these, so nobody gets a seat without
# having been asked, in plain Thai, for the consents the step needs.

@transaction.atomic
def sign_up_with_consent(*, phone: str, password: str, full_name: str, birth_date: date, district_code: str,
                         training_consent: bool, guardian_name: str = "", guardian_phone: str = "",
                         national_id: str = "", referral_token: str = "") -> TraineeProfile:
    """Sign up, recording the person's consent to the training record (required). Under 20 the guardian's
    name and mobile are required too, and the guardian is sent a code at once (finished on the next screen)."""
    if not training_consent:
        raise ConsentRequired(gettext_lazy("กรุณาให้ความยินยอมให้เราใช้ข้อมูลของคุณเพื่อจัดการการเรียน"))
    profile = trainee_sign_up(phone=phone, password=password, full_name=full_name, birth_date=birth_date,
                              district_code=district_code, national_id=national_id, referral_token=referral_token)
    privacy.consent_give(trainee=profile, purpose=Consent.Purpose.TRAINING)
    if privacy.is_minor(profile):
        if not (guardian_name.strip() and guardian_phone.strip()):
            raise ConsentRequired(gettext_lazy("อายุต่ำกว่า 20 ปี: กรุณากรอกชื่อและเบอร์มือถือของผู้ปกครอง "
                                               "เราจะส่งรหัสไปขอความยินยอม"))
        privacy.guardian_consent_request(trainee=profile, guardian_name=guardian_name, guardian_phone=guardian_phone,
                                         purpose=Consent.Purpose.TRAINING)
    return profile


@transaction.atomic
def apply_with_consent(*, trainee: TraineeProfile, cohort: Cohort, training_consent: bool, by=None) -> Enrollment:
    """The learner confirmed on the apply screen: record their training consent if newly given, refuse while a
    consent is missing (under 20: the guardian's), then apply; nothing is written when anything fails.
    The learner's own application holds a seat only for a verified phone (PhoneNotVerified); staff enrolling
    someone they have met go through enrollment_apply directly."""
    if trainee.user.phone_verified_at is None:
        raise PhoneNotVerified()
    if training_consent and privacy.active_consent(trainee, Consent.Purpose.TRAINING) is None:
        privacy.consent_give(trainee=trainee, purpose=Consent.Purpose.TRAINING)
    missing = privacy.consents_missing_to_apply(trainee)
    if "training" in missing:
        raise ConsentRequired(gettext_lazy("กรุณาให้ความยินยอมให้เราใช้ข้อมูลของคุณเพื่อจัดการการเรียนก่อนสมัคร"))
    if "guardian" in missing:
        raise ConsentRequired(gettext_lazy("อายุต่ำกว่า 20 ปี: ต้องได้รับความยินยอมจากผู้ปกครองก่อนสมัคร"))
    return enrollment_apply(trainee=trainee, cohort=cohort, by=by)

"""Reads of the trainees app: a learner's own dashboard and the staff roster; always scoped to who asks."""

from django.utils import timezone
from wagtail.permission_policies.pages import PagePermissionPolicy

from courses.models import Cohort
from payments.selectors import invoices_for_payable

from .graduation import attendance_rate, completion_check, dsd_test_eligible_on, sessions_held
from .models import Certificate, CohortSession, Enrollment
from .payment_step import can_collect
from .privacy import AGE_OF_MAJORITY, active_consent, consent_summary, is_minor
from .services import ACTIVE, clashing_enrollment, waitlist_position


def dashboard_for(profile) -> dict:
    today = timezone.localdate()
    enrollments = []
    for enrollment in profile.enrollments.select_related("cohort__course", "cohort__district").order_by("-created_at"):
        enrollment.position = waitlist_position(enrollment)
        enrollment.invoice = invoices_for_payable("enrollment", enrollment.pk).first()
        enrollment.rate = attendance_rate(enrollment) if enrollment.status in Enrollment.SEAT_HOLDING else None
        enrollment.next_sessions = list(
            CohortSession.objects.filter(cohort_id=enrollment.cohort_id, date__gte=today)[:3]
        ) if enrollment.status == Enrollment.Status.CONFIRMED else []
        enrollments.append(enrollment)
    age = profile.age_on(today)
    dsd_on = dsd_test_eligible_on(profile) if age is not None and age < 18 else None
    return {
        "profile": profile, "enrollments": enrollments,
        "certificates": list(profile.certificates.order_by("-issued_on")),
        "minor": is_minor(profile), "age": age, "age_of_majority": AGE_OF_MAJORITY,
        "dsd_eligible_on": dsd_on,
        "employers_consent": active_consent(profile, "employers"),
    }


def certificate_of(user, code: str) -> Certificate | None:
    """The holder's own certificate; another person's code answers like a missing one."""
    return Certificate.objects.filter(code=code, trainee__user=user).first()


def certificate_holder_is(certificate: Certificate, typed_name: str) -> bool:
    """Does the name someone typed (from the paper) match the holder? Spacing does not matter; an erased name
    never matches. Compared as keyed hashes in constant time (the same hash badge.json carries)."""
    import hmac

    from .certificates import holder_hash

    typed = " ".join((typed_name or "").split())
    if not typed or not certificate.holder_name.strip():
        return False
    return hmac.compare_digest(holder_hash(certificate, typed), holder_hash(certificate))


def roster(cohort) -> list[Enrollment]:
    rows = list(cohort.enrollments.filter(status__in=[Enrollment.Status.CONFIRMED, Enrollment.Status.COMPLETED,
                                                      Enrollment.Status.NOT_COMPLETED])
                .select_related("trainee", "cohort__course").order_by("trainee__full_name"))
    held = sessions_held(cohort.pk)
    for enrollment in rows:
        enrollment.rate = attendance_rate(enrollment, held=held)
        enrollment.ok, enrollment.reasons = completion_check(enrollment, held=held)
        enrollment.certificate_code = getattr(getattr(enrollment, "certificate", None), "code", None)
        enrollment.override = getattr(enrollment, "completion_override", None)
        enrollment.consents = consent_summary(enrollment.trainee)
    return rows


def cohort_state_for(user, cohort) -> dict:
    """What the course page shows one visitor about one intake before they apply: their own place in it, or
    another intake of theirs whose dates clash with it. Empty for visitors who are not trainees."""
    profile = getattr(user, "trainee", None) if getattr(user, "is_authenticated", False) else None
    if profile is None:
        return {}
    mine = profile.enrollments.filter(cohort=cohort, status__in=ACTIVE).first()
    return {"mine": mine, "clash": None if mine else clashing_enrollment(profile, cohort)}


def apply_context(profile, cohort) -> dict:
    """Everything the apply confirm screen states: the intake, money and condition, seats, clash, payability."""
    state = cohort_state_for(profile.user, cohort)
    fee = cohort.trainee_fee_thb
    return {
        "cohort": cohort, "course": cohort.course, "mine": state.get("mine"), "clash": state.get("clash"),
        "you_pay": fee, "full": cohort.seats_left <= 0, "payable": fee <= 0 or can_collect(cohort),
        "open": cohort.is_enrolment_open(),
    }


def cohorts_for_staff(user):
    """Cohorts of courses this staff user may edit in Wagtail AND that belong to the user's own centre (a member
    of the course provider's staff group). Course moderators may edit every page of the catalogue, but a roster
    holds learners' names, phones and attendance: they see only their own centre's (issue 22 item 9).
    Superusers see every cohort."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change", "publish"])
    cohorts = Cohort.objects.filter(course__in=pages.values("pk")).select_related("course", "district")
    if not user.is_superuser:
        cohorts = cohorts.filter(course__provider__staff_group__in=user.groups.values("pk"))
    return cohorts

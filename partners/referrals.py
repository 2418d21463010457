"""Referral writes and reads. Dedup: a referral whose phone or national ID matches an existing trainee is
linked to that trainee; the same partner referring the same phone twice gets the existing referral back."""

import datetime as dt
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from config.errors import NotAllowed
from employers.models import Placement
from trainees.identity import national_id_hash, normalize_phone
from trainees.models import Enrollment, EnrollmentEvent, TraineeProfile

from .exceptions import ReferralError
from .models import Referral


def _find_trainee(*, phone: str, nid_hash: str):
    if nid_hash:
        found = TraineeProfile.objects.filter(national_id_hash=nid_hash).first()
        if found:
            return found
    user = get_user_model().objects.filter(phone=phone).first()
    return getattr(user, "trainee", None) if user else None


@transaction.atomic
def referral_create(*, user, full_name: str, phone: str, consent_by: str, national_id: str = "") -> Referral:
    membership = getattr(user, "partner_membership", None)
    if membership is None:
        raise NotAllowed()
    phone = normalize_phone(phone)
    full_name = (full_name or "").strip()
    if not full_name:
        raise ReferralError("กรุณากรอกชื่อของเยาวชน", "The young person's name is required")
    nid_hash = national_id_hash(national_id) if national_id else ""
    if consent_by not in Referral.ConsentBy.values:
        raise NotAllowed("ต้องบันทึกความยินยอมของเยาวชนหรือผู้ปกครอง", "Consent of the youth or guardian is required")
    existing = Referral.objects.select_for_update().filter(partner=membership.partner, phone=phone).first()
    if existing:
        return existing
    return Referral.objects.create(
        partner=membership.partner, full_name=full_name, phone=phone, national_id_hash=nid_hash,
        consent_by=consent_by, consent_at=timezone.now(), token=secrets.token_urlsafe(16)[:22],
        trainee=_find_trainee(phone=phone, nid_hash=nid_hash), created_by=user,
    )


def referrals_visible_to(user):
    """A partner's staff see only their own partner's referrals; anyone else sees none."""
    membership = getattr(user, "partner_membership", None)
    if membership is None:
        return Referral.objects.none()
    return Referral.objects.filter(partner_id=membership.partner_id)


# The youth's path after a referral, in order; a referral's status is the furthest step reached.
STEPS = [
    ("referred", "ส่งต่อแล้ว", "Referred"),
    ("contacted", "ส่งคำเชิญแล้ว", "Invited"),
    ("signed_up", "สมัครสมาชิกแล้ว", "Signed up"),
    ("enrolled", "ได้ที่เรียนแล้ว", "Enrolled"),
    ("completed", "เรียนจบแล้ว", "Completed"),
    ("placed", "ได้งานแล้ว", "Placed"),
]
STEP_CODES = [code for code, _, _ in STEPS]
STEP_LABELS = {code: (th, en) for code, th, en in STEPS}
ENROLLED_STATUSES = ["confirmed", "completed", "not_completed"]


def _first(qs, field):
    return Subquery(qs.order_by(field).values(field)[:1])


def with_progress(qs):
    """Annotate referrals with the date each step was reached (None when not yet): derived from the youth's
    own records (sign-up, enrolment events, placements), so the status can never disagree with them."""
    trainee = OuterRef("trainee_id")
    enrolments = Enrollment.objects.filter(trainee_id=trainee)
    events = EnrollmentEvent.objects.filter(enrollment__trainee_id=trainee)
    return qs.annotate(
        signed_up_at=F("trainee__created_at"),
        enrolled_at=Coalesce(_first(events.filter(to_status="confirmed"), "at"),
                             _first(enrolments.filter(status__in=ENROLLED_STATUSES), "created_at")),
        completed_at=Coalesce(_first(events.filter(to_status="completed"), "at"),
                              _first(enrolments.filter(status="completed"), "updated_at")),
        course_ends_on=Subquery(enrolments.filter(status__in=["confirmed"]).order_by("-cohort__end_date")
                                .values("cohort__end_date")[:1]),
        placed_on=_first(Placement.objects.filter(trainee_id=trainee), "start_date"),
    )


def _as_datetime(value):
    if value is None or isinstance(value, dt.datetime):
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


def referral_progress(referral: Referral) -> list[dict]:
    """[{code, label_th, label_en, at}] for every step; `at` is None for steps not reached.
    Needs a referral from `with_progress(...)` (loads it that way otherwise)."""
    if not hasattr(referral, "placed_on"):
        referral = with_progress(Referral.objects.filter(pk=referral.pk)).get()
    reached = {
        "referred": referral.created_at, "contacted": referral.contacted_at,
        "signed_up": referral.signed_up_at if referral.trainee_id else None,
        "enrolled": referral.enrolled_at if referral.trainee_id else None,
        "completed": referral.completed_at if referral.trainee_id else None,
        "placed": _as_datetime(referral.placed_on) if referral.trainee_id else None,
    }
    return [{"code": code, "label_th": th, "label_en": en, "at": reached[code]} for code, th, en in STEPS]


def referral_current(referral: Referral) -> tuple[str, dt.datetime]:
    """The furthest step reached and since when."""
    steps = referral_progress(referral)
    for step in reversed(steps):
        if step["at"] is not None:
            return step["code"], step["at"]
    return "referred", referral.created_at


def referral_status(referral: Referral) -> str:
    return referral_current(referral)[0]

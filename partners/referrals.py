"""Referral writes and reads. The same partner referring the same phone twice gets the existing referral back.

A referral is linked to a youth's account (and the partner sees their progress) only when the youth confirms,
on /me/referrals/, that this partner referred them: a phone number or national ID typed by a partner proves
nothing about who holds the account (the review saw a partner look up an unrelated youth's job by phone).
Until then the partner sees "referred / invited" only. Matching candidates need a verified phone."""

import datetime as dt
import secrets

from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from config.errors import NotAllowed
from employers.models import Placement
from trainees.identity import national_id_hash, normalize_phone
from trainees.models import Enrollment, EnrollmentEvent, TraineeProfile

from .exceptions import ReferralError
from .models import Referral


def referrals_to_confirm(trainee: TraineeProfile):
    """Referrals that may be this youth's, waiting for them to say so: made for their verified phone or their
    national ID (or linked before confirmation existed), not yet confirmed or declined."""
    user = trainee.user
    match = Q(pk__in=[])
    if user.phone and user.phone_verified_at:
        match |= Q(phone=user.phone)
    if trainee.national_id_hash:
        match |= Q(national_id_hash=trainee.national_id_hash)
    # links made before confirmation existed (by phone at referral or sign-up) wait for it like the others
    match = (match & Q(trainee__isnull=True)) | Q(trainee=trainee)
    return (Referral.objects.filter(match, confirmed_at__isnull=True, declined_at__isnull=True)
            .select_related("partner").order_by("created_at"))


@transaction.atomic
def referral_confirm(*, trainee: TraineeProfile, referral_id: int, confirm: bool) -> Referral:
    """The youth says whether this partner referred them. Yes: linked, and the partner sees their progress.
    No: the partner keeps seeing "invited" and the youth is not asked again."""
    referral = referrals_to_confirm(trainee).select_for_update(of=("self",)).filter(pk=referral_id).first()
    if referral is None:
        raise ReferralError("ไม่พบการส่งต่อนี้", "This referral was not found")
    if confirm:
        referral.trainee, referral.confirmed_at = trainee, timezone.now()
    else:
        referral.declined_at = timezone.now()
    referral.save(update_fields=["trainee", "confirmed_at", "declined_at"])
    return referral


@transaction.atomic
def referral_stop_sharing(*, trainee: TraineeProfile, referral_id: int) -> None:
    """Withdraw: the partner goes back to seeing "invited" only."""
    Referral.objects.filter(pk=referral_id, trainee=trainee).update(trainee=None, confirmed_at=None,
                                                                    declined_at=timezone.now())


def referrals_confirmed_by(trainee: TraineeProfile):
    return Referral.objects.filter(trainee=trainee, confirmed_at__isnull=False).select_related("partner")


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
        created_by=user,
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
    shared = bool(referral.trainee_id and referral.confirmed_at)  # the youth's confirmation is the consent
    reached = {
        "referred": referral.created_at, "contacted": referral.contacted_at,
        "signed_up": referral.signed_up_at if shared else None,
        "enrolled": referral.enrolled_at if shared else None,
        "completed": referral.completed_at if shared else None,
        "placed": _as_datetime(referral.placed_on) if shared else None,
    }
    return [{"code": code, "label_th": th, "label_en": en, "at": reached[code]} for code, th, en in STEPS]


def referral_current(referral: Referral) -> tuple[str, dt.datetime]:
    """The furthest step reached and since when."""
    steps = referral_progress(referral)
    for step in reversed(steps):
        if step["at"] is not None:
            return step["code"], step["at"]
    return "referred", referral.created_at

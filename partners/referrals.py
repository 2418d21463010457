"""Referral writes and reads. Dedup: a referral whose phone or national ID matches an existing trainee is
linked to that trainee; the same partner referring the same phone twice gets the existing referral back."""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from config.errors import NotAllowed
from trainees.identity import national_id_hash, normalize_phone
from trainees.models import TraineeProfile

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
    nid_hash = national_id_hash(national_id) if national_id else ""
    if consent_by not in Referral.ConsentBy.values:
        raise NotAllowed("ต้องบันทึกความยินยอมของเยาวชนหรือผู้ปกครอง", "Consent of the youth or guardian is required")
    existing = Referral.objects.select_for_update().filter(partner=membership.partner, phone=phone).first()
    if existing:
        return existing
    return Referral.objects.create(
        partner=membership.partner, full_name=full_name.strip(), phone=phone, national_id_hash=nid_hash,
        consent_by=consent_by, consent_at=timezone.now(), token=secrets.token_urlsafe(16)[:22],
        trainee=_find_trainee(phone=phone, nid_hash=nid_hash), created_by=user,
    )


def referrals_visible_to(user):
    """A partner's staff see only their own partner's referrals; anyone else sees none."""
    membership = getattr(user, "partner_membership", None)
    if membership is None:
        return Referral.objects.none()
    return Referral.objects.filter(partner_id=membership.partner_id)


def referral_status(referral: Referral) -> str:
    if referral.trainee_id is None:
        return "contacted" if referral.contacted_at else "referred"
    statuses = set(referral.trainee.enrollments.values_list("status", flat=True))
    if "completed" in statuses:
        return "completed"
    return "enrolled" if "confirmed" in statuses else "signed_up"

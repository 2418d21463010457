"""Reads of the employers app, always scoped to the employer asking."""

from django.db.models import Exists, OuterRef

from trainees.models import Consent, TraineeProfile

from .exceptions import NotVerified
from .models import Employer, Opening, ProfileView


def employers_of(user):
    return Employer.objects.filter(members__user=user) if user.is_authenticated else Employer.objects.none()


def opening_for_member(user, external_id: str) -> Opening | None:
    """The opening if the user belongs to its employer; None otherwise (a forged id looks like a missing one)."""
    return Opening.objects.filter(external_id=external_id, employer__in=employers_of(user)).select_related(
        "employer").first()


def require_verified(employer: Employer) -> None:
    if not employer.is_verified:
        raise NotVerified()


def discoverable_graduates():
    """Graduates employers may see at all: consent to be found, not hidden, not anonymised."""
    consent = Consent.objects.filter(trainee=OuterRef("pk"), purpose=Consent.Purpose.EMPLOYERS,
                                     withdrawn_at__isnull=True)
    return TraineeProfile.objects.annotate(has_consent=Exists(consent)).filter(
        has_consent=True, anonymised_at__isnull=True, discoverability__in=["limited", "standard"])


def graduate_profile_for_employer(trainee: TraineeProfile) -> dict:
    """Only what the graduate agreed to: limited = skills and district; standard adds name and certificates."""
    standard = trainee.discoverability == TraineeProfile.Discoverability.STANDARD
    skills = [{"code": s.skill.code, "name_th": s.skill.name_th, "level": s.level,
               "certified": bool(standard and s.certified)} for s in trainee.skills.select_related("skill")]
    return {
        "graduate": trainee.external_id or str(trainee.pk),
        "level": trainee.discoverability,
        "name": trainee.full_name if standard else None,
        "district": trainee.district_id,
        "available": trainee.available,
        "skills": skills,
        "certificates": [c.code for c in trainee.certificates.filter(revoked_at__isnull=True)] if standard else [],
    }


def profile_views_of(trainee: TraineeProfile):
    return ProfileView.objects.filter(trainee=trainee).select_related("employer")

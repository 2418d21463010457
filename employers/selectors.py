"""Reads of the employers app, always scoped to the employer asking."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy

from trainees.models import TraineeProfile

from .exceptions import NotMember, NotVerified
from .models import (
    Application,
    ContactRequest,
    Employer,
    Opening,
    OpeningSkill,
    Placement,
    ProfileView,
    ShortlistEntry,
)


def employers_of(user):
    return Employer.objects.filter(members__user=user) if user.is_authenticated else Employer.objects.none()


def opening_for_member(user, external_id: str) -> Opening | None:
    """The opening if the user belongs to its employer; None otherwise (a forged id looks like a missing one)."""
    if not user.is_authenticated:
        return None
    return Opening.objects.filter(external_id=external_id, employer__members__user=user).select_related(
        "employer").first()


def opening_to_match(user, external_id: str) -> dict | None:
    """For the matching API: the member's opening with its place and skills (in entry order). None when it is not
    theirs or not there (a forged id looks missing); NotVerified while its employer is not. One query: the opening's
    fields ride along on each of its skill rows."""
    if not user.is_authenticated:
        return None
    rows = list(OpeningSkill.objects.filter(opening__external_id=external_id, opening__employer__members__user=user)
                .order_by("pk").values_list("opening__external_id", "opening__lat", "opening__lon",
                                            "opening__radius_km", "opening__hazardous",
                                            "opening__employer__verified_at", "skill__code", "min_level", "required"))
    if not rows:  # not theirs, not there, or (rarely) no skills yet
        opening = (Opening.objects.filter(external_id=external_id, employer__members__user=user)
                   .values_list("external_id", "lat", "lon", "radius_km", "hazardous", "employer__verified_at")
                   .first())
        if opening is None:
            return None
        rows = [(*opening, None, None, None)]
    external_id, lat, lon, radius_km, hazardous, verified_at = rows[0][:6]
    if verified_at is None:
        raise NotVerified()
    return {"external_id": external_id, "lat": lat, "lon": lon, "radius_km": radius_km, "hazardous": hazardous,
            "skills": [row[6:] for row in rows if row[6] is not None]}


def require_verified(employer: Employer) -> None:
    if not employer.is_verified:
        raise NotVerified()


def discoverable_graduates():
    """Graduates employers may see at all: consent to be found, not hidden, not anonymised."""
    return TraineeProfile.objects.discoverable()


def graduate_profile_for_employer(trainee: TraineeProfile, employer: Employer | None = None) -> dict:
    """Only what the graduate agreed to: limited = skills and district; standard adds name and certificates.
    Phone (and the full name, even for 'limited') only once the graduate accepted this employer's contact
    request or applied to one of its openings."""
    standard = trainee.discoverability == TraineeProfile.Discoverability.STANDARD
    revealed = employer is not None and contact_revealed(employer, trainee)
    skills = [{"code": s.skill.code, "name_th": s.skill.name_th, "level": s.level,
               "certified": bool(standard and s.certified)} for s in trainee.skills.select_related("skill")]
    return {
        "graduate": trainee.public_ref,
        "level": trainee.discoverability,
        "name": trainee.full_name if (standard or revealed) else None,
        "phone": (trainee.user.phone or None) if revealed else None,
        "contact_revealed": revealed,
        "district": trainee.district_id,
        "available": trainee.available,
        "skills": skills,
        "certificates": [c.code for c in trainee.certificates.filter(revoked_at__isnull=True)] if standard else [],
    }


def profile_views_of(trainee: TraineeProfile):
    return ProfileView.objects.filter(trainee=trainee).select_related("employer")


def member_employer(user, employer_id=None) -> Employer | None:
    """The employer a member is acting for: the one asked for (if theirs), else their first."""
    employers = employers_of(user).select_related("district").order_by("pk")
    return employers.filter(pk=employer_id).first() if employer_id else employers.first()


def acting_employer(user) -> Employer:
    """The employer the logged-in member acts for; anyone else gets NotMember (a clear 403 page)."""
    employer = member_employer(user)
    if employer is None:
        raise NotMember(gettext_lazy("หน้านี้สำหรับร้านที่ลงทะเบียนเป็นนายจ้าง"))
    return employer


def verified_employer(user) -> Employer:
    """acting_employer, and it must be verified (NotVerified otherwise): the gate of every page that shows
    graduates found by matching (the matching app, search's pipeline watch)."""
    employer = acting_employer(user)
    require_verified(employer)
    return employer


def trainee_of(user) -> TraineeProfile | None:
    return getattr(user, "trainee", None) if user.is_authenticated else None


def discoverable_graduate(ref: str) -> TraineeProfile | None:
    """A graduate employers may see, by public reference (imported or signed up on the site alike)."""
    return discoverable_graduates().filter(public_ref=ref).select_related("user", "district").first()


def contact_revealed(employer: Employer, trainee: TraineeProfile) -> bool:
    """Contact details flow only when the graduate said yes to this employer: an accepted request while still
    discoverable, or their own application to one of its openings."""
    accepted = ContactRequest.objects.filter(employer=employer, trainee=trainee,
                                             status=ContactRequest.Status.ACCEPTED).exists()
    if accepted and discoverable_graduates().filter(pk=trainee.pk).exists():
        return True
    return Application.objects.filter(opening__employer=employer, trainee=trainee).exclude(
        status=Application.Status.WITHDRAWN).exists()


# employer side (always scoped to the employer asking; a forged id finds nothing)

def openings_of(employer: Employer):
    return employer.openings.select_related("district").order_by("-created_at", "-pk")


def _still_discoverable():
    """Per row: is the graduate still someone employers may see? After a withdrawal of consent (or of
    discoverability, or an erasure) employer pages show neither their name nor a link, whatever they once saw."""
    return Exists(discoverable_graduates().filter(pk=OuterRef("trainee_id")))


def contact_requests_sent(employer: Employer):
    return ContactRequest.objects.filter(employer=employer).annotate(
        graduate_visible=_still_discoverable()).select_related("trainee", "trainee__user", "trainee__district",
                                                               "opening")


def contact_request_for_member(user, pk: int) -> ContactRequest | None:
    return ContactRequest.objects.filter(pk=pk, employer__in=employers_of(user)).select_related("employer").first()


def applications_for_opening(opening: Opening):
    return opening.applications.select_related("trainee", "trainee__user", "trainee__district")


def application_for_member(user, pk: int) -> Application | None:
    return Application.objects.filter(pk=pk, opening__employer__in=employers_of(user)).select_related(
        "opening", "opening__employer", "trainee", "trainee__user").first()


def shortlist_of(employer: Employer):
    return ShortlistEntry.objects.filter(employer=employer).annotate(
        graduate_visible=_still_discoverable()).select_related("trainee", "trainee__district")


def open_request(employer: Employer, trainee: TraineeProfile) -> ContactRequest | None:
    return ContactRequest.objects.filter(employer=employer, trainee=trainee,
                                         status__in=ContactRequest.OPEN).order_by("-created_at").first()


# graduate side

def contact_requests_for(trainee: TraineeProfile):
    return ContactRequest.objects.filter(trainee=trainee).select_related("employer", "employer__district", "opening")


def contact_request_for_trainee(user, pk: int) -> ContactRequest | None:
    return ContactRequest.objects.filter(pk=pk, trainee__user=user).select_related(
        "employer", "trainee", "sent_by").first() if user.is_authenticated else None


def applications_of(trainee: TraineeProfile):
    return Application.objects.filter(trainee=trainee).select_related("opening", "opening__employer")


def application_for_trainee(user, pk: int) -> Application | None:
    return Application.objects.filter(pk=pk, trainee__user=user).select_related("opening").first() \
        if user.is_authenticated else None


def open_opening(external_id: str) -> Opening | None:
    return Opening.objects.filter(external_id=external_id, status=Opening.Status.OPEN).select_related(
        "employer", "district").first()


def placements_of(trainee: TraineeProfile):
    return Placement.objects.filter(trainee=trainee).select_related("employer", "opening").order_by("-start_date")


def placement_for_trainee(user, pk: int) -> Placement | None:
    return Placement.objects.filter(pk=pk, trainee__user=user).first() if user.is_authenticated else None


def openings_by_external_id(external_ids: list[str]):
    return Opening.objects.filter(external_id__in=external_ids).select_related("employer", "district")


def alertable_graduates():
    """Graduates who get job alerts: discoverable (consent), looking for work, not currently placed."""
    placed = Placement.objects.filter(trainee=OuterRef("pk"), ended_on__isnull=True)
    return discoverable_graduates().filter(available=True).annotate(placed=Exists(placed)).filter(
        placed=False).select_related("user", "district")


def alertable_openings():
    """Open openings of verified employers (whose members get alerts about new matching graduates)."""
    return Opening.objects.filter(status=Opening.Status.OPEN, employer__verified_at__isnull=False).select_related(
        "employer").order_by("employer_id", "pk")


def alert_recipient(employer: Employer):
    """Who at the employer hears about new graduates: the first owner, else the first member."""
    member = employer.members.select_related("user").order_by("role", "pk").first()  # "owner" < "recruiter"
    return member.user if member else None

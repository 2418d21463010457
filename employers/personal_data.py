"""The employers app's part of a graduate's data export and erasure (settings.SAPHAN_PERSONAL_DATA)."""

from django.db.models import Q

from .models import (
    Application,
    ContactRequest,
    JobAlert,
    MemberInvitation,
    Placement,
    ProfileView,
    ShortlistEntry,
)

STAFF = "staff: names the employer's or centre's staff member who acted, not the data subject"


def _invitations(trainee):
    """Invitations to join a shop sent to this person's phone (or accepted by their account)."""
    from trainees.privacy import erasure_identity

    phone = erasure_identity(trainee)["phone"]
    return MemberInvitation.objects.filter(Q(accepted_by=trainee.user) | (Q(phone=phone) if phone else Q(pk__in=[])))


class EmployerSideData:
    COVERS = {
        "employers.Placement": ("kept: dates and wage for outcome statistics, linked to the anonymised profile",
                                "trainee application"),
        "employers.ProfileView": ("deleted", "trainee"),
        "employers.ContactRequest": ("erased: message; status withdrawn", "trainee"),
        "employers.Application": ("erased: message; open ones withdrawn", "trainee"),
        "employers.ShortlistEntry": ("deleted", "trainee note"),
        # the shop's record of whom it invited, but the phone is the person's: once they erase, the shop keeps no
        # trace of their number (nor of whether they accepted)
        "employers.MemberInvitation": ("deleted: invitations sent to the person's phone, pending or accepted",
                                       "phone accepted_by"),
        "employers.JobAlert": ("deleted", "recipient trainee"),
    }
    NOT_THE_PERSON = {
        "employers.Employer": ("a shop's business phone", "phone"),
        "employers.Verification": (STAFF + "; their note on the shop's documents", "verified_by note"),
        "employers.EmployerMember": ("an employer's staff account (erasure is for youth profiles)", "user"),
        "employers.MemberInvitation": ("the shop's owner who sent the invitation", "invited_by"),
        "employers.Opening": ("a job description", "description"), "employers.ProfileView": (STAFF, "viewer"),
        "employers.ContactRequest": (STAFF, "sent_by"), "employers.ShortlistEntry": (STAFF, "added_by"),
        "search.PipelineWatch": ("an employer's staff member asking to hear about graduates", "user"),
    }

    @staticmethod
    def export(trainee) -> dict:
        return {
            "placements": [{"employer": p.employer.name, "start_date": p.start_date, "wage_thb": p.wage_thb,
                            "wage_unit": p.wage_unit, "confirmed_at": p.confirmed_by_graduate_at,
                            "ended_on": p.ended_on}
                           for p in Placement.objects.filter(trainee=trainee).select_related("employer")],
            "profile_views": [{"employer": v.employer.name, "viewed_at": v.viewed_at, "context": v.context}
                              for v in ProfileView.objects.filter(trainee=trainee).select_related("employer")],
            "contact_requests": [{"employer": r.employer.name, "message": r.message, "status": r.status,
                                  "sent_at": r.created_at, "answered_at": r.answered_at}
                                 for r in ContactRequest.objects.filter(trainee=trainee).select_related("employer")],
            "applications": [{"opening": a.opening.title, "employer": a.opening.employer.name, "status": a.status,
                              "applied_at": a.created_at, "message": a.message}
                             for a in Application.objects.filter(trainee=trainee).select_related("opening__employer")],
            "shortlisted_by": [{"employer": s.employer.name, "note": s.note, "at": s.created_at}
                               for s in ShortlistEntry.objects.filter(trainee=trainee).select_related("employer")],
            "shop_invitations": [{"employer": i.employer.name, "role": i.role, "invited_at": i.created_at,
                                  "accepted_at": i.accepted_at}
                                 for i in _invitations(trainee).select_related("employer")],
        }

    @staticmethod
    def erase(trainee) -> list[str]:
        ContactRequest.objects.filter(trainee=trainee).update(message="")
        ContactRequest.objects.filter(trainee=trainee, status="sent").update(status="withdrawn")
        Application.objects.filter(trainee=trainee).update(message="")
        Application.objects.filter(trainee=trainee, status__in=["applied", "shortlisted"]).update(status="withdrawn")
        ShortlistEntry.objects.filter(trainee=trainee).delete()
        ProfileView.objects.filter(trainee=trainee).delete()
        JobAlert.objects.filter(trainee=trainee).delete()
        JobAlert.objects.filter(recipient=trainee.user).delete()
        _invitations(trainee).delete()
        # placements stay (anonymous through the erased profile) for outcome statistics
        return ["placements (dates and wage, for outcome statistics)", "contact and application statuses"]

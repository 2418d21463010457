"""The employers app's part of a graduate's data export and erasure (settings.SAPHAN_PERSONAL_DATA)."""

from .models import Application, ContactRequest, JobAlert, Placement, ProfileView, ShortlistEntry

STAFF = "staff: names the employer's or centre's staff member who acted, not the data subject"


class EmployerSideData:
    COVERS = {
        "employers.Placement": ("kept: dates and wage for outcome statistics, linked to the anonymised profile",
                                "trainee"),
        "employers.ProfileView": ("deleted", "trainee"),
        "employers.ContactRequest": ("erased: message; status withdrawn", "trainee"),
        "employers.Application": ("erased: message; open ones withdrawn", "trainee"),
        "employers.ShortlistEntry": ("deleted", "trainee"),
        "employers.JobAlert": ("deleted", "recipient trainee"),
    }
    NOT_THE_PERSON = {
        "employers.Employer": ("a shop's business phone", "phone"), "employers.Verification": (STAFF, "verified_by"),
        "employers.EmployerMember": ("an employer's staff account (erasure is for youth profiles)", "user"),
        "employers.MemberInvitation": ("an owner inviting a phone to join the shop's staff (erasure is for youth "
                                       "profiles)", "phone invited_by accepted_by"),
        "employers.Opening": ("a job description", "description"), "employers.ProfileView": (STAFF, "viewer"),
        "employers.ContactRequest": (STAFF, "sent_by"), "employers.ShortlistEntry": (STAFF, "added_by"),
        "search.PipelineWatch": ("an employer's staff member asking to hear about graduates", "user"),
    }

    @staticmethod
    def export(trainee) -> dict:
        return {
            "placements": [{"employer": p.employer.name, "start_date": p.start_date, "wage_thb": p.wage_thb,
                            "wage_unit": p.wage_unit, "confirmed_at": p.confirmed_by_graduate_at, "ended_on": p.ended_on}
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
        # placements stay (anonymous through the erased profile) for outcome statistics
        return ["placements (dates and wage, for outcome statistics)", "contact and application statuses"]

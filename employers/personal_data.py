"""The employers app's part of a graduate's data export and erasure (settings.SAPHAN_PERSONAL_DATA)."""

from .models import Placement, ProfileView


class EmployerSideData:
    @staticmethod
    def export(trainee) -> dict:
        return {
            "placements": [{"employer": p.employer.name, "start_date": p.start_date, "wage_thb": p.wage_thb,
                            "wage_unit": p.wage_unit, "confirmed_at": p.confirmed_by_graduate_at, "ended_on": p.ended_on}
                           for p in Placement.objects.filter(trainee=trainee).select_related("employer")],
            "profile_views": [{"employer": v.employer.name, "viewed_at": v.viewed_at, "context": v.context}
                              for v in ProfileView.objects.filter(trainee=trainee).select_related("employer")],
        }

    @staticmethod
    def erase(trainee) -> list[str]:
        # placements stay (anonymous through the erased profile) for outcome statistics
        return ["placements (dates and wage, for outcome statistics)"]

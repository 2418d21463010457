"""The agents app's part of a person's data export and erasure (settings.SAPHAN_PERSONAL_DATA).

An agent is a repair shop's application and, once approved, its public listing and loan contract: business and
financial records about the shop, applied for by its owner. Erasing a youth's profile does not end a shop's
agreement; staff do that in /cms/ (the loan ledger must stay, Accounting Act). The export shows it."""

from .models import Agent

STAFF = "staff: names the staff member who acted, not the data subject"


class AgentSideData:
    COVERS = {
        "agents.Agent": ("kept: a shop's application, public listing and loan contract (business and financial "
                         "records); ended by staff, not by a youth profile's erasure", "user phone"),
    }
    NOT_THE_PERSON = {
        "agents.AgentEvent": (STAFF, "by"), "agents.LoanApproval": (STAFF, "by"), "agents.Reschedule": (STAFF, "by"),
        "agents.FundEntry": ("a fund ledger line: the shop's PromptPay ID (business record); staff who recorded it",
                             "promptpay_id recorded_by"),
    }

    @staticmethod
    def export(trainee) -> dict:
        return {"shop_applications": [{"shop_name": a.shop_name, "phone": a.phone, "status": a.status,
                                       "applied_at": a.created_at}
                                      for a in Agent.objects.filter(user=trainee.user)]}

    @staticmethod
    def erase(trainee) -> list[str]:
        return ["repair-shop agent applications and loans (business and financial records)"] \
            if Agent.objects.filter(user=trainee.user).exists() else []

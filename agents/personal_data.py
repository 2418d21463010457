"""The agents app's part of a person's data export and erasure (settings.SAPHAN_PERSONAL_DATA).

An agent is a repair shop's application and, once approved, its public listing and loan contract: business and
financial records about the shop, applied for by its owner. Erasing a youth's profile does not end a shop's
agreement; staff do that in /cms/ (the loan ledger must stay, Accounting Act). The export shows it.

The funding ledger (/partners/ledger/, read by the sponsor's and the payee's staff) is another matter: its payout
and repayment rows for the person's loans carry the shop name, which for a one-person shop is often the owner's
own name, and the sponsor needs only the money. On erasure those names become "(erased)"; amount, date and bank
reference stay (financial record), and the fund's own loan contract (Agent, Loan, FundEntry) keeps the shop."""

from partners.models import Disbursement, SchemeReturn

from .models import Agent, FundEntry

ERASED_NAME = "(erased)"  # the marker partners' own erasure writes into Disbursement.recipient_name

STAFF = "staff: names the staff member who acted, not the data subject"


class AgentSideData:
    COVERS = {
        "agents.Agent": ("kept: a shop's application, public listing and loan contract (business and financial "
                         "records); ended by staff, not by a youth profile's erasure", "user phone"),
        "agents.AgentEvent": ("kept: the review history of a shop's application (staff's reasons, business record)",
                              "reason"),
        "agents.Reschedule": ("kept: why staff moved a loan instalment (loan record, Accounting Act)", "reason"),
        "agents.FundEntry": ("kept: the fund's ledger line (financial record); its row in the funding ledger is "
                             "partners.Disbursement / partners.SchemeReturn, whose names are erased", "note"),
        "partners.SchemeReturn": ("erased: the payer name on repayments of the person's loans (\"(erased)\"); "
                                  "amount, date and bank reference kept (financial record)", "payer_name"),
    }
    NOT_THE_PERSON = {
        "agents.AgentEvent": (STAFF, "by"), "agents.LoanApproval": (STAFF, "by"), "agents.Reschedule": (STAFF, "by"),
        "agents.FundEntry": ("a fund ledger line: the shop's PromptPay ID (business record); staff who recorded it; "
                             "the funding-ledger payout it mirrors (covered by partners)",
                             "promptpay_id recorded_by disbursement"),
    }

    @staticmethod
    def export(trainee) -> dict:
        return {"shop_applications": [{"shop_name": a.shop_name, "phone": a.phone, "status": a.status,
                                       "applied_at": a.created_at}
                                      for a in Agent.objects.filter(user=trainee.user)]}

    @staticmethod
    def erase(trainee) -> list[str]:
        entries = FundEntry.objects.filter(loan__agent__user=trainee.user)
        SchemeReturn.objects.filter(pk__in=entries.exclude(ledger_return=None).values("ledger_return")).update(
            payer_name=ERASED_NAME)
        Disbursement.objects.filter(pk__in=entries.exclude(disbursement=None).values("disbursement")).update(
            recipient_name=ERASED_NAME)
        return ["repair-shop agent applications and loans (business and financial records)"] \
            if Agent.objects.filter(user=trainee.user).exists() else []

"""The partners app's part of a youth's data export and erasure (settings.SAPHAN_PERSONAL_DATA)."""

from .models import Disbursement, Referral


class PartnerSideData:
    @staticmethod
    def export(trainee) -> dict:
        return {
            "referrals": [{"partner": r.partner.name, "referred_at": r.created_at}
                          for r in Referral.objects.filter(trainee=trainee).select_related("partner")],
            "support_received": [{"scheme": d.scheme.name, "amount_thb": d.amount, "paid_on": d.paid_on}
                                 for d in Disbursement.objects.filter(trainee=trainee).select_related("scheme")],
        }

    @staticmethod
    def erase(trainee) -> list[str]:
        Referral.objects.filter(trainee=trainee).update(full_name="", phone="", national_id_hash="")
        # disbursements are financial records (kept by law); the recipient name goes, the amount stays
        Disbursement.objects.filter(trainee=trainee).update(recipient_name="(erased)")
        return ["referral dates", "support payments (amount, date, reference: financial records)"]

"""The partners app's part of a youth's data export and erasure (settings.SAPHAN_PERSONAL_DATA)."""

from django.db.models import Q

from .models import Disbursement, PlacementSurvey, Referral

STAFF = "staff: names the partner's or centre's staff member who acted, not the data subject"


def _referrals(trainee):
    """Referrals of this person: linked to the profile, or made for their phone and never linked."""
    from trainees.privacy import erasure_identity

    phone = erasure_identity(trainee)["phone"]
    match = Q(trainee=trainee) | (Q(phone=phone, trainee__isnull=True) if phone else Q(pk__in=[]))
    return Referral.objects.filter(match)


class PartnerSideData:
    COVERS = {
        "partners.Referral": ("erased: name, phone, e-mail and ID hash; referral date and partner kept for counts",
                              "full_name phone email national_id_hash trainee"),
        "partners.ReferralReminder": ("kept: a status reminder to partner staff (no personal fields)", "referral"),
        "partners.Disbursement": ("erased: recipient name and PromptPay ID; amount, date and bank reference kept "
                                  "(financial record)", "trainee recipient_name promptpay_id"),
        "partners.PlacementSurvey": ("deleted: the person's follow-up answers and their link", "placement"),
    }
    NOT_THE_PERSON = {
        "partners.Referral": (STAFF, "created_by"), "partners.Disbursement": (STAFF, "recorded_by"),
        "partners.SchemeReturn": (STAFF, "recorded_by"),
        "partners.PartnerMembership": ("a partner's staff account (erasure is for youth profiles)", "user"),
        "partners.SupportScheme": ("a scheme's stated number of recipients", "stated_recipients"),
    }

    @staticmethod
    def export(trainee) -> dict:
        from .referrals import referral_current

        return {
            "referrals": [{"partner": r.partner.name, "referred_at": r.created_at, "name_given": r.full_name,
                           "phone": r.phone, "email": r.email, "consent_by": r.consent_by,
                           "course": r.course.title if r.course_id else None,
                           "confirmed_by_you": getattr(r, "confirmed_at", None),
                           "status": referral_current(r)[0]}
                          for r in _referrals(trainee).select_related("partner", "course")],
            "support_received": [{"scheme": d.scheme.name, "amount_thb": d.amount, "paid_on": d.paid_on,
                                  "promptpay_id": d.promptpay_id}
                                 for d in Disbursement.objects.filter(trainee=trainee).select_related("scheme")],
            "survey_answers": [{"months": s.months, "sent_at": s.sent_at, "answered_at": s.answered_at,
                                "still_working": s.still_working, "wage_thb": s.current_wage_thb,
                                "wage_unit": s.current_wage_unit}
                               for s in PlacementSurvey.objects.filter(placement__trainee=trainee)],
        }

    @staticmethod
    def erase(trainee) -> list[str]:
        from accounts.models import OutboundMessage

        referrals = list(_referrals(trainee))
        emails = {r.email for r in referrals if r.email}
        if emails:  # the invitation e-mailed to the address the partner typed
            OutboundMessage.objects.filter(to__in=emails).update(to="", subject="", body="")
        for referral in referrals:
            # (partner, phone) is unique: a placeholder per row that can never match a real number
            Referral.objects.filter(pk=referral.pk).update(full_name="", phone=f"x{referral.pk}"[:10], email="",
                                                           national_id_hash="", confirmed_at=None)
        # disbursements are financial records (kept by law); the recipient's name and PromptPay ID go
        Disbursement.objects.filter(trainee=trainee).update(recipient_name="(erased)", promptpay_id="")
        PlacementSurvey.objects.filter(placement__trainee=trainee).delete()
        return ["referral dates", "support payments (amount, date, reference: financial records)"]

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "ภาคีและรายงาน / Partners & reports"

    # No sign-up receiver: referrals are linked only when the youth confirms them (partners.referrals).

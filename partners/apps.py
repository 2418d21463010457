from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = gettext_lazy("ภาคีและรายงาน")

    # No sign-up receiver: referrals are linked only when the youth confirms them (partners.referrals).

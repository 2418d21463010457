from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = gettext_lazy("ภาคีและรายงาน")

    def ready(self):
        from . import signals  # noqa: F401

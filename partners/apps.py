from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "ภาคีและรายงาน / Partners & reports"

    def ready(self):
        from . import signals  # noqa: F401

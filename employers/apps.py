from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class EmployersConfig(AppConfig):
    name = "employers"
    verbose_name = gettext_lazy("นายจ้าง")

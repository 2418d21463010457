from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class TraineesConfig(AppConfig):
    name = "trainees"
    verbose_name = gettext_lazy("ผู้เรียน")

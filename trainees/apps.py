from django.apps import AppConfig


class TraineesConfig(AppConfig):
    name = "trainees"
    verbose_name = "ผู้เรียน / Trainees"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = gettext_lazy("ค้นหา")

    def ready(self):
        from . import pipeline_watch, signals, sync_graduates, sync_pathways  # noqa: F401 (registers its task)

        signals.connect()
        sync_graduates.connect()
        sync_pathways.connect()

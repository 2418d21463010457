from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "ค้นหา / Search"

    def ready(self):
        from . import signals, sync_graduates

        signals.connect()
        sync_graduates.connect()

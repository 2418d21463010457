"""Load reference data and believable demo content. Idempotent: running it twice changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the Khon Kaen districts, the EV-repair skills taxonomy and demo content of every app."

    def handle(self, *args, **options):
        for path in settings.SAPHAN_DEMO_LOADERS:
            loader = import_string(path)
            with transaction.atomic():
                summary = loader(stdout=self.stdout)
            self.stdout.write(f"{path}: {summary or 'done'}")

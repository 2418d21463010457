"""Rank graduates for an opening and say why: `manage.py match --opening EXT_ID [--top N] --json`."""

import json

from django.core.management.base import BaseCommand, CommandError

from employers.models import Opening
from search.matching import match_opening


class Command(BaseCommand):
    help = "Match graduates to an opening, best first, with the explanation of every match."

    def add_arguments(self, parser):
        parser.add_argument("--opening", required=True, help="the opening's external_id")
        parser.add_argument("--top", type=int, default=10)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        opening = Opening.objects.filter(external_id=options["opening"]).first()
        if opening is None:
            raise CommandError(f"no opening with external_id {options['opening']!r}")
        if options["top"] < 1 or options["top"] > 500:
            raise CommandError("--top must be between 1 and 500")
        results = match_opening(opening, top=options["top"])
        if options["json"]:
            payload = {"opening": opening.external_id, "results": [r.as_json() for r in results]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for rank, r in enumerate(results, start=1):
            self.stdout.write(f"{rank:>3}. {r.graduate}  score {r.score:.2f}  {r.distance_band} km")
            for reason in r.reasons:
                self.stdout.write(f"       - {reason}")

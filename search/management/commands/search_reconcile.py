"""Report (and by default repair) drift between the database and the search indices."""

from django.core.management.base import BaseCommand, CommandError

from search import indexing
from search.registry import all_specs


class Command(BaseCommand):
    help = "Find documents that are missing, stale or extra in the search indices and re-sync them."

    def add_arguments(self, parser):
        parser.add_argument("--index", action="append")
        parser.add_argument("--dry-run", action="store_true", help="report only")

    def handle(self, *args, **options):
        specs = all_specs()
        aliases = options["index"] or list(specs)
        for alias in aliases:
            if alias not in specs:
                raise CommandError(f"unknown index {alias}; known: {', '.join(specs)}")
            report = indexing.reconcile(alias, fix=not options["dry_run"])
            if report.layout_changes:
                self.stdout.write(f"{alias}: index layout out of date ({', '.join(report.layout_changes)})"
                                  + (" — rebuilt with an alias swap" if report.rebuilt else ""))
                if report.rebuilt:
                    continue
            self.stdout.write(
                f"{alias}: {len(report.missing)} missing, {len(report.stale)} stale, {len(report.extra)} extra"
                + (" — repaired" if report.repaired else "")
            )

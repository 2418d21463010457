"""Zero-downtime rebuild of one or all search indices (new timestamped index, count check, alias swap, prune)."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import indexing
from search.registry import all_specs


class Command(BaseCommand):
    help = "Rebuild search indices behind their aliases without downtime."

    def add_arguments(self, parser):
        parser.add_argument("--index", action="append", help="logical index name (repeatable); default: all")
        parser.add_argument("--keep", type=int, default=0, help="old indices to keep after the swap")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        specs = all_specs()
        aliases = options["index"] or list(specs)
        unknown = [a for a in aliases if a not in specs]
        if unknown:
            raise CommandError(f"unknown index {', '.join(unknown)}; known: {', '.join(specs)}")
        for alias in aliases:
            spec = specs[alias]
            total = spec.get_queryset().count()
            with tqdm(total=total, desc=alias, unit="doc", disable=options["no_progress"]) as bar:
                result = indexing.rebuild(alias, progress=bar.update, keep=options["keep"])
            self.stdout.write(
                f"{alias}: {result.indexed}/{result.expected} documents into {result.index} "
                f"in {result.seconds:.1f}s ({result.indexed / max(result.seconds, 1e-6):.0f} docs/s); "
                f"replayed {result.replayed}; pruned {len(result.pruned)}"
            )

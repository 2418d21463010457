"""The shared shape of the spreadsheet import commands: read UTF-8, import, report rows, refuse on errors."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.errors import SaphanError


class CsvImportCommand(BaseCommand):
    importer = None  # a function (content, *, skip_invalid) -> ImportResult

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--skip-invalid", action="store_true")

    def handle(self, *args, **options):
        try:
            content = Path(options["file"]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {options['file']} as UTF-8: {exc}") from None
        try:
            result = type(self).importer(content, skip_invalid=options["skip_invalid"])
        except SaphanError as exc:
            raise CommandError(exc.message_en) from None
        for error in result.errors:
            self.stderr.write(error)
        if not result.imported:
            raise CommandError(f"{len(result.errors)} invalid row(s); nothing imported (use --skip-invalid)")
        for note in getattr(result, "notes", []):
            self.stdout.write(f"left alone: {note}")
        self.stdout.write(f"created {result.created}, updated {result.updated}, skipped {len(result.errors)}")

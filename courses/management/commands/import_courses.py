"""manage.py import_courses FILE.csv [--publish] [--skip-invalid] [--create-missing]: centres' spreadsheets into
course pages."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.exceptions import ImportRejected
from courses.services import IMPORT_HEADER, import_courses


class Command(BaseCommand):
    help = ("Create or update course pages (by external_id), one cohort each, from a UTF-8 CSV with header "
            + ",".join(IMPORT_HEADER))

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--publish", action="store_true", help="publish the pages (default: drafts)")
        parser.add_argument("--skip-invalid", action="store_true", help="import valid rows, report invalid ones")
        parser.add_argument("--create-missing", action="store_true",
                            help="create providers and categories the file names that do not exist yet")

    def handle(self, *args, file, publish, skip_invalid, create_missing=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ / file not found: {file}")
        try:
            report = import_courses(data=path.read_bytes(), publish=publish, skip_invalid=skip_invalid,
                                    create_missing=create_missing)
        except ImportRejected as exc:
            for error in exc.context["report"].errors:
                self.stderr.write(str(error))
            raise CommandError(f"{exc.message_th} / {exc.message_en}") from None
        for error in report.errors:
            self.stderr.write(f"ข้าม / skipped: {error}")
        self.stdout.write(report.summary())

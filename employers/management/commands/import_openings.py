"""Import openings from a UTF-8 CSV (columns in employers/imports.py)."""

from employers.csv_command import CsvImportCommand
from employers.imports import import_openings


class Command(CsvImportCommand):
    help = "Import openings from CSV; nothing is imported if any row is invalid unless --skip-invalid."
    importer = staticmethod(import_openings)

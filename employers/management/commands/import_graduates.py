"""Import graduates from a UTF-8 CSV (columns in employers/imports.py)."""

from employers.csv_command import CsvImportCommand
from employers.imports import import_graduates


class Command(CsvImportCommand):
    help = "Import graduates from CSV; nothing is imported if any row is invalid unless --skip-invalid."
    importer = staticmethod(import_graduates)

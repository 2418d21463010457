"""Spreadsheet-safe exports: text that a spreadsheet would run as a formula is written as plain text.

A name or description typed by a user ("=HYPERLINK(...)", "+66…", "@SUM(...)") must never become a formula when
staff open a CSV or XLSX export (CSV/formula injection). Numbers stay numbers.
"""

import csv
from decimal import Decimal, InvalidOperation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _is_number(text: str) -> bool:
    try:
        return Decimal(text.replace(",", "")).is_finite()
    except InvalidOperation:
        return False


def safe_cell(value):
    """`value` unchanged unless it is text that starts like a formula; then prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


class SafeCsvWriter:
    """csv.writer whose rows go through safe_cell."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])


def append_safe(sheet, row) -> None:
    """openpyxl's sheet.append, with text that looks like a formula stored as text (data type "s")."""
    sheet.append(list(row))
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"

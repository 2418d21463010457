"""Exports never turn user-typed text into spreadsheet formulas (CSV/formula injection); numbers stay numbers."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from config.exports import SafeCsvWriter, safe_cell
from partners.exports import report_csv, report_xlsx

ATTACKS = ["=HYPERLINK(\"http://x\",\"คลิก\")", "+cmd|' /C notepad'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)",
           "\t=1+1"]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_like_text_becomes_plain_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["สมชาย", "-5.00", "1,200.00", 42, Decimal("-3.50"), None, ""])
def test_ordinary_values_are_unchanged(value):
    assert safe_cell(value) == value


def test_csv_writer_neutralises_every_cell():
    out = io.StringIO()
    SafeCsvWriter(out).writerow(ATTACKS + ["ok", 7])
    row = next(csv.reader(io.StringIO(out.getvalue())))
    assert all(cell.startswith("'") for cell in row[: len(ATTACKS)])
    assert row[-2:] == ["ok", "7"]


def test_report_exports_keep_injected_labels_as_text():
    rows = [{"label": "=HYPERLINK(\"http://evil\",\"x\")", "referred": 12, "placed": "<5"}]
    text = report_csv(rows, ["label", "referred", "placed"])
    assert "'=HYPERLINK" in text
    data = report_xlsx(rows=rows, columns=["label", "referred", "placed"],
                       districts=[{"code": "4001", "name_th": "@เมือง", "name_en": "Mueang", "placed": 7}],
                       trend=[], filters={"sponsor": "=1+1"})
    book = load_workbook(io.BytesIO(data))
    label = book["funnel"]["A2"]
    assert label.data_type == "s" and label.value.startswith("=HYPERLINK")
    assert book["funnel"]["B2"].value == 12 and book["funnel"]["B2"].data_type == "n"
    assert book["districts"]["B2"].data_type == "s"

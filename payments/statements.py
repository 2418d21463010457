"""Reading bank-statement CSV exports into uniform lines, with one column mapping per bank format.

Thai banks export dates as DD/MM/YYYY, often in the Buddhist era (2569 = 2026), and amounts with thousands
separators; credits and debits sit in separate columns or in one signed column.
"""

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from config.digits import ascii_digits

from .exceptions import StatementFormatError

BANGKOK = ZoneInfo("Asia/Bangkok")

# name → columns. "credit" is the incoming amount column; "time" may be absent (then 00:00).
BANK_FORMATS: dict[str, dict[str, str | None]] = {
    "generic": {"date": "date", "time": "time", "credit": "amount", "reference": "reference",
                "description": "description"},
    "kbank": {"date": "วันที่", "time": "เวลา", "credit": "ฝากเงิน", "reference": "เลขที่อ้างอิง",
              "description": "รายละเอียด"},
    "scb": {"date": "Date", "time": "Time", "credit": "Deposit", "reference": "Reference",
            "description": "Description"},
    "ktb": {"date": "วันที่ทำรายการ", "time": None, "credit": "จำนวนเงินฝาก", "reference": "เลขที่อ้างอิง",
            "description": "รายการ"},
}


@dataclass(frozen=True)
class StatementRow:
    row_number: int
    posted_at: datetime
    amount: Decimal
    reference: str
    description: str

    @property
    def line_key(self) -> str:
        """The transfer's key when the bank gives its reference (the same key a slip of that transfer gets, so one
        transfer is counted once however it is seen); otherwise a stable hash of the row's content."""
        if self.reference:
            return transfer_key(self.reference)
        digest = hashlib.sha256(f"{self.posted_at.isoformat()}|{self.amount}|{self.description}".encode())
        return "stmt#" + digest.hexdigest()[:32]


MAX_REFERENCE = 50
MAX_DESCRIPTION = 255
MAX_FILE_BYTES = 2 * 1024 * 1024  # a month of a centre's statement is a few hundred KB


def transfer_key(reference: str) -> str:
    """One namespace for a bank transfer's reference, whether read from a slip or a statement line."""
    return "tx:" + "".join(reference.split()).upper()


def parse_date(text: str, time_text: str | None) -> datetime:
    text, time_text = ascii_digits(text).strip(), ascii_digits(time_text)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y"):
        try:
            day = datetime.strptime(text, fmt)
            break
        except ValueError:
            continue
    else:
        raise ValueError(f"unreadable date {text!r}")
    if day.year > 2400:  # Buddhist era
        day = day.replace(year=day.year - 543)
    hour = minute = 0
    if time_text and time_text.strip():
        parts = time_text.strip().split(":")
        hour, minute = int(parts[0]), int(parts[1])
    return day.replace(hour=hour, minute=minute, tzinfo=BANGKOK)


def parse_amount(text: str) -> Decimal:
    cleaned = ascii_digits(text).strip().replace(",", "").replace("฿", "")
    if not cleaned:
        return Decimal("0")
    value = Decimal(cleaned)
    if not value.is_finite():
        raise ValueError(f"not an amount: {text!r}")
    if value.as_tuple().exponent < -2:
        raise ValueError(f"more than two decimal places: {text!r}")
    if value >= Decimal("10000000000"):
        raise ValueError(f"amount too large: {text!r}")
    return value


def read_statement(content: bytes, bank_format: str) -> tuple[list[StatementRow], list[str]]:
    """Credit rows of the file, and errors per row ("row 4: …"). Debit or zero rows are ignored.

    The caller applies nothing when there is any error: a file is imported whole or not at all."""
    if bank_format not in BANK_FORMATS:
        raise StatementFormatError(format_lazy(gettext_lazy("ไม่รู้จักรูปแบบไฟล์ธนาคาร {0}"), bank_format))
    columns = BANK_FORMATS[bank_format]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatementFormatError(gettext_lazy("ไฟล์ต้องเป็น CSV แบบ UTF-8")) from None
    reader = csv.DictReader(io.StringIO(text))
    needed = [columns["date"], columns["credit"]]
    if not reader.fieldnames or any(name not in reader.fieldnames for name in needed):
        raise StatementFormatError(
            format_lazy(gettext_lazy("ไม่พบคอลัมน์ที่ต้องใช้: {0}"), ', '.join(needed)),
        )
    rows, errors = [], []
    for number, raw in enumerate(reader, start=2):
        try:
            amount = parse_amount(raw.get(columns["credit"], ""))
            if amount <= 0:
                continue
            posted = parse_date(raw[columns["date"]], raw.get(columns["time"] or "", None))
        except (ValueError, InvalidOperation, IndexError) as exc:
            errors.append(f"row {number}: {exc}")
            continue
        reference = (raw.get(columns["reference"] or "", "") or "").strip()
        if len(reference) > MAX_REFERENCE:
            errors.append(f"row {number}: reference longer than {MAX_REFERENCE} characters")
            continue
        rows.append(StatementRow(
            row_number=number, posted_at=posted, amount=amount, reference=reference,
            # bank descriptions can be long free text: keep what fits, it is only shown to staff
            description=(raw.get(columns["description"] or "", "") or "").strip()[:MAX_DESCRIPTION],
        ))
    return rows, errors

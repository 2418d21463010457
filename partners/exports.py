"""Bank bulk-transfer file of a grant's disbursements and the outcome report exports (UTF-8 with BOM so Excel
shows Thai)."""

import io
from decimal import Decimal

from config.exports import SafeCsvWriter, append_safe

from .models import Disbursement

HEADER = ["no", "promptpay_id", "recipient_name", "amount_thb", "reference", "paid_on", "scheme"]


def mask_promptpay(value: str) -> str:
    """A recipient's PromptPay ID with only its last four digits: "xxx-xxx-1234" for a mobile number, the same
    shape for a 13-digit ID or a 15-digit e-wallet ("x-xxxx-xxxxx-1234"). The ledger CSV leaves the office by
    e-mail and on shared drives; the full IDs stay in the database, for the transfer itself."""
    digits = "".join(ch for ch in str(value or "") if ch.isdigit())
    if len(digits) <= 4:
        return "x" * len(digits)
    if len(digits) == 10:
        return f"xxx-xxx-{digits[-4:]}"
    hidden = "x" * (len(digits) - 4)
    return f"{hidden[:1]}-{hidden[1:5]}-{hidden[5:]}-{digits[-4:]}".replace("--", "-")


def disbursement_csv(*, grant_id: int, paid_on=None) -> str:
    rows = Disbursement.objects.filter(scheme__grant_id=grant_id).select_related("scheme").order_by("paid_on", "id")
    if paid_on:
        rows = rows.filter(paid_on=paid_on)
    out = io.StringIO()
    out.write("\ufeff")
    w = SafeCsvWriter(out, lineterminator="\r\n")
    w.writerow(HEADER)
    for i, d in enumerate(rows, 1):
        w.writerow([i, mask_promptpay(d.promptpay_id), d.recipient_name, f"{d.amount:.2f}", d.reference,
                    d.paid_on.isoformat(), d.scheme.name])
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------------------
# Outcome report exports (CSV and XLSX). Everything here is already suppressed by partners.reports.export_rows.

COLUMN_LABELS = {
    "label": "กลุ่ม / group", "referred": "ส่งต่อ / referred", "applied": "สมัครเรียน / applied",
    "enrolled": "ได้ที่เรียน / enrolled", "attended": "เข้าเรียนครบเกณฑ์ / attended enough",
    "completed": "เรียนจบ / completed", "certified": "ได้ใบรับรอง / certified", "placed": "ได้งาน / placed",
    "observed_3m": "งานที่ครบ 3 เดือน / jobs 3+ months old", "retained_3m": "ยังทำงานที่ 3 เดือน / retained at 3 months",
    "rate_retained_3m": "% คงอยู่ 3 เดือน / % retained 3 months",
    "observed_6m": "งานที่ครบ 6 เดือน / jobs 6+ months old", "retained_6m": "ยังทำงานที่ 6 เดือน / retained at 6 months",
    "rate_retained_6m": "% คงอยู่ 6 เดือน / % retained 6 months",
    "median_daily_wage_thb": "ค่าจ้างเริ่มต้นต่อวัน มัธยฐาน (บาท) / median starting wage per day (THB)",
    "median_days_to_placement": "วันจากจบถึงได้งาน มัธยฐาน / median days from graduation to job",
}
NOTE = ("จำนวน 1–4 คนแสดงเป็น <5 และตัวเลขที่คำนวณจากกลุ่มนั้นถูกเว้นว่าง; ขีด — ซ่อนไว้เพื่อไม่ให้คำนวณ <5 ย้อนจากยอดรวม / "
        "counts of 1–4 show as <5 and their derived figures are blank; a dash — hides a figure so that a <5 cannot be "
        "worked out from the total")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value.as_tuple().exponent <= -2 else str(value)
    return value


def report_csv(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    w = SafeCsvWriter(out, lineterminator="\r\n")
    w.writerow([COLUMN_LABELS.get(c, c) for c in columns])
    for row in rows:
        w.writerow([_cell(row.get(c)) for c in columns])
    w.writerow([NOTE])
    return out.getvalue()


def report_xlsx(*, rows: list[dict], columns: list[str], districts: list[dict], trend: list[dict],
                filters: dict) -> bytes:
    """Three sheets (funnel, districts, months) plus the filters used; numbers stay numbers, "<5" stays text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "funnel"
    append_safe(ws, [COLUMN_LABELS.get(c, c) for c in columns])
    for row in rows:
        append_safe(ws, [_xl(row.get(c)) for c in columns])
    append_safe(ws, [])
    append_safe(ws, [NOTE])
    append_safe(ws, ["ตัวกรอง / filters"] + [f"{k}={v}" for k, v in filters.items()])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 48
    d = wb.create_sheet("districts")
    append_safe(d, ["รหัส / code", "อำเภอ / district", "District", "ได้งาน / placed"])
    for r in districts:
        append_safe(d, [r["code"], r["name_th"], r["name_en"], _xl(r["placed"])])
    t = wb.create_sheet("months")
    append_safe(t, ["เดือน / month", "ส่งต่อ / referred", "ได้ที่เรียน / enrolled", "เรียนจบ / completed", "ได้งาน / placed"])
    for r in trend:
        append_safe(t, [r["month"], _xl(r["referred"]), _xl(r["enrolled"]), _xl(r["completed"]), _xl(r["placed"])])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xl(value):
    return value  # openpyxl writes Decimal as its exact text; "<5" stays text, None an empty cell

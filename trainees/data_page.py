"""The personal-data export (PDPA access right) as a page a person can read on a phone, not only as JSON.

Same content as `privacy.personal_data_export`, shown as sections of label/value rows; lists become one small
card per item (a wide table would not fit 360 px). Dates in the reader's calendar; nothing is left out.
"""

from datetime import date, datetime
from decimal import Decimal

from config.dates import format_date
from config.i18n import th_en

from .models import Consent, Enrollment, TraineeProfile

SECTION_TITLES = {
    "account": ("บัญชี", "Account"), "profile": ("ข้อมูลส่วนตัว", "Profile"), "consents": ("ความยินยอม", "Consents"),
    "enrolments": ("การสมัครเรียน", "Enrolments"), "skills": ("ทักษะ", "Skills"),
    "certificates": ("ใบรับรอง", "Certificates"), "invoices": ("ใบแจ้งหนี้และการชำระเงิน", "Invoices and payments"),
    "messages": ("ข้อความที่ส่งถึงคุณ", "Messages sent to you"), "placements": ("งานที่ได้", "Jobs"),
    "profile_views": ("ร้านที่เข้าดูโปรไฟล์", "Employers who viewed your profile"),
    "contact_requests": ("คำขอติดต่อจากร้าน", "Contact requests"), "applications": ("ใบสมัครงาน", "Job applications"),
    "shortlisted_by": ("ร้านที่บันทึกคุณไว้", "Shortlisted by"), "referrals": ("การส่งต่อจากภาคี", "Referrals"),
    "support_received": ("เงินช่วยเหลือที่ได้รับ", "Support received"),
    "survey_answers": ("คำตอบแบบสอบถามติดตามผล", "Follow-up survey answers"),
    "shop_applications": ("ใบสมัครเป็นตัวแทนร้าน", "Shop agent applications"),
}
FIELD_LABELS = {
    "phone": ("เบอร์มือถือ", "Mobile"), "email": ("อีเมล", "E-mail"), "joined": ("สมัครเมื่อ", "Joined"),
    "phone_verified_at": ("ยืนยันเบอร์เมื่อ", "Phone verified"), "full_name": ("ชื่อ-นามสกุล", "Full name"),
    "birth_date": ("วันเกิด", "Birth date"), "district": ("อำเภอ", "District"), "education": ("การศึกษา", "Education"),
    "out_of_school": ("ไม่ได้เรียนในระบบ", "Out of school"), "national_id": ("เลขประจำตัวประชาชน", "National ID"),
    "guardian_name": ("ชื่อผู้ปกครอง", "Guardian"), "guardian_phone": ("เบอร์ผู้ปกครอง", "Guardian's phone"),
    "max_commute_km": ("เดินทางได้ไกลสุด (กม.)", "Max commute (km)"), "available": ("พร้อมทำงาน", "Available"),
    "discoverability": ("การค้นหาโดยนายจ้าง", "Employer search"), "preferred_language": ("ภาษา", "Language"),
    "purpose": ("เรื่อง", "Purpose"), "given_at": ("ให้เมื่อ", "Given"), "withdrawn_at": ("ถอนเมื่อ", "Withdrawn"),
    "course": ("หลักสูตร", "Course"), "cohort": ("รุ่น", "Cohort"), "status": ("สถานะ", "Status"),
    "history": ("ประวัติ", "History"), "attendance": ("การเข้าเรียน", "Attendance"),
    "assessments": ("การประเมิน", "Assessments"), "issued_on": ("ออกเมื่อ", "Issued"), "valid": ("ใช้ได้", "Valid"),
    "amount_thb": ("จำนวนเงิน (บาท)", "Amount (THB)"), "paid_at": ("ชำระเมื่อ", "Paid"), "employer": ("ร้าน", "Employer"),
    "start_date": ("เริ่มงาน", "Start date"), "wage_thb": ("ค่าจ้าง (บาท)", "Wage (THB)"), "message": ("ข้อความ", "Message"),
    "partner": ("หน่วยงาน", "Partner"), "referred_at": ("ส่งต่อเมื่อ", "Referred"),
    "name_given": ("ชื่อที่หน่วยงานกรอก", "Name given"), "consent_by": ("ผู้ให้ความยินยอม", "Consent by"),
    "confirmed_by_you": ("คุณยืนยันเมื่อ", "You confirmed"), "promptpay_id": ("พร้อมเพย์", "PromptPay ID"),
    "months": ("หลังเริ่มงาน (เดือน)", "Months after start"), "answered_at": ("ตอบเมื่อ", "Answered"),
    "still_working": ("ยังทำงานอยู่", "Still working"), "wage_unit": ("หน่วยค่าจ้าง", "Wage unit"),
    "shop_name": ("ชื่อร้าน", "Shop name"), "applied_at": ("สมัครเมื่อ", "Applied"),
    "sent_at": ("ส่งเมื่อ", "Sent"),
}

# Stored codes shown as their names: (section, field) → the model's "ไทย / English" choices.
CHOICES = {
    ("profile", "education"): TraineeProfile.Education, ("profile", "discoverability"): TraineeProfile.Discoverability,
    ("consents", "purpose"): Consent.Purpose, ("consents", "given_by"): Consent.GivenBy,
    ("enrolments", "status"): Enrollment.Status,
}
LANGUAGES = {"th": "ไทย / Thai", "en": "อังกฤษ / English"}


def _choice(section: str, key: str, value):
    if key == "preferred_language":
        label = LANGUAGES.get(value)
    else:
        choices = CHOICES.get((section, key))
        label = dict(choices.choices).get(value) if choices is not None else None
    if not label:
        return value
    th, _, en = str(label).partition(" / ")
    return str(th_en(th, en or th))


def _label(key: str, table: dict) -> str:
    th, en = table.get(key, (key.replace("_", " ").capitalize(),) * 2)
    return str(th_en(th, en))


def readable(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(th_en("ใช่", "yes") if value else th_en("ไม่", "no"))
    if isinstance(value, datetime):
        return format_date(value, "datetime")
    if isinstance(value, date):
        return format_date(value, "long")
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, dict):
        return " · ".join(readable(v) for v in value.values())
    if isinstance(value, list):
        return "; ".join(readable(v) for v in value) or "—"
    return str(value)


def _rows(record: dict, section: str) -> list[tuple[str, str]]:
    return [(_label(key, FIELD_LABELS), readable(_choice(section, key, value))) for key, value in record.items()]


def sections(data: dict) -> list[dict]:
    """[{"key", "title", "rows": [(label, value)]} or {"key", "title", "items": [[(label, value)], …]}]."""
    out = []
    for key, value in data.items():
        if key in {"format", "exported_at"}:
            continue
        section = {"key": key, "title": _label(key, SECTION_TITLES)}
        if isinstance(value, dict):
            section["rows"] = _rows(value, key)
        elif isinstance(value, list):
            section["items"] = [_rows(item, key) if isinstance(item, dict) else [("", readable(item))] for item in value]
        else:
            section["rows"] = [(section["title"], readable(value))]
        out.append(section)
    return out

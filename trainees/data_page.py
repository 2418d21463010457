"""The personal-data export (PDPA access right) as a page a person can read on a phone, not only as JSON.

Same content as `privacy.personal_data_export`, shown as sections of label/value rows; lists become one small
card per item (a wide table would not fit 360 px). Dates in the reader's calendar; nothing is left out.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy

from config.dates import format_date

from .models import Consent, Enrollment, TraineeProfile

SECTION_TITLES = {
    "account": gettext_lazy("บัญชี"), "profile": gettext_lazy("ข้อมูลส่วนตัว"), "consents": gettext_lazy("ความยินยอม"),
    "enrolments": gettext_lazy("การสมัครเรียน"), "skills": gettext_lazy("ทักษะ"),
    "certificates": gettext_lazy("ใบรับรอง"), "invoices": gettext_lazy("ใบแจ้งหนี้และการชำระเงิน"),
    "messages": gettext_lazy("ข้อความที่ส่งถึงคุณ"), "placements": gettext_lazy("งานที่ได้"),
    "profile_views": gettext_lazy("ร้านที่เข้าดูโปรไฟล์"),
    "contact_requests": gettext_lazy("คำขอติดต่อจากร้าน"), "applications": gettext_lazy("ใบสมัครงาน"),
    "shortlisted_by": gettext_lazy("ร้านที่บันทึกคุณไว้"), "referrals": gettext_lazy("การส่งต่อจากภาคี"),
    "support_received": gettext_lazy("เงินช่วยเหลือที่ได้รับ"),
    "survey_answers": gettext_lazy("คำตอบแบบสอบถามติดตามผล"),
    "shop_applications": gettext_lazy("ใบสมัครเป็นตัวแทนร้าน"),
}
FIELD_LABELS = {
    "phone": gettext_lazy("เบอร์มือถือ"), "email": gettext_lazy("อีเมล"), "joined": gettext_lazy("สมัครเมื่อ"),
    "phone_verified_at": gettext_lazy("ยืนยันเบอร์เมื่อ"), "full_name": gettext_lazy("ชื่อ-นามสกุล"),
    "birth_date": gettext_lazy("วันเกิด"), "district": gettext_lazy("อำเภอ"), "education": gettext_lazy("การศึกษา"),
    "out_of_school": gettext_lazy("ไม่ได้เรียนในระบบ"), "national_id": gettext_lazy("เลขประจำตัวประชาชน"),
    "guardian_name": gettext_lazy("ชื่อผู้ปกครอง"), "guardian_phone": gettext_lazy("เบอร์ผู้ปกครอง"),
    "max_commute_km": gettext_lazy("เดินทางได้ไกลสุด (กม.)"), "available": gettext_lazy("พร้อมทำงาน"),
    "discoverability": gettext_lazy("การค้นหาโดยนายจ้าง"), "preferred_language": gettext_lazy("ภาษา"),
    "purpose": gettext_lazy("เรื่อง"), "given_at": gettext_lazy("ให้เมื่อ"), "withdrawn_at": gettext_lazy("ถอนเมื่อ"),
    "course": gettext_lazy("หลักสูตร"), "cohort": gettext_lazy("รุ่น"), "status": gettext_lazy("สถานะ"),
    "history": gettext_lazy("ประวัติ"), "attendance": gettext_lazy("การเข้าเรียน"),
    "assessments": gettext_lazy("การประเมิน"), "issued_on": gettext_lazy("ออกเมื่อ"), "valid": gettext_lazy("ใช้ได้"),
    "amount_thb": gettext_lazy("จำนวนเงิน (บาท)"), "paid_at": gettext_lazy("ชำระเมื่อ"), "employer": gettext_lazy("ร้าน"),
    "start_date": gettext_lazy("เริ่มงาน"), "wage_thb": gettext_lazy("ค่าจ้าง (บาท)"), "message": gettext_lazy("ข้อความ"),
    "partner": gettext_lazy("หน่วยงาน"), "referred_at": gettext_lazy("ส่งต่อเมื่อ"),
    "name_given": gettext_lazy("ชื่อที่หน่วยงานกรอก"), "consent_by": gettext_lazy("ผู้ให้ความยินยอม"),
    "confirmed_by_you": gettext_lazy("คุณยืนยันเมื่อ"), "promptpay_id": gettext_lazy("พร้อมเพย์"),
    "months": gettext_lazy("หลังเริ่มงาน (เดือน)"), "answered_at": gettext_lazy("ตอบเมื่อ"),
    "still_working": gettext_lazy("ยังทำงานอยู่"), "wage_unit": gettext_lazy("หน่วยค่าจ้าง"),
    "shop_name": gettext_lazy("ชื่อร้าน"), "applied_at": gettext_lazy("สมัครเมื่อ"),
    "sent_at": gettext_lazy("ส่งเมื่อ"),
}

# Stored codes shown as their names: (section, field) → the model's "ไทย / English" choices.
CHOICES = {
    ("profile", "education"): TraineeProfile.Education, ("profile", "discoverability"): TraineeProfile.Discoverability,
    ("consents", "purpose"): Consent.Purpose, ("consents", "given_by"): Consent.GivenBy,
    ("enrolments", "status"): Enrollment.Status,
}
LANGUAGES = {"th": gettext_lazy("ไทย"), "en": gettext_lazy("อังกฤษ")}


def _choice(section: str, key: str, value):
    if key == "preferred_language":
        label = LANGUAGES.get(value)
    else:
        choices = CHOICES.get((section, key))
        label = dict(choices.choices).get(value) if choices is not None else None
    if not label:
        return value
    return str(label)


def _label(key: str, table: dict) -> str:
    return str(table.get(key) or key.replace("_", " ").capitalize())


def readable(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(gettext_lazy("ใช่") if value else gettext_lazy("ไม่"))
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
            section["items"] = [_rows(item, key) if isinstance(item, dict) else [("", readable(item))]
                                for item in value]
        else:
            section["rows"] = [(section["title"], readable(value))]
        out.append(section)
    return out

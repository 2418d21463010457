"""Thai 13-digit identifiers (DBD juristic registration numbers share the national ID's mod-11 checksum) and
shop phone numbers."""

import re

from django.utils.translation import gettext_lazy

from trainees.exceptions import InvalidPhone
from trainees.identity import normalize_phone, thai_13_digit_checksum_ok

PROTECTED_ATTRIBUTE_WORDS = [
    "เพศ", "ผู้ชายเท่านั้น", "ผู้หญิงเท่านั้น", "ชายเท่านั้น", "หญิงเท่านั้น", "ศาสนา", "พุทธ", "อิสลาม", "คริสต์",
    "โสด", "สมรส", "แต่งงาน", "หย่า", "gender", "male only", "female only", "men only", "women only", "religion",
    "religious", "muslim", "buddhist", "christian", "married", "single only", "marital",
]


def thai_13_digit_valid(value: str) -> bool:
    return thai_13_digit_checksum_ok(value)


def protected_attribute_words(text: str) -> list[str]:
    """Words in an opening's text that ask for gender, religion or marital status."""
    lowered = (text or "").lower()
    return [word for word in PROTECTED_ATTRIBUTE_WORDS if word in lowered]


LANDLINE = re.compile(r"0[2-7]\d{7}")  # Thai fixed lines: an area code 02–07 and 9 digits in all


def shop_phone(text: str) -> str:
    """A shop's phone: a mobile (normalised like a person's) or, unlike a person's, a fixed line such as
    043-123-456 (many shops answer one). Returns digits only; InvalidPhone otherwise."""
    digits = re.sub(r"[\s\-().]", "", text or "")
    if digits.startswith("+66"):
        digits = "0" + digits[3:]
    if LANDLINE.fullmatch(digits):
        return digits
    try:
        return normalize_phone(text)
    except InvalidPhone:
        raise InvalidPhone(gettext_lazy("เบอร์โทรร้านไม่ถูกต้อง (ตัวอย่าง 043-123-456 หรือ 081-234-5678)")) from None

"""What an employer types that the rules refuse: discriminatory words in openings, and a shop's phone (the
rule is `accounts.thai_ids`; this says so in the shop's words)."""

from django.utils.translation import gettext_lazy

from accounts.thai_ids import ThaiNumberError, normalize_phone_th
from trainees.exceptions import InvalidPhone

PROTECTED_ATTRIBUTE_WORDS = [
    "เพศ", "ผู้ชายเท่านั้น", "ผู้หญิงเท่านั้น", "ชายเท่านั้น", "หญิงเท่านั้น", "ศาสนา", "พุทธ", "อิสลาม", "คริสต์",
    "โสด", "สมรส", "แต่งงาน", "หย่า", "gender", "male only", "female only", "men only", "women only", "religion",
    "religious", "muslim", "buddhist", "christian", "married", "single only", "marital",
]


def protected_attribute_words(text: str) -> list[str]:
    """Words in an opening's text that ask for gender, religion or marital status."""
    lowered = (text or "").lower()
    return [word for word in PROTECTED_ATTRIBUTE_WORDS if word in lowered]


def shop_phone(text: str) -> str:
    """A shop's phone: a mobile or, unlike a person's, a fixed line such as 043-123-456 (many shops answer
    one). Returns its national digits; InvalidPhone with the shop's example otherwise."""
    try:
        return normalize_phone_th(text)
    except ThaiNumberError:
        raise InvalidPhone(gettext_lazy("เบอร์โทรร้านไม่ถูกต้อง (ตัวอย่าง 043-123-456 หรือ 081-234-5678)")) from None

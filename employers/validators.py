"""Thai 13-digit identifiers (DBD juristic registration numbers share the national ID's mod-11 checksum)."""

import re

PROTECTED_ATTRIBUTE_WORDS = [
    "เพศ", "ผู้ชายเท่านั้น", "ผู้หญิงเท่านั้น", "ชายเท่านั้น", "หญิงเท่านั้น", "ศาสนา", "พุทธ", "อิสลาม", "คริสต์",
    "โสด", "สมรส", "แต่งงาน", "หย่า", "gender", "male only", "female only", "men only", "women only", "religion",
    "religious", "muslim", "buddhist", "christian", "married", "single only", "marital",
]


def thai_13_digit_valid(value: str) -> bool:
    if not re.fullmatch(r"\d{13}", value or ""):
        return False
    total = sum(int(digit) * (13 - index) for index, digit in enumerate(value[:12]))
    return (11 - total % 11) % 10 == int(value[12])


def protected_attribute_words(text: str) -> list[str]:
    """Words in an opening's text that ask for gender, religion or marital status."""
    lowered = (text or "").lower()
    return [word for word in PROTECTED_ATTRIBUTE_WORDS if word in lowered]

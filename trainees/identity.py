"""Thai mobile numbers in one normal form, and national IDs checked, hashed and masked (PDPA: never stored in clear)."""

import hashlib
import hmac
import re

from django.conf import settings
from django.utils.translation import gettext_lazy

from config.digits import ascii_digits
from payments.promptpay import PromptPayError, normalize_mobile

from .exceptions import InvalidNationalId, InvalidPhone, TraineeError


def normalize_phone(text: str) -> str:
    """0812345678, 081-234-5678, +66 81 234 5678 and 66812345678 are the same person → "0812345678".

    The same rule PromptPay uses for mobile targets, so one number means one person everywhere; Thai digits
    (๐๘๑…) count as digits."""
    try:
        return normalize_mobile(ascii_digits(text))
    except PromptPayError:
        raise InvalidPhone(context=text) from None


def thai_13_digit_checksum_ok(value: str) -> bool:
    """The mod-11 check digit shared by national IDs and DBD juristic registration numbers."""
    if not re.fullmatch(r"\d{13}", value or ""):
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(value[:12]))
    return (11 - total % 11) % 10 == int(value[12])


def national_id_valid(value: str) -> bool:
    return bool(re.fullmatch(r"[1-8]\d{12}", value or "")) and thai_13_digit_checksum_ok(value)


def clean_national_id(text: str) -> str:
    digits = re.sub(r"[\s\-]", "", ascii_digits(text))
    if not national_id_valid(digits):
        raise InvalidNationalId()
    return digits


def national_id_hash(national_id: str) -> str:
    """Keyed hash: finds duplicates without keeping the number readable."""
    return hmac.new(settings.SECRET_KEY.encode(), clean_national_id(national_id).encode(), hashlib.sha256).hexdigest()


def national_id_fields(text: str, *, taken) -> tuple[str, str]:
    """(hash, last 4 digits) of a valid national ID; `taken(hash)` says whether another account already has it."""
    digits = clean_national_id(text)
    hashed = national_id_hash(digits)
    if taken(hashed):
        raise TraineeError(gettext_lazy("เลขประจำตัวประชาชนนี้มีบัญชีแล้ว"))
    return hashed, digits[-4:]


def mask_national_id(last4: str) -> str:
    return f"x-xxxx-xxxxx-{last4[:2]}-{last4[2:3]}" if len(last4) == 4 else ""

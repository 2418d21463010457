"""Thai mobile numbers in one normal form, and national IDs checked, hashed and masked (PDPA: never stored in clear)."""

import hashlib
import hmac
import re

from django.conf import settings

from .exceptions import InvalidNationalId, InvalidPhone


def normalize_phone(text: str) -> str:
    """0812345678, 081-234-5678, +66 81 234 5678 and 66812345678 are the same person → "0812345678"."""
    raw = re.sub(r"[\s\-().]", "", str(text or ""))
    if raw.startswith("+"):
        raw = raw[1:]
    if raw.startswith("0066"):
        raw = "0" + raw[4:]
    elif raw.startswith("66") and len(raw) == 11:
        raw = "0" + raw[2:]
    if not re.fullmatch(r"0[689]\d{8}", raw):
        raise InvalidPhone(context=text)
    return raw


def national_id_valid(value: str) -> bool:
    if not re.fullmatch(r"[1-8]\d{12}", value or ""):
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(value[:12]))
    return (11 - total % 11) % 10 == int(value[12])


def clean_national_id(text: str) -> str:
    digits = re.sub(r"[\s\-]", "", str(text or ""))
    if not national_id_valid(digits):
        raise InvalidNationalId()
    return digits


def national_id_hash(national_id: str) -> str:
    """Keyed hash: finds duplicates without keeping the number readable."""
    return hmac.new(settings.SECRET_KEY.encode(), clean_national_id(national_id).encode(), hashlib.sha256).hexdigest()


def mask_national_id(last4: str) -> str:
    return f"x-xxxx-xxxxx-{last4[:2]}-{last4[2:3]}" if len(last4) == 4 else ""

"""National IDs hashed and masked (PDPA: never stored in clear), and the Thai/English errors for phones and
IDs.

The rules themselves (what a Thai mobile is, the 13-digit checksum) are `accounts.thai_ids`; this module only
says so in the user's language, and keys the hash with the site's secret."""

import hashlib
import hmac

from django.conf import settings

from accounts import thai_ids

from .exceptions import InvalidNationalId, InvalidPhone


def normalize_phone(text: str) -> str:
    """A person's Thai mobile in normal form ("0812345678", see `thai_ids.normalize_mobile_th`), or
    InvalidPhone with the Thai message."""
    try:
        return thai_ids.normalize_mobile_th(text)
    except thai_ids.ThaiNumberError:
        raise InvalidPhone(context=text) from None


def clean_national_id(text: str) -> str:
    """The 13 digits of a valid national ID (`thai_ids.clean_national_id`), or InvalidNationalId."""
    try:
        return thai_ids.clean_national_id(text)
    except thai_ids.ThaiNumberError:
        raise InvalidNationalId() from None


def national_id_hash(national_id: str) -> str:
    """Keyed hash: finds duplicates without keeping the number readable."""
    return hmac.new(settings.SECRET_KEY.encode(), clean_national_id(national_id).encode(), hashlib.sha256).hexdigest()


def mask_national_id(last4: str) -> str:
    return f"x-xxxx-xxxxx-{last4[:2]}-{last4[2:3]}" if len(last4) == 4 else ""

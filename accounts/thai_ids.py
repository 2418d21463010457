"""Thai phone numbers and 13-digit identifiers: the one rule for each, in plain Python (no Django).

Every app reads phones and national IDs through this module, so one number means one person everywhere and the
accounts app needs nothing from the youth app. The functions raise `ThaiNumberError` (a ValueError); the
callers turn it into the error their users read (`trainees.identity` raises InvalidPhone / InvalidNationalId
with the Thai message, `employers.validators.shop_phone` the shop's).

Phones follow Google's libphonenumber metadata for Thailand (the `phonenumbers` package, region TH): a
person's mobile is a number it classes as mobile; a shop may also give a fixed line (02 Bangkok, 043 Khon
Kaen, ...).
The normal form is the national number in digits: "0812345678", "043123456". Thai digits (๐–๙) and other
Unicode decimal digits count as digits; letters never do (libphonenumber alone would read "043123456x" as a
number, and "1-800-FLOWERS" too).
"""

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

PHONE_SEPARATORS = " -().\u00a0"  # what people type between the digits of a phone number
ID_SEPARATORS = " -\u00a0"  # 1-1017-00230-70-8, or with spaces as on the card
MOBILE = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
ANY_PHONE = MOBILE | {PhoneNumberType.FIXED_LINE}
_NATIONAL_ID = re.compile(r"[1-8][0-9]{12}")  # the first digit is a person's category (1–8), never 0 or 9


class ThaiNumberError(ValueError):
    """Text that is not the number asked for (the caller says so in the user's language)."""


class NotAThaiMobile(ThaiNumberError):
    pass


class NotAThaiPhone(ThaiNumberError):
    pass


class NotANationalId(ThaiNumberError):
    pass


def _digits(text, separators: str) -> str | None:
    """The ASCII digits of `text` if it is only digits (any script) and separators; None otherwise."""
    text = str(text or "").strip()
    if not text or any(not (ch.isdecimal() or ch in separators) for ch in text):
        return None
    return phonenumbers.normalize_digits_only(text)


def _thai_number(text, kinds: frozenset, error: type[ThaiNumberError]) -> str:
    plus = str(text or "").strip().startswith("+")
    digits = _digits(str(text or "").strip().removeprefix("+"), PHONE_SEPARATORS)
    if not digits or len(digits) > 15:
        raise error(text)
    if digits.startswith("0066"):  # how PromptPay and some banks write a Thai number
        digits, plus = "66" + digits[4:], True
    try:
        number = phonenumbers.parse(("+" if plus else "") + digits, "TH")
    except NumberParseException:
        raise error(text) from None
    if number.country_code != 66 or not phonenumbers.is_valid_number(number):
        raise error(text)
    if phonenumbers.number_type(number) not in kinds:
        raise error(text)
    return phonenumbers.normalize_digits_only(phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL))


def normalize_mobile_th(text) -> str:
    """A person's Thai mobile number (log-in, sign-up, guardians, referrals) → "0812345678".

    0812345678, 081-234-5678, (081) 234 5678, +66 81 234 5678, 66812345678, 0066812345678 and ๐๘๑๒๓๔๕๖๗๘ are
    the same person. Raises NotAThaiMobile for anything else, a landline included (codes go to mobiles)."""
    return _thai_number(text, MOBILE, NotAThaiMobile)


def normalize_phone_th(text) -> str:
    """Any Thai phone a business answers, mobile or fixed line → its national digits ("043 123 456" →
    "043123456", "+66 2 123 4567" → "021234567"). Raises NotAThaiPhone."""
    return _thai_number(text, ANY_PHONE, NotAThaiPhone)


def thai_13_digit_checksum_ok(value: str) -> bool:
    """The mod-11 check digit shared by national IDs and DBD juristic registration numbers (13 ASCII
    digits)."""
    if not re.fullmatch(r"[0-9]{13}", value or ""):
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(value[:12]))
    return (11 - total % 11) % 10 == int(value[12])


def national_id_valid(value: str) -> bool:
    """13 ASCII digits, a person's category first (1–8), and the right check digit."""
    return bool(_NATIONAL_ID.fullmatch(value or "")) and thai_13_digit_checksum_ok(value)


def clean_national_id(text) -> str:
    """A Thai national ID as typed ("1-1017-00230-70-8", Thai digits, spaces) → its 13 digits.
    Raises NotANationalId."""
    digits = _digits(text, ID_SEPARATORS)
    if digits is None or not national_id_valid(digits):
        raise NotANationalId(text)
    return digits


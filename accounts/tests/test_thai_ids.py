"""accounts.thai_ids: the one rule for Thai phones and national IDs (pure functions, no database), and the
import rules it exists for: it needs no Django, and the accounts app no longer imports the youth app."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.thai_ids import (
    NotANationalId,
    NotAThaiMobile,
    NotAThaiPhone,
    ThaiNumberError,
    clean_national_id,
    national_id_valid,
    normalize_mobile_th,
    normalize_phone_th,
    thai_13_digit_checksum_ok,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("typed, mobile", [
    ("0812345678", "0812345678"),
    ("081-234-5678", "0812345678"),
    ("081 234 5678", "0812345678"),
    ("(081) 234-5678", "0812345678"),
    ("081.234.5678", "0812345678"),
    ("+66 81 234 5678", "0812345678"),
    ("+66812345678", "0812345678"),
    ("66812345678", "0812345678"),
    ("0066812345678", "0812345678"),  # how PromptPay writes a mobile
    ("  0812345678  ", "0812345678"),
    ("๐๘๑-๒๓๔-๕๖๗๘", "0812345678"),  # Thai digits
    ("+๖๖ ๘๑ ๒๓๔ ๕๖๗๘", "0812345678"),
    ("0623456789", "0623456789"),
    ("0991234567", "0991234567"),
])
def test_every_spelling_of_a_mobile_is_one_number(typed, mobile):
    assert normalize_mobile_th(typed) == mobile
    assert normalize_phone_th(typed) == mobile  # a shop may give a mobile too


@pytest.mark.parametrize("typed, landline", [
    ("043 123 456", "043123456"),  # Khon Kaen
    ("043-777-123", "043777123"),
    ("(043) 123456", "043123456"),
    ("02-123-4567", "021234567"),  # Bangkok: 02 and seven digits
    ("+66 2 123 4567", "021234567"),
    ("+66 43 123 456", "043123456"),
    ("๐๔๓-๑๒๓-๔๕๖", "043123456"),
])
def test_a_shop_may_give_a_fixed_line_but_a_person_logs_in_with_a_mobile(typed, landline):
    assert normalize_phone_th(typed) == landline
    with pytest.raises(NotAThaiMobile):
        normalize_mobile_th(typed)


@pytest.mark.parametrize("bad", [
    "", "   ", None, "abcdefghij", "081234567x", "043123456x",  # letters (libphonenumber alone drops them)
    "081-234-567",  # a digit short
    "08123456789", "081234567890",  # a digit or two too many
    "0431234567", "043-777-12345",  # a landline with extra digits
    "12345", "1669",  # too short; a service short code
    "+1 415 555 0100", "+44 20 7946 0958",  # other countries
    "0812345678 ext 1", "081#2345678", "++66812345678",
    "0212345678", "1" * 40,
])
def test_bad_phones_are_refused_by_both_rules(bad):
    with pytest.raises(NotAThaiMobile):
        normalize_mobile_th(bad)
    with pytest.raises(NotAThaiPhone):
        normalize_phone_th(bad)


def test_the_errors_are_value_errors_of_one_family():
    for error in (NotAThaiMobile, NotAThaiPhone, NotANationalId):
        assert issubclass(error, ThaiNumberError) and issubclass(error, ValueError)


def _with_check_digit(first12: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


@pytest.mark.parametrize("first12", ["110170023070", "310050012345", "899999999999", "100000000000"])
def test_exactly_one_check_digit_fits_twelve_digits(first12):
    right = _with_check_digit(first12)
    assert [d for d in "0123456789" if national_id_valid(first12 + d)] == [right[-1]]


@pytest.mark.parametrize("typed", [
    "1101700230708", "1-1017-00230-70-8", "1 1017 00230 70 8", " 1101700230708 ", "๑๑๐๑๗๐๐๒๓๐๗๐๘",
    "๑-๑๐๑๗-๐๐๒๓๐-๗๐-๘",
])
def test_a_national_id_as_typed_gives_its_13_digits(typed):
    assert clean_national_id(typed) == "1101700230708"


@pytest.mark.parametrize("bad", [
    "", None, "1101700230709",  # wrong check digit
    "110170023070",  # 12 digits
    "11017002307080",  # 14 digits
    "0101700230700", "9101700230706",  # 0 and 9 are no person's category (right check digits)
    "a101700230708", "1101700230708a", "1101-700230708x", "1101700230708.", "+1101700230708",
])
def test_bad_national_ids_are_refused(bad):
    assert not national_id_valid(bad or "")
    with pytest.raises(NotANationalId):
        clean_national_id(bad)


@pytest.mark.parametrize("value, ok", [
    ("0405561000019", True),  # a DBD registration number may start with 0
    ("0405561000018", False),
    ("040556100001", False),
    ("04055610000190", False),
    ("๐๔๐๕๕๖๑๐๐๐๐๑๙", False),  # ASCII digits only here: callers clean what people type first
])
def test_the_13_digit_checksum_shared_with_registration_numbers(value, ok):
    assert thai_13_digit_checksum_ok(value) is ok


def test_the_module_needs_no_django():
    code = ("import sys, accounts.thai_ids as t; "
            "assert t.normalize_mobile_th('081-234-5678') == '0812345678'; "
            "print(sorted(m for m in sys.modules if m == 'django' or m.startswith(('django.', 'config'))))")
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "[]"


def test_the_accounts_app_imports_nothing_of_the_youth_app():
    """accounts is below trainees (trainees, employers, partners use it); an import the other way, even one
    inside a function, brings the cycle back."""
    found = []
    for path in sorted((ROOT / "accounts").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(ROOT)}: {name}" for name in names
                      if name.split(".")[0] == "trainees"]
    assert found == []

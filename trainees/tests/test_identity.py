"""Phone numbers and national IDs through trainees.identity: the rules of accounts.thai_ids with Thai errors
(hypothesis properties; the rules' own cases are accounts/tests/test_thai_ids.py)."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.thai_ids import national_id_valid
from trainees.exceptions import InvalidNationalId, InvalidPhone
from trainees.identity import clean_national_id, normalize_phone

# the mobile ranges libphonenumber knows for Thailand: 061–066, 08x, 09x (060 is VoIP, 067–069 unassigned)
MOBILE_RANGES = ["61", "62", "63", "64", "65", "66"] + [f"{a}{b}" for a in "89" for b in string.digits]
mobiles = st.builds(lambda p, rest: f"0{p}{rest}", st.sampled_from(MOBILE_RANGES),
                    st.text(string.digits, min_size=7, max_size=7))


@given(mobiles, st.sampled_from(["{}", "{0}-{1}-{2}", "+66{3}", "66{3}", "+66 {4} {5} {6}", "({0}) {1} {2}"]))
def test_every_spelling_of_a_number_is_one_person(mobile, template):
    parts = (mobile[:3], mobile[3:6], mobile[6:], mobile[1:], mobile[1:3], mobile[3:6], mobile[6:])
    spelled = template.format(*parts) if template != "{}" else mobile
    assert normalize_phone(spelled) == mobile


@pytest.mark.parametrize("bad", ["", "123", "0212345678", "08123456789", "abcdefghij", "+1 415 555 0100",
                                 "081234567", "043-123-456"])  # a landline: fine for a shop, not a person
def test_bad_phone_numbers_have_a_thai_message(bad):
    with pytest.raises(InvalidPhone) as info:
        normalize_phone(bad)
    assert "เบอร์มือถือ" in info.value.message_th


def _with_check_digit(first12: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


@given(st.text("12345678", min_size=1, max_size=1), st.text(string.digits, min_size=11, max_size=11))
def test_exactly_one_check_digit_validates_any_twelve_digits(first, rest):
    valid = [d for d in string.digits if national_id_valid(first + rest + d)]
    assert valid == [_with_check_digit(first + rest)[-1]]
    assert clean_national_id(f"{first}-{rest[:4]}-{rest[4:9]}-{rest[9:]}-{valid[0]}") == first + rest + valid[0]


def test_real_format_examples():
    assert national_id_valid("1101700230708")
    assert not national_id_valid("1101700230709")


@pytest.mark.parametrize("bad", ["", "1234567890123", "0123456789012", "12345", "abcdefghijklm"])
def test_bad_national_ids(bad):
    with pytest.raises(InvalidNationalId):
        clean_national_id(bad)

"""One parser for baht amounts (config.money.parse_thb), used by payments, PromptPay, partners and imports."""

from decimal import Decimal

import pytest

from config.money import AmountError, parse_thb
from employers.imports import RowError
from employers.imports import _money as import_money
from payments.exceptions import InvalidAmount
from payments.promptpay import PromptPayError, build_payload


@pytest.mark.parametrize(("text", "amount"), [("1,250.5", "1250.50"), (" 400 ", "400.00"), (Decimal("0.01"), "0.01"),
                                              (7, "7.00"), ("9999999999.99", "9999999999.99")])
def test_amounts_in_any_usual_spelling_become_satang_exact_decimals(text, amount):
    parsed = parse_thb(text)
    assert parsed == Decimal(amount) and str(parsed) == amount


@pytest.mark.parametrize(("value", "kwargs", "says"), [
    (12.5, {}, "float"), ("12.345", {}, "two decimal"), ("สิบบาท", {}, "not an amount"), ("NaN", {}, "not an amount"),
    ("Infinity", {}, "not an amount"), ("", {}, "not an amount"), ("0", {}, "greater than zero"),
    ("-5", {"positive": False}, "negative"), ("100000.01", {"maximum": Decimal("100000")}, "at most 100,000"),
])
def test_bad_amounts_are_refused_with_a_reason_in_both_languages(value, kwargs, says):
    with pytest.raises(AmountError) as error:
        parse_thb(value, **kwargs)
    assert says in error.value.message_en and error.value.message_th


def test_zero_is_an_amount_where_the_caller_allows_it():
    assert parse_thb("0", positive=False) == Decimal("0.00")


def test_each_caller_raises_its_own_error_from_the_one_rule():
    from payments.services import _money as payment_money

    with pytest.raises(InvalidAmount):
        payment_money("1.001")
    with pytest.raises(PromptPayError, match="float"):
        build_payload("0812345678", 12.5)
    with pytest.raises(RowError, match="wage_min_thb"):
        import_money("12,3.4.5", "wage_min_thb")
    assert import_money("1,500", "wage_min_thb") == Decimal("1500.00")

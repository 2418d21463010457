"""Baht amounts from people and files: one parser (no Django), each caller raising its own error type."""

from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")


class AmountError(ValueError):
    """Not a usable baht amount; the messages say why, Thai first."""

    def __init__(self, message_th: str, message_en: str):
        super().__init__(message_en)
        self.message_th, self.message_en = message_th, message_en


def parse_thb(value, *, positive: bool = True, maximum: Decimal | None = None) -> Decimal:
    """A baht amount from a Decimal, int or text ("1,250.50"), to the satang (two decimals).

    Floats are refused (money is never binary floating point), as are more than two decimals, values that are not
    finite numbers, amounts not above zero (`positive`, the default) or below zero, and amounts over `maximum`."""
    if isinstance(value, float):
        raise AmountError("จำนวนเงินต้องเป็นทศนิยมแบบ Decimal ไม่ใช่ float", "amounts must be Decimal, not float")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise AmountError(f"จำนวนเงินไม่ถูกต้อง: {value}", f"not an amount: {value!r}") from None
    if not amount.is_finite():
        raise AmountError(f"จำนวนเงินไม่ถูกต้อง: {value}", f"not an amount: {value!r}")
    if amount.as_tuple().exponent < -2:
        raise AmountError("จำนวนเงินมีทศนิยมเกิน 2 ตำแหน่ง", "more than two decimal places")
    if amount < 0 or (positive and amount == 0):
        raise AmountError("จำนวนเงินต้องมากกว่าศูนย์" if positive else "จำนวนเงินติดลบไม่ได้",
                          "the amount must be greater than zero" if positive else "the amount cannot be negative")
    if maximum is not None and amount > maximum:
        raise AmountError(f"จำนวนเงินต้องไม่เกิน {maximum:,} บาท", f"the amount must be at most {maximum:,} THB")
    return amount.quantize(CENT)

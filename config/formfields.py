"""Form fields for what people type on a phone: digits in Thai or ASCII, amounts with separators, and dates as
day/month/year in the Buddhist or the Christian era.

Every field that takes digits goes through `config.digits.ascii_digits`, so "๐๘๑๒๓๔๕๖๗๘" and "0812345678" are
the same phone number, "๑,๒๕๐.๕๐" is 1250.50 baht and "๑๕/๐๓/๒๕๕๑" is 15 March 2008. Numbers use text inputs
(with an `inputmode` keypad hint) rather than `<input type=number>`, which drops anything but ASCII digits.
"""

import re
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .dates import format_date
from .digits import ascii_digits

BE_OFFSET = 543  # Buddhist Era year - Christian Era year; only for reading what people type
FIRST_BE_YEAR = 2400  # a typed year at or above this is a Buddhist Era year (CE 1857); CE years stay below


class AsciiDigitsMixin:
    """Turns Thai (and other Unicode) digits of a typed value into ASCII before the field parses it."""

    def to_python(self, value):
        return super().to_python(ascii_digits(value) if isinstance(value, str) else value)


def _with_keypad(attrs: dict, widget, inputmode: str) -> dict:
    if isinstance(widget, forms.TextInput) and not isinstance(widget, forms.PasswordInput):
        attrs.setdefault("inputmode", widget.attrs.get("inputmode", inputmode))
    return attrs


class DigitsField(AsciiDigitsMixin, forms.CharField):
    """Phone numbers, national IDs, registration numbers and one-time codes: kept as text (leading zeros
    matter), digits made ASCII; the service that owns the number checks its shape."""

    def widget_attrs(self, widget):
        return _with_keypad(super().widget_attrs(widget), widget, "numeric")


class WholeNumberField(AsciiDigitsMixin, forms.IntegerField):
    widget = forms.TextInput

    def widget_attrs(self, widget):
        return _with_keypad(super().widget_attrs(widget), widget, "numeric")


class NumberField(AsciiDigitsMixin, forms.FloatField):
    """Coordinates and other measurements that are not money."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        return _with_keypad(super().widget_attrs(widget), widget, "decimal")


class AmountField(forms.DecimalField):
    """Money in baht as Decimal: "1,250.50", "฿1250.5", "๑๒๕๐.๕๐ บาท" → Decimal("1250.50")."""

    widget = forms.TextInput

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[,\s฿]|บาท|THB", "", ascii_digits(value), flags=re.IGNORECASE)
        return super().to_python(value)

    def widget_attrs(self, widget):
        return _with_keypad(super().widget_attrs(widget), widget, "decimal")


_DMY = re.compile(r"(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})")
_DMY_COMPACT = re.compile(r"(\d{2})(\d{2})(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_day_month_year(text) -> date | None:
    """A typed date → date, or None if it is not one.

    Day/month/year with "/", "-", "." or spaces between, or eight digits (ddmmyyyy, what a numeric keypad
    types); ISO yyyy-mm-dd (what a browser date input sends) too. A year of 2400 or more is Buddhist Era.
    """
    text = ascii_digits(text).strip()
    if match := _DMY.fullmatch(text) or _DMY_COMPACT.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    if year >= FIRST_BE_YEAR:
        year -= BE_OFFSET
    if not 1900 <= year <= 2200:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


class DayMonthYearInput(forms.TextInput):
    """A text box showing dd/mm/yyyy in the reader's calendar (15/03/2551 in Thai, 15/03/2008 in English).

    Not `<input type=date>`: that shows the phone's own locale and calendar, which is often neither."""

    def __init__(self, attrs=None):
        defaults = {"inputmode": "numeric", "autocomplete": "off", "placeholder": gettext_lazy("วว/ดด/ปปปป")}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, date):
            return format_date(value, "numeric")
        return super().format_value(value)


class DayMonthYearField(forms.DateField):
    widget = DayMonthYearInput
    default_error_messages = {
        "invalid": gettext_lazy("กรอกวันที่เป็น วัน/เดือน/ปี เช่น 15/03/2551"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", gettext_lazy("วัน/เดือน/ปี พ.ศ. หรือ ค.ศ. เช่น 15/03/2551"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        if isinstance(value, date):
            return value
        parsed = parse_day_month_year(value)
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


def not_in_future(value: date) -> None:
    """For birth dates: a date after today is a typing slip (often a Buddhist year typed as CE or the reverse)."""
    if value and value > timezone.localdate():
        raise ValidationError(gettext_lazy("วันเกิดอยู่ในอนาคต กรุณาตรวจวันที่และปี (พ.ศ.)"),
                              code="future")

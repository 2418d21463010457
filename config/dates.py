"""One way to show dates: Buddhist Era with Thai month names for Thai readers, CE for English readers.

Used by pages (the `thai_date` template filter, a builtin), PDFs, SMS and exports. The language is the active
one unless given (SMS and PDFs pass the recipient's).
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import get_language
from pythainlp.util import thai_strftime

STYLES = {
    # style: (Thai format for thai_strftime, English format for strftime)
    "short": ("%-d %b %Y", "%-d %b %Y"),
    "long": ("%-d %B %Y", "%-d %B %Y"),
    "datetime": ("%-d %b %Y %H:%M น.", "%-d %b %Y %H:%M"),
    "day": ("%a %-d %b", "%a %-d %b"),
    "month": ("%B %Y", "%B %Y"),
    "month_short": ("%b %Y", "%b %Y"),
    "day_month": ("%-d %b", "%-d %b"),
    "weekday": ("%a %-d %b %Y", "%a %-d %b %Y"),
    "numeric": ("%d/%m/%Y", "%d/%m/%Y"),
}


def format_date(value: date | datetime | None, style: str = "short", lang: str | None = None) -> str:
    """`value` in the reader's calendar: "4 ธ.ค. 2569" (th) or "4 Dec 2026" (en); "" for None.

    Aware datetimes are shown in Asia/Bangkok.
    """
    if value is None or value == "":
        return ""
    thai_format, english_format = STYLES[style]
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
    else:
        value = datetime(value.year, value.month, value.day)
    if (lang or get_language() or "th").startswith("en"):
        return value.strftime(english_format)
    return thai_strftime(value, thai_format)

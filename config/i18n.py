"""Language helpers shared by Python and templates.

Interface text is Django gettext with Thai msgids (site/locale/en/LC_MESSAGES/django.po holds the English).
Two things are not interface text and have their own helper here:

- bilingual content fields (`title_th`/`title_en`, `name_th`/`name_en`, …) that staff or data sources fill in:
  `localized(obj, "title")` gives the English field on English pages when it is filled, else the Thai one;
- cohort schedules typed in Thai ("จ.–ศ. 09:00–16:00"): `schedule(text)` names the days in English on English pages.
"""

from django.utils.functional import lazy
from django.utils.translation import get_language


def english() -> bool:
    return (get_language() or "th").startswith("en")


def localized(obj, field: str) -> str:
    """`obj.<field>_en` when English is active and it is filled, else `obj.<field>_th` (or `obj.<field>`).
    Works on model instances, dataclasses and dicts."""
    if obj is None or obj == "":
        return ""

    def get(name):
        if isinstance(obj, dict):
            return obj.get(name)
        return getattr(obj, name, None)

    if english():
        value = get(f"{field}_en")
        if value:
            return value
    value = get(f"{field}_th")
    if value is None:
        value = get(field)
    return "" if value is None else value



# Thai day abbreviations and words in the schedules staff type ("จ.–ศ. 09:00–16:00", "ส.–อา.", "ทุกวัน"),
# longest first so that "พฤ." is not read as "พ." and "อา." not as "อ.".
_SCHEDULE_WORDS = [
    ("จันทร์", "Mon"), ("อังคาร", "Tue"), ("พฤหัสบดี", "Thu"), ("พฤหัส", "Thu"), ("พุธ", "Wed"), ("ศุกร์", "Fri"),
    ("เสาร์", "Sat"), ("อาทิตย์", "Sun"), ("ทุกวัน", "daily"), ("เว้นวันหยุดนักขัตฤกษ์", "except public holidays"),
    ("พฤ.", "Thu"), ("อา.", "Sun"), ("จ.", "Mon"), ("อ.", "Tue"), ("พ.", "Wed"), ("ศ.", "Fri"), ("ส.", "Sat"),
    ("วัน", ""), ("น.", ""), ("ถึง", "to"), ("และ", "and"),
]
_SCHEDULE_RE = None


def schedule(text) -> str:
    """A cohort's schedule as typed in Thai, with day names in English on English pages
    ("จ.–ศ. 09:00–16:00" → "Mon–Fri 09:00–16:00"); words it does not know stay as typed."""
    global _SCHEDULE_RE
    text = str(text or "")
    if not text or not english():
        return text
    if _SCHEDULE_RE is None:
        import re

        _SCHEDULE_RE = re.compile("|".join(re.escape(th) for th, _ in _SCHEDULE_WORDS))
    words = dict(_SCHEDULE_WORDS)
    out = _SCHEDULE_RE.sub(lambda m: words[m.group(0)], text)
    return " ".join(out.split())


def _localized_str(obj, field: str) -> str:
    return str(localized(obj, field))


def _date_str(value, style: str = "long") -> str:
    from config.dates import format_date

    return format_date(value, style)


# Lazy forms for messages built now and rendered later in the recipient's language (accounts.notifications.notify
# renders under translation.override): format_lazy(gettext_lazy("… {course}"), course=lazy_localized(c, "title")).
lazy_localized = lazy(_localized_str, str)
lazy_date = lazy(_date_str, str)
lazy_schedule = lazy(schedule, str)


def both_languages(text, shape=str) -> tuple[str, str]:
    """(Thai, English) of a lazy interface string, for the few documents printed in both languages at once
    (certificate, receipt); `shape` trims each rendering."""
    from django.utils import translation

    out = []
    for language in ("th", "en"):
        with translation.override(language):
            out.append(shape(str(text)))
    return out[0], out[1]

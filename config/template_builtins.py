"""Filters and tags available in every template without {% load %} (TEMPLATES OPTIONS "builtins")."""

from django import template

from config import i18n
from config.dates import format_date

register = template.Library()


@register.filter
def thai_date(value, style: str = "short") -> str:
    """{{ cohort.start_date|thai_date }} → "4 ธ.ค. 2569" in Thai, "4 Dec 2026" under /en/."""
    return format_date(value, style)


@register.filter
def localized(obj, field: str):
    """{{ course|localized:"title" }}: the bilingual content field in the page's language (English when filled on
    /en/ pages, else Thai). The one way templates pick between `*_th` and `*_en`."""
    return i18n.localized(obj, field)



@register.simple_tag
def lang_prefix() -> str:
    """"/en" on English pages, "" on Thai ones: for hand-written links such as {% lang_prefix %}/courses/."""
    return "/en" if i18n.english() else ""


@register.filter
def schedule(text) -> str:
    """{{ cohort.schedule_text|schedule }}: "จ.–ศ. 09:00–16:00", or "Mon–Fri 09:00–16:00" on English pages."""
    return i18n.schedule(text)

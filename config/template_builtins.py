"""Filters available in every template without {% load %} (TEMPLATES OPTIONS "builtins")."""

from django import template

from config.dates import format_date
from config.i18n import th_en as _th_en

register = template.Library()


@register.filter
def thai_date(value, style: str = "short") -> str:
    """{{ cohort.start_date|thai_date }} → "4 ธ.ค. 2569" in Thai, "4 Dec 2026" under /en/."""
    return format_date(value, style)


@register.simple_tag
def th_en(th: str, en: str) -> str:
    """{% th_en "ไม่พบหน้าที่ต้องการ" "Page not found" %}: the text in the active language (see config.i18n)."""
    return str(_th_en(th, en))

"""Filters available in every template without {% load %} (TEMPLATES OPTIONS "builtins")."""

from django import template

from config.dates import format_date

register = template.Library()


@register.filter
def thai_date(value, style: str = "short") -> str:
    """{{ cohort.start_date|thai_date }} → "4 ธ.ค. 2569" in Thai, "4 Dec 2026" under /en/."""
    return format_date(value, style)

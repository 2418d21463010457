"""Slugs that keep Thai readable: combining marks (Unicode Mn/Mc, Thai vowels and tone marks) are word characters.

Django's `slugify(allow_unicode=True)` keeps only what Python's `\\w` matches and first applies NFKC, so
"ช่างซ่อมปั๊มน้ำบาดาลสำหรับชุมชน" became "ชางซอมปมนาบาดาลสาหรบชมชน": tone marks and above/below vowels dropped, and
SARA AM (ำ) split and half-dropped. `slugify_th` keeps letters, numbers and marks (NFC, so ำ stays one letter).

`install()` (called once from CoursesConfig.ready) hooks it in everywhere a slug is made or checked:
* Wagtail's page slug auto-generation (Page.full_clean imports `slugify` into wagtail.models.pages),
* the validators of every unicode SlugField (Wagtail's Page.slug and ours), model and admin form side,
* the site's URL pattern for pages (config/urls.py adds one that accepts marks beside Wagtail's `[\\w-]+`).
The admin's client-side slug (Wagtail's `w-slug` Stimulus controller also filters with `\\p{L}\\p{N}`) is
extended by courses/static/courses/js/thai-slug.js, inserted with the `insert_global_admin_js` hook.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WORD_CATEGORIES = ("L", "N", "M")  # letters, numbers, marks (Mn, Mc, Me)
SLUG_CHARACTERS = r"[-\w\u0300-\u036f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"  # for URL patterns: \w plus marks


def _is_word(char: str) -> bool:
    return char == "_" or unicodedata.category(char)[0] in WORD_CATEGORIES


def slugify_th(value, allow_unicode: bool = True, max_length: int | None = None) -> str:
    """Lower-case, spaces and dashes to one dash, anything but letters, numbers, marks, "_" and "-" removed.
    Same signature as Django's slugify so it can stand in for it; `allow_unicode=False` keeps Django's ASCII."""
    if not allow_unicode:
        from django.utils.text import slugify

        return slugify(value)
    text = unicodedata.normalize("NFC", str(value)).lower()
    text = "".join(c if _is_word(c) or c == "-" or c.isspace() else "" for c in text)
    text = re.sub(r"[-\s]+", "-", text).strip("-_")
    if max_length:
        text = text[:max_length].rstrip("-_")
    return text


def is_valid_slug(value: str) -> bool:
    return bool(value) and all(_is_word(c) or c == "-" for c in value)


def validate_slug_with_marks(value) -> None:
    """A slug of letters, numbers (any script), combining marks, "_" and "-" only."""
    if not is_valid_slug(str(value)):
        raise ValidationError(
            _("สลักใช้ได้เฉพาะตัวอักษร ตัวเลข สระและวรรณยุกต์ ขีดกลาง (-) และขีดล่าง (_) ห้ามเว้นวรรค"),
            code="invalid")


def _form_field_class():
    from django import forms
    from django.core import validators

    class SlugWithMarksFormField(forms.SlugField):
        """Admin form field for unicode slugs: accepts Thai marks (Django's validate_unicode_slug refuses them)."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.allow_unicode:
                self.validators = [validate_slug_with_marks] + [
                    v for v in self.validators if v is not validators.validate_unicode_slug]

    return SlugWithMarksFormField


def install() -> None:
    """Hook slugify_th and the validator into Wagtail and every unicode SlugField (idempotent)."""
    from django.apps import apps
    from django.db import models
    from django.utils.text import slugify as django_slugify
    from wagtail.models import pages

    if pages.slugify is not slugify_th and pages.slugify is django_slugify:
        pages.slugify = slugify_th
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.SlugField) and field.allow_unicode and validate_slug_with_marks not in \
                    field.default_validators:
                field.default_validators = [validate_slug_with_marks]
                field.__dict__.pop("validators", None)  # cached_property: rebuilt from default_validators
    from wagtail.admin.forms.models import register_form_field_override
    from wagtail.admin.widgets import SlugInput

    # Wagtail registers {"widget": SlugInput} for SlugField; a registration replaces it, so keep the widget
    register_form_field_override(models.SlugField, override={"form_class": _form_field_class(), "widget": SlugInput})

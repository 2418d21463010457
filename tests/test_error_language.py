"""Business-rule errors speak through gettext: one lazy Thai msgid per error, English from the catalogue, shown in
the language active where the error is rendered; the JSON API still carries both. Staff choice labels likewise."""

import importlib
import importlib.util

import pytest
from django.apps import apps
from django.utils import translation

from config.errors import SaphanError


def _all_error_classes():
    for app in apps.get_app_configs():
        for module in ("exceptions", "services", "limits", "login_limits", "agent_directory", "catalogue", "api"):
            if importlib.util.find_spec(f"{app.name}.{module}"):
                importlib.import_module(f"{app.name}.{module}")
    seen, todo = [], [SaphanError]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo += cls.__subclasses__()
    return seen


def test_every_error_class_has_a_thai_msgid_with_english_in_the_catalogue():
    classes = _all_error_classes()
    assert len(classes) > 25
    for cls in classes:
        if cls is not SaphanError:  # no per-class Thai/English pairs shadowing the base's rendering
            assert "message_th" not in cls.__dict__ and "message_en" not in cls.__dict__, cls
        error = cls()
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in error.message_th), (cls, error.message_th)
        english = error.message_en
        assert english != error.message_th and not any("\u0e00" <= ch <= "\u0e7f" for ch in english), (cls, english)


@pytest.mark.django_db
def test_a_service_error_renders_in_the_active_language(reference_data):
    from django.contrib.auth import get_user_model

    from courses.models import District
    from employers.services import employer_register

    user = get_user_model().objects.create_user(username="owner-x", password="x" * 12)
    with pytest.raises(SaphanError) as caught:
        employer_register(user=user, name="  ", kind="repair", dbd_number="", address="",
                          district=District.objects.first())
    error = caught.value
    assert error.message_th == "กรุณากรอกชื่อร้าน" and error.message_en == "Enter the business name."
    assert error.user_message("en") == "Enter the business name." and error.user_message("th") == "กรุณากรอกชื่อร้าน"
    with translation.override("en"):
        assert error.user_message() == "Enter the business name." and str(error.message) == error.message_en
    with translation.override("th"):
        assert error.user_message() == "กรุณากรอกชื่อร้าน"


def test_values_in_an_error_fill_both_languages_and_the_old_pair_still_works():
    from django.utils.text import format_lazy
    from django.utils.translation import gettext_lazy

    from trainees.exceptions import NotEligible

    error = NotEligible(format_lazy(gettext_lazy("หลักสูตรนี้รับผู้เรียนอายุ {0}–{1} ปี"), 15, 24))
    assert error.message_th == "หลักสูตรนี้รับผู้เรียนอายุ 15–24 ปี"
    assert error.message_en == "This course takes learners aged 15–24."
    legacy = SaphanError(message_th="ไทย 1", message_en="English 1")
    assert (legacy.message_th, legacy.message_en, str(legacy)) == ("ไทย 1", "English 1", "English 1")
    assert legacy.user_message("en") == "English 1" and legacy.user_message("th") == "ไทย 1"


def test_review_kinds_read_in_one_language():
    from trainees.models import ErasedIdentity, ProtectionReview

    labels = [*ErasedIdentity.Kind.labels, *ProtectionReview.Kind.labels]
    with translation.override("th"):
        thai = [str(label) for label in labels]
    with translation.override("en"):
        english = [str(label) for label in labels]
    assert not any("/" in label for label in thai + english)
    assert thai[3] == "แก้วันเกิดข้ามเกณฑ์อายุ 18 หรือ 20 ปี" and english[3] == "Birth date change crossing age 18 or 20"
    assert all(not any("\u0e00" <= ch <= "\u0e7f" for ch in label) for label in english)


def _thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def test_staff_help_texts_are_thai_with_english_in_the_catalogue():
    """Every help text of our models and course StreamField blocks reads Thai in the Thai admin and English in the
    English one: no English-only text, no 'ไทย / English' pair. Inherited ones (Wagtail's SEO fields, Django's
    username and groups) get their Thai from the project's th catalogue."""
    from courses import blocks

    ours = {"accounts", "agents", "courses", "employers", "partners", "payments", "search", "trainees"}
    texts = [field.help_text for model in apps.get_models() if model._meta.app_label in ours
             for field in model._meta.get_fields() if getattr(field, "help_text", "")]
    texts += [child.field.help_text for block in (blocks.SyllabusModuleBlock(), blocks.BodyBlock())
              for child in block.child_blocks.values() if getattr(child, "field", None) and child.field.help_text]
    assert len(texts) > 70 and len([t for t in texts if "YouTube" in str(t)]) == 1
    for text in texts:
        with translation.override("th"):
            thai = str(text)
        with translation.override("en"):
            english = str(text)
        assert _thai(thai) and not _thai(english) and " / " not in thai, (thai, english)


@pytest.mark.django_db
def test_a_weak_password_gives_its_reasons_in_the_language_shown():
    from accounts.exceptions import WeakPassword
    from accounts.services import password_validate

    with pytest.raises(WeakPassword) as caught:
        password_validate("12345678")
    error = caught.value
    assert error.message_th.startswith("รหัสผ่านใช้ไม่ได้: ") and _thai(error.message_th[len("รหัสผ่านใช้ไม่ได้: "):])
    assert error.message_en.startswith("Choose another password: ") and not _thai(error.message_en)
    with translation.override("en"):
        assert error.user_message() == error.message_en


def test_what_staff_see_in_the_admin_is_named_in_thai_with_english_in_the_catalogue():
    """Page types (the "add child page" choices and listings), the course editor's own fields and the columns of
    the snippet listings staff work in read Thai in the Thai admin and English in the English one — not the
    names Django makes up from the code ("Course page", "Hero image", "created at")."""
    from agents.models import ToolItem
    from courses.models import CourseIndexPage, CoursePage, HomePage, NewsIndexPage, NewsPage, Sponsor
    from courses.wagtail_hooks import SponsorViewSet
    from trainees.models import IdentityReview
    from trainees.wagtail_hooks import IdentityReviewViewSet

    names = [model._meta.verbose_name for model in (HomePage, CourseIndexPage, CoursePage, NewsIndexPage, NewsPage,
                                                     Sponsor, IdentityReview, ToolItem)]
    names += [CoursePage._meta.get_field(name).verbose_name for name in ("hero_image", "body", "provider")]
    names += [NewsPage._meta.get_field(name).verbose_name for name in ("date", "summary")]
    names += [HomePage._meta.get_field(name).verbose_name for name in ("intro_th", "intro_en")]
    names += [viewset.model._meta.get_field(column).verbose_name
              for viewset in (SponsorViewSet, IdentityReviewViewSet) for column in viewset.list_display]
    names += [ToolItem._meta.get_field(f.name).verbose_name for f in ToolItem._meta.fields if f.name != "id"]
    assert len(names) > 25
    for name in names:
        with translation.override("th"):
            thai = str(name)
        with translation.override("en"):
            english = str(name)
        assert _thai(thai) and not _thai(english) and english != thai, (thai, english)

"""Admin for the catalogue's reference data (Wagtail snippet viewsets: columns, filters, search, export)."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .choosers import chooser_viewset
from .models import Category, Provider, Skill, Sponsor
from .permissions import providers_for


class SkillViewSet(SnippetViewSet):
    model = Skill
    icon = "tick-inverse"
    menu_label = gettext_lazy("ทักษะ")
    list_display = ["code", "name_th", "name_en", "group"]
    list_filter = ["group"]
    search_fields = ["code", "name_th", "name_en"]
    chooser_viewset_class = chooser_viewset(("code", "name_th", "name_en", "group"))
    list_export = ["code", "name_th", "name_en", "group", "source"]
    export_filename = "skills"
    ordering = ["group", "code"]


class ProviderViewSet(SnippetViewSet):
    model = Provider
    icon = "site"
    menu_label = gettext_lazy("ผู้จัด")
    list_display = ["name_th", "name_en", "kind", "district", "staff_group"]
    list_filter = ["kind", "district"]
    search_fields = ["name_th", "name_en", "slug"]
    chooser_viewset_class = chooser_viewset(("name_th", "name_en", "slug"), scope=providers_for)
    list_export = ["slug", "name_th", "name_en", "kind", "district", "website", "phone"]
    export_filename = "providers"


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("ประเภท")
    list_display = ["name_th", "name_en", "slug"]
    search_fields = ["name_th", "name_en", "slug"]
    chooser_viewset_class = chooser_viewset(("name_th", "name_en", "slug"))
    list_export = ["slug", "name_th", "name_en"]
    export_filename = "categories"
    panels = [FieldPanel("name_th"), FieldPanel("name_en"), FieldPanel("slug")]


class SponsorViewSet(SnippetViewSet):
    model = Sponsor
    icon = "pick"
    menu_label = gettext_lazy("ผู้สนับสนุน")
    list_display = ["name_th", "name_en", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_th", "name_en", "slug"]
    list_export = ["slug", "name_th", "name_en", "kind"]
    export_filename = "sponsors"


class CatalogueGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("ข้อมูลหลักสูตร")
    menu_icon = "list-ul"
    menu_order = 250
    items = (SkillViewSet, ProviderViewSet, CategoryViewSet, SponsorViewSet)


register_snippet(CatalogueGroup)


@hooks.register("insert_global_admin_js")
def thai_slug_js():
    """Client-side slugs keep Thai vowels and tone marks, like the server's (config/slugs.py)."""
    return format_html('<script src="{}"></script>', static("courses/js/thai-slug.js"))


def _warn_if_similar(request, instance):
    """After a category or skill is saved: warn when its Thai name looks like one that exists (a near-duplicate
    splits the catalogue filter and the matching; merge instead)."""
    from django.contrib import messages
    from django.utils.translation import gettext

    from .naming import similar_names

    if not isinstance(instance, Category | Skill):
        return
    others = type(instance).objects.exclude(pk=instance.pk).values_list("name_th", flat=True)
    close = similar_names(instance.name_th, others)
    if close:
        messages.warning(request, gettext(
            "ชื่อ “%(name)s” คล้ายกับที่มีอยู่แล้ว: %(similar)s — ถ้าเป็นเรื่องเดียวกัน ให้ใช้รายการเดิมแทน"
            "แล้วลบรายการนี้ เพื่อไม่ให้ตัวกรองและการจับคู่แยกเป็นสองกลุ่ม")
            % {"name": instance.name_th, "similar": ", ".join(f"“{n}”" for n in close)})


hooks.register("after_create_snippet", _warn_if_similar)
hooks.register("after_edit_snippet", _warn_if_similar)

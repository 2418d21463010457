"""Admin for the catalogue's reference data (Wagtail snippet viewsets: columns, filters, search, export)."""

from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Category, Provider, Skill, Sponsor


class SkillViewSet(SnippetViewSet):
    model = Skill
    icon = "tick-inverse"
    menu_label = gettext_lazy("ทักษะ")
    list_display = ["code", "name_th", "name_en", "group"]
    list_filter = ["group"]
    search_fields = ["code", "name_th", "name_en"]
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
    list_export = ["slug", "name_th", "name_en", "kind", "district", "website", "phone"]
    export_filename = "providers"


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("ประเภท")
    list_display = ["name_th", "name_en", "slug"]
    search_fields = ["name_th", "name_en", "slug"]
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

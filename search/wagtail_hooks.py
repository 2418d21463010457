"""Admin: how fresh each search index is (documents in ES vs rows that should be indexed, last rebuild), what
youth search for (frequent and zero-result queries) and the search synonyms staff maintain."""

from datetime import UTC, datetime

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SearchSynonym


def index_freshness() -> list[dict]:
    """One row per alias; ES errors are reported in the row, never raised (the page must work when ES is down)."""
    from .client import alias_name, get_client
    from .registry import all_specs

    rows = []
    for alias, spec in sorted(all_specs().items()):
        row = {"alias": alias, "name": alias_name(alias), "db": sum(1 for _ in spec.indexable_objects()),
               "es": None, "index": "", "built": None, "error": ""}
        try:
            client = get_client().options(request_timeout=3, max_retries=0)
            indices = sorted(client.indices.get_alias(name=alias_name(alias)).body)
            row["index"] = ", ".join(indices)
            row["es"] = client.count(index=alias_name(alias))["count"]
            created = client.indices.get_settings(index=indices[-1], name="index.creation_date").body
            millis = int(next(iter(created.values()))["settings"]["index"]["creation_date"])
            row["built"] = timezone.localtime(datetime.fromtimestamp(millis / 1000, tz=UTC))
        except Exception as exc:  # noqa: BLE001 — shown to staff as the index state
            row["error"] = f"{type(exc).__name__}: {exc}"[:200]
        row["in_sync"] = row["es"] == row["db"]
        rows.append(row)
    return rows


class IndexFreshnessView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/freshness.html"
    page_title = gettext_lazy("ความสดของดัชนีค้นหา")
    header_icon = "search"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = index_freshness()
        return context


@hooks.register("register_admin_urls")
def _urls():
    return [path("search-freshness/", IndexFreshnessView.as_view(), name="search_freshness")]


@hooks.register("register_reports_menu_item")
def _menu():
    return MenuItem(gettext_lazy("ดัชนีค้นหา"), reverse("search_freshness"), icon_name="search", order=900)


class SearchDemandView(WagtailAdminTemplateMixin, TemplateView):
    """What youth look for: most frequent queries and zero-result queries by month and district."""

    template_name = "search/admin/demand.html"
    page_title = gettext_lazy("สิ่งที่เยาวชนค้นหา")
    header_icon = "search"

    def get_context_data(self, **kwargs):
        from datetime import date

        from django.conf import settings

        from courses.models import District

        from .selectors import search_demand

        context = super().get_context_data(**kwargs)
        month_param, district = self.request.GET.get("month", ""), self.request.GET.get("district", "")
        month = None
        if len(month_param) == 7 and month_param[:4].isdigit() and month_param[5:].isdigit():
            try:
                month = date(int(month_param[:4]), int(month_param[5:]), 1)
            except ValueError:
                month = None
        districts = list(District.objects.order_by("code"))
        if district not in {d.code for d in districts}:
            district = ""
        data = search_demand(month=month, district=district)
        names = {d.code: d.name_th for d in districts}
        for row in data["zero"]:
            row["district_name"] = names.get(row["district"], "")
        context.update(data, month=month.strftime("%Y-%m") if month else "", district=district,
                       districts=districts, retention_days=settings.SEARCH_LOG_RETENTION_DAYS)
        return context


@hooks.register("register_admin_urls")
def _demand_urls():
    return [path("search-demand/", SearchDemandView.as_view(), name="search_demand")]


@hooks.register("register_reports_menu_item")
def _demand_menu():
    return MenuItem(gettext_lazy("สิ่งที่เยาวชนค้นหา"), reverse("search_demand"), icon_name="search", order=910)


class SearchSynonymViewSet(SnippetViewSet):
    """Staff add everyday words here (from the zero-result report); effective within a minute, no deploy."""

    model = SearchSynonym
    icon = "search"
    menu_label = gettext_lazy("คำพ้องในการค้นหา")
    menu_order = 920
    add_to_admin_menu = False
    list_display = ["terms", "note", "active", "updated_at"]
    list_filter = ["active"]


register_snippet(SearchSynonymViewSet)


from . import demand_admin  # noqa: E402,F401 (registers the skills-demand report's hooks)

"""Admin report: how fresh each search index is (documents in ES vs rows that should be indexed, last rebuild)."""

from datetime import UTC, datetime

from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin


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
    page_title = "ความสดของดัชนีค้นหา / Search index freshness"
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
    return MenuItem("ดัชนีค้นหา / Search index", reverse("search_freshness"), icon_name="search", order=900)

from . import demand_admin  # noqa: E402,F401 (registers the skills-demand report's hooks)

"""Admin menu entries: the funding ledger (staff pages at /partners/ledger/) and the outcomes dashboard."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views

admin_patterns = ([
    path("", admin_views.outcomes, name="outcomes"),
], "partners_admin")


class OutcomesMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_view(request.user)


@hooks.register("register_admin_urls")
def register_partners_admin_urls():
    return [path("outcomes/", include(admin_patterns))]


@hooks.register("register_admin_menu_item")
def register_ledger_menu_item():
    return MenuItem(gettext_lazy("บัญชีทุน"), "/partners/ledger/", icon_name="table", order=900)


@hooks.register("register_admin_menu_item")
def register_outcomes_menu_item():
    return OutcomesMenuItem(gettext_lazy("ผลลัพธ์โครงการ"), reverse("partners_admin:outcomes"), icon_name="view",
                            order=890)

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views

admin_patterns = ([
    path("", admin_views.dashboard, name="dashboard"),
    path("import/", admin_views.statement_upload, name="import"),
    path("invoices/<int:invoice_id>/confirm/<str:how>/", admin_views.invoice_confirm, name="confirm"),
    path("sponsors/<slug:sponsor_key>.csv", admin_views.sponsor_statement_csv, name="sponsor_statement"),
], "payments_admin")


@hooks.register("register_admin_urls")
def register_payments_urls():
    return [path("payments/", include(admin_patterns))]


@hooks.register("register_admin_menu_item")
def register_payments_menu():
    return MenuItem(gettext_lazy("การเงิน"), reverse("payments_admin:dashboard"), icon_name="doc-full", order=400)

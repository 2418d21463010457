"""Admin menu: conversion agents (applications and review), the revolving fund's loans and its report."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet

from . import admin_views
from .admin_views import PROGRAMME_PERMISSIONS
from .models import ToolItem

admin_patterns = ([
    path("", admin_views.applications, name="applications"),
    path("<int:agent_id>/", admin_views.application_detail, name="application"),
    path("<int:agent_id>/review/", admin_views.application_review, name="review"),
    path("loans/", admin_views.loans, name="loans"),
    path("loans/<int:loan_id>/", admin_views.loan_detail, name="loan"),
    path("loans/<int:loan_id>/action/", admin_views.loan_action, name="loan_action"),
    path("fund/", admin_views.fund_report, name="fund"),
    path("funds/", admin_views.funds, name="funds"),
], "agents_admin")

register_snippet(ToolItem)


class StaffMenuItem(MenuItem):
    """Shown to programme staff only: the screens behind it refuse everyone else (agents.admin_views)."""

    def is_shown(self, request):
        return request.user.is_staff and any(request.user.has_perm(p) for p in PROGRAMME_PERMISSIONS)


@hooks.register("register_admin_urls")
def register_agents_admin_urls():
    return [path("agents/", include(admin_patterns))]


@hooks.register("register_admin_menu_item")
def register_agents_menu():
    menu = Menu(items=[
        StaffMenuItem(gettext_lazy("ใบสมัครตัวแทน"), reverse("agents_admin:applications"), icon_name="form"),
        StaffMenuItem(gettext_lazy("เงินกู้"), reverse("agents_admin:loans"), icon_name="table"),
        StaffMenuItem(gettext_lazy("รายงานกองทุน"), reverse("agents_admin:fund"), icon_name="view"),
        StaffMenuItem(gettext_lazy("กองทุนและเงินทุน"), reverse("agents_admin:funds"), icon_name="doc-full"),
    ])
    return SubmenuMenuItem(gettext_lazy("ตัวแทนแปลงรถ"), menu, icon_name="site", order=880)

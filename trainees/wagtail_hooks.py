from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views

admin_patterns = ([
    path("", admin_views.cohort_list, name="cohorts"),
    path("<int:cohort_id>/", admin_views.cohort_detail, name="cohort"),
    path("<int:cohort_id>/sessions/<int:session_id>/", admin_views.attendance, name="attendance"),
    path("<int:cohort_id>/assessments/", admin_views.assessments, name="assess"),
    path("<int:cohort_id>/graduate/", admin_views.graduate, name="graduate"),
    path("certificates/<str:code>/revoke/", admin_views.revoke, name="revoke"),
], "trainees_admin")


@hooks.register("register_admin_urls")
def register_trainees_urls():
    return [path("cohorts/", include(admin_patterns))]


@hooks.register("register_admin_menu_item")
def register_cohorts_menu():
    return MenuItem(gettext_lazy("รุ่นที่เปิดสอน"), reverse("trainees_admin:cohorts"), icon_name="group", order=250)

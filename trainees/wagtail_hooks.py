from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import IdentityReview

admin_patterns = ([
    path("", admin_views.cohort_list, name="cohorts"),
    path("<int:cohort_id>/", admin_views.cohort_detail, name="cohort"),
    path("<int:cohort_id>/sessions/<int:session_id>/", admin_views.attendance, name="attendance"),
    path("<int:cohort_id>/assessments/", admin_views.assessments, name="assess"),
    path("<int:cohort_id>/graduate/", admin_views.graduate, name="graduate"),
    path("certificates/<str:code>/revoke/", admin_views.revoke, name="revoke"),
    path("protection-reviews/", admin_views.protection_reviews, name="reviews"),
], "trainees_admin")


@hooks.register("register_admin_urls")
def register_trainees_urls():
    return [path("cohorts/", include(admin_patterns))]


@hooks.register("register_admin_menu_item")
def register_cohorts_menu():
    return MenuItem(gettext_lazy("รุ่นที่เปิดสอน"), reverse("trainees_admin:cohorts"), icon_name="group", order=250)


@hooks.register("register_admin_menu_item")
def register_reviews_menu():
    return MenuItem(gettext_lazy("ตรวจการคุ้มครองผู้เยาว์"), reverse("trainees_admin:reviews"),
                    icon_name="warning", order=251)


class IdentityReviewViewSet(SnippetViewSet):
    """National IDs entered on a profile that another account already holds: staff look at both accounts
    (issue 22 item 5); the person was told nothing different."""

    model = IdentityReview
    icon = "warning"
    menu_label = gettext_lazy("ตรวจเลขประจำตัวประชาชนซ้ำ")
    add_to_admin_menu = False
    list_display = ["trainee", "national_id_last4", "created_at", "resolved_at"]
    list_filter = ["resolved_at"]


register_snippet(IdentityReviewViewSet)

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views

admin_patterns = ([
    path("", admin_views.employer_list, name="list"),
    path("<int:employer_id>/verify/", admin_views.employer_verify, name="verify"),
], "employers_admin")


class VerifyMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_urls")
def register_employers_urls():
    return [path("employers/", include(admin_patterns))]


@hooks.register("register_admin_menu_item")
def register_employers_menu():
    return VerifyMenuItem(gettext_lazy("นายจ้าง"), reverse("employers_admin:list"), icon_name="site", order=300)

"""Searchable admin choosers for the catalogue's reference data (provider, category, skill).

Wagtail's snippet chooser only shows a search box for models indexed by its search backend, and the database
backend's full-text search does not find a word inside Thai text (Thai is written without spaces). These
choosers search with a case-insensitive substring match on the names (and code / slug) in PostgreSQL, so
"อุตสาหกรรม" finds "ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5" and "ipc" finds it by its slug. The provider chooser lists
only the providers a user may pick (courses.permissions.providers_for): a centre editor sees their own centre.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet


def substring_search_form(fields: tuple[str, ...]) -> type[BaseFilterForm]:
    class SubstringSearchForm(BaseFilterForm):
        q = forms.CharField(label=_("ค้นหา"), required=False,
                            widget=forms.TextInput(attrs={"placeholder": _("พิมพ์บางส่วนของชื่อหรือรหัส")}))

        def filter(self, objects):
            objects = super().filter(objects)
            query = " ".join((self.cleaned_data.get("q") or "").split())[:100]
            if query:
                condition = Q()
                for field in fields:
                    condition |= Q(**{f"{field}__icontains": query})
                objects = objects.filter(condition)
                self.is_searching, self.search_query = True, query
            return objects

    return SubstringSearchForm


class _ScopedSearch:
    search_fields: tuple[str, ...] = ()
    scope = None  # callable(queryset, user) -> queryset, or None for everything

    def get_filter_form_class(self):
        return substring_search_form(self.search_fields)

    def get_object_list(self):
        objects = super().get_object_list()
        return type(self).scope(objects, self.request.user) if type(self).scope else objects


def chooser_viewset(search_fields: tuple[str, ...], scope=None) -> type[SnippetChooserViewSet]:
    """A snippet chooser viewset whose modal searches `search_fields` by substring and lists `scope(qs, user)`."""
    attrs = {"search_fields": search_fields, "scope": staticmethod(scope) if scope else None}
    choose = type("ChooseView", (_ScopedSearch, ChooseView), attrs)
    results = type("ChooseResultsView", (_ScopedSearch, ChooseResultsView), attrs)
    return type("SearchableChooserViewSet", (SnippetChooserViewSet,),
                {"choose_view_class": choose, "choose_results_view_class": results})

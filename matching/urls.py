"""The matching pages. config.app_urls mounts them together with search.urls in the one `search` URL namespace
they have always had (search:graduate_search, search:opening_matches, search:my_openings), so paths, names,
templates' {% url %} and links people saved stay as they were; search.urls itself knows nothing of them."""

from django.urls import path

from . import views

urlpatterns = [
    path("employers/search/", views.graduate_search, name="graduate_search"),
    path("employers/openings/<str:external_id>/matches/", views.opening_matches, name="opening_matches"),
    path("me/openings/", views.my_openings, name="my_openings"),
]

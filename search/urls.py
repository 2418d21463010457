from django.urls import path

from . import agent_directory, employer_views, pathway_views, views

app_name = "search"
urlpatterns = [
    path("search/suggest/", views.suggest, name="suggest"),
    path("search/go/", views.click, name="click"),
    path("employers/search/", employer_views.graduate_search, name="graduate_search"),
    path("employers/openings/<str:external_id>/matches/", employer_views.opening_matches, name="opening_matches"),
    path("me/openings/", employer_views.my_openings, name="my_openings"),
    path("conversion-shops/", agent_directory.directory_page, name="conversion_shops"),
    path("me/openings/<str:external_id>/", pathway_views.opening_for_youth, name="my_opening"),
    path("me/pathways/", pathway_views.my_pathways, name="my_pathways"),
    path("employers/pipeline/watch/", pathway_views.pipeline_watch, name="pipeline_watch"),
]

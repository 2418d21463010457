from django.urls import path

from . import agent_directory, pathway_views, views

app_name = "search"
urlpatterns = [
    path("search/suggest/", views.suggest, name="suggest"),
    path("search/go/", views.click, name="click"),
    path("conversion-shops/", agent_directory.directory_page, name="conversion_shops"),
    path("me/openings/<str:external_id>/", pathway_views.opening_for_youth, name="my_opening"),
    path("me/pathways/", pathway_views.my_pathways, name="my_pathways"),
    path("employers/pipeline/watch/", pathway_views.pipeline_watch, name="pipeline_watch"),
]

"""The graduate's side of employers (/me/...): contact requests, who viewed me, placements, applying.
"Openings for you" (/me/openings/) needs matching, so search serves it."""

from django.urls import path

from . import views

app_name = "graduate"
urlpatterns = [
    path("me/requests/", views.my_requests, name="requests"),
    path("me/requests/<int:pk>/answer/", views.my_request_answer, name="request_answer"),
    path("me/viewers/", views.my_viewers, name="viewers"),
    path("me/placements/", views.my_placements, name="placements"),
    path("me/placements/<int:pk>/confirm/", views.my_placement_confirm, name="placement_confirm"),
    path("me/openings/<str:external_id>/apply/", views.apply, name="apply"),
    path("me/applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
]

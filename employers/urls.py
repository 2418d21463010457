"""Employer pages, mounted at /employers/ (the matching and search pages are search's: search/urls.py)."""

from django.urls import path

from . import views

app_name = "employers"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("register/", views.register, name="register"),
    path("members/", views.members, name="members"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("openings/new/", views.opening_edit, name="opening_new"),
    path("openings/<str:external_id>/edit/", views.opening_edit, name="opening_edit"),
    path("graduates/<str:ref>/", views.graduate_profile, name="graduate"),
    path("graduates/<str:ref>/contact/", views.contact_send, name="contact"),
    path("graduates/<str:ref>/shortlist/", views.shortlist, name="shortlist"),
    path("requests/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("requests/<int:pk>/hire/", views.contact_hire, name="contact_hire"),
    path("openings/<str:external_id>/applicants/", views.applicants, name="applicants"),
    path("applications/<int:pk>/status/", views.application_status, name="application_status"),
    path("applications/<int:pk>/hire/", views.application_hire, name="application_hire"),
]

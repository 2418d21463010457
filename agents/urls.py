from django.urls import path

from . import views

app_name = "agents"
urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("me/", views.me, name="me"),
    path("me/listing/", views.listing, name="listing"),
    path("me/loan/", views.loan_apply, name="loan_apply"),
    path("me/instalments/<int:instalment_id>/pay/", views.instalment_pay, name="instalment_pay"),
    path("me/conversions/", views.conversion_add, name="conversion_add"),
    path("badge/<str:code>/", views.badge, name="badge"),
]

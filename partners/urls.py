from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("ledger/", views.ledger_list, name="ledger_list"),
    path("ledger/<int:grant_id>/", views.ledger_detail, name="ledger_detail"),
    path("ledger/<int:grant_id>/transfers.csv", views.ledger_transfer_csv, name="ledger_transfer_csv"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/new/", views.referral_new, name="referral_new"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:referral_id>/invite/", views.referral_reinvite, name="referral_reinvite"),
    path("survey/<str:token>/", views.survey, name="survey"),
]

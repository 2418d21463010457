from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("ledger/", views.ledger_list, name="ledger_list"),
    path("ledger/<int:grant_id>/", views.ledger_detail, name="ledger_detail"),
    path("ledger/<int:grant_id>/transfers.csv", views.ledger_transfer_csv, name="ledger_transfer_csv"),
]

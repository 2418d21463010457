from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("invoices/<str:number>/", views.invoice_detail, name="invoice"),
    path("invoices/<str:number>/qr.png", views.invoice_qr_png, name="invoice_qr_png"),
    path("invoices/<str:number>/receipt.pdf", views.invoice_receipt, name="invoice_receipt"),
]

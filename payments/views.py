"""Payer-facing invoice pages: what to pay, the QR to scan, and the receipt once paid."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from config.errors import or_404

from . import documents
from .models import Invoice
from .selectors import invoices_visible_to


def _visible_invoice(request, number: str) -> Invoice:
    # someone else's number looks exactly like a missing one
    return or_404(invoices_visible_to(request.user).select_related("payee").filter(number=number).first())


@login_required
def invoice_detail(request, number):
    invoice = _visible_invoice(request, number)
    qr_svg = mark_safe(documents.invoice_qr_svg(invoice)) if invoice.status == Invoice.Status.OPEN else ""  # noqa: S308
    return render(request, "payments/invoice_detail.html", {"invoice": invoice, "qr_svg": qr_svg})


@login_required
def invoice_qr_png(request, number):
    invoice = _visible_invoice(request, number)
    if invoice.status != Invoice.Status.OPEN:
        raise Http404
    response = HttpResponse(documents.invoice_qr_png(invoice), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="promptpay-{invoice.number}.png"'
    return response


@login_required
def invoice_receipt(request, number):
    invoice = _visible_invoice(request, number)
    if invoice.status != Invoice.Status.PAID:
        raise Http404
    response = HttpResponse(documents.receipt_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{invoice.number}.pdf"'
    return response

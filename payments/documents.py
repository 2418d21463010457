"""What a payer sees and keeps: the invoice's PromptPay QR (SVG/PNG) and a Thai PDF receipt."""

import io

import segno

from config.dates import format_date
from config.i18n import both_languages
from config.pdf import render_pdf

from . import promptpay
from .models import Invoice, Payee, Payment


def invoice_payload(invoice: Invoice) -> str:
    """A one-time PromptPay QR for the exact amount; bill payment with ref1 = invoice number when configured."""
    payee = invoice.payee
    if payee.matching == Payee.Matching.BILL_PAYMENT and payee.biller_id:
        return promptpay.build_bill_payment_payload(payee.biller_id, invoice.bill_ref, amount=invoice.amount)
    return promptpay.build_payload(payee.promptpay_target, invoice.amount)


def invoice_qr_svg(invoice: Invoice) -> str:
    buffer = io.BytesIO()
    segno.make(invoice_payload(invoice), error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False,
                                                         svgns=True, title=f"PromptPay {invoice.number}")
    return buffer.getvalue().decode()


def invoice_qr_png(invoice: Invoice) -> bytes:
    buffer = io.BytesIO()
    segno.make(invoice_payload(invoice), error="m").save(buffer, kind="png", scale=8, border=3)
    return buffer.getvalue()


def receipt_context(invoice: Invoice) -> dict:
    """What the receipt shows, Thai first then English; the paid time in the Buddhist Era for the Thai line."""
    payment = invoice.payments.filter(outcome=Payment.Outcome.APPLIED).first()
    method_th, method_en = both_languages(Payment.Method(payment.method).label) if payment else ("", "")
    return {
        "invoice": invoice, "payee": invoice.payee, "payment": payment,
        "method_th": method_th, "method_en": method_en,
        "amount": f"{invoice.amount:,.2f}",
        "paid_th": format_date(invoice.paid_at, "datetime", "th"),
        "paid_en": format_date(invoice.paid_at, "datetime", "en"),
    }


def receipt_pdf(invoice: Invoice) -> bytes:
    """One A5 page for a paid invoice (see site/templates/payments/receipt_pdf.html)."""
    return render_pdf("payments/receipt_pdf.html", receipt_context(invoice))

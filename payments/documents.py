"""What a payer sees and keeps: the invoice's PromptPay QR (SVG/PNG) and a Thai PDF receipt."""

import io
from pathlib import Path

import segno
from django.utils import timezone
from reportlab.lib.pagesizes import A5
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from . import promptpay
from .models import Invoice, Payee

THAI_FONT_PATHS = [Path("/usr/share/fonts/truetype/tlwg/Garuda.ttf"), Path("/usr/share/fonts/truetype/tlwg/Loma.ttf")]


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


def thai_font() -> str:
    for path in THAI_FONT_PATHS:
        if path.exists():
            if "ThaiFont" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("ThaiFont", str(path)))
            return "ThaiFont"
    raise RuntimeError("no Thai TTF font found (Debian: apt-get install fonts-thai-tlwg)")


def receipt_pdf(invoice: Invoice) -> bytes:
    """A5 receipt in Thai for a paid invoice."""
    payment = invoice.payments.filter(outcome="applied").first()
    font = thai_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A5)
    width, height = A5
    y = height - 50
    pdf.setFont(font, 18)
    pdf.drawString(40, y, "ใบเสร็จรับเงิน / Receipt")
    pdf.setFont(font, 12)
    paid_at = timezone.localtime(invoice.paid_at) if invoice.paid_at else None
    lines = [
        f"ผู้รับเงิน: {invoice.payee.name_th}",
        f"เลขที่ใบแจ้งหนี้: {invoice.number}",
        f"รายการ: {invoice.description_th}",
        f"จำนวนเงิน: {invoice.amount:,.2f} บาท",
        f"วันที่ชำระ: {paid_at:%d/%m/}{paid_at.year + 543} {paid_at:%H:%M} น." if paid_at else "ยังไม่ได้ชำระ",
        f"ชำระโดย: พร้อมเพย์ ({payment.get_method_display()})" if payment else "",
    ]
    for line in lines:
        y -= 26
        pdf.drawString(40, y, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()

"""The receipt as a document: one A5 page, Thai shaped and copyable exactly, Thai and English, paid time in the
Buddhist Era for the Thai line."""

import time
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.template.loader import render_to_string

from config.dates import format_date
from config.pdf import render_document
from payments import services
from payments.documents import receipt_context, receipt_pdf
from payments.models import Payee
from payments.tests import payables
from tests.pdf_checks import (
    html_text,
    layout_problems,
    pdf_fonts,
    pdf_pages,
    pdf_text,
    save_first_page,
    squeeze,
    text_problems,
)

pytestmark = pytest.mark.django_db

PAYEE = "ศูนย์ฝึกอาชีพชุมชนบ้านโนนทันน้ำใส"
ITEM = "ค่าลงทะเบียนหลักสูตรผู้ช่วยช่างซ่อมบำรุงรถยนต์ไฟฟ้าและไฮบริด (รุ่นที่ ๑ ปีงบประมาณ ๒๕๖๙) รวมค่าอุปกรณ์ความปลอดภัย"


@pytest.fixture(autouse=True)
def recording_payable(settings):
    settings.PAYMENTS_PAYABLES = {"test": "payments.tests.payables.RecordingPayable"}
    payables.CALLS.clear()


@pytest.fixture
def paid_invoice():
    group, _ = Group.objects.get_or_create(name="centre staff")
    payee = Payee.objects.create(key="nonthan", name_th=PAYEE, name_en="Non Than Community Vocational Centre",
                                 promptpay_target="0812345678", staff_group=group)
    payer = get_user_model().objects.create_user(username="0898765432", phone="0898765432", password="x" * 12)
    invoice = services.invoice_create(
        payable_kind="test", payable_ref="1", payer=payer, payee_key=payee.key,
        amount=Decimal("12500.00"), description_th=ITEM,
        description_en="Course fee: EV and hybrid maintenance assistant, safety kit included")
    services.invoice_confirm(invoice_id=invoice.pk, amount=invoice.amount, method="slip",
                             reference="SLIP2026120400001")
    invoice.refresh_from_db()
    return invoice


def test_receipt_text_is_what_was_put_in_on_one_page(client, paid_invoice):
    started = time.perf_counter()
    pdf = receipt_pdf(paid_invoice)
    seconds = time.perf_counter() - started
    picture = save_first_page(pdf, "receipt")
    print(f"receipt: {seconds:.2f} s, {len(pdf)} bytes, page 1 at {picture}")

    text = pdf_text(pdf)
    assert text_problems(text) == []
    # the TLWG Thai fonts, no fallback
    assert pdf_fonts(pdf) == {"Laksaman", "Laksaman-Bold", "Kinnari", "Kinnari-Bold", "Tlwg-Typo"}
    context = receipt_context(paid_invoice)
    assert squeeze(text) == squeeze(html_text(render_to_string("payments/receipt_pdf.html", context)))
    paid_th = format_date(paid_invoice.paid_at, "datetime", "th")
    assert str(paid_invoice.paid_at.year + 543) in paid_th  # the Buddhist Era year, from the one date helper
    for exact in (PAYEE, "Non Than Community Vocational Centre", "ใบเสร็จรับเงิน", "12,500.00 บาท", "THB 12,500.00",
                  paid_th, format_date(paid_invoice.paid_at, "datetime", "en"), "พร้อมเพย์ (สลิปโอนเงิน)",
                  "PromptPay (slip)", paid_invoice.number, "SLIP2026120400001", "ชำระแล้ว"):
        assert exact in text, exact
    assert squeeze(ITEM) in squeeze(text)

    assert pdf_pages(pdf) == 1
    document = render_document("payments/receipt_pdf.html", context)
    page = document.pages[0]
    assert (round(page.width * 25.4 / 96), round(page.height * 25.4 / 96)) == (148, 210)  # A5
    assert layout_problems(document) == []
    assert seconds < 10

    client.force_login(paid_invoice.payer)  # the view serves the same document
    response = client.get(f"/payments/invoices/{paid_invoice.number}/receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert squeeze(pdf_text(response.content)) == squeeze(text)

"""Staff in the Wagtail admin: a centre's editors see their centre's money, shown as money."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from courses.models import Cohort
from courses.permissions import setup_provider
from payments.models import Invoice, Payee
from tests.factories import ProviderFactory, catalogue_root, make_course, reference_data
from trainees import services


@pytest.mark.django_db
def test_centre_editor_sees_own_centre_invoices_with_payer_and_amount_in_baht(client):
    reference_data()
    users = get_user_model().objects
    ipc5, other = ProviderFactory(slug="ipc5"), ProviderFactory(slug="kk-tech")
    for provider in (ipc5, other):
        setup_provider(provider=provider, catalogue=catalogue_root())
        provider.refresh_from_db()
        # the payee's own finance group is not the centre's staff group (as in the demo)
        Payee.objects.create(key=provider.slug, name_th=provider.name_th, promptpay_target="0812345678",
                             staff_group=Group.objects.create(name=f"finance {provider.slug}"))
    course = make_course(provider=ipc5, fee=Decimal("1200.00"))
    trainee = services.trainee_sign_up(phone="0861231234", password="x" * 12, full_name="สมชาย ใจดี",
                                       birth_date=date(2006, 1, 1), district_code="4001")
    services.enrollment_apply(trainee=trainee, cohort=Cohort.objects.get(course=course))
    invoice = Invoice.objects.get(payee__key="ipc5")

    editor = users.create_user(username="centre.editor", password="x" * 12)
    editor.groups.add(ipc5.staff_group)
    client.force_login(editor)
    html = client.get("/cms/payments/").content.decode()
    row = re.search(r'<tr data-testid="invoice-row">(.*?)</tr>', html, re.S)
    assert row, html[:3000]
    cells = re.sub(r"<[^>]+>", "|", row.group(1))
    assert invoice.number in cells and "สมชาย ใจดี" in cells
    assert re.search(r"\|1,200\.\d\d บาท\|", cells), cells
    assert f"{invoice.amount:,.2f} บาท" in cells

    outsider = users.create_user(username="kk.editor", password="x" * 12)
    outsider.groups.add(other.staff_group)
    client.force_login(outsider)
    html = client.get("/cms/payments/").content.decode()
    assert invoice.number not in html and "สมชาย" not in html
    assert client.get(f"/cms/payments/invoices/{invoice.pk}/confirm/manual/").status_code == 404


@pytest.mark.django_db
def test_course_editor_labels_are_thai_and_wagtail_speaks_thai(admin_client):
    from django.urls import reverse

    reference_data()
    index = catalogue_root()
    html = admin_client.get(reverse("wagtailadmin_pages:add", args=("courses", "coursepage", index.pk))).content.decode()
    for label in ("สรุป (ไทย)", "สรุป (อังกฤษ)", "ค่าเรียน (บาท)", "อายุขั้นต่ำ", "ผู้จัดอบรม", "ทักษะที่สอน",
                  "เกณฑ์จบ: เข้าเรียนอย่างน้อย (%)"):
        assert label in html, label
    for english in ("Summary th", "Fee thb", "Min age", "Course facts", "Skills taught"):
        assert english not in html, english
    assert "บันทึกฉบับร่าง" in html  # Wagtail's own Thai for its buttons (admin language defaults to Thai)

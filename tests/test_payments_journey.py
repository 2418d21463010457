"""Browser journey: a youth enrols in a paid cohort and sees the PromptPay QR and amount; the centre imports its
bank statement; the youth's enrolment shows confirmed with a receipt."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from courses.models import Cohort
from payments.models import Invoice, Payee
from tests.factories import make_course
from tests.helpers import (
    phones_verified,  # noqa: F401 (fixture)
    wait_until,
)
from trainees import privacy
from trainees import services as trainee_services

pytestmark = pytest.mark.usefixtures("phones_verified")  # seats need a verified phone (issue 22)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_paid_enrolment_from_qr_to_receipt(live_server, browser, mobile_page, celery_worker, tmp_path,
                                           reference_data):
    course = make_course(title="ดัดแปลงรถจักรยานยนต์น้ำมันเป็นไฟฟ้า", fee=Decimal("4500.00"),
                         sponsor_share=Decimal("3000.00"))
    group = Group.objects.create(name="ศูนย์ทดสอบ การเงิน")
    Payee.objects.create(key=course.provider.slug, name_th="ศูนย์ฝึกทดสอบขอนแก่น", promptpay_target="0812345678",
                         staff_group=group)
    trainee = trainee_services.trainee_sign_up(
        phone="0861234567", password="ev-repair-2026", full_name="น้องบี",
        birth_date=timezone.localdate().replace(year=timezone.localdate().year - 19),
        district_code="4001")
    # 19: a minor; the centre recorded the guardian's signed paper form for the training record
    privacy.consent_give(trainee=trainee, purpose="training", given_by="guardian", guardian_name="นางแม่")
    page = mobile_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "086-123-4567")
    page.fill("#id_password", "ev-repair-2026")
    with page.expect_navigation():
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
    assert "/login/" not in page.url, "log-in must succeed before opening the course"
    page.goto(f"{live_server.url}{course.url}")
    page.get_by_role("link", name="สมัครเรียนรุ่นนี้").first.click()
    page.get_by_test_id("apply-submit").click()
    page.wait_for_url("**/me/")
    page.get_by_role("link", name="ชำระเงินด้วยพร้อมเพย์").click()
    invoice = Invoice.objects.get(payer=trainee.user)
    assert page.get_by_test_id("amount").inner_text().startswith("1,500.")
    assert page.locator(".qr svg").count() == 1
    assert "ศูนย์ฝึกทดสอบขอนแก่น" in page.content() and invoice.number in page.content()

    staff = get_user_model().objects.create_user(username="finance", password="x" * 12, is_staff=True)
    staff.groups.add(group)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    paid = timezone.localtime()  # after the invoice was issued (a fixed morning time failed in the afternoon)
    today = paid.date()
    statement = tmp_path / "kbank.csv"
    statement.write_text(
        "วันที่,เวลา,รายละเอียด,ฝากเงิน,ถอนเงิน,เลขที่อ้างอิง\n"
        f"{today:%d/%m}/{today.year + 543},{paid:%H:%M},รับโอนพร้อมเพย์,\"{invoice.amount:,.2f}\",,KB777\n"
        f"{today:%d/%m}/{today.year + 543},{paid:%H:%M},รับโอนพร้อมเพย์,99.00,,KB778\n", encoding="utf-8")
    admin = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    admin.goto(f"{live_server.url}/cms/login/")
    admin.fill("#id_username", "finance")
    admin.fill("#id_password", "x" * 12)
    admin.locator("button[type=submit]").click()
    admin.goto(f"{live_server.url}/cms/payments/import/")
    admin.select_option("#id_payee", label="ศูนย์ฝึกทดสอบขอนแก่น")
    admin.select_option("#id_bank_format", "kbank")
    admin.set_input_files("#id_file", str(statement))
    admin.locator("form button[type=submit]").last.click()
    admin.wait_for_url("**/cms/payments/")
    assert "99.00" in admin.content()  # the unmatched line is listed for staff

    enrollment = trainee.enrollments.get()
    wait_until(lambda: enrollment.__class__.objects.get(pk=enrollment.pk).status == "confirmed", message="confirmed")
    page.goto(f"{live_server.url}/me/")
    assert "ยืนยันแล้ว" in page.get_by_test_id("enrollment").first.inner_text()
    receipt = page.get_by_role("link", name="ใบเสร็จรับเงิน")
    response = page.request.get(live_server.url + receipt.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    assert Cohort.objects.get(course=course).enrollments.get().status == "confirmed"

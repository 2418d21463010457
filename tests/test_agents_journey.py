"""Browser journey in headless Chromium: a graduate applies to become a conversion agent (360 px phone), staff
review and approve it in the Wagtail admin, the graduate borrows from the revolving fund (two committee members
approve, staff record the PromptPay transfer), repays one instalment through a PromptPay invoice, and the shop
appears in the public directory. Screenshots of every step go to .runtime/test-artifacts/<test>/NN-step.png."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from PIL import Image

from agents.models import Agent, FundEntry, Instalment, Loan
from agents.selectors import books_balance, fund_books
from agents.tests.world import TOOL_CODES, checklist, fund, graduate, payee, staff
from payments.models import Payee, Payment
from tests.helpers import wait_until

ARTIFACTS = Path(settings.BASE_DIR) / ".runtime" / "test-artifacts"


class Shots:
    def __init__(self, name):
        self.dir = ARTIFACTS / name
        self.dir.mkdir(parents=True, exist_ok=True)
        for old in self.dir.glob("*.png"):
            old.unlink()
        self.n = 0

    def __call__(self, page, step):
        self.n += 1
        page.screenshot(path=str(self.dir / f"{self.n:02d}-{step}.png"), full_page=True)


def _submit(page, locator):
    """Click a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        locator.click()


def _staff_page(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH", timezone_id="Asia/Bangkok")
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{live_server.url}/cms/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "staff-Secret-2026")
    page.locator("button[type=submit]").first.click()
    page.wait_for_url("**/cms/")
    return context, page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_graduate_becomes_agent_borrows_repays_and_is_listed(live_server, browser, mobile_page, celery_worker,
                                                             search_clean, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    shot = Shots("test_graduate_becomes_agent_borrows_repays_and_is_listed")
    trainee, cert = graduate(phone="0861234500", name="ธนวัฒน์ ศรีบ้านไผ่", district="4010")
    checklist()
    # the fund's finance officers are the payee's staff group: they confirm repayments and keep the fund's ledger
    finance = Group.objects.create(name="fund finance")
    Payee.objects.filter(pk=payee().pk).update(staff_group=finance)
    the_fund = fund(capital="200000")
    reviewer = staff("programme.reviewer")
    staff("fund.committee")  # the second committee member, logs in below
    photo = tmp_path / "shop.jpg"
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 110, 70)).save(buf, format="JPEG")
    photo.write_bytes(buf.getvalue())

    # 1. the graduate applies on their phone
    page = mobile_page
    page.goto(f"{live_server.url}/login/?next=/agents/apply/")
    page.fill("#id_username", "086-123-4500")
    page.fill("#id_password", "ev-Secret-2026")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/agents/apply/")
    page.fill("#id_shop_name", "บ้านไผ่อีวีคอนเวอร์ชัน")
    page.fill("#id_phone", "086-123-4500")
    page.fill("#id_address", "99 ถนนมิตรภาพ ต.ในเมือง")
    page.select_option("#id_district", "4010")
    page.check("input[name=services][value=conversion]")
    page.check("input[name=services][value=repair]")
    page.check(f"input[name=certificates][value='{cert.pk}']")
    for code in TOOL_CODES:
        page.check(f"input[name=tools][value={code}]")
    page.set_input_files("input[name=photos]", str(photo))
    shot(page, "application-form")
    page.get_by_role("button", name="ส่งใบสมัคร").click()
    page.wait_for_url("**/agents/me/")
    assert "ส่งใบสมัครแล้ว" in page.get_by_test_id("agent-status").inner_text()
    shot(page, "application-submitted")
    agent = Agent.objects.get(user=trainee.user)
    assert agent.photos.count() == 1 and list(agent.certificates.all()) == [cert]

    # 2. programme staff review: site visit, then approve
    desk, admin = _staff_page(browser, live_server, "programme.reviewer")
    admin.goto(f"{live_server.url}/cms/agents/")
    admin.get_by_role("link", name="บ้านไผ่อีวีคอนเวอร์ชัน").click()
    shot(admin, "staff-review")
    _submit(admin, admin.get_by_test_id("to-site_visit"))
    _submit(admin, admin.get_by_test_id("to-approved"))
    assert "อนุมัติ" in admin.get_by_test_id("agent-status").inner_text()
    shot(admin, "staff-approved-with-history")
    agent.refresh_from_db()
    assert agent.status == "approved" and agent.badge_code

    # 3. the agent applies for a loan
    page.goto(f"{live_server.url}/agents/me/")
    assert agent.badge_code in page.get_by_test_id("my-badge").inner_text()
    shot(page, "agent-badge")
    page.get_by_test_id("loan-apply").click()
    page.fill("#id_amount", "30000")
    page.select_option("#id_purpose", "kits")
    page.fill("#id_instalments", "3")
    page.fill("#id_purpose_detail", "ชุดแปลง 3 ชุด")
    shot(page, "loan-form")
    page.get_by_role("button", name="ส่งคำขอ").click()
    page.wait_for_url("**/agents/me/")
    loan = Loan.objects.get(agent=agent)

    # 4. two committee members approve; staff record the PromptPay transfer
    admin.goto(f"{live_server.url}/cms/agents/loans/{loan.pk}/")
    _submit(admin, admin.get_by_test_id("approve"))
    assert "รอพิจารณา" in admin.get_by_test_id("loan-status").inner_text()  # one approval is not enough
    desk2, second = _staff_page(browser, live_server, "fund.committee")
    second.goto(f"{live_server.url}/cms/agents/loans/{loan.pk}/")
    _submit(second, second.get_by_test_id("approve"))
    assert "อนุมัติแล้ว" in second.get_by_test_id("loan-status").inner_text()
    shot(second, "loan-approved-by-two")
    second.fill("#id_reference", "KTB-20261204-0001")
    _submit(second, second.get_by_test_id("disburse"))
    assert "โอนแล้ว" in second.get_by_test_id("loan-status").inner_text()
    shot(second, "loan-disbursed-schedule")
    assert fund_books(the_fund)["available"] == 170000

    # 5. the agent pays instalment 1 by PromptPay QR; staff confirm the slip
    page.goto(f"{live_server.url}/agents/me/")
    shot(page, "instalments")
    page.get_by_test_id("pay-1").click()
    page.wait_for_url("**/payments/invoices/**")
    assert page.locator("svg").count() >= 1
    shot(page, "promptpay-invoice")
    instalment = Instalment.objects.select_related("invoice").get(loan=loan, number=1)
    invoice = instalment.invoice
    # the fund's finance officer (in the payee's staff group) confirms the agent's slip on the payments screen,
    # typing the amount the slip shows and its transfer reference
    reviewer.groups.add(finance)
    admin.goto(f"{live_server.url}/cms/payments/")
    row = admin.locator("tr", has_text=invoice.number)
    assert row.count() == 1 and f"{invoice.amount:,}" in row.inner_text()
    shot(admin, "staff-open-invoices")
    row.get_by_role("link", name="ยืนยันด้วยสลิป").click()
    admin.wait_for_url(f"**/cms/payments/invoices/{invoice.pk}/confirm/slip/")
    admin.fill("#id_amount", f"{invoice.amount}")
    admin.fill("#id_transaction_ref", "KBANK-REPAY-1")
    shot(admin, "staff-confirm-slip")
    _submit(admin, admin.get_by_role("button", name="บันทึก", exact=True))
    admin.wait_for_url("**/cms/payments/")
    assert invoice.number in admin.locator(".messages").inner_text()
    shot(admin, "staff-slip-confirmed")
    wait_until(lambda: Instalment.objects.get(pk=instalment.pk).paid_at, message="instalment 1 paid")
    payment = Payment.objects.get(invoice=invoice)
    assert payment.method == Payment.Method.SLIP and payment.confirmed_by == reviewer
    page.goto(f"{live_server.url}/agents/me/")
    assert "ชำระแล้ว" in page.get_by_test_id("instalment-1").inner_text()
    assert "ชำระแล้ว" not in page.get_by_test_id("instalment-2").inner_text()
    shot(page, "instalment-paid")
    books = fund_books(the_fund)
    assert books["repaid"] == 10000 and books["available"] == 180000 and books_balance(the_fund)
    assert FundEntry.objects.filter(kind="repayment").count() == 1
    # the funding ledger shows the fund's transfers: the payout and the repayment
    admin.goto(f"{live_server.url}/partners/ledger/{the_fund.scheme.grant_id}/")
    transfers = admin.locator("[data-test=transfers]").inner_text()
    assert "KTB-20261204-0001" in transfers and f"inv:{invoice.number}" in transfers
    shot(admin, "ledger-fund-transfers")

    # 6. anyone finds the shop in the public directory
    public = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, locale="th-TH")
    citizen = public.new_page()
    citizen.set_default_timeout(15000)

    def listed():
        citizen.goto(f"{live_server.url}/conversion-shops/?district=4010")
        return citizen.get_by_test_id("shop").count() == 1

    wait_until(listed, timeout=15, message="the shop in the directory")
    card = citizen.get_by_test_id("shop").first.inner_text()
    assert "บ้านไผ่อีวีคอนเวอร์ชัน" in card and agent.badge_code in card and "กม." in card
    shot(citizen, "public-directory")
    citizen.get_by_test_id("agent-badge").first.click()
    assert "ได้รับอนุญาต" in citizen.get_by_test_id("status").inner_text()
    shot(citizen, "badge-verified")
    for context in (public, desk, desk2):
        context.close()

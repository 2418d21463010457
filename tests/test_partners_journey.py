"""Browser journey in headless Chromium: a partner officer refers a youth; the youth signs up from the invitation
and enrols in a free sponsored cohort; a programme officer sees the funnel move and exports the report."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from partners.models import Partner, PartnerMembership
from tests.factories import make_course
from tests.helpers import (
    messages_to,
    phones_verified,  # noqa: F401 (fixture)
    wait_until,
)

pytestmark = pytest.mark.usefixtures("phones_verified")


def _stage(page, key) -> int:
    return int(page.get_by_test_id(f"stage-{key}").inner_text())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_referral_to_enrolment_moves_the_funnel_and_the_report_exports(live_server, browser, mobile_page,
                                                                        celery_worker, reference_data):
    course = make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", fee=Decimal("4500.00"), sponsor_share=Decimal("4500.00"))
    users = get_user_model().objects
    partner = Partner.objects.create(name="โรงเรียนบ้านไผ่", kind=Partner.Kind.SCHOOL)
    officer = users.create_user(username="partner.officer", password="partner-pass-2026", phone="0861230000")
    PartnerMembership.objects.create(partner=partner, user=officer)
    programme = users.create_user(username="programme.officer", password="programme-pass-2026")
    programme.user_permissions.add(Permission.objects.get(codename="access_admin"),
                                   Permission.objects.get(codename="view_outcome_reports"))

    desk = browser.new_context(viewport={"width": 1100, "height": 900}, locale="th-TH", timezone_id="Asia/Bangkok")
    admin = desk.new_page()
    admin.set_default_timeout(20000)
    admin.goto(f"{live_server.url}/cms/login/")
    admin.fill("#id_username", "programme.officer")
    admin.fill("#id_password", "programme-pass-2026")
    admin.locator("button[type=submit]").first.click()
    admin.wait_for_url("**/cms/")
    admin.goto(f"{live_server.url}/cms/outcomes/")
    before = {key: _stage(admin, key) for key in ("referred", "applied", "enrolled")}

    office_context = browser.new_context(viewport={"width": 1000, "height": 900}, locale="th-TH")
    office = office_context.new_page()
    office.set_default_timeout(20000)
    office.goto(f"{live_server.url}/login/?next=/partners/referrals/new/")
    office.fill("#id_username", "partner.officer")
    office.fill("#id_password", "partner-pass-2026")
    office.get_by_role("button", name="เข้าสู่ระบบ").click()
    office.wait_for_url("**/partners/referrals/new/")
    office.fill("input[name=full_name]", "น้องฟ้า สดใส")
    office.fill("input[name=phone]", "081-777-8899")
    office.locator("input[name=consent_by][value=guardian]").check()
    office.locator("input[name=consent_confirmed]").check()
    office.locator("form button[type=submit]").click()
    office.wait_for_url("**/partners/referrals/")
    assert "น้องฟ้า สดใส" in office.content()
    office_context.close()

    wait_until(lambda: messages_to("0817778899", "referral_invitation").filter(status="sent").exists(),
               message="the invitation SMS")
    body = messages_to("0817778899", "referral_invitation").get().body
    link = next(word for word in body.split() if "/signup/" in word)
    page = mobile_page
    page.goto(live_server.url + link[link.index("/signup/"):])
    assert page.input_value("#id_phone") == "0817778899" and page.input_value("#id_full_name") == "น้องฟ้า สดใส"
    page.fill("#id_birth_date", "2007-02-14")
    page.select_option("#id_district", "4010")
    page.fill("#id_password", "ev-repair-2026")
    page.fill("#id_guardian_name", "นางแม่ สดใส")  # 19: under 20, the guardian agrees by SMS code
    page.fill("#id_guardian_phone", "0817770000")
    page.check("#id_training_consent")
    page.get_by_role("button", name="สมัคร", exact=True).click()
    page.wait_for_url("**/me/consent/guardian/**")
    guardian_sms = messages_to("0817770000", "otp_guardian").get().body
    page.fill("#id_code", next(w for w in guardian_sms.split() if w.isdigit() and len(w) == 6))
    page.get_by_test_id("guardian-confirm").click()
    page.wait_for_url("**/me/")
    # the referral counts for the partner once the youth (phone verified) confirms this partner referred them
    get_user_model().objects.filter(phone="0817778899").update(phone_verified_at=timezone.now())
    page.goto(f"{live_server.url}/me/referrals/")
    page.get_by_test_id("confirm-referral").click()
    page.get_by_test_id("referral-confirmed").wait_for()
    page.goto(f"{live_server.url}{course.url}")
    page.get_by_role("link", name="สมัครเรียนรุ่นนี้").first.click()
    page.get_by_test_id("apply-submit").click()
    page.wait_for_url("**/me/")
    assert "ยืนยันแล้ว" in page.get_by_test_id("enrollment").first.inner_text()

    admin.reload()
    assert _stage(admin, "referred") == before["referred"] + 1
    assert _stage(admin, "applied") == before["applied"] + 1
    assert _stage(admin, "enrolled") == before["enrolled"] + 1
    with admin.expect_download() as download:
        admin.get_by_test_id("export-csv").click()
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert len(rows) >= 2 and "referred" in ",".join(rows[0]).lower()
    assert not any(cell in {"1", "2", "3", "4"} for row in rows[1:] for cell in row[1:8])  # small cells suppressed
    desk.close()

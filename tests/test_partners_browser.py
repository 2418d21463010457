"""The referral journey in headless Chromium: a partner officer refers a youth on a phone; the youth signs up from
the invitation SMS and enrols in a free sponsored cohort; a programme officer watches the funnel move on the
admin dashboard and downloads the (suppressed) CSV report."""

import csv
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache

from accounts.notifications import messages_to
from partners.models import Partner, PartnerMembership, Referral
from partners.suppression import SUPPRESSED
from tests.factories import make_course, reference_data
from tests.helpers import wait_until
from trainees.models import Enrollment

PHONE = "0815557788"


def _stage(page, key):
    return page.get_by_test_id(f"stage-{key}").inner_text().strip()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_partner_refers_youth_who_enrols_and_the_dashboard_moves(live_server, browser, mobile_page, celery_worker,
                                                                 tmp_path):
    cache.clear()  # per-address login/sign-up counters from earlier tests
    reference_data()
    course = make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", fee=Decimal("4500.00"), sponsor_share=Decimal("4500.00"))
    users = get_user_model().objects
    partner = Partner.objects.create(name="กศน.อำเภอบ้านไผ่", kind=Partner.Kind.GOVERNMENT)
    PartnerMembership.objects.create(partner=partner, user=users.create_user(username="officer.banphai",
                                                                             password="partner-pass-2026"))
    po = users.create_user(username="programme", password="programme-pass-2026", is_staff=True)
    po.user_permissions.add(Permission.objects.get(codename="access_admin"),
                            Permission.objects.get(codename="view_outcome_reports"))

    # 1. the partner officer, on a phone, refers a youth with the guardian's consent
    officer = mobile_page
    officer.goto(f"{live_server.url}/login/?next=/partners/referrals/new/")
    officer.fill("#id_username", "officer.banphai")
    officer.fill("#id_password", "partner-pass-2026")
    officer.get_by_role("button", name="เข้าสู่ระบบ").click()
    officer.wait_for_url("**/partners/referrals/new/")
    officer.fill("#id_full_name", "น้องต้น มุ่งมั่น")
    officer.fill("#id_phone", "081-555-7788")
    officer.get_by_label("ผู้ปกครอง / guardian").check()
    officer.locator("#id_consent_confirmed").check()
    officer.get_by_role("button", name="ส่งต่อและส่งคำเชิญ").click()
    officer.wait_for_url("**/partners/referrals/")
    assert "ส่งคำเชิญแล้ว" in officer.get_by_test_id("status").first.inner_text()
    assert officer.evaluate("document.documentElement.scrollWidth") <= 360

    # 2. a programme officer opens the dashboard: one referral, nobody enrolled yet
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH", timezone_id="Asia/Bangkok",
                               accept_downloads=True)
    admin = desk.new_page()
    admin.set_default_timeout(15000)
    admin.goto(f"{live_server.url}/cms/login/?next=/cms/outcomes/")
    admin.fill("#id_username", "programme")
    admin.fill("#id_password", "programme-pass-2026")
    admin.locator("form button[type=submit]").first.click()
    admin.wait_for_url("**/cms/outcomes/")
    assert (_stage(admin, "referred"), _stage(admin, "applied"), _stage(admin, "enrolled")) == ("1", "0", "0")

    # 3. the invitation SMS (delivered by the worker) opens a pre-filled sign-up
    sms = wait_until(lambda: messages_to(PHONE, "referral_invitation").filter(status="sent").first(),
                     message="invitation delivered")
    link = urlsplit(re.search(r"https?://\S+", sms.body).group(0))
    youth_ctx = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                    has_touch=True, locale="th-TH", timezone_id="Asia/Bangkok")
    youth = youth_ctx.new_page()
    youth.set_default_timeout(15000)
    youth.goto(f"{live_server.url}{link.path}?{link.query}")
    assert youth.input_value("#id_phone") == PHONE and youth.input_value("#id_full_name") == "น้องต้น มุ่งมั่น"
    youth.fill("#id_birth_date", "2007-06-15")
    youth.select_option("#id_district", "4010")
    youth.fill("#id_password", "ev-repair-2026")
    youth.get_by_role("button", name="สมัคร", exact=True).click()
    youth.wait_for_url("**/me/")
    wait_until(lambda: Referral.objects.filter(phone=PHONE, trainee__isnull=False).exists(), message="linked")
    youth.goto(f"{live_server.url}{course.url}")
    youth.get_by_role("button", name="สมัครเรียนรุ่นนี้").first.click()
    youth.wait_for_url("**/me/")
    assert "ยืนยันแล้ว" in youth.get_by_test_id("enrollment").first.inner_text()
    assert Enrollment.objects.get(trainee__user__phone=PHONE).status == "confirmed"

    # 4. the partner sees the step; the dashboard's funnel moved
    officer.reload()
    assert "ได้ที่เรียนแล้ว" in officer.get_by_test_id("status").first.inner_text()
    admin.reload()
    assert (_stage(admin, "referred"), _stage(admin, "applied"), _stage(admin, "enrolled")) == ("1", "1", "1")

    # 5. the CSV export downloads, with the small counts suppressed
    with admin.expect_download() as info:
        admin.get_by_test_id("export-csv").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    rows = list(csv.reader(Path(target).read_text(encoding="utf-8-sig").splitlines()))
    total = next(r for r in rows if r[0].startswith("รวม"))
    assert total[1:4] == [SUPPRESSED, SUPPRESSED, SUPPRESSED] and total[7] == "0"
    youth_ctx.close()
    desk.close()

"""A youth signs up with a phone number, enrols, and nobody else can touch their enrolment."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from courses.models import Cohort
from tests.factories import make_course, reference_data
from trainees.models import Enrollment, TraineeProfile


def _signup(client, phone, name="สมชาย ใจดี", national_id=""):
    return client.post("/signup/", {"phone": phone, "full_name": name, "birth_date": "2006-03-01", "district": "4010",
                                    "national_id": national_id, "password": "ev-repair-2026"})


@pytest.mark.django_db
def test_sign_up_log_in_apply_and_ids_in_urls_are_guarded(client):
    reference_data()
    course = make_course(fee=Decimal("4500.00"), sponsor_share=Decimal("4500.00"))
    cohort = Cohort.objects.get(course=course)
    assert _signup(client, "+66 81 234 5678").status_code == 302
    assert get_user_model().objects.get(phone="0812345678")
    bad = _signup(client.__class__(), "12345")
    assert bad.status_code == 200 and "เบอร์มือถือไม่ถูกต้อง" in bad.content.decode()
    again = _signup(client.__class__(), "081-234-5678")
    assert "สมัครไว้แล้ว" in again.content.decode()
    client.logout()
    assert client.post("/login/", {"username": "081-234-5678", "password": "ev-repair-2026"}).status_code == 302
    assert client.post(f"/cohorts/{cohort.pk}/apply/").status_code == 302
    mine = Enrollment.objects.get(trainee__user__phone="0812345678")
    assert mine.status == "confirmed"
    page = client.get("/me/").content.decode()
    assert course.title in page and "ยืนยันแล้ว" in page
    assert client.post(f"/cohorts/{cohort.pk}/apply/").status_code == 302  # twice: a clear message, no second row
    assert Enrollment.objects.filter(trainee=mine.trainee).count() == 1

    intruder = client.__class__()
    _signup(intruder, "0899999999", name="คนอื่น")
    assert intruder.post(f"/me/enrolments/{mine.pk}/withdraw/").status_code == 404
    assert intruder.post("/cohorts/999999/apply/").status_code == 404
    mine.refresh_from_db()
    assert mine.status == "confirmed"
    assert TraineeProfile.objects.count() == 2


@pytest.mark.django_db
def test_login_is_rate_limited(client):
    from django.core.cache import cache

    cache.clear()
    try:
        for _ in range(10):
            client.post("/login/", {"username": "0812345678", "password": "wrong-password"})
        blocked = client.post("/login/", {"username": "0812345678", "password": "wrong-password"})
        assert "หลายครั้งเกินไป" in blocked.content.decode()
    finally:
        cache.clear()  # later tests log in from the same address


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_youth_signs_up_on_a_phone_and_enrols_in_a_sponsored_cohort(live_server, mobile_page):
    reference_data()
    course = make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", fee=Decimal("4500.00"), sponsor_share=Decimal("4500.00"))
    page = mobile_page
    page.goto(f"{live_server.url}{course.url}")
    page.get_by_role("link", name="สมัครสมาชิกเพื่อสมัครเรียน").click()
    page.fill("#id_phone", "081-555-1234")
    page.fill("#id_full_name", "น้องเอ็ม ขยันเรียน")
    page.fill("#id_birth_date", "2007-06-15")
    page.select_option("#id_district", "4010")
    page.fill("#id_password", "ev-repair-2026")
    page.get_by_role("button", name="สมัคร", exact=True).click()
    page.wait_for_url(f"**{course.url}")
    page.get_by_role("button", name="สมัครเรียนรุ่นนี้").first.click()
    page.wait_for_url("**/me/")
    card = page.get_by_test_id("enrollment").first
    assert "ยืนยันแล้ว" in card.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_from_sign_up_to_a_verified_certificate(live_server, mobile_page, browser, celery_worker):
    """Youth on a 360 px phone signs up and enrols; a staff officer on a tablet takes attendance and graduates the
    cohort in the Wagtail admin; the youth downloads the certificate PDF and its verification page confirms it."""
    from datetime import timedelta

    from django.utils import timezone

    from courses.models import CourseSkill, Skill

    reference_data()
    course = make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", fee=Decimal("4500.00"), sponsor_share=Decimal("4500.00"))
    CourseSkill.objects.create(course=course, skill=Skill.objects.get(code="ev.battery.safety"), level=2)
    get_user_model().objects.create_superuser(username="officer", password="officer-pass-2026")
    page = mobile_page
    page.goto(f"{live_server.url}/signup/?next={course.url}")
    page.fill("#id_phone", "0815551234")
    page.fill("#id_full_name", "น้องบี ตั้งใจ")
    page.fill("#id_birth_date", "2005-06-15")
    page.select_option("#id_district", "4010")
    page.fill("#id_password", "ev-repair-2026")
    page.get_by_role("button", name="สมัคร", exact=True).click()
    page.wait_for_url(f"**{course.url}")
    page.get_by_role("button", name="สมัครเรียนรุ่นนี้").first.click()
    page.wait_for_url("**/me/")
    assert "ยืนยันแล้ว" in page.get_by_test_id("enrollment").first.inner_text()

    # the intake runs: it started last week
    cohort = Cohort.objects.get(course=course)
    today = timezone.localdate()
    Cohort.objects.filter(pk=cohort.pk).update(start_date=today - timedelta(days=7), end_date=today)

    tablet = browser.new_context(viewport={"width": 800, "height": 1100}, locale="th-TH", timezone_id="Asia/Bangkok")
    staff = tablet.new_page()
    staff.set_default_timeout(20000)
    staff.goto(f"{live_server.url}/cms/login/")
    staff.fill("#id_username", "officer")
    staff.fill("#id_password", "officer-pass-2026")
    staff.locator("button[type=submit]").first.click()
    staff.wait_for_url("**/cms/")
    staff.goto(f"{live_server.url}/cms/cohorts/{cohort.pk}/")
    staff.fill("input[name=date]", (today - timedelta(days=3)).isoformat())
    staff.fill("input[name=topic]", "ความปลอดภัยแบตเตอรี่")
    staff.get_by_role("button", name="เพิ่มวันเรียน / Add session").click()
    staff.get_by_test_id("session-link").first.click()
    assert staff.get_by_label("น้องบี ตั้งใจ").is_checked()  # everyone present by default: tap the absent ones
    staff.get_by_test_id("save-attendance").click()
    staff.wait_for_url(f"**/cms/cohorts/{cohort.pk}/")
    row = staff.get_by_test_id("roster-row").first
    assert "100.0%" in row.inner_text() and "ผ่านเกณฑ์" in row.inner_text()
    staff.get_by_test_id("graduate").click()
    staff.wait_for_url(f"**/cms/cohorts/{cohort.pk}/")
    assert "จบหลักสูตร 1 คน" in staff.content()
    tablet.close()

    page.goto(f"{live_server.url}/me/")
    certificate = page.get_by_test_id("certificate").first
    assert "ใช้ได้" in certificate.inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("certificate-pdf").click()
    pdf_path = download.value.path()
    with open(pdf_path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.get_by_role("link", name="ลิงก์ตรวจสอบสำหรับแชร์").click()
    assert "ถูกต้องและยังใช้ได้" in page.get_by_test_id("status").inner_text()
    assert "น้องบี ตั้งใจ" not in page.content()  # public page: masked name
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

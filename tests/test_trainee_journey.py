"""A youth signs up with a phone number, enrols, and nobody else can touch their enrolment."""

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from courses.models import Cohort
from tests.factories import make_course
from tests.helpers import (
    messages_to,
    phones_verified,  # noqa: F401 (fixture)
    save_screenshot,
    wait_until,
)
from trainees.models import Enrollment, TraineeProfile

pytestmark = pytest.mark.usefixtures("phones_verified")


def _signup(client, phone, name="สมชาย ใจดี", national_id=""):
    return client.post("/signup/", {"phone": phone, "full_name": name, "birth_date": "2005-03-01", "district": "4010",
                                    "national_id": national_id, "password": "ev-repair-2026",
                                    "training_consent": "on"})


@pytest.mark.django_db
def test_sign_up_log_in_apply_and_ids_in_urls_are_guarded(client, reference_data):
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


ARTIFACTS = Path(__file__).resolve().parents[1] / ".runtime" / "test-artifacts"


class Steps:
    """Numbered screenshots of one story under .runtime/test-artifacts/<test>/NN-step.png (gitignored)."""

    def __init__(self, name: str):
        self.folder = ARTIFACTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.n = 0

    def shot(self, page, step: str, *, phone: bool = True) -> None:
        self.n += 1
        page.screenshot(path=str(self.folder / f"{self.n:02d}-{step}.png"), full_page=True)
        if phone:
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, f"{step}: no sideways scroll"


def _sms_code(phone: str) -> str:
    body = messages_to(phone, "otp_guardian").order_by("-pk").first().body
    return next(word for word in body.split() if word.isdigit() and len(word) == 6)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_17_year_old_from_search_to_a_paid_intake_a_certificate_and_being_found(
        live_server, mobile_page, browser, celery_worker, search_clean, reference_data):
    """One story on a 360 px phone: search → course → sign up → consent and the guardian's SMS code → apply with
    the confirm step → invoice with PromptPay QR → staff confirm the slip → attend → graduate → verify link →
    the guardian agrees to employers and the youth becomes findable → a shop's contact request, accepted on the
    phone, shows the shop's name, phone and address. What the person sees is asserted at each
    step; key public pages are repeated under /en/."""
    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from courses.models import CourseSkill, Skill, Sponsor
    from employers.selectors import discoverable_graduates
    from payments import documents, promptpay
    from payments.models import Invoice, Payee
    from search import indexing
    from search.client import alias_name, get_client
    from tests.factories import ProviderFactory

    steps = Steps("test_a_17_year_old_from_search_to_a_paid_intake")
    dsd = ProviderFactory(slug="dsd-kk", name_th="สถาบันพัฒนาฝีมือแรงงาน 6 ขอนแก่น",
                          name_en="Institute for Skill Development Region 6")
    course = make_course(title="ช่างซ่อมเครื่องปรับอากาศ", title_en="Air-conditioner repair technician",
                         summary_th="ล้างแอร์ เติมน้ำยา ติดตั้งแอร์บ้าน", external_id="AC-REPAIR-120", provider=dsd,
                         fee=Decimal("1500.00"), sponsor_share=Decimal("1000.00"))
    CourseSkill.objects.create(course=course, skill=Skill.objects.get(code="ev.elec.measure"), level=1)
    cohort = Cohort.objects.get(course=course)
    Cohort.objects.filter(pk=cohort.pk).update(code="AC-REPAIR-120-1", venue="สถาบันพัฒนาฝีมือแรงงาน 6",
                                               schedule_text="จ.–ศ. 09:00–16:00")
    Sponsor.objects.filter(pk=cohort.sponsor_id).update(eligibility_th="ฟรีสำหรับเยาวชนนอกระบบการศึกษา",
                                                        eligibility_en="free for out-of-school youth")
    finance = Group.objects.create(name="การเงิน dsd-kk")
    Payee.objects.create(key="dsd-kk", name_th="สถาบันพัฒนาฝีมือแรงงาน 6 ขอนแก่น", promptpay_target="0994000165559",
                         staff_group=finance)
    get_user_model().objects.create_superuser(username="officer", password="officer-pass-2026")
    indexing.rebuild("courses")
    today = timezone.localdate()
    birth = today.replace(year=today.year - 17) - timedelta(days=30)
    page = mobile_page

    # 1. search, in Thai, then the same catalogue in English
    page.goto(f"{live_server.url}/courses/")
    page.fill("#q", "ซ่อมแอร์ เครื่องปรับอากาศ")
    page.press("#q", "Enter")
    page.wait_for_selector("article.course")
    assert "ช่างซ่อมเครื่องปรับอากาศ" in page.locator("article.course h2").all_inner_texts()
    steps.shot(page, "search")
    page.goto(f"{live_server.url}/en/courses/?q=air-conditioner")
    page.wait_for_selector("article.course")
    assert "Air-conditioner repair technician" in page.locator("article.course h2").first.inner_text()
    steps.shot(page, "search-en")

    # 2. the course page: what the youth pays and on what condition, in Thai and English
    page.goto(f"{live_server.url}{course.url}")
    intake = page.locator("section.cohort").first
    assert "คุณจ่าย 500 บาท" in intake.locator(".you-pay").inner_text()
    assert "ฟรีสำหรับเยาวชนนอกระบบการศึกษา" in intake.inner_text() and "ทุนช่วย" in intake.inner_text()
    steps.shot(page, "course")
    page.goto(f"{live_server.url}/en{course.url}")
    intake = page.locator("section.cohort").first
    assert "You pay 500 THB" in intake.inner_text() and "free for out-of-school youth" in intake.inner_text()
    steps.shot(page, "course-en")
    page.goto(f"{live_server.url}{course.url}")
    page.get_by_role("link", name="สมัครสมาชิกเพื่อสมัครเรียน").first.click()

    # 3. sign up: the training-record consent in plain Thai; under 20, the guardian's name and mobile
    page.wait_for_url("**/signup/**")
    assert "ผู้ปกครอง (เฉพาะผู้ที่อายุต่ำกว่า 20 ปี)" in page.get_by_test_id("guardian-fields").inner_text()
    page.fill("#id_phone", "081-555-1234")
    page.fill("#id_full_name", "น้องเอ็ม ขยันเรียน")
    page.fill("#id_birth_date", birth.isoformat())
    page.select_option("#id_district", "4010")
    page.fill("#id_password", "ev-repair-2026")
    page.fill("#id_guardian_name", "นางมาลี ขยันเรียน")
    page.fill("#id_guardian_phone", "089-111-2222")
    page.check("#id_training_consent")
    assert "เพื่อจัดการการสมัครเรียน การเข้าเรียน" in page.get_by_test_id("consent-training").inner_text()
    steps.shot(page, "sign-up")
    page.get_by_role("button", name="สมัคร", exact=True).click()

    # 4. the guardian's SMS code, inline: read it from the real outbound SMS row
    page.wait_for_url("**/me/consent/guardian/**")
    assert "089-xxx-x222" in page.get_by_test_id("guardian-sent").inner_text()
    assert "บุตรหลานของท่าน" in page.get_by_test_id("guardian-message").inner_text()
    sms = messages_to("0891112222", "otp_guardian").get().body
    assert "บุตรหลานของท่าน (เบอร์ xxx-xxx-" in sms and "น้องเอ็ม" not in sms  # no typed words in the SMS
    steps.shot(page, "guardian-code")
    page.fill("#id_code", _sms_code("0891112222"))
    page.fill("#id_relationship", "แม่")
    page.get_by_test_id("guardian-confirm").click()

    # 5. the apply confirm step: intake, dates, venue, money and condition, the recorded consents; no seat yet
    page.wait_for_url(f"**/cohorts/{cohort.pk}/apply/")
    assert "AC-REPAIR-120-1" in page.get_by_test_id("apply-intake").inner_text()
    assert "สถาบันพัฒนาฝีมือแรงงาน 6" in page.get_by_test_id("apply-venue").inner_text()
    assert str(cohort.start_date.year + 543) in page.get_by_test_id("apply-dates").inner_text()
    assert "คุณจ่าย 500 บาท" in page.get_by_test_id("apply-you-pay").inner_text()
    assert "ฟรีสำหรับเยาวชนนอกระบบการศึกษา" in page.get_by_test_id("apply-condition").inner_text()
    assert "ผู้ปกครอง" in page.get_by_test_id("training-recorded").inner_text()
    assert not Enrollment.objects.exists()
    steps.shot(page, "apply-confirm")
    page.get_by_test_id("apply-submit").click()

    # 6. the invoice with its PromptPay QR
    page.wait_for_url("**/me/")
    card = page.get_by_test_id("enrollment").first
    assert "รอชำระเงิน" in card.inner_text()
    steps.shot(page, "awaiting-payment")
    page.get_by_role("link", name="ชำระเงินด้วยพร้อมเพย์").click()
    invoice = Invoice.objects.get(payer__phone="0815551234")
    assert page.get_by_test_id("amount").inner_text().startswith("500.")
    assert page.locator(".qr svg").count() == 1 and invoice.number in page.content()
    scanned = promptpay.parse_payload(documents.invoice_payload(invoice))  # what the QR on the page encodes
    assert scanned.amount == invoice.amount and scanned.target == "0994000165559"
    steps.shot(page, "invoice-qr")

    # 7. staff confirm the transfer slip in the admin; the roster shows the guardian's consent
    tablet = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="th-TH", timezone_id="Asia/Bangkok")
    staff = tablet.new_page()
    staff.set_default_timeout(20000)
    staff.goto(f"{live_server.url}/cms/login/")
    staff.fill("#id_username", "officer")
    staff.fill("#id_password", "officer-pass-2026")
    staff.locator("button[type=submit]").first.click()
    staff.wait_for_url("**/cms/")
    staff.goto(f"{live_server.url}/cms/payments/")
    staff.get_by_role("link", name="ยืนยันด้วยสลิป").first.click()
    assert staff.input_value("#id_amount") == ""  # typed from the slip, never pre-filled with what is owed
    staff.fill("#id_amount", str(invoice.amount))
    staff.fill("#id_transaction_ref", "KB20261204-0001")
    steps.shot(staff, "staff-slip", phone=False)
    staff.locator("form button[type=submit]").last.click()
    staff.wait_for_url("**/cms/payments/")
    assert "ชำระใบแจ้งหนี้แล้ว" in staff.content()
    wait_until(lambda: Enrollment.objects.get().status == "confirmed", message="the seat confirmed after payment")
    page.goto(f"{live_server.url}/me/")
    assert "ยืนยันแล้ว" in page.get_by_test_id("enrollment").first.inner_text()
    assert page.get_by_role("link", name="ใบเสร็จรับเงิน").count() == 1
    steps.shot(page, "confirmed")

    # 8. attend and graduate (the intake started last week)
    Cohort.objects.filter(pk=cohort.pk).update(start_date=today - timedelta(days=7), end_date=today)
    staff.goto(f"{live_server.url}/cms/cohorts/{cohort.pk}/")
    assert "ผู้ปกครอง: นางมาลี ขยันเรียน, แม่" in staff.get_by_test_id("roster-consent").first.inner_text()
    staff.fill("input[name=date]", (today - timedelta(days=3)).isoformat())
    staff.fill("input[name=topic]", "ล้างแอร์และเติมน้ำยา")
    staff.get_by_role("button", name="เพิ่มวันเรียน").click()
    staff.get_by_test_id("session-link").first.click()
    learner = staff.get_by_role("group", name="น้องเอ็ม ขยันเรียน")
    assert learner.get_by_role("radio", name="มาเรียน").is_checked()
    assert (" ".join(staff.get_by_test_id("attendance-count").inner_text().split())
            == "มาเรียน 1 · ขาดเรียน 0 · ทั้งหมด 1 คน")
    staff.get_by_test_id("save-attendance").click()
    staff.wait_for_url(f"**/cms/cohorts/{cohort.pk}/")
    # the course requires its assessment: the assessor records a pass before graduation
    staff.get_by_role("link", name="ผลการประเมิน").click()
    staff.get_by_label("น้องเอ็ม ขยันเรียน ev.elec.measure").select_option("pass")
    staff.get_by_role("button", name="บันทึก", exact=True).click()
    staff.goto(f"{live_server.url}/cms/cohorts/{cohort.pk}/")
    assert "ผ่านเกณฑ์" in staff.get_by_test_id("roster-row").first.inner_text()
    staff.get_by_test_id("graduate").click()
    staff.wait_for_url(f"**/cms/cohorts/{cohort.pk}/")
    assert "จบหลักสูตร 1 คน" in staff.content()
    steps.shot(staff, "staff-roster-graduated", phone=False)
    tablet.close()

    # 9. the certificate: the PDF downloads, the verify link confirms it without the full name
    page.goto(f"{live_server.url}/me/")
    assert "ใช้ได้" in page.get_by_test_id("certificate").first.inner_text()
    steps.shot(page, "certificate")
    with page.expect_download() as download:
        page.get_by_test_id("certificate-pdf").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.get_by_role("link", name="ลิงก์ตรวจสอบสำหรับแชร์").click()
    assert "ถูกต้องและยังใช้ได้" in page.get_by_test_id("status").inner_text()
    assert "น้องเอ็ม ขยันเรียน" not in page.content() and "ช่างซ่อมเครื่องปรับอากาศ" in page.content()
    steps.shot(page, "verify")

    # 10. becoming findable: the guardian agrees to employers by SMS code, then the youth picks "limited"
    page.goto(f"{live_server.url}/me/privacy/")
    assert page.get_by_test_id("minor-note").count() == 1
    page.get_by_test_id("guardian-send").click()
    page.wait_for_url("**/me/privacy/")
    sms = messages_to("0891112222", "otp_guardian").order_by("-pk").first().body
    assert "บุตรหลานของท่าน" in sms and "นายจ้าง" in sms
    page.fill("#id_code", _sms_code("0891112222"))
    page.fill("#id_relationship", "แม่")
    page.get_by_test_id("guardian-confirm").click()
    page.wait_for_url("**/me/privacy/")
    recorded = page.get_by_test_id("guardian-recorded").inner_text()
    assert "ผู้ปกครองให้ความยินยอมแล้ว" in recorded and "นางมาลี ขยันเรียน (แม่)" in recorded
    assert page.locator("#id_code").count() == 0  # the recorded consent, not an empty form again
    page.locator("input[name=level][value=limited]").check()
    page.get_by_test_id("save-level").click()
    page.wait_for_url("**/me/privacy/")
    steps.shot(page, "discoverable")
    profile = TraineeProfile.objects.get(user__phone="0815551234")
    assert profile.discoverability == "limited" and discoverable_graduates().filter(pk=profile.pk).exists()

    def indexed():
        indexing.refresh("graduates")
        return get_client().exists(index=alias_name("graduates"), id=str(profile.pk))

    wait_until(indexed, timeout=20, message="the graduate in the employers' search index")
    page.goto(f"{live_server.url}/me/")
    assert "จำกัด" in page.content()
    steps.shot(page, "dashboard-findable")

    # 11. a verified repair shop asks to get in touch; the youth accepts on the phone and sees the shop's contact
    from employers import services as employer_services
    from employers.models import Verification
    from tests.factories import dbd_number

    owner = get_user_model().objects.create_user(username="shop.journey", password="pw-Secret-123", phone="0839990000")
    shop = employer_services.employer_register(
        user=owner, name="ร้านอีวีบ้านไผ่", kind="repair_shop", dbd_number=dbd_number(),
        address="9 ถ.แจ้งสนิท ต.ในเมือง", district=profile.district, phone="043123456")
    employer_services.employer_verify(employer=shop, method=Verification.Method.VISIT, by=owner)
    employer_services.contact_request_send(employer=shop, sent_by=owner, trainee=profile, message="สนใจรับเข้าทำงาน")
    page.goto(f"{live_server.url}/me/requests/")
    card = page.get_by_test_id("contact-request")
    assert "ร้านอีวีบ้านไผ่" in card.inner_text() and "043123456" not in card.inner_text()  # nothing shared yet
    steps.shot(page, "contact-request")
    card.get_by_role("button", name="ตอบรับ").click()
    page.wait_for_url("**/me/requests/")
    shared = page.get_by_test_id("shop-contact").inner_text()
    assert "ร้านอีวีบ้านไผ่" in shared and "043123456" in shared and "9 ถ.แจ้งสนิท" in shared
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    steps.shot(page, "contact-accepted-shop-shown")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_from_sign_up_to_a_verified_certificate(live_server, mobile_page, browser, celery_worker,
                                                reference_data):
    """Youth on a 360 px phone signs up and enrols; a staff officer on a tablet takes attendance and graduates the
    cohort in the Wagtail admin; the youth downloads the certificate PDF and its verification page confirms it."""
    from datetime import timedelta

    from django.utils import timezone

    from courses.models import CourseSkill, Skill

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
    page.check("#id_training_consent")
    page.get_by_role("button", name="สมัคร", exact=True).click()
    page.wait_for_url(f"**{course.url}")
    page.get_by_role("link", name="สมัครเรียนรุ่นนี้").first.click()
    page.get_by_test_id("apply-submit").click()
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
    staff.get_by_role("button", name="เพิ่มวันเรียน").click()
    staff.get_by_test_id("session-link").first.click()
    # one labelled present/absent choice per learner, and the count before saving
    learner = staff.get_by_role("group", name="น้องบี ตั้งใจ")
    assert learner.get_by_role("radio", name="มาเรียน").is_checked()
    assert not learner.get_by_role("radio", name="ขาดเรียน").is_checked()
    count = staff.get_by_test_id("attendance-count")
    assert " ".join(count.inner_text().split()) == "มาเรียน 1 · ขาดเรียน 0 · ทั้งหมด 1 คน"
    learner.get_by_text("ขาดเรียน").click()
    assert " ".join(count.inner_text().split()) == "มาเรียน 0 · ขาดเรียน 1 · ทั้งหมด 1 คน"
    save_screenshot(staff, "attendance-absent-marked")
    learner.get_by_text("มาเรียน").click()
    assert " ".join(count.inner_text().split()) == "มาเรียน 1 · ขาดเรียน 0 · ทั้งหมด 1 คน"
    staff.get_by_test_id("save-attendance").click()
    staff.wait_for_url(f"**/cms/cohorts/{cohort.pk}/")
    row = staff.get_by_test_id("roster-row").first
    # attended, but the course's assessment is not recorded yet: the rule is not met
    assert "100.0%" in row.inner_text() and "ผ่านเกณฑ์" not in row.inner_text()
    assert "ยังไม่ได้ประเมิน: ev.battery.safety" in row.inner_text()
    staff.get_by_role("link", name="ผลการประเมิน").click()
    staff.get_by_label("น้องบี ตั้งใจ ev.battery.safety").select_option("pass")
    staff.get_by_role("button", name="บันทึก", exact=True).click()
    staff.goto(f"{live_server.url}/cms/cohorts/{cohort.pk}/")
    row = staff.get_by_test_id("roster-row").first
    assert "100.0%" in row.inner_text() and "ผ่านเกณฑ์" in row.inner_text()
    save_screenshot(staff, "roster-meets-rule")
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

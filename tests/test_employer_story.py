"""The employer journey as ONE story in headless Chromium (issue 16), with a screenshot of every step under
.runtime/test-artifacts/<test name>/: a shop registers, staff verify it, it posts an opening, finds a graduate who
SIGNED UP ON THE SITE (no spreadsheet id), asks for contact; the graduate accepts on a 360 px phone and sees the
shop; the shop sees the phone, hires, and the graduate confirms the placement."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from employers.models import ContactRequest, Employer, Opening, Placement, ProfileView
from search import indexing
from search.client import alias_name, get_client
from tests import employer_world
from tests.factories import dbd_number
from tests.helpers import wait_until

SHOP_NAME = "ร้านบ้านไผ่ช่างไฟฟ้า"
SHOP_PHONE = "043777123"  # a fixed line, as many shops have
SHOP_ADDRESS = "45 ถ.เจนจบทิศ ต.ในเมือง อ.บ้านไผ่"
NOK_PHONE = "0861234567"


class Camera:
    """Saves NN-step.png for every step of a story, so a person can look at what the test saw."""

    def __init__(self, name: str):
        self.folder = Path(settings.BASE_DIR) / ".runtime" / "test-artifacts" / name
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.count = 0

    def shot(self, page, step: str) -> None:
        self.count += 1
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{step}.png"), full_page=True)


def _context(browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 400 else 740},
                                  is_mobile=width <= 400, has_touch=width <= 400, locale="th-TH",
                                  timezone_id="Asia/Bangkok")
    page = context.new_page()
    page.set_default_timeout(20000)
    return context, page


def _login(page, url, username, password, next_url):
    page.goto(f"{url}/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_employer_story_from_registration_to_a_confirmed_hire(live_server, browser, celery_worker,
                                                              search_clean, reference_data):
    camera = Camera("test_employer_story_from_registration_to_a_confirmed_hire")
    # Nok signed up on the site, finished the EV battery course (certificate issued) and lets employers see her
    # skills and district only; she has no spreadsheet id, just the reference every page uses.
    nok = employer_world.site_graduate(phone=NOK_PHONE, name="นก ใจดี", level="limited")
    assert nok.external_id is None and re.fullmatch(r"G-[0-9A-Z]{8}", nok.public_ref)
    indexing.rebuild("graduates")
    indexing.rebuild("openings")
    users = get_user_model().objects
    users.create_superuser(username="officer", password=employer_world.PASSWORD)
    shop_context, shop = _context(browser, 1280)

    # 1. The owner, with no account yet, finds "register your shop" on the login page and registers shop and
    # login in one step; the shop then waits for verification.
    shop.goto(f"{live_server.url}/login/")
    shop.get_by_role("link", name="ลงทะเบียนร้าน").click()
    shop.wait_for_url("**/employers/register/")
    shop.fill("#id_owner-owner_phone", "081-222-3333")
    shop.fill("#id_owner-password", employer_world.PASSWORD)
    shop.fill("#id_name", SHOP_NAME)
    shop.fill("#id_dbd_number", dbd_number())
    shop.fill("#id_address", SHOP_ADDRESS)
    shop.select_option("#id_district", "4010")
    shop.fill("#id_phone", "043-777-123")
    camera.shot(shop, "register")
    shop.get_by_role("button", name="ลงทะเบียน").click()
    shop.wait_for_url("**/employers/")
    assert "ยังไม่ได้รับการยืนยัน" in shop.content()
    assert Employer.objects.get(name=SHOP_NAME).members.get().user.phone == "0812223333"
    camera.shot(shop, "registered-waiting")

    # 2. Staff verify it in the admin after a visit.
    staff_context, desk = _context(browser, 1280)
    desk.goto(f"{live_server.url}/cms/login/?next=/cms/employers/")
    desk.fill("#id_username", "officer")
    desk.fill("#id_password", employer_world.PASSWORD)
    desk.locator("button[type=submit]").first.click()
    desk.wait_for_url("**/cms/employers/")
    row = desk.get_by_test_id("unverified").filter(has_text=SHOP_NAME)
    row.locator("select[name=method]").select_option("visit")
    row.locator("input[name=note]").fill("ไปที่ร้านแล้ว 4 ธ.ค.")
    camera.shot(desk, "staff-verifies")
    row.get_by_role("button").click()
    desk.wait_for_url("**/cms/employers/")
    assert Employer.objects.get(name=SHOP_NAME).is_verified
    staff_context.close()

    # 3. The verified shop posts an opening: the district comes from the shop, skills read as names, a wage range
    # typed the wrong way round is pointed out on the field.
    shop.goto(f"{live_server.url}/employers/")
    assert "ยังไม่ได้รับการยืนยัน" not in shop.content()
    shop.get_by_role("link", name="+ ประกาศงาน").click()
    shop.wait_for_url("**/employers/openings/new/")
    assert shop.locator("#id_district").input_value() == "4010"
    battery = shop.locator("label.check", has=shop.locator("input[value='ev.battery.safety']")).first
    assert "ev.battery.safety" not in battery.inner_text() and battery.inner_text().strip()
    shop.fill("#id_title", "ช่างซ่อมแบตเตอรี่รถไฟฟ้า")
    battery.locator("input").check()
    shop.fill("#id_wage_min_thb", "550")
    shop.fill("#id_wage_max_thb", "450")
    shop.fill("#id_shift", "08:00–17:00")
    with shop.expect_navigation():
        shop.get_by_role("button", name="บันทึก").click()
    error = shop.locator(".field-error", has_text="ค่าจ้างสูงสุดต้องไม่น้อยกว่าค่าจ้างต่ำสุด")
    error.wait_for()
    assert not Opening.objects.exists()
    camera.shot(shop, "opening-wage-error")
    shop.fill("#id_wage_min_thb", "450")
    shop.fill("#id_wage_max_thb", "550")
    shop.get_by_role("button", name="บันทึก").click()
    shop.wait_for_url("**/employers/")
    opening = Opening.objects.get()
    assert re.fullmatch(r"O-[0-9A-Z]{8}", opening.external_id) and opening.status == "open"
    camera.shot(shop, "opening-posted")

    # 4. Matches: Nok is listed with why, the distance, and no raw score.
    shop.get_by_role("link", name="ผู้สำเร็จการฝึกที่ตรง").click()
    shop.wait_for_url(f"**/employers/openings/{opening.external_id}/matches/")
    card = shop.get_by_test_id("match").filter(has_text=nok.public_ref)
    text = card.inner_text()
    assert "มีทักษะที่จำเป็น 1/1" in text and "คะแนน" not in text  # limited level: certificates stay private
    shown = re.search(r"ระยะทาง (.+ กม\.)", card.get_by_test_id("distance").inner_text()).group(1)
    assert f"ระยะทาง {shown} ไม่เกินรัศมีที่ร้านรับ 50 กม." in text  # the reason agrees with the band shown
    assert not re.search(r"\d\.\d กม", text)  # a band, never a distance to 0.1 km (issue 22)
    assert "นก ใจดี" not in text  # limited: no name before she agrees
    camera.shot(shop, "matches")

    # 5. Open her profile (by her public reference) and ask to get in touch.
    card.get_by_role("link").first.click()
    shop.wait_for_url(f"**/employers/graduates/{nok.public_ref}/**")
    assert NOK_PHONE not in shop.content() and "นก ใจดี" not in shop.content()
    assert shop.locator("select[name=opening]").input_value() == opening.external_id
    shop.fill("textarea[name=message]", "ร้านสนใจรับเข้าทำงานครับ โทรคุยได้ไหม")
    with shop.expect_navigation():
        shop.get_by_role("button", name="ส่งคำขอติดต่อ").click()
    assert shop.get_by_test_id("request-status").inner_text() == "รอผู้สำเร็จการฝึกตอบ"
    assert shop.locator("textarea[name=message]").count() == 0  # one pending request: no second form
    camera.shot(shop, "contact-requested")
    shop.goto(f"{live_server.url}/employers/")
    pending = shop.get_by_test_id("request").first.inner_text()
    assert f"ผู้สำเร็จการฝึก อ.บ้านไผ่ ({nok.public_ref})" in pending and "None" not in pending
    camera.shot(shop, "dashboard-pending")

    # 6. Nok, on her phone, accepts and sees the shop's name, phone, address and the opening.
    phone_context, youth = _context(browser, 360)
    _login(youth, live_server.url, NOK_PHONE, employer_world.PASSWORD, "/me/requests/")
    youth.wait_for_url("**/me/requests/")
    request_card = youth.get_by_test_id("contact-request").first
    assert SHOP_NAME in request_card.inner_text() and "รอคุณตอบ" in request_card.inner_text()
    assert SHOP_PHONE not in request_card.inner_text()
    camera.shot(youth, "youth-request")
    with youth.expect_navigation():
        request_card.get_by_role("button", name="ตอบรับ").click()
    shared = youth.get_by_test_id("shop-contact").inner_text()
    for shown in (SHOP_NAME, SHOP_PHONE, SHOP_ADDRESS, "ช่างซ่อมแบตเตอรี่รถไฟฟ้า"):
        assert shown in shared, shown
    assert "คุณตอบรับแล้ว" in youth.get_by_test_id("request-status").inner_text()
    assert youth.evaluate("document.documentElement.scrollWidth") <= 360
    camera.shot(youth, "youth-accepted-sees-shop")

    # 7. The shop sees her name and phone; the look is logged for her to see.
    views_before = ProfileView.objects.filter(trainee=nok).count()
    shop.goto(f"{live_server.url}/employers/graduates/{nok.public_ref}/")
    assert shop.get_by_test_id("phone").inner_text() == NOK_PHONE
    assert "นก ใจดี" in shop.locator("h1").inner_text()
    assert ProfileView.objects.filter(trainee=nok).count() == views_before + 1
    assert ContactRequest.objects.get().status == "accepted"
    camera.shot(shop, "employer-sees-phone")

    # 8. After the call she applies on the site; the shop hires her from its applicants.
    wait_until(lambda: get_client().count(index=alias_name("openings"))["count"] == 1,
               message="the new opening in the search index")
    youth.goto(f"{live_server.url}/me/openings/")
    offer = youth.get_by_test_id("opening-match").filter(has_text="ช่างซ่อมแบตเตอรี่รถไฟฟ้า")
    assert SHOP_NAME in offer.inner_text()
    with youth.expect_navigation():
        offer.get_by_role("button", name="สมัครงานนี้").click()
    camera.shot(youth, "youth-applied")
    shop.goto(f"{live_server.url}/employers/openings/{opening.external_id}/applicants/")
    applicant = shop.get_by_test_id("applicant").first
    assert "นก ใจดี" in applicant.inner_text() and NOK_PHONE in applicant.inner_text()
    applicant.locator("summary", has_text="จ้างงาน").click()
    applicant.locator("input[name=wage_thb]").fill("480")
    camera.shot(shop, "hire-form")
    with shop.expect_navigation():
        applicant.get_by_role("button", name="บันทึกการจ้างงาน").click()
    assert "ได้งานแล้ว" in shop.get_by_test_id("applicant").first.inner_text()
    camera.shot(shop, "hired")

    # 9. Nok confirms the placement on her phone.
    youth.goto(f"{live_server.url}/me/placements/")
    placement = youth.get_by_test_id("placement").first
    assert SHOP_NAME in placement.inner_text() and "480" in placement.inner_text()
    with youth.expect_navigation():
        placement.get_by_role("button", name="ยืนยันว่าได้งานนี้").click()
    assert "ยืนยันแล้ว" in youth.get_by_test_id("placement").first.inner_text()
    assert Placement.objects.get(trainee=nok).confirmed_by_graduate_at is not None
    camera.shot(youth, "youth-confirmed")
    assert len(list(camera.folder.glob("*.png"))) == camera.count == 15
    shop_context.close()
    phone_context.close()

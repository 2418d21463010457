"""On a 360 px phone: sign-up mistakes all shown at once next to their fields, the password kept and showable,
a sign-up typed in Thai digits going through, and /me/ sharing the verify link without sideways scrolling.
Screenshots: .runtime/test-artifacts/<test>/NN-step.png."""

from datetime import date

import pytest
from django.conf import settings

from trainees.models import Certificate, TraineeProfile


def _shooter(page, name):
    folder = settings.BASE_DIR / ".runtime" / "test-artifacts" / name
    folder.mkdir(parents=True, exist_ok=True)

    def shoot(step: str) -> None:
        page.screenshot(path=str(folder / f"{step}.png"), full_page=True)

    return shoot


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_up_with_mistakes_then_thai_digits_then_share_and_read_my_data(
        live_server, mobile_page, reference_data):
    page = mobile_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    shoot = _shooter(page, "test_sign_up_with_mistakes_then_thai_digits_then_share_and_read_my_data")

    page.goto(f"{live_server.url}/signup/")
    assert page.locator("#id_password_helptext").inner_text() == "อย่างน้อย 8 ตัวอักษร"  # said before submitting
    assert page.locator("#id_birth_date").get_attribute("placeholder") == "วว/ดด/ปปปป"
    shoot("01-empty-form")

    page.fill("#id_phone", "12345")
    page.fill("#id_birth_date", "01/01/2600")
    page.fill("#id_password", "short")
    page.get_by_role("button", name="สมัคร", exact=True).click()
    page.wait_for_selector("[data-testid=error-summary]")
    for name in ("phone", "full_name", "birth_date", "district", "password"):
        errors = page.locator(f"[data-field={name}] .errorlist")
        assert errors.is_visible(), f"no error shown next to {name}"
    assert "อยู่ในอนาคต" in page.locator("[data-field=birth_date] .errorlist").inner_text()
    assert "อย่างน้อย 8 ตัวอักษร" in page.locator("[data-field=password] .errorlist").inner_text()
    assert page.input_value("#id_phone") == "12345" and page.input_value("#id_password") == "short"
    assert _fits(page)
    shoot("02-all-errors-at-once")
    page.get_by_test_id("show-password").check()
    assert page.get_attribute("#id_password", "type") == "text"
    shoot("03-password-shown")

    page.fill("#id_phone", "๐๘๑-๕๕๕-๑๒๓๔")
    page.fill("#id_full_name", "น้องดี เลขไทย")
    page.fill("#id_birth_date", "๑๕/๐๓/๒๕๔๐")  # an adult: the guardian step is walked in the consent journey
    page.select_option("#id_district", "4010")
    page.fill("#id_national_id", "๑๑๐๑๗๐๐๒๓๐๗๐๘")
    page.fill("#id_password", "ev-repair-2026")
    page.check("#id_training_consent")
    shoot("04-filled-in-thai-digits")
    page.get_by_role("button", name="สมัคร", exact=True).click()
    page.wait_for_url("**/me/")
    profile = TraineeProfile.objects.get(full_name="น้องดี เลขไทย")
    assert profile.user.phone == "0815551234" and profile.birth_date == date(1997, 3, 15)

    cert = Certificate.objects.create(trainee=profile, holder_name=profile.full_name, course_title="ช่างซ่อมรถ EV",
                                      hours=60, issuer="ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5", issued_on=date(2026, 12, 4))
    page.reload()
    verify_url = f"{live_server.url}/verify/{cert.code}"
    assert page.get_by_test_id("verify-url").inner_text() == verify_url
    assert "4 ธ.ค. 2569" in page.get_by_test_id("certificate").inner_text()
    line = page.get_by_test_id("share-line")
    assert line.is_visible() and line.get_attribute("href").startswith("https://line.me/R/share?text=")
    copy = page.get_by_test_id("copy-verify")
    assert copy.is_visible()  # the script ran and showed it
    assert _fits(page), "the verify link must wrap on 360 px"
    copy.click()
    page.wait_for_function("document.querySelector('[data-testid=copy-verify]').dataset.state === 'copied'")
    assert page.evaluate("navigator.clipboard.readText()") == verify_url
    shoot("05-me-with-copy-and-line")

    page.goto(f"{live_server.url}/me/privacy/")
    page.get_by_test_id("my-data").click()
    page.wait_for_url("**/me/privacy/my-data/")
    profile_section = page.get_by_test_id("data-profile").inner_text()
    assert "น้องดี เลขไทย" in profile_section and "15 มีนาคม 2540" in profile_section
    assert cert.code in page.get_by_test_id("data-certificates").inner_text()
    assert _fits(page)
    shoot("06-my-data-readable")

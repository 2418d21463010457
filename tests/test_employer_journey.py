"""Browser journey in headless Chromium: a verified shop in Ban Phai finds a battery-skilled graduate within 30 km,
reads why they match and asks to get in touch; the graduate accepts on their phone; the shop sees the number."""

import pytest

from tests import employer_world
from tests.import_rows import grad


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_ban_phai_shop_finds_a_battery_graduate_and_gets_the_phone_number(live_server, browser, celery_worker,
                                                                           search_clean):
    # G-FAR lives in Chum Phae (~70 km): outside 30 km, never listed
    world = employer_world.build(extra_graduates=grad("G-FAR", district="4005", lat="16.5430", lon="102.1000",
                                                      commute=200))
    shop_context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True,
                                       locale="th-TH", timezone_id="Asia/Bangkok")
    shop = shop_context.new_page()
    shop.set_default_timeout(20000)
    shop.goto(f"{live_server.url}/login/?next=/employers/search/")
    shop.fill("#id_username", "081-111-1111")
    shop.fill("#id_password", employer_world.PASSWORD)
    shop.get_by_role("button", name="เข้าสู่ระบบ").click()
    shop.wait_for_url("**/employers/search/")
    shop.locator("input[name=skills][value='ev.battery.safety']").check()
    shop.select_option("select[name=radius_km]", "50")  # band edges only (issue 22)
    shop.get_by_role("button", name="ค้นหา", exact=True).click()
    shop.wait_for_selector("[data-testid=match]")
    cards = shop.get_by_test_id("match")
    listed = cards.all_inner_texts()
    assert not any("G-FAR" in text for text in listed)
    limited = cards.filter(has_text="G-LIM").first
    text = limited.inner_text()
    assert "ไม่เกิน 5 กม." in text and "มีทักษะที่จำเป็น 1/1" in text  # distance band and the reason, in Thai
    limited.get_by_role("link").first.click()
    shop.wait_for_url("**/employers/graduates/G-LIM/**")
    assert "0897654321" not in shop.content()
    shop.fill("textarea[name=message]", "ร้านบ้านไผ่อีวีสนใจรับเข้าทำงานครับ")
    shop.get_by_role("button", name="ส่งคำขอติดต่อ").click()
    shop.wait_for_selector("[data-testid=request-status]")

    phone_context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                        locale="th-TH", timezone_id="Asia/Bangkok")
    graduate = phone_context.new_page()
    graduate.set_default_timeout(20000)
    graduate.goto(f"{live_server.url}/login/?next=/me/requests/")
    graduate.fill("#id_username", "0897654321")
    graduate.fill("#id_password", employer_world.PASSWORD)
    graduate.get_by_role("button", name="เข้าสู่ระบบ").click()
    graduate.wait_for_url("**/me/requests/")
    assert employer_world.SHOP in graduate.content()
    graduate.locator("button[name=answer][value=accept]").first.click()
    graduate.wait_for_url("**/me/requests/")
    assert graduate.evaluate("document.documentElement.scrollWidth") <= 360

    shop.reload()
    assert shop.get_by_test_id("phone").inner_text() == "0897654321"
    assert world["lim"].profile_views.filter(employer=world["mine"]).exists()  # the look was logged
    shop_context.close()
    phone_context.close()

"""A youth on a 360 px phone finds the EV-motorcycle course in Thai, filters by district and sees the next intake."""

from decimal import Decimal

import pytest

from search import indexing
from tests.factories import CategoryFactory, ProviderFactory, make_course


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_youth_finds_ev_course_filters_by_district_and_sees_cost_after_sponsorship(
        live_server, mobile_page, search_clean, reference_data):
    ipc = ProviderFactory(slug="ipc5", name_th="ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5")
    ev = CategoryFactory()
    make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้าและดัดแปลงรถน้ำมันเป็นไฟฟ้า", external_id="EV-MC-101",
                title_en="EV motorcycle repair and conversion", summary_th="ซ่อมมอเตอร์ไซค์ไฟฟ้า", provider=ipc,
                category=ev, district="4001", fee=Decimal("4500.00"), sponsor_share=Decimal("3000.00"), seats=12)
    make_course(title="ช่างซ่อมมอเตอร์ไซค์ไฟฟ้า รุ่นบ้านไผ่", external_id="EV-BP", provider=ipc, category=ev,
                district="4010", summary_th="ซ่อมมอไซค์ไฟฟ้าที่บ้านไผ่")
    make_course(title="ช่างเชื่อมโลหะ", title_en="Metal welding", external_id="WELD", district="4001",
                summary_th="งานเชื่อม", category=CategoryFactory(slug="metal", name_th="งานโลหะ", name_en="Metal"))
    indexing.rebuild("courses")

    page = mobile_page
    page.goto(f"{live_server.url}/courses/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scrolling at 360 px"
    page.fill("#q", "ซ่อมมอไซค์ไฟฟ้า")
    page.wait_for_selector("#suggest li a")  # suggestions while typing
    page.press("#q", "Enter")
    page.wait_for_selector("article.course")
    titles = page.locator("article.course h2").all_inner_texts()
    assert len(titles) == 2 and "ช่างเชื่อมโลหะ" not in titles
    page.select_option("#district", "4001")  # submits the form
    page.wait_for_url("**district=4001**")
    titles = page.locator("article.course h2").all_inner_texts()
    assert titles == ["ช่างซ่อมรถจักรยานยนต์ไฟฟ้าและดัดแปลงรถน้ำมันเป็นไฟฟ้า"]
    assert page.locator("article.course mark").count() >= 2  # highlighted matches
    page.click("article.course h2 a")
    page.wait_for_selector("section.cohort")
    cohort = page.locator("section.cohort").first
    assert cohort.locator(".seats-left").inner_text().startswith("12")
    assert "คุณจ่าย 1,500 บาท" in cohort.locator(".you-pay").inner_text()
    assert "ทุนช่วย" in cohort.inner_text() and "เมืองขอนแก่น" in cohort.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

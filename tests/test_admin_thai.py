"""Wagtail's own admin strings read Thai in the Thai admin where Wagtail 8's Thai catalogue has none (chooser
result counts, moderation states) or gives two alternatives in one label ("เซฟ,เก็บข้อมูล"): the project's
site/locale/th catalogue comes first in LOCALE_PATHS and supplies them."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.helpers import save_screenshot


def test_the_project_thai_catalogue_overrides_wagtail_strings():
    with translation.override("th"):
        assert translation.ngettext("There is %(counter)s match", "There are %(counter)s matches", 3) == (
            "พบ %(counter)s รายการ")
        assert translation.gettext("Save") == "บันทึก" and translation.gettext("Submit for moderation") == "ส่งให้ตรวจ"
        assert translation.gettext("Choose") == "เลือก"  # Wagtail's own Thai is still used where it is good
    with translation.override("en"):
        assert translation.gettext("Save") == "Save"


@pytest.mark.django_db
def test_snippet_chooser_counts_matches_in_thai(admin_client):
    from tests.factories import CategoryFactory

    CategoryFactory(name_th="ช่างเชื่อมและโลหะ", slug="welding")
    CategoryFactory(name_th="ช่างเชื่อมท่อ", slug="pipe-welding")
    url = reverse("wagtailsnippetchoosers_courses_category:choose_results")
    html = re.sub(r"\s+", " ", admin_client.get(url, {"q": "เชื่อม"}).content.decode())
    assert "พบ 2 รายการ" in html and "There are" not in html and "match" not in html
    html = re.sub(r"\s+", " ", admin_client.get(url, {"q": "ไม่มีหมวดนี้"}).content.decode())
    assert "ขออภัย ไม่พบรายการที่ตรงกับ" in html and "Sorry" not in html


@pytest.mark.django_db
def test_the_admin_page_search_says_nothing_matched_in_thai(admin_client):
    url = reverse("wagtailadmin_pages:search")
    html = re.sub(r"\s+", " ", admin_client.get(url, {"q": "ไม่มีหน้านี้แน่นอน"}).content.decode())
    assert "ขออภัย ไม่พบหน้าที่ตรงกับ <em>ไม่มีหน้านี้แน่นอน</em>" in html and "Sorry" not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_thai_admin_chooser_reads_thai_in_the_browser(live_server, browser, reference_data):
    from courses import permissions
    from courses.tests.test_admin import add_url
    from courses.tests.test_choosers import open_provider_chooser
    from tests.factories import ProviderFactory, catalogue_root

    index = catalogue_root()
    ipc = ProviderFactory(slug="ipc5", name_th="ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5")
    for i in range(3):
        ProviderFactory(slug=f"centre-{i}", name_th=f"วิทยาลัยการอาชีพ {i}")
    root = permissions.setup_provider(provider=ipc, catalogue=index)
    get_user_model().objects.create_superuser(username="admin.th", password="admin-pass-2026")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{live_server.url}/cms/login/")
    page.fill("#id_username", "admin.th")
    page.fill("#id_password", "admin-pass-2026")
    page.locator("button[type=submit]").first.click()
    page.wait_for_url("**/cms/")
    page.goto(f"{live_server.url}{add_url(root)}")
    open_provider_chooser(page)
    modal = page.locator(".modal-content")
    modal.locator("input[name=q]").fill("วิทยาลัย")
    try:
        expect(modal.locator("[data-chooser-modal-choice]")).to_have_count(3, timeout=20000)
        expect(modal).to_contain_text("พบ 3 รายการ")
    finally:
        page.wait_for_timeout(500)  # the modal fades in
        save_screenshot(page, "admin-thai-chooser-count", full_page=False)
    assert "There are" not in modal.inner_text()
    context.close()

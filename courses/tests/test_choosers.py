"""Searchable choosers for provider, category and skill in the course editor; a centre editor picks only their
own centre (the list and the saved form)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from courses.models import CoursePage
from courses.tests.test_admin import add_url, catalogue, course_form, roles  # noqa: F401  (fixtures)
from tests.factories import CategoryFactory
from tests.helpers import save_screenshot


def chooser(model, view="choose_results"):
    return reverse(f"wagtailsnippetchoosers_courses_{model}:{view}")


def listed(response) -> list[str]:
    html = response.content.decode()
    return [re.sub(r"\s+", " ", m).strip() for m in re.findall(r'data-chooser-modal-choice[^>]*>([^<]+)<', html)]


def test_provider_chooser_searches_thai_inside_words_and_a_centre_editor_sees_only_their_centre(roles, client):  # noqa: F811
    client.force_login(get_user_model().objects.get(username="moderator"))
    assert listed(client.get(chooser("provider"), {"q": "อุตสาหกรรม"})) == ["ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5"]
    assert listed(client.get(chooser("provider"), {"q": "KK-TECH"})) == ["วิทยาลัยเทคนิคขอนแก่น"]
    everything = listed(client.get(chooser("provider")))
    assert {"ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5", "วิทยาลัยเทคนิคขอนแก่น"} <= set(everything)
    modal = client.get(chooser("provider", "choose")).json()["html"]
    assert 'name="q"' in modal  # the search box is there

    client.force_login(roles["editor"])
    assert listed(client.get(chooser("provider"))) == ["ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5"]
    assert listed(client.get(chooser("provider"), {"q": "ขอนแก่น"})) == []


def test_category_and_skill_choosers_search(catalogue, admin_client):  # noqa: F811
    CategoryFactory(name_th="ช่างเชื่อมและโลหะ", slug="welding")
    CategoryFactory(name_th="ช่างไฟฟ้า", slug="electric")
    assert listed(admin_client.get(chooser("category"), {"q": "เชื่อม"})) == ["ช่างเชื่อมและโลหะ"]
    skills = listed(admin_client.get(chooser("skill"), {"q": "ev.battery"}))
    assert skills and all("ev.battery" in s for s in skills)
    assert listed(admin_client.get(chooser("skill"), {"q": "ไม่มีทักษะนี้"})) == []


def test_a_centre_editor_cannot_save_another_centre_as_provider(roles, client):  # noqa: F811
    client.force_login(roles["editor"])
    other = roles["other_root"].specific
    from courses.models import Provider

    forged = course_form(provider=Provider.objects.get(slug="kk-tech").pk)
    response = client.post(add_url(roles["ipc_root"]), forged)
    assert response.status_code == 200 and not CoursePage.objects.filter(external_id="EV-ADMIN-1").exists()
    assert other.pk != roles["ipc_root"].pk
    ok = client.post(add_url(roles["ipc_root"]), course_form(provider=roles["ipc"].pk))
    assert ok.status_code == 302 and CoursePage.objects.get(external_id="EV-ADMIN-1").provider == roles["ipc"]


def open_provider_chooser(page):
    page.evaluate("""() => { let box = document.querySelector('#id_provider');
        while (box && !box.querySelector('[data-chooser-action-choose]')) box = box.parentElement;
        box.querySelector('[data-chooser-action-choose]').click(); }""")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_choosers_search_in_the_browser(live_server, browser, reference_data):
    from courses import permissions
    from tests.factories import ProviderFactory, catalogue_root

    index = catalogue_root()
    ipc = ProviderFactory(slug="ipc5", name_th="ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5")
    for i in range(20):
        ProviderFactory(slug=f"centre-{i}", name_th=f"วิทยาลัยการอาชีพ {i}")
    root = permissions.setup_provider(provider=ipc, catalogue=index)
    ipc.refresh_from_db()
    editor = get_user_model().objects.create_user(username="editor.b", password="editor-pass-2026")
    editor.groups.add(ipc.staff_group)
    admin = get_user_model().objects.create_superuser(username="admin.b", password="admin-pass-2026")
    assert admin.pk

    def login(username, password):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
        page = context.new_page()
        page.set_default_timeout(20000)
        page.goto(f"{live_server.url}/cms/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.locator("button[type=submit]").first.click()
        page.wait_for_url("**/cms/")
        return context, page

    context, page = login("admin.b", "admin-pass-2026")
    page.goto(f"{live_server.url}{add_url(root)}")
    open_provider_chooser(page)
    modal = page.locator(".modal-content")
    modal.locator("input[name=q]").fill("อุตสาหกรรม")
    try:
        # a locator expectation, not wait_for_function: the admin's policy refuses 'unsafe-eval' (Playwright's
        # predicates are eval'd in the page)
        expect(modal.locator("[data-chooser-modal-choice]")).to_have_count(1, timeout=20000)
    finally:
        save_screenshot(page, "admin-provider-chooser-search", full_page=False)
    assert modal.locator("[data-chooser-modal-choice]").inner_text().strip() == "ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5"
    save_screenshot(page, "admin-provider-chooser-search", full_page=False)
    context.close()

    context, page = login("editor.b", "editor-pass-2026")
    page.goto(f"{live_server.url}{add_url(root)}")
    open_provider_chooser(page)
    modal = page.locator(".modal-content")
    modal.locator("input[name=q]").wait_for()
    choices = modal.locator("[data-chooser-modal-choice]")
    choices.first.wait_for()
    assert [c.strip() for c in choices.all_inner_texts()] == ["ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5"]
    page.wait_for_timeout(500)  # the modal fades in
    save_screenshot(page, "admin-provider-chooser-centre-editor", full_page=False)
    context.close()

"""Thai slugs keep their vowels and tone marks: the slug function, Wagtail's page slug generation and validation,
the page URL, the admin's client-side slug in Chromium, and the migration that repairs mangled slugs with
redirects from the old URLs."""

import importlib
from urllib.parse import unquote

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils.text import slugify as django_slugify
from playwright.sync_api import expect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from config.slugs import is_valid_slug, slugify_th
from courses.models import CourseIndexPage, CoursePage
from courses.tests.test_admin import add_url, catalogue, course_form  # noqa: F401  (fixture)
from tests.factories import make_course

TITLE = "ช่างซ่อมปั๊มน้ำบาดาลสำหรับชุมชน"


def test_slugify_keeps_combining_marks():
    assert django_slugify(TITLE, allow_unicode=True) == "ชางซอมปมนาบาดาลสาหรบชมชน"  # what we had
    assert slugify_th(TITLE) == TITLE
    assert slugify_th("  ช่างไฟฟ้า  รุ่น 2/2570 (ฟรี!) ") == "ช่างไฟฟ้า-รุ่น-22570-ฟรี"
    assert slugify_th("EV Motorcycle -- Repair") == "ev-motorcycle-repair"
    assert slugify_th("ช่าง" * 100, max_length=10) == "ช่าง" * 2 + "ช่"
    assert is_valid_slug(TITLE) and not is_valid_slug("ช่าง ซ่อม") and not is_valid_slug("a/b")


@pytest.mark.django_db
def test_page_slug_from_title_keeps_marks_and_the_page_serves(client, reference_data):
    page = make_course(title=TITLE)
    assert page.slug == TITLE
    assert unquote(page.url).endswith(f"/{TITLE}/")
    response = client.get(page.url)
    assert response.status_code == 200 and TITLE in response.content.decode()


@pytest.mark.django_db
def test_admin_form_accepts_a_thai_slug_with_marks_and_refuses_spaces(catalogue, admin_client):  # noqa: F811
    data = course_form(title=TITLE, slug=TITLE)
    data["action-publish"] = "publish"
    response = admin_client.post(add_url(catalogue), data)
    assert response.status_code == 302, response.content.decode()[:1500]
    assert CoursePage.objects.get(external_id="EV-ADMIN-1").slug == TITLE

    data = course_form(title="ช่างแอร์", slug="ช่าง แอร์", external_id="EV-ADMIN-2")
    response = admin_client.post(add_url(catalogue), data)
    assert response.status_code == 200 and not CoursePage.objects.filter(external_id="EV-ADMIN-2").exists()
    assert "ห้ามเว้นวรรค" in response.content.decode()


@pytest.mark.django_db
def test_migration_repairs_mangled_slugs_and_redirects_the_old_urls(client, reference_data):
    page = make_course(title=TITLE)
    index = CourseIndexPage.objects.get(pk=page.get_parent().pk)
    nested = index.add_child(instance=CourseIndexPage(
        title="ศูนย์ฝึกน้ำบาดาล", slug=django_slugify("ศูนย์ฝึกน้ำบาดาล", allow_unicode=True)))
    child = make_course(title="ช่างเจาะบ่อ", external_id="BORE-1")
    child.move(nested, pos="last-child")
    mangled = django_slugify(TITLE, allow_unicode=True)
    page.slug = mangled
    page.save()  # as the old slugify left it
    page.save_revision()
    typed = make_course(title="ช่างแอร์บ้าน", external_id="AIR-1")
    typed.slug = "air-home"
    typed.save()
    old_page_url, old_child_url = Page.objects.get(pk=page.pk).url, Page.objects.get(pk=child.pk).url
    assert unquote(old_page_url).endswith(f"/{mangled}/")

    migration = importlib.import_module("courses.migrations.0005_thai_page_slugs_keep_marks")
    migration.proper_slugs(django_apps, None)

    page.refresh_from_db()
    nested.refresh_from_db()
    child.refresh_from_db()
    assert page.slug == TITLE and nested.slug == "ศูนย์ฝึกน้ำบาดาล"
    assert child.url_path.endswith("/ศูนย์ฝึกน้ำบาดาล/ช่างเจาะบ่อ/")
    assert Page.objects.get(pk=typed.pk).slug == "air-home"  # typed by hand: untouched
    assert page.get_latest_revision().content["slug"] == TITLE
    assert client.get(page.url).status_code == 200
    old = client.get(old_page_url)
    assert old.status_code == 301 and old["Location"].endswith(page.url)
    assert client.get(old_child_url).status_code == 301
    assert Redirect.objects.filter(redirect_page=page, is_permanent=True).count() == 1
    migration.proper_slugs(django_apps, None)  # running again changes nothing
    assert Redirect.objects.filter(redirect_page=page).count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_slug_typed_from_the_title_keeps_marks_in_chromium(live_server, browser, reference_data):
    from django.contrib.auth import get_user_model

    from tests.factories import catalogue_root

    index = catalogue_root()
    get_user_model().objects.create_superuser(username="slugger", password="slug-pass-2026")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.goto(f"{live_server.url}/cms/login/")
    page.fill("#id_username", "slugger")
    page.fill("#id_password", "slug-pass-2026")
    page.locator("button[type=submit]").first.click()
    page.wait_for_url("**/cms/")
    page.goto(f"{live_server.url}{reverse('wagtailadmin_pages:add', args=('courses', 'coursepage', index.pk))}")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_title").blur()
    # a locator expectation, not wait_for_function: the admin's policy rightly refuses 'unsafe-eval', which
    # Playwright's string predicates need
    expect(page.locator("#id_slug")).not_to_have_value("")
    assert page.locator("#id_slug").input_value() == TITLE
    cleaned = page.evaluate("""() => { const s = document.querySelector('#id_slug');
        const slug = window.wagtail.app.getControllerForElementAndIdentifier(s, 'w-slug');
        s.value = 'ปั๊ม น้ำ!'; slug.slugify(); return [s.value, slug.constructor.keepsThaiMarks]; }""")
    assert cleaned == ["ปั๊ม-น้ำ", True]
    context.close()


@pytest.mark.django_db
def test_a_never_published_draft_holding_the_slug_is_offered_for_reuse_in_thai(catalogue, admin_client):  # noqa: F811
    """An editor's first try stopped after the draft was saved (autosave or "save draft"); the retry with the
    same title must say, in Thai, that the draft exists and link to it, not "The slug ... is already in use"."""
    first = course_form(title=TITLE, slug=TITLE)  # saved as a draft only: no action-publish
    assert admin_client.post(add_url(catalogue), first).status_code == 302
    draft = CoursePage.objects.get(slug=TITLE)
    assert not draft.live and draft.first_published_at is None

    retry = course_form(title=TITLE, slug=TITLE, external_id="EV-ADMIN-2")
    response = admin_client.post(add_url(catalogue), retry)
    html = response.content.decode()
    assert response.status_code == 200 and CoursePage.objects.filter(slug=TITLE).count() == 1
    assert "already in use" not in html
    assert "ยังไม่เคยเผยแพร่" in html and "เปิดร่างเดิมเพื่อทำต่อ" in html
    edit = reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    assert f'<a href="{edit}">เปิดร่างเดิมเพื่อทำต่อ</a>' in html  # a working link, not escaped text
    assert f"{TITLE}-2" in html  # what to type instead

    draft.save_revision().publish()
    response = admin_client.post(add_url(catalogue), retry)
    html = response.content.decode()
    assert "ถูกใช้แล้วโดยหน้า" in html and "เปิดร่างเดิม" not in html

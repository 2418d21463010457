"""Content-Security-Policy (django-csp): public, youth, employer and partner pages run scripts from our static files
only (no 'unsafe-inline'); Wagtail's admin (/cms/) has its own, relaxed policy and its page preview still works.
The browser test walks the pages in headless Chromium and fails on any "Refused to ..." CSP report."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from search import indexing
from tests import employer_world
from tests.factories import make_course

ROOT = Path(__file__).resolve().parent.parent


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_public_pages_send_a_policy_without_inline_scripts(client, reference_data):
    course = make_course()
    for path in ["/", "/courses/", "/courses/?q=ซ่อม", course.url, "/login/", "/en/login/", "/signup/",
                 "/password-reset/", "/employers/register/", "/impact/", "/no-such-page/"]:
        policy = _policy(client.get(path))
        assert policy["script-src"] == ["'self'"], path
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_the_admin_has_its_own_relaxed_policy_framed_only_by_itself(client):
    policy = _policy(client.get("/cms/login/"))
    assert "'unsafe-inline'" in policy["script-src"] and policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_no_template_carries_inline_script_handlers_or_javascript_links():
    """The policy would block them silently on the phone: keep them out of the templates."""
    problems = []
    for path in (ROOT / "site" / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", text):
            problems.append(f"{path.name}: inline {match.group(0)}")
        problems += [f"{path.name}: handler {m.group(0)}" for m in re.finditer(r"\son[a-z]+\s*=\s*[\"']", text)]
        problems += [f"{path.name}: {m.group(0)}" for m in re.finditer(r"javascript:", text)]
    assert problems == []


# --- in the browser ---------------------------------------------------------------------------------------------

RECORD = """window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});"""


def _watch(page):
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Refused to" in message.text else None)
    page.add_init_script(RECORD)
    return refused


def _violations(page) -> list:
    return [v for frame in page.frames for v in (frame.evaluate("window.__csp || []") or [])]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_and_the_admin_preview_work_under_the_policy(live_server, browser, search_clean, settings):
    settings.X_FRAME_OPTIONS = "DENY"  # as in production: the preview must still show
    world = employer_world.build()
    course = make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า รุ่นทดสอบ", external_id="EV-CSP", district="4001")
    make_course(title="ช่างเชื่อมโลหะ", external_id="WELD-CSP", district="4010", summary_th="งานเชื่อม")
    indexing.rebuild("courses")
    get_user_model().objects.create_superuser(username="csp-admin", password="admin-pass-2026")
    base = live_server.url

    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    refused = _watch(page)

    page.goto(f"{base}/")
    page.goto(f"{base}/courses/")
    page.fill("#q", "ซ่อมมอไซค์")
    page.wait_for_selector("#suggest li a")  # catalogue.js: suggestions while typing
    page.select_option("#district", "4001")  # site.js: choosing a district submits the form
    page.wait_for_url("**district=4001**")
    page.goto(f"{base}{course.url}")
    page.wait_for_selector("section.cohort")
    page.goto(f"{base}/login/")
    assert page.locator("[data-testid=show-password]").is_visible()  # forms.js ran
    page.fill("#id_username", "0891234567")
    page.fill("#id_password", employer_world.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/me/**")
    assert _violations(page) == [] and refused == [], (refused, _violations(page))
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(30000)
    refused = _watch(page)
    page.goto(f"{base}/login/")
    page.fill("#id_username", "shop-owner")
    page.fill("#id_password", employer_world.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/employers/**")
    page.goto(f"{base}/employers/graduates/G-STD/")
    assert _violations(page) == [] and refused == [], (refused, _violations(page))
    context.close()
    assert world["mine"].pk

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(30000)
    refused = _watch(page)
    page.goto(f"{base}/cms/login/")
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", "admin-pass-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/cms/")
    page.goto(f"{base}/cms/pages/{course.pk}/edit/")
    page.wait_for_selector("form[data-edit-form], form#page-edit-form")
    page.click("[data-side-panel-toggle='preview']")

    preview = page.frame_locator("iframe").first  # the editor's one frame: the preview panel
    preview.locator("h1").first.wait_for()
    assert "รุ่นทดสอบ" in preview.locator("h1").first.inner_text()
    page.screenshot(path=str(ROOT / ".runtime" / "test-artifacts" / "csp-admin-preview.png"))
    assert refused == [], refused
    context.close()

"""Every page of the youth journeys, public and logged in, Thai and /en/, on a 360 px phone: axe-core finds no
serious or critical violation and nothing overflows sideways. The favicon and the web manifest are served.
The per-page figures are written to .runtime/a11y.json for the issue note."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.models import Cohort, CourseSkill, Skill
from tests.factories import make_course, reference_data
from tests.helpers import SCREENSHOTS, audit_page, blocking

PUBLIC = ["/", "/courses/", "{course}", "/impact/", "/login/", "/signup/", "/verify/{code}", "/password-reset/"]
YOUTH = ["/me/", "/me/privacy/", "/me/profile/"]


def _world():
    from django.contrib.auth import get_user_model

    from trainees import graduation, services

    reference_data()
    course = make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", fee=Decimal("0.00"))
    skill = Skill.objects.get(code="ev.battery.safety")
    CourseSkill.objects.create(course=course, skill=skill, level=2)
    cohort = Cohort.objects.get(course=course)
    today = timezone.localdate()
    trainee = services.trainee_sign_up(phone="0815550000", password="a11y-pass-2026", full_name="น้องเอ ทดสอบ",
                                       birth_date=date(2005, 5, 5), district_code="4001")
    enrollment = services.enrollment_apply(trainee=trainee, cohort=cohort)
    Cohort.objects.filter(pk=cohort.pk).update(start_date=today - timedelta(days=20), end_date=today)
    cohort.refresh_from_db()
    staff = get_user_model().objects.create_superuser(username="a11y-staff", password="x" * 12)
    session = graduation.session_add(cohort=cohort, on=today - timedelta(days=10))
    graduation.attendance_mark(session=session, present_ids={enrollment.pk}, by=staff)
    graduation.assessment_record(enrollment=enrollment, skill=skill, passed=True, by=staff)
    graduation.cohort_graduate(cohort=cohort, by=staff)
    # a second intake to apply to, so /me/ shows a current enrolment as well as the certificate
    Cohort.objects.create(course=course, start_date=today + timedelta(days=30), end_date=today + timedelta(days=60),
                          district_id="4001", seats=10, status=Cohort.Status.OPEN)
    return {"course": course.url, "code": enrollment.certificate.code}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_journey_pages_pass_axe_and_fit_360px(live_server, mobile_page, search_clean):
    from search import indexing

    values = _world()
    indexing.rebuild("courses")  # the catalogue lists real results, as in the journeys
    page = mobile_page
    reports = []

    def visit(path):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        report = audit_page(page)
        report["path"] = path
        reports.append(report)

    for prefix in ("", "/en"):
        for path in PUBLIC:
            visit(prefix + path.format(**values))
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "0815550000")
    page.fill("#id_password", "a11y-pass-2026")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/me/")
    for prefix in ("", "/en"):
        for path in YOUTH:
            visit(prefix + path)

    SCREENSHOTS.parent.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS.parent / "a11y.json").write_text(json.dumps(reports, ensure_ascii=False, indent=1))
    problems = [(r["path"], v["id"], v["impact"], v["targets"]) for r in reports for v in blocking(r)]
    overflow = [(r["path"], r["scroll_width"]) for r in reports if r["scroll_width"] > 360]
    assert len(reports) == 2 * (len(PUBLIC) + len(YOUTH))
    assert problems == [], problems
    assert overflow == [], overflow


@pytest.mark.django_db
def test_favicon_and_manifest_are_linked_and_served(client):
    from django.contrib.staticfiles import finders

    html = client.get("/login/").content.decode()
    assert 'rel="icon"' in html and 'rel="manifest" href="/manifest.webmanifest"' in html
    manifest = client.get("/manifest.webmanifest")
    assert manifest.status_code == 200 and manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["short_name"] == "สะพานอาชีพ" and data["icons"][0]["src"].endswith("favicon.svg")
    assert finders.find("favicon.svg")

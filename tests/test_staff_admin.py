"""Staff in the Wagtail admin: a centre's editors see their centre's money, shown as money."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from courses.models import Cohort
from courses.permissions import setup_provider
from payments.models import Invoice, Payee
from tests.factories import ProviderFactory, catalogue_root, make_course
from trainees import services


@pytest.mark.django_db
def test_centre_editor_sees_own_centre_invoices_with_payer_and_amount_in_baht(client, reference_data):
    users = get_user_model().objects
    ipc5, other = ProviderFactory(slug="ipc5"), ProviderFactory(slug="kk-tech")
    for provider in (ipc5, other):
        setup_provider(provider=provider, catalogue=catalogue_root())
        provider.refresh_from_db()
        # the payee's own finance group is not the centre's staff group (as in the demo)
        Payee.objects.create(key=provider.slug, name_th=provider.name_th, promptpay_target="0812345678",
                             staff_group=Group.objects.create(name=f"finance {provider.slug}"))
    course = make_course(provider=ipc5, fee=Decimal("1200.00"))
    trainee = services.trainee_sign_up(phone="0861231234", password="x" * 12, full_name="สมชาย ใจดี",
                                       birth_date=date(2006, 1, 1), district_code="4001")
    services.enrollment_apply(trainee=trainee, cohort=Cohort.objects.get(course=course))
    invoice = Invoice.objects.get(payee__key="ipc5")

    editor = users.create_user(username="centre.editor", password="x" * 12)
    editor.groups.add(ipc5.staff_group)
    client.force_login(editor)
    html = client.get("/cms/payments/").content.decode()
    row = re.search(r'<tr data-testid="invoice-row">(.*?)</tr>', html, re.S)
    assert row, html[:3000]
    cells = re.sub(r"<[^>]+>", "|", row.group(1))
    assert invoice.number in cells and "สมชาย ใจดี" in cells
    assert re.search(r"\|1,200\.\d\d บาท\|", cells), cells
    assert f"{invoice.amount:,.2f} บาท" in cells

    outsider = users.create_user(username="kk.editor", password="x" * 12)
    outsider.groups.add(other.staff_group)
    client.force_login(outsider)
    html = client.get("/cms/payments/").content.decode()
    assert invoice.number not in html and "สมชาย" not in html
    assert client.get(f"/cms/payments/invoices/{invoice.pk}/confirm/manual/").status_code == 404


@pytest.mark.django_db
def test_course_editor_labels_are_thai_and_wagtail_speaks_thai(admin_client, reference_data):
    from django.urls import reverse

    index = catalogue_root()
    html = admin_client.get(reverse("wagtailadmin_pages:add",
                                    args=("courses", "coursepage", index.pk))).content.decode()
    for label in ("สรุป (ไทย)", "สรุป (อังกฤษ)", "ค่าเรียน (บาท)", "อายุขั้นต่ำ", "ผู้จัดอบรม", "ทักษะที่สอน",
                  "เกณฑ์จบ: เข้าเรียนอย่างน้อย (%)"):
        assert label in html, label
    for english in ("Summary th", "Fee thb", "Min age", "Course facts", "Skills taught"):
        assert english not in html, english
    assert "บันทึกฉบับร่าง" in html  # Wagtail's own Thai for its buttons (admin language defaults to Thai)


def test_near_duplicate_trade_names_are_recognised_and_the_demo_has_none():
    import itertools

    from courses.demo import CATEGORIES
    from courses.naming import is_similar, similar_names

    assert is_similar("งานเชื่อม", "ช่างเชื่อมและโลหะ") and is_similar("งานเชื่อม", "งานเชื่อมและโลหะ")
    assert is_similar("ช่าง ไฟฟ้า", "ไฟฟ้าและอิเล็กทรอนิกส์") and is_similar("Welding", "welding & metal")
    assert not is_similar("ไฟฟ้าและอิเล็กทรอนิกส์", "ยานยนต์ไฟฟ้า")
    assert not is_similar("งานบริการ", "ธุรกิจร้านซ่อม") and not is_similar("ไฟ", "ไฟฟ้าและอิเล็กทรอนิกส์")
    assert similar_names("งานเชื่อม", ["งานเชื่อม", "งานบริการ", "ช่างเชื่อมและโลหะ"]) == ["ช่างเชื่อมและโลหะ"]
    names = [name for _slug, name, _en in CATEGORIES]
    assert [pair for pair in itertools.combinations(names, 2) if is_similar(*pair)] == []


@pytest.mark.django_db
def test_migration_merges_near_duplicate_categories_and_moves_their_courses(reference_data):
    import importlib

    from django.apps import apps

    from courses.models import Category, CoursePage
    from tests.factories import CategoryFactory

    metal = CategoryFactory(slug="metal", name_th="งานเชื่อมและโลหะ")
    weld = CategoryFactory(slug="weld", name_th="งานเชื่อม")
    weld_metal = CategoryFactory(slug="weld-metal", name_th="ช่างเชื่อมและโลหะ")
    electric = CategoryFactory(slug="electrical", name_th="ไฟฟ้าและอิเล็กทรอนิกส์")
    a = make_course(title="ช่างเชื่อมเบื้องต้น", category=weld, external_id="W1")
    b = make_course(title="ช่างเชื่อมโครงรถ", category=weld_metal, external_id="W2")
    b.save_revision()
    c = make_course(title="ช่างไฟฟ้าในบ้าน", category=electric, external_id="E1")

    migration = importlib.import_module("courses.migrations.0007_merge_near_duplicate_categories")
    migration.merge(apps, None)

    assert set(Category.objects.values_list("slug", flat=True)) == {"metal", "electrical"}
    assert {CoursePage.objects.get(pk=p.pk).category_id for p in (a, b)} == {metal.pk}
    assert CoursePage.objects.get(pk=c.pk).category_id == electric.pk
    assert CoursePage.objects.get(pk=b.pk).get_latest_revision().content["category"] == metal.pk


@pytest.mark.django_db
def test_admin_warns_when_a_new_category_name_is_close_to_an_existing_one(admin_client):
    from django.urls import reverse

    from tests.factories import CategoryFactory

    CategoryFactory(slug="metal", name_th="งานเชื่อมและโลหะ")
    url = reverse("wagtailsnippets_courses_category:add")
    response = admin_client.post(url, {"name_th": "ช่างเชื่อม", "name_en": "", "slug": "weld"}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and "คล้ายกับที่มีอยู่แล้ว: “งานเชื่อมและโลหะ”" in html
    response = admin_client.post(url, {"name_th": "งานบริการ", "name_en": "", "slug": "services"}, follow=True)
    assert "คล้ายกับที่มีอยู่แล้ว" not in response.content.decode()


@pytest.mark.django_db
def test_impact_certificates_count_the_same_population_as_completions():
    """Certificates held by people outside the report's enrolments (imported graduates, no enrolment here) are
    not counted beside "youth who completed": both figures come from the same enrolments."""
    from django.core.cache import cache

    from partners import reports
    from tests import outcomes_fixture
    from trainees.models import Certificate, TraineeProfile

    outcomes_fixture.build()
    cache.clear()
    before = reports.impact_figures()
    totals = reports.totals(reports.ReportFilter())
    assert before["certificates"] == totals["certified"] and totals["certified"] <= totals["completed"]
    someone = TraineeProfile.objects.first()
    for i in range(10):  # e.g. graduates imported with their paper certificates
        Certificate.objects.create(trainee=someone, holder_name="นำเข้า", course_title=f"หลักสูตรเดิม {i}",
                                   hours=40, started_on=date(2025, 1, 1), finished_on=date(2025, 2, 1),
                                   issuer="ศูนย์เดิม", issued_on=date(2025, 2, 1))
    after = reports.impact_figures()
    assert after["certificates"] == before["certificates"] and after["youth_trained"] == before["youth_trained"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_outcomes_chart_reads_at_a_glance(live_server, browser):
    """Axis with ticks and a title, Thai Buddhist-era month names, a readable size; districts without a job are
    folded; the definitions explain themselves."""
    from django.contrib.auth.models import Permission

    from config.dates import format_date
    from tests import outcomes_fixture
    from tests.helpers import save_screenshot

    outcomes_fixture.build()
    officer = get_user_model().objects.create_user(username="po.chart", password="pw-Secret-1", is_staff=True)
    officer.user_permissions.add(Permission.objects.get(codename="access_admin"),
                                 Permission.objects.get(codename="view_outcome_reports"))
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{live_server.url}/cms/login/")
    page.fill("#id_username", "po.chart")
    page.fill("#id_password", "pw-Secret-1")
    page.locator("button[type=submit]").first.click()
    page.wait_for_url("**/cms/")
    page.goto(f"{live_server.url}/cms/outcomes/")
    chart = page.get_by_test_id("trend")
    box = chart.bounding_box()
    assert box["width"] >= 600 and box["height"] >= 260
    months = chart.get_by_test_id("trend-month")
    this_month = format_date(timezone.localdate().replace(day=1), "month_short", "th")  # e.g. "ธ.ค. 2569"
    assert months.count() == 12 and months.last.get_attribute("aria-label") == this_month
    assert months.last.text_content() == this_month.rsplit(" ", 1)[0]
    years = chart.get_by_test_id("trend-year").all_text_contents()
    assert str(timezone.localdate().year + 543) in years  # Buddhist era, under the first month and each January
    ticks = [int(t) for t in chart.get_by_test_id("trend-tick").all_text_contents()]
    steps = {b - a for a, b in zip(ticks, ticks[1:], strict=False)}
    assert ticks[0] == 0 and len(ticks) >= 2 and len(steps) == 1 and steps.pop() > 0  # even, whole steps
    assert "จำนวนคน" in chart.inner_html()
    font = page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=trend-month]')).fontSize")
    assert float(font.rstrip("px")) >= 12
    folded = page.get_by_test_id("districts-none")
    assert folded.is_visible() and not folded.get_attribute("open") is not None
    assert not folded.locator("p").is_visible()  # folded until opened
    folded.locator("summary").click()
    assert folded.locator("p").is_visible()
    definitions = page.get_by_test_id("definitions").inner_text()
    assert "partners/reports.py" not in page.content() and "นับเป็นคน" in definitions
    chart.scroll_into_view_if_needed()
    save_screenshot(page, "outcomes-chart", full_page=True)
    context.close()

"""Staff publishing in the Wagtail admin: page forms, snippet viewsets, provider permissions, moderation,
scheduled publishing, revisions and preview."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses import permissions
from courses.models import CourseIndexPage, CoursePage, HomePage, Provider, Skill
from courses.tasks import publish_scheduled
from tests.factories import CategoryFactory, ProviderFactory, SponsorFactory, catalogue_root


@pytest.fixture
def catalogue(db, reference_data):
    return catalogue_root()


def course_form(**overrides):
    skill = Skill.objects.get(code="ev.battery.safety")
    data = {
        "title": "ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", "slug": "ev-admin", "title_en": "EV motorcycle repair",
        "summary_th": "ซ่อมมอเตอร์ไซค์ไฟฟ้า", "summary_en": "Repair e-motorcycles",
        "body": streamfield([
            ("paragraph", rich_text("<p>เรียนกับรถจริง</p>")),
            ("syllabus_module", {"title": "แบตเตอรี่", "hours": "30", "description": ""}),
            ("faq", {"question": "เรียนฟรีไหม", "answer": rich_text("<p>ฟรีด้วยทุน กสศ.</p>")}),
        ]),
        "provider": ProviderFactory(slug="ipc5").pk, "category": CategoryFactory().pk, "hours": "120",
        "min_age": "15", "max_age": "24", "education_required": "", "certificate_offered": "วุฒิบัตร",
        "completion_min_attendance_pct": "80", "completion_requires_pass": "on",
        "external_id": "EV-ADMIN-1",
        "course_skills": inline_formset([{"skill": skill.pk, "level": "2"}]),
        "cohorts": inline_formset([{
            "code": "EV-1", "status": "open", "start_date": "2027-02-01", "end_date": "2027-03-01",
            "enrol_opens": "", "enrol_closes": "", "schedule_text": "จ.–ศ.", "venue": "IPC5", "district": "4001",
            "lat": "", "lon": "", "seats": "20", "fee_thb": "4500.00", "sponsor": SponsorFactory().pk,
            "sponsor_share_thb": "4500.00",
        }]),
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("courses", "coursepage", parent.pk))


def test_page_types_and_hierarchy(catalogue):
    assert CoursePage.allowed_parent_page_models() == [CourseIndexPage]
    assert HomePage.max_count == 1 and CoursePage.subpage_types == []


def test_admin_creates_and_publishes_a_course_through_the_page_form(catalogue, admin_client):
    data = course_form()
    data["action-publish"] = "publish"
    response = admin_client.post(add_url(catalogue), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = CoursePage.objects.get(external_id="EV-ADMIN-1")
    assert page.live and page.hours == 120
    assert [b.block_type for b in page.body] == ["paragraph", "syllabus_module", "faq"]
    cohort = page.cohorts.get()
    assert cohort.trainee_fee_thb == 0 and cohort.seats_left == 20
    html = admin_client.get(page.url).content.decode()
    assert "คุณจ่าย 0 บาท" in html and "20</strong> / 20" in html


def test_admin_form_rejects_sponsor_share_above_fee_and_bad_ages(catalogue, admin_client):
    data = course_form(max_age="14")
    data["cohorts-0-sponsor_share_thb"] = "9999.00"
    response = admin_client.post(add_url(catalogue), data)
    assert response.status_code == 200  # form shown again with errors, nothing saved
    assert not CoursePage.objects.filter(external_id="EV-ADMIN-1").exists()


def test_revisions_and_preview(catalogue, admin_client):
    admin_client.post(add_url(catalogue), {**course_form(), "action-publish": "publish"})
    page = CoursePage.objects.get(external_id="EV-ADMIN-1")
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    admin_client.post(edit, course_form(title="ชื่อใหม่ฉบับร่าง"))
    page.refresh_from_db()
    assert page.title == "ช่างซ่อมรถจักรยานยนต์ไฟฟ้า" and page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "ชื่อใหม่ฉบับร่าง"
    assert page.revisions.count() == 2
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    assert admin_client.post(preview, course_form(title="ตัวอย่างก่อนเผยแพร่")).json()["is_valid"]
    assert "ตัวอย่างก่อนเผยแพร่" in admin_client.get(preview).content.decode()


def test_scheduled_publishing(catalogue, admin_client):
    data = course_form(go_live_at=(timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"))
    data["action-publish"] = "publish"
    admin_client.post(add_url(catalogue), data)
    page = CoursePage.objects.get(external_id="EV-ADMIN-1")
    assert not page.live
    revision = page.revisions.get(approved_go_live_at__isnull=False)
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past  # time passes…
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    publish_scheduled.apply()  # what beat runs every minute (courses-publish-scheduled)
    page.refresh_from_db()
    assert page.live


def test_snippet_viewsets_list_filter_search_export(catalogue, admin_client):
    listing = admin_client.get(reverse("wagtailsnippets_courses_skill:list"), {"q": "battery"})
    assert listing.status_code == 200 and "ev.battery.safety" in listing.content.decode()
    assert "ev.convert.plan" not in listing.content.decode()
    filtered = admin_client.get(reverse("wagtailsnippets_courses_skill:list"), {"group": "conversion"})
    assert "ev.convert.plan" in filtered.content.decode() and "ev.battery.safety" not in filtered.content.decode()
    export = admin_client.get(reverse("wagtailsnippets_courses_skill:list"), {"export": "csv"})
    assert export.status_code == 200 and "ev.battery.safety" in b"".join(export.streaming_content).decode()
    for model in ("provider", "category", "sponsor"):
        assert admin_client.get(reverse(f"wagtailsnippets_courses_{model}:list")).status_code == 200


@pytest.fixture
def roles(catalogue):
    ipc = ProviderFactory(slug="ipc5", name_th="ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5")
    other = ProviderFactory(slug="kk-tech", name_th="วิทยาลัยเทคนิคขอนแก่น")
    ipc_root = permissions.setup_provider(provider=ipc, catalogue=catalogue)
    other_root = permissions.setup_provider(provider=other, catalogue=catalogue)
    workflow = permissions.setup_moderation(catalogue=catalogue)
    user_model = get_user_model()
    editor = user_model.objects.create_user(username="editor", password="pw-editor-123")
    editor.groups.add(Provider.objects.get(slug="ipc5").staff_group)
    moderator = user_model.objects.create_user(username="moderator", password="pw-moderator-123")
    from django.contrib.auth.models import Group

    moderator.groups.add(Group.objects.get(name=permissions.MODERATORS))
    return {"ipc_root": ipc_root, "other_root": other_root, "editor": editor, "moderator": moderator,
            "workflow": workflow, "ipc": ipc}


def test_setup_is_idempotent_and_records_the_staff_group(roles, catalogue):
    ipc = Provider.objects.get(slug="ipc5")
    assert ipc.staff_group is not None and ipc.courses_root_id == roles["ipc_root"].pk
    assert permissions.setup_provider(provider=ipc, catalogue=catalogue).pk == roles["ipc_root"].pk
    permissions.setup_moderation(catalogue=catalogue)
    assert Workflow.objects.filter(name=permissions.WORKFLOW).count() == 1


def test_centre_editor_edits_only_own_subtree_and_cannot_publish(roles, client):
    editor = roles["editor"]
    assert roles["ipc_root"].permissions_for_user(editor).can_add_subpage()
    assert not roles["other_root"].permissions_for_user(editor).can_add_subpage()
    client.force_login(editor)
    assert client.get(add_url(roles["other_root"])).status_code in (302, 403)
    response = client.post(add_url(roles["ipc_root"]), {**course_form(provider=roles["ipc"].pk),
                                                        "action-publish": "publish"})
    page = CoursePage.objects.get(external_id="EV-ADMIN-1")
    assert response.status_code in (302, 403) and not page.live, "editors cannot publish"
    assert not page.permissions_for_user(editor).can_publish()


def test_moderation_workflow_submit_then_approve_publishes(roles, client):
    client.force_login(roles["editor"])
    response = client.post(add_url(roles["ipc_root"]), {**course_form(provider=roles["ipc"].pk),
                                                        "action-submit": "submit"})
    assert response.status_code == 302
    page = CoursePage.objects.get(external_id="EV-ADMIN-1")
    state = page.current_workflow_state
    assert state is not None and state.workflow == roles["workflow"] and not page.live
    task_state = state.current_task_state
    client.force_login(roles["moderator"])
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    assert client.post(url, {"comment": "ผ่าน"}).status_code in (200, 302)
    page.refresh_from_db()
    assert page.live, "approval by a moderator publishes the page"


def test_a_paid_intake_cannot_be_published_without_a_payee_but_can_be_drafted(catalogue, admin_client):
    """Learners would pay 1,500 THB but the provider cannot receive PromptPay money: publishing is refused with
    a Thai message and nothing goes live; a draft saves; once finance adds the payee, publishing works."""
    from payments.models import Payee

    paid = course_form(provider=ProviderFactory(slug="dsd-kk", name_th="สถาบันพัฒนาฝีมือแรงงาน 6").pk)
    paid["cohorts-0-sponsor_share_thb"] = "3000.00"
    response = admin_client.post(add_url(catalogue), {**paid, "action-publish": "publish"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "เผยแพร่ไม่ได้" in body and "ยังไม่มีบัญชีรับเงินพร้อมเพย์" in body and "สถาบันพัฒนาฝีมือแรงงาน 6" in body
    assert not CoursePage.objects.filter(external_id="EV-ADMIN-1").exists()

    assert admin_client.post(add_url(catalogue), paid).status_code == 302  # a draft is fine
    page = CoursePage.objects.get(external_id="EV-ADMIN-1")
    assert not page.live
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    paid.update({"course_skills-INITIAL_FORMS": "1", "course_skills-0-id": str(page.course_skills.get().pk),
                 "cohorts-INITIAL_FORMS": "1", "cohorts-0-id": str(page.cohorts.get().pk)})
    assert "ยังไม่มีบัญชีรับเงินพร้อมเพย์" in admin_client.post(edit, {**paid, "action-publish": "1"}).content.decode()
    page.refresh_from_db()
    assert not page.live

    Payee.objects.create(key="dsd-kk", name_th="สถาบันพัฒนาฝีมือแรงงาน 6", promptpay_target="0994000165559")
    assert admin_client.post(edit, {**paid, "action-publish": "1"}).status_code == 302
    page.refresh_from_db()
    assert page.live


def test_a_fully_sponsored_or_free_intake_needs_no_payee(catalogue, admin_client):
    data = course_form(provider=ProviderFactory(slug="no-payee-centre").pk)  # 4,500 fee, sponsor pays all of it
    assert admin_client.post(add_url(catalogue), {**data, "action-publish": "publish"}).status_code == 302
    assert CoursePage.objects.get(external_id="EV-ADMIN-1").live

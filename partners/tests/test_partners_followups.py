"""Partners' follow-up on real PostgreSQL and a real Celery worker: referral invitations and the status that
follows the youth, the daily jobs (reminders about stuck referrals, once per referral and step; surveys 3 and 6
months after a job starts, whose answers update the placement) and partner isolation."""

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from courses.models import Cohort
from employers.models import Employer, Placement
from partners import services, tasks
from partners.exceptions import SurveyAlreadyAnswered, SurveyError, SurveyNotFound
from partners.models import Partner, PartnerMembership, PlacementSurvey, Referral, ReferralReminder
from partners.referrals import with_progress
from tests import outcomes_fixture
from tests.factories import make_course, make_officer
from tests.helpers import messages_to, referral_status, wait_until
from trainees import services as trainee_services
from trainees.models import Enrollment


def test_daily_jobs_are_scheduled():
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"partners.remind_stuck_referrals", "partners.send_placement_surveys"} <= schedule
    from config.celery import app

    assert {"partners.remind_stuck_referrals", "partners.send_placement_surveys"} <= set(app.tasks.keys())


def _link(phone) -> str:
    body = messages_to(phone, "referral_invitation").first().body
    return next(word for word in body.split() if "/signup/" in word)


@pytest.mark.django_db(transaction=True)
def test_invitation_leads_to_a_prefilled_sign_up_and_status_follows_the_youth(celery_worker, reference_data):
    officer = make_officer(partner_name="โรงเรียนบ้านไผ่", username="officer-a", phone="0861110000")
    referral = services.referral_refer(user=officer, full_name="น้องดาว ใจดี", phone="081-555-7777",
                                       consent_by="guardian")
    assert referral.contacted_at is not None and referral_status(referral) == "contacted"
    wait_until(lambda: messages_to("0815557777", "referral_invitation").filter(status="sent").exists(),
               message="the invitation SMS")
    link = _link("0815557777")
    query = parse_qs(urlsplit(link).query)
    assert query["ref"] == [referral.token] and query["phone"] == ["0815557777"] and query["name"] == ["น้องดาว ใจดี"]

    client = Client()
    form = client.get(urlsplit(link).path + "?" + urlsplit(link).query).content.decode()
    assert 'value="0815557777"' in form and "น้องดาว ใจดี" in form and referral.token in form
    response = client.post(f"/signup/?{urlsplit(link).query}", {
        "phone": "0815557777", "full_name": "น้องดาว ใจดี", "birth_date": "2006-05-01", "district": "4010",
        "national_id": "", "password": "ev-repair-2026", "ref": referral.token,
        "training_consent": "on"})
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).trainee_id is None  # signing up alone links nothing
    # the youth verifies the phone and confirms on /me/referrals/ that this school referred them
    get_user_model().objects.filter(phone="0815557777").update(phone_verified_at=timezone.now())
    client.post("/me/referrals/", {"referral": referral.pk, "action": "confirm"})
    referral.refresh_from_db()
    assert referral.trainee_id is not None
    assert referral_status(with_progress(Referral.objects.filter(pk=referral.pk)).get()) == "signed_up"

    course = make_course(fee=Decimal("0"))
    cohort = Cohort.objects.get(course=course)
    enrollment = trainee_services.enrollment_apply(trainee=referral.trainee, cohort=cohort)
    assert referral_status(with_progress(Referral.objects.filter(pk=referral.pk)).get()) == "enrolled"
    trainee_services.enrollment_finish(enrollment=enrollment, completed=True)
    assert referral_status(with_progress(Referral.objects.filter(pk=referral.pk)).get()) == "completed"
    employer = Employer.objects.create(name="ร้านทดสอบ", district=cohort.district)
    Placement.objects.create(trainee=referral.trainee, employer=employer, start_date=cohort.end_date,
                             wage_thb=Decimal("420.00"))
    assert referral_status(with_progress(Referral.objects.filter(pk=referral.pk)).get()) == "placed"

    again = services.referral_refer(user=officer, full_name="น้องดาว", phone="0815557777", consent_by="self")
    assert again.pk == referral.pk and messages_to("0815557777", "referral_invitation").count() == 1


@pytest.mark.django_db
def test_referral_to_a_course_invites_to_that_course(client, reference_data):
    officer = make_officer(partner_name="กศน.บ้านไผ่", username="officer-e", phone="0865550000")
    course = make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า")
    referral = services.referral_refer(user=officer, full_name="น้องเมฆ", phone="0815550909", consent_by="self",
                                       course=course)
    body = messages_to("0815550909", "referral_invitation").get().body
    assert "ช่างซ่อมรถจักรยานยนต์ไฟฟ้า" in body
    query = parse_qs(urlsplit(_link("0815550909")).query)
    assert query["next"] == [course.url] and query["ref"] == [referral.token]
    response = client.post(f"/signup/?{urlsplit(_link('0815550909')).query}", {
        "phone": "0815550909", "full_name": "น้องเมฆ", "birth_date": "2006-05-01", "district": "4010",
        "national_id": "", "password": "ev-repair-2026", "ref": referral.token,
        "training_consent": "on"})
    assert response.status_code == 302 and response.url == course.url  # lands on the course it was referred to


@pytest.mark.django_db
def test_stuck_referrals_are_reminded_once_per_step(django_capture_on_commit_callbacks):
    outcomes_fixture.reference_data()
    partner = Partner.objects.create(name="กศน.อำเภอพล", kind=Partner.Kind.GOVERNMENT)
    staff = outcomes_fixture.officer(partner, "kor-sor-nor", email="staff@example.org")
    other = Partner.objects.create(name="โรงเรียนอื่น", kind=Partner.Kind.SCHOOL)
    outcomes_fixture.officer(other, "other-staff", email="other@example.org")
    with django_capture_on_commit_callbacks(execute=False):
        stuck = services.referral_refer(user=staff, full_name="น้องซี", phone="0817770001", consent_by="self")
    days = settings.SAPHAN_REFERRAL_STUCK_DAYS
    now = timezone.now()
    inbox = lambda: messages_to("staff@example.org", "referral_stuck")  # noqa: E731

    assert services.referrals_remind_stuck(now=now + dt.timedelta(days=days - 1)) == []
    later = now + dt.timedelta(days=days + 1)
    with django_capture_on_commit_callbacks(execute=False):
        assert services.referrals_remind_stuck(now=later) == [stuck.pk]
        assert services.referrals_remind_stuck(now=later) == []
        assert services.referrals_remind_stuck(now=later + dt.timedelta(days=30)) == []
    assert inbox().count() == 1 and "น้องซี" in inbox().get().body and "ส่งคำเชิญแล้ว" in inbox().get().body
    assert not messages_to("other@example.org").exists()  # another partner's staff hear nothing
    assert list(ReferralReminder.objects.values_list("status", flat=True)) == ["contacted"]

    # the youth signs up and enrols in a course that runs 40 more days: not stuck while the course runs
    trainee = outcomes_fixture.trainee("0817770001", "น้องซี")
    stuck.trainee, stuck.confirmed_at = trainee, timezone.now()  # the youth confirmed the referral
    stuck.save(update_fields=["trainee", "confirmed_at"])
    fx_course = outcomes_fixture.make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า")
    cohort = fx_course.cohorts.get()
    cohort.start_date, cohort.end_date = timezone.localdate(), timezone.localdate() + dt.timedelta(days=40)
    cohort.save()
    Enrollment.objects.create(trainee=trainee, cohort=cohort, status="confirmed")
    with django_capture_on_commit_callbacks(execute=False):
        assert services.referrals_remind_stuck(now=later + dt.timedelta(days=days)) == []
        assert services.referrals_remind_stuck(now=now + dt.timedelta(days=41 + days)) == [stuck.pk]
        assert services.referrals_remind_stuck(now=now + dt.timedelta(days=90)) == []
    assert inbox().count() == 2 and "ได้ที่เรียนแล้ว" in inbox().first().body
    assert sorted(ReferralReminder.objects.values_list("status", flat=True)) == ["contacted", "enrolled"]


@pytest.mark.django_db
def test_a_stuck_referral_reminds_every_staff_member_of_its_partner_once():
    officer = make_officer(partner_name="อบต.หนองแวง", username="officer-b", phone="0862220000")
    colleague = get_user_model().objects.create_user(username="officer-b2", password="pw-Secret-1", phone="0862220001")
    PartnerMembership.objects.create(partner=officer.partner_membership.partner, user=colleague)
    stuck = services.referral_refer(user=officer, full_name="น้องนิ่ง", phone="0815550101", consent_by="self")
    fresh = services.referral_refer(user=officer, full_name="น้องใหม่", phone="0815550102", consent_by="self")
    long_ago = timezone.now() - dt.timedelta(days=20)
    Referral.objects.filter(pk=stuck.pk).update(created_at=long_ago, contacted_at=long_ago)
    assert services.referrals_remind_stuck() == [stuck.pk]
    digest = messages_to("0862220000", "referral_stuck").get()
    assert "น้องนิ่ง" in digest.body and "น้องใหม่" not in digest.body
    assert messages_to("0862220001", "referral_stuck").count() == 1  # every staff member of the partner
    assert services.referrals_remind_stuck() == []  # once per referral and step
    assert ReferralReminder.objects.filter(referral=stuck).count() == 1
    assert not ReferralReminder.objects.filter(referral=fresh).exists()


def _placement(fx_trainee, employer, days_ago, **kw):
    return Placement.objects.create(trainee=fx_trainee, employer=employer, wage_thb=Decimal("400"),
                                    start_date=timezone.localdate() - dt.timedelta(days=days_ago), **kw)


@pytest.mark.django_db(transaction=True)
def test_surveys_sent_once_by_the_worker_and_answers_update_placements(client, celery_worker):
    outcomes_fixture.reference_data()
    shop = Employer.objects.create(name="ร้านซ่อมเมืองพล", district_id="4012")
    three = _placement(outcomes_fixture.trainee("0818880001", "สาม"), shop, 100)
    six = _placement(outcomes_fixture.trainee("0818880002", "หก"), shop, 200)
    new = _placement(outcomes_fixture.trainee("0818880003", "ใหม่"), shop, 60)
    ended = _placement(outcomes_fixture.trainee("0818880004", "ออก"), shop, 120,
                       ended_on=timezone.localdate() - dt.timedelta(days=10))

    assert tasks.send_placement_surveys.delay().get(timeout=30) == 2
    assert tasks.send_placement_surveys.delay().get(timeout=30) == 0  # once each
    assert sorted(PlacementSurvey.objects.values_list("placement_id", "months")) == [(three.pk, 3), (six.pk, 6)]
    assert not PlacementSurvey.objects.filter(placement__in=[new, ended]).exists()
    sms = wait_until(lambda: messages_to("0818880001", "placement_survey_3m").filter(status="sent").first(),
                     message="survey SMS delivered by the worker")
    assert shop.name in sms.body and messages_to("0818880002", "placement_survey_6m").count() == 1
    path = re.search(r"/partners/survey/[\w-]+/", sms.body).group(0)

    page = client.get(path)
    assert page.status_code == 200 and "ยังทำงานที่เดิมอยู่ไหม" in page.content.decode()
    assert client.get("/partners/survey/not-a-token/").status_code == 404
    bad = client.post(path, {"still_working": "no", "wage": "abc", "wage_unit": "day"})
    assert bad.status_code == 200 and PlacementSurvey.objects.get(placement=three).answered_at is None
    assert client.post(path, {"still_working": "no", "wage": "9000", "wage_unit": "month"}).status_code == 302
    three.refresh_from_db()
    answer = PlacementSurvey.objects.get(placement=three)
    assert three.ended_on == timezone.localdate() and answer.still_working is False
    assert answer.current_wage_thb == Decimal("9000.00") and answer.current_wage_unit == "month"
    again = client.post(path, {"still_working": "yes"})
    assert again.status_code == 200 and "ขอบคุณ" in again.content.decode()
    three.refresh_from_db()
    assert three.ended_on == timezone.localdate()  # the first answer stands

    token = PlacementSurvey.objects.get(placement=six).token
    services.placement_survey_answer(token=token, still_working=True, wage=Decimal("450"), wage_unit="day")
    six.refresh_from_db()
    assert six.ended_on is None
    # the ended placement gets no 6-month survey later
    later = timezone.localdate() + dt.timedelta(days=100)
    sent = services.placement_surveys_send_due(today=later)
    assert list(PlacementSurvey.objects.filter(pk__in=sent).values_list("placement_id", "months")) == [(new.pk, 3)]
    assert not PlacementSurvey.objects.filter(placement=three, months=6).exists()


@pytest.mark.django_db
def test_surveys_go_at_three_and_six_months_once_and_answers_update_the_placement(client, reference_data):
    trainee = trainee_services.trainee_sign_up(phone="0815550200", password="x" * 12, full_name="น้องงาน",
                                               birth_date=dt.date(2004, 1, 1), district_code="4001")
    employer = Employer.objects.create(name="ร้านซ่อมเมือง", district=trainee.district)
    today = timezone.localdate()
    placement = Placement.objects.create(trainee=trainee, employer=employer, wage_thb=Decimal("400"),
                                         start_date=services.add_months(today, -3))
    too_new = Placement.objects.create(trainee=trainee, employer=employer, wage_thb=Decimal("400"),
                                       start_date=today - dt.timedelta(days=30))
    sent = services.placement_surveys_send_due()
    assert len(sent) == 1 and PlacementSurvey.objects.get().placement == placement
    assert services.placement_surveys_send_due() == []  # sent once
    assert not PlacementSurvey.objects.filter(placement=too_new).exists()
    survey = PlacementSurvey.objects.get()
    sms = messages_to("0815550200", "placement_survey_3m").get()
    assert f"/partners/survey/{survey.token}/" in sms.body

    assert client.get("/partners/survey/not-a-token/").status_code == 404
    with pytest.raises(SurveyNotFound):
        services.placement_survey_answer(token="forged", still_working=True)
    with pytest.raises(SurveyError):
        services.placement_survey_answer(token=survey.token, still_working=True, wage=450.5)  # float refused
    with pytest.raises(SurveyError):
        services.placement_survey_answer(token=survey.token, still_working=True, wage="-3", wage_unit="day")
    page = client.post(f"/partners/survey/{survey.token}/", {"still_working": "no", "wage": "", "wage_unit": "day"})
    assert page.status_code in (200, 302)
    placement.refresh_from_db()
    survey.refresh_from_db()
    assert survey.answered_at and survey.still_working is False and placement.ended_on == today
    with pytest.raises(SurveyAlreadyAnswered):
        services.placement_survey_answer(token=survey.token, still_working=True)

    Placement.objects.filter(pk=too_new.pk).update(start_date=services.add_months(today, -7))
    assert len(services.placement_surveys_send_due()) == 1  # first seen after 6 months: only the 6-month one
    assert PlacementSurvey.objects.get(placement=too_new).months == 6


@pytest.mark.django_db
def test_a_partner_cannot_open_another_partners_referrals_by_editing_ids():
    mine = make_officer(partner_name="โรงเรียน ก", username="officer-c", phone="0863330000")
    theirs = make_officer(partner_name="อบต. ข", username="officer-d", phone="0864440000")
    own = services.referral_refer(user=mine, full_name="ของเรา", phone="0815550301", consent_by="self")
    other = services.referral_refer(user=theirs, full_name="ของเขา", phone="0815550302", consent_by="self")
    client = Client()
    client.force_login(mine)
    assert client.get(f"/partners/referrals/{own.pk}/").status_code == 200
    assert client.get(f"/partners/referrals/{other.pk}/").status_code == 404
    assert client.post(f"/partners/referrals/{other.pk}/invite/").status_code == 404
    listing = client.get("/partners/referrals/").content.decode()
    assert "ของเรา" in listing and "ของเขา" not in listing and "0815550302" not in listing
    stranger = Client()
    stranger.force_login(get_user_model().objects.create_user(username="youth", password="pw-Secret-1"))
    assert stranger.get(f"/partners/referrals/{own.pk}/").status_code in (403, 404)
    assert messages_to("0815550302", "referral_invitation").count() == 1  # the forged re-invite sent nothing

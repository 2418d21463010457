"""Daily partners jobs on real PostgreSQL and a real Celery worker: reminders about stuck referrals (once per
referral and step) and follow-up surveys 3 and 6 months after a job starts, whose answers update the placement."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from employers.models import Employer, Placement
from partners import services, tasks
from partners.models import Partner, PlacementSurvey, ReferralReminder
from tests import outcomes_fixture
from tests.helpers import messages_to, wait_until
from trainees.models import Enrollment


def test_daily_jobs_are_scheduled():
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"partners.remind_stuck_referrals", "partners.send_placement_surveys"} <= schedule
    from config.celery import app

    assert {"partners.remind_stuck_referrals", "partners.send_placement_surveys"} <= set(app.tasks.keys())


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

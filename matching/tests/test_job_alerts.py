"""Daily job alerts on real ES/PostgreSQL and the Celery worker: who is told, at most once a day, never twice the
same pair, and never a graduate who did not agree to be found."""

from datetime import timedelta

import pytest
from django.utils import timezone

from employers.imports import import_openings
from employers.models import JobAlert
from matching.alerts import send_job_alerts
from matching.tasks import job_alerts
from search import indexing
from tests import employer_world
from tests.helpers import messages_to, wait_until
from tests.import_rows import OPEN_HEADER, opening


def _a_day_passes():
    """Age every recorded alert by 25 hours (the alert clock is the alert rows, so this is time passing)."""
    for alert in JobAlert.objects.all():
        JobAlert.objects.filter(pk=alert.pk).update(sent_at=alert.sent_at - timedelta(hours=25))


@pytest.mark.django_db
def test_alerts_respect_consent_frequency_and_never_repeat(search_clean):
    w = employer_world.build()
    now = timezone.now()
    first = send_job_alerts(now)
    assert first == {"graduates": 2, "employers": 2}  # G-STD and G-LIM; both shops (each has an opening nearby)
    std_sms = messages_to("0891234567", "job_alert_graduate").get()
    assert "ช่างซ่อมแบตเตอรี่" in std_sms.body and "/me/openings/" in std_sms.body
    assert not messages_to("0890000000").filter(kind__startswith="job_alert").exists()  # hidden graduate
    shop_alert = messages_to("0811111111", "job_alert_employer").get()
    assert "2" in shop_alert.body
    assert not JobAlert.objects.filter(trainee=w["hidden"]).exists()

    assert send_job_alerts(now + timedelta(hours=1)) == {"graduates": 0, "employers": 0}  # once a day at most
    _a_day_passes()
    assert send_job_alerts() == {"graduates": 0, "employers": 0}  # nothing new: silence

    result = import_openings(OPEN_HEADER + opening("NEW-ONE"))
    assert result.imported, result.errors
    indexing.rebuild("openings")
    again = send_job_alerts()
    assert again["graduates"] == 2 and again["employers"] == 1  # only the Ban Phai shop has a new opening
    assert messages_to("0891234567", "job_alert_graduate").count() == 2
    pairs = list(JobAlert.objects.filter(kind="employer").values_list("opening__external_id", "trainee__external_id"))
    assert len(pairs) == len(set(pairs))  # no pair announced twice

    employer_world.withdraw_consent(w["std"])
    indexing.rebuild("graduates")
    _a_day_passes()
    import_openings(OPEN_HEADER + opening("NEWER"))
    indexing.rebuild("openings")
    final = send_job_alerts()
    assert messages_to("0891234567", "job_alert_graduate").count() == 2  # withdrew consent: no more alerts
    assert final["graduates"] == 1


@pytest.mark.django_db(transaction=True)
def test_the_beat_task_runs_on_the_worker(celery_worker, search_clean):
    employer_world.build()
    outcome = job_alerts.delay().get(timeout=60)
    assert outcome == {"graduates": 2, "employers": 2}
    wait_until(lambda: messages_to("0897654321", "job_alert_graduate").filter(status="sent").exists(),
               message="the alert SMS to be delivered")

"""The daily job-alert task (beat entry `search-job-alerts` in settings.CELERY_BEAT_SCHEDULE).

Its registered name stays `search.job_alerts`, the name it had when it lived in search.tasks: messages already
queued and the beat entry (also stored by django_celery_beat's database scheduler) address the task by that
name, so a deploy that moves the code loses no run."""

from celery import shared_task

from search.tasks import TRANSIENT


@shared_task(name="search.job_alerts", autoretry_for=TRANSIENT, retry_backoff=60, max_retries=3)
def job_alerts() -> dict:
    """Daily: new matching openings to graduates, new matching graduates to employers (matching.alerts)."""
    from .alerts import send_job_alerts

    return send_job_alerts()

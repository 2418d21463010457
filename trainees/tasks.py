from celery import shared_task

from . import services


@shared_task(name="trainees.promote_waitlist", autoretry_for=(Exception,), retry_backoff=5, max_retries=5)
def promote_waitlist(cohort_id: int) -> list[int]:
    return services.waitlist_promote(cohort_id=cohort_id)


@shared_task(name="trainees.cohort_reminders")
def cohort_reminders() -> int:
    return services.cohort_reminders_send()

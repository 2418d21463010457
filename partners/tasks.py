"""Daily partners jobs (registered in settings.CELERY_BEAT_SCHEDULE). Thin: each calls one idempotent service."""

from celery import shared_task

from . import services


@shared_task(name="partners.remind_stuck_referrals", autoretry_for=(Exception,), retry_backoff=30, max_retries=3)
def remind_stuck_referrals() -> int:
    return len(services.referrals_remind_stuck())


@shared_task(name="partners.send_placement_surveys", autoretry_for=(Exception,), retry_backoff=30, max_retries=3)
def send_placement_surveys() -> int:
    return len(services.placement_surveys_send_due())

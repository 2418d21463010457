from celery import shared_task

from .notifications import SenderError, deliver


@shared_task(name="accounts.deliver_message", autoretry_for=(SenderError,), retry_backoff=30, max_retries=5)
def deliver_message(message_id: int) -> str:
    return deliver(message_id).status


@shared_task(name="accounts.requeue_stuck")
def requeue_stuck() -> int:
    """Periodic repair: messages whose delivery task was lost are enqueued again (see notifications.requeue_stuck)."""
    from .notifications import requeue_stuck as requeue

    return requeue()


@shared_task(name="accounts.purge_codes")
def purge_codes() -> dict:
    """Periodic: mask one-time codes in sent messages and delete expired code rows (services.codes_purge)."""
    from .services import codes_purge

    return codes_purge()

from celery import shared_task

from .notifications import SenderError, deliver


@shared_task(name="accounts.deliver_message", autoretry_for=(SenderError,), retry_backoff=30, max_retries=5)
def deliver_message(message_id: int) -> str:
    return deliver(message_id).status

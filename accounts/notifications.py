"""One way to tell a person something: SMS, e-mail or LINE, through pluggable senders.

`notify()` writes an OutboundMessage per channel inside the caller's transaction and enqueues delivery on
commit. Senders are chosen in settings (`SAPHAN_SMS_BACKEND`, `SAPHAN_LINE_BACKEND`; e-mail uses Django's
EMAIL_BACKEND), so development prints to the console, tests keep messages in the database, and production
plugs in an SMS gateway or the LINE Messaging API without touching callers.
"""

import json
import logging
import re
import urllib.request
import uuid
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import get_language, gettext

from .models import OutboundMessage

log = logging.getLogger(__name__)
NETWORK_TIMEOUT_S = 10


@dataclass(frozen=True)
class Text:
    """A message in both languages; the recipient's language picks one."""

    th: str
    en: str

    def in_language(self, language: str) -> str:
        return self.en if (language or "th")[:2] == "en" else self.th

    def __str__(self) -> str:
        """In the active language: versioned consent wording shown on pages ({{ text }})."""
        return self.in_language(get_language())


class SenderError(Exception):
    """Delivery failed; the task retries."""


class ConsoleSmsSender:
    """Development: print the SMS to the runserver/worker log."""

    def send(self, to: str, body: str, reference: str = "") -> None:
        print(f"[SMS to {to}] {body}")  # noqa: T201


class DatabaseSmsSender:
    """Tests and demos: the OutboundMessage row is the delivery (tests read it back with
    `tests.helpers.messages_to`)."""

    keeps_body = True  # the row is the SMS: a code is masked when used or expired, not on "sending"

    def send(self, to: str, body: str, reference: str = "") -> None:
        return None


class HttpSmsSender:
    """An SMS gateway that takes a JSON POST (most Thai bulk-SMS providers do): URL, token and sender name
    from settings. Kept minimal on purpose; a provider-specific subclass overrides `payload`."""

    def __init__(self):
        self.url = settings.SAPHAN_SMS_GATEWAY_URL
        self.token = settings.SAPHAN_SMS_GATEWAY_TOKEN
        self.sender = settings.SAPHAN_SMS_SENDER_NAME

    def payload(self, to: str, body: str, reference: str = "") -> dict:
        # `reference` (one per OutboundMessage) lets the gateway drop a repeated request: configure the provider's
        # client-reference / idempotency field to it
        return {"msisdn": to, "message": body, "sender": self.sender,
                **({"reference": reference} if reference else {})}

    def send(self, to: str, body: str, reference: str = "") -> None:
        _post_json(self.url, self.payload(to, body, reference), self.token)


class LineMessagingSender:
    """LINE Messaging API push message (https://developers.line.biz/en/reference/messaging-api/#send-push-message)."""

    url = "https://api.line.me/v2/bot/message/push"

    def __init__(self):
        self.token = settings.SAPHAN_LINE_CHANNEL_TOKEN

    def payload(self, to: str, body: str) -> dict:
        return {"to": to, "messages": [{"type": "text", "text": body[:5000]}]}

    def send(self, to: str, body: str, reference: str = "") -> None:
        retry_key = {"X-Line-Retry-Key": str(uuid.uuid5(uuid.NAMESPACE_URL, reference))} if reference else None
        _post_json(self.url, self.payload(to, body), self.token, extra_headers=retry_key)


def _post_json(url: str, payload: dict, token: str, extra_headers: dict | None = None) -> None:
    if not url or not token:
        raise SenderError("sender not configured")
    request = urllib.request.Request(  # noqa: S310 - URL comes from settings, https in production
        url, data=json.dumps(payload).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}", **(extra_headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=NETWORK_TIMEOUT_S) as response:  # noqa: S310
            if response.status >= 300:
                raise SenderError(f"HTTP {response.status}")
    except OSError as exc:
        raise SenderError(str(exc)) from exc


CODE_PATTERN = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])")
CODE_MASK = "••••••"


def mask_codes(kind: str, body: str) -> str:
    """A one-time code's message with the code replaced: once sent (or used, or expired) the code has no business
    sitting readable in the database, where staff and backups can see it."""
    return CODE_PATTERN.sub(CODE_MASK, body) if kind.startswith("otp_") else body


def _sender(setting: str):
    return import_string(getattr(settings, setting))()


def deliver(message_id: int) -> OutboundMessage:
    """Send one queued message; idempotent (a sent message is never sent twice). A failure is recorded, then
    raised so the task retries."""
    failure = None
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update().get(pk=message_id)
        if message.status == OutboundMessage.Status.SENT:
            return message
        message.attempts += 1
        try:
            # the reference is the gateway's idempotency key: a task re-run after its worker died mid-send
            # (late acknowledgement) repeats the request, and the gateway sends the SMS once
            if message.channel == OutboundMessage.Channel.SMS:
                _sender("SAPHAN_SMS_BACKEND").send(message.to, message.body, reference=message.reference)
            elif message.channel == OutboundMessage.Channel.LINE:
                _sender("SAPHAN_LINE_BACKEND").send(message.to, message.body, reference=message.reference)
            else:
                send_mail(message.subject or "Saphan", message.body, None, [message.to])
        except Exception as exc:  # any sender failure: record it, the task decides about retrying
            failure = exc
            message.status, message.error = OutboundMessage.Status.FAILED, str(exc)[:255]
        else:
            message.status, message.sent_at, message.error = OutboundMessage.Status.SENT, timezone.now(), ""
            if message.channel != OutboundMessage.Channel.SMS or not getattr(
                    import_string(settings.SAPHAN_SMS_BACKEND), "keeps_body", False):
                message.body = mask_codes(message.kind, message.body)
        message.save(update_fields=["status", "sent_at", "error", "attempts", "body"])
    if failure is not None:
        log.warning("message %s failed: %s", message_id, failure)
        raise SenderError(str(failure)) from failure
    return message


def notify(*, kind: str, text, phone: str = "", email: str = "", line_user_id: str = "", user=None,
           language: str = "th", subject=None) -> list[OutboundMessage]:
    """Queue `text` to every channel the person has. Call inside the transaction that caused it.

    `text` and `subject` are lazy gettext strings (`gettext_lazy`, `format_lazy(gettext_lazy("... {x}"), x=...)`),
    rendered here in the recipient's `language`, or a `Text` pair for versioned wording kept in both languages."""
    with translation.override(language or "th"):
        body = _render(text, language)
        title = _render(subject, language) if subject is not None else gettext("สะพานอาชีพ")
    targets = [(OutboundMessage.Channel.SMS, phone), (OutboundMessage.Channel.EMAIL, email),
               (OutboundMessage.Channel.LINE, line_user_id)]
    messages = [OutboundMessage.objects.create(user=user, channel=channel, to=to, kind=kind, subject=title, body=body)
                for channel, to in targets if to]
    for message in messages:
        transaction.on_commit(lambda pk=message.pk: _enqueue_delivery(pk))
    return messages


def _enqueue_delivery(message_id: int) -> None:
    # by task name: the tasks module imports this one, never the other way round
    current_app.send_task("accounts.deliver_message", args=[message_id])


def _render(text, language: str) -> str:
    return text.in_language(language) if isinstance(text, Text) else str(text)


def notify_user(user, *, kind: str, text, language: str = "th", subject=None):
    """Everything we can reach a user by: their phone, e-mail and linked LINE account."""
    return notify(kind=kind, text=text, subject=subject, user=user, language=language, phone=user.phone or "",
                  email=user.email or "", line_user_id=getattr(user, "line_user_id", "") or "")


def requeue_stuck(*, older_than_seconds: int = 300) -> int:
    """Enqueue delivery again for messages still queued after `older_than_seconds`: their task was lost (a broker
    restart between a worker taking it and recording it, a purge). Delivery is idempotent and the gateway gets the
    message's reference, so a message whose first task is merely slow is still sent once. Returns how many."""
    from datetime import timedelta

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(OutboundMessage.objects.filter(status=OutboundMessage.Status.QUEUED, created_at__lt=cutoff)
               .values_list("pk", flat=True)[:5000])
    for pk in ids:
        _enqueue_delivery(pk)
    return len(ids)

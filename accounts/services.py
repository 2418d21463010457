"""One-time codes for phone verification and password reset. Callers pass phones already in normal form."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from config.digits import ascii_digits

from .exceptions import CodeError, TooManyCodes, WeakPassword
from .models import OneTimeCode, OutboundMessage
from .notifications import CODE_PATTERN, Text, mask_codes, notify

CODE_TTL = timedelta(minutes=10)
CODES_PER_WINDOW = 3
WINDOW = timedelta(minutes=15)
MAX_ATTEMPTS = 5
# Wrong codes are counted per phone and purpose across resends for this long: asking for a new code does not
# buy new guesses (3 codes per 15 minutes, 5 wrong tries per hour in all).
FAILURE_WINDOW = timedelta(hours=1)


def password_validate(password: str, *, user=None) -> None:
    """Django's configured validators (length 8+, not common, not all digits, not like the phone); the reasons in
    Thai and English. Every path that sets a password calls this."""
    try:
        validate_password(password, user=user)
    except ValidationError:
        messages = {}
        for language in ("th", "en"):
            with translation.override(language):
                try:
                    validate_password(password, user=user)
                except ValidationError as exc:
                    messages[language] = " ".join(exc.messages)
        # Django's validators render their reasons when raised (ngettext), so both were rendered above; the lazy
        # text picks the one for the language the error is shown in
        reasons = lazy(lambda: messages["en" if (translation.get_language() or "th").startswith("en") else "th"],
                       str)()
        raise WeakPassword(format_lazy(gettext_lazy("รหัสผ่านใช้ไม่ได้: {0}"), reasons)) from None


def _hash(phone: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _new_code(phone: str, purpose: str) -> str:
    recent = OneTimeCode.objects.filter(phone=phone, created_at__gte=timezone.now() - WINDOW).count()
    if recent >= CODES_PER_WINDOW:
        raise TooManyCodes()
    code = f"{secrets.randbelow(10**6):06d}"
    OneTimeCode.objects.create(phone=phone, purpose=purpose, code_hash=_hash(phone, code),
                               expires_at=timezone.now() + CODE_TTL)
    return code


@transaction.atomic
def one_time_code_request(*, phone: str, purpose: str) -> None:
    """Send a code. For a number with no account nothing is sent, but the answer looks the same (no enumeration)."""
    code = _new_code(phone, purpose)
    user = get_user_model().objects.filter(phone=phone).first()
    if user is None:
        return
    notify(kind=f"otp_{purpose}", user=user, phone=phone, language=_language_of(user), text=format_lazy(
        gettext_lazy("สะพานอาชีพ: รหัสของคุณคือ {code} (ใช้ได้ 10 นาที ห้ามบอกผู้อื่น)"), code=code))


@transaction.atomic
def guardian_code_send(*, guardian_phone: str, youth_phone: str, purpose_text: Text) -> None:
    """Ask a guardian (who may have no account) to agree: the code goes to their phone with what it is for.
    `purpose_text` is worded for the guardian about their child ("…ของบุตรหลานของท่าน"), never in the youth's voice.
    Nothing a user typed goes into the SMS (issue 22 item 6: a typed "name" under the Saphan sender is a phishing
    line): the child is identified by the last four digits of their account's phone only."""
    code = _new_code(guardian_phone, OneTimeCode.Purpose.GUARDIAN_CONSENT)
    child = guardian_sms_child(youth_phone)
    notify(kind="otp_guardian", phone=guardian_phone, text=Text(
        f"สะพานอาชีพ: บุตรหลานของท่าน (เบอร์ {child}) ขอความยินยอมจากท่านเพื่อ{purpose_text.th} "
        f"หากท่านยินยอม โปรดบอกรหัส {code} แก่บุตรหลาน (ใช้ได้ 10 นาที) หากไม่ยินยอม ไม่ต้องทำอะไร",
        f"Saphan: your child (phone {child}) asks your consent to {purpose_text.en}. If you agree, give them code "
        f"{code} (valid 10 minutes). If not, do nothing."))


def guardian_sms_child(youth_phone: str) -> str:
    """How a guardian's SMS names the child: the last four digits of their phone (erasure finds the SMS by it)."""
    return f"xxx-xxx-{ascii_digits(youth_phone)[-4:]}"


def _language_of(user) -> str:
    trainee = getattr(user, "trainee", None)
    return getattr(trainee, "preferred_language", "") or "th"


def _failures_key(phone: str, purpose: str) -> str:
    return f"otp-failures:{purpose}:{phone}"


@transaction.atomic
def one_time_code_check(*, phone: str, purpose: str, code: str) -> None:
    """Consume the newest open code if it matches; five wrong tries per phone and purpose within an hour (across
    resends) lock the number out until the hour has passed.

    Wrong tries are counted in Redis, not in the row: the caller's transaction rolls back on the error we raise,
    and a counter that rolls back with it would allow unlimited guessing."""
    entry = (OneTimeCode.objects.select_for_update()
             .filter(phone=phone, purpose=purpose, used_at__isnull=True, expires_at__gt=timezone.now())
             .order_by("-created_at").first())
    key = _failures_key(phone, purpose)
    if entry is None or (cache.get(key) or 0) >= MAX_ATTEMPTS:
        raise CodeError()
    if not hmac.compare_digest(entry.code_hash, _hash(phone, ascii_digits(code).strip())):
        cache.add(key, 0, int(FAILURE_WINDOW.total_seconds()))
        cache.incr(key)
        raise CodeError()
    cache.delete(key)
    entry.used_at = timezone.now()
    entry.save(update_fields=["used_at"])
    kind = "otp_guardian" if purpose == OneTimeCode.Purpose.GUARDIAN_CONSENT else f"otp_{purpose}"
    _mask_code_messages(OutboundMessage.objects.filter(to=phone, kind=kind))


def _mask_code_messages(messages) -> int:
    masked = 0
    for message in messages.filter(kind__startswith="otp_", body__regex=CODE_PATTERN.pattern):
        message.body = mask_codes(message.kind, message.body)
        message.save(update_fields=["body"])
        masked += 1
    return masked


@transaction.atomic
def codes_purge(*, now=None) -> dict:
    """Periodic: no one-time code outlives its use. Masks the code in every code message older than a code's
    life (whatever the sender), and deletes code rows expired longer than the resend window (they count
    nothing any more: wrong tries are counted in Redis). Returns what it did."""
    now = now or timezone.now()
    masked = _mask_code_messages(OutboundMessage.objects.filter(created_at__lt=now - CODE_TTL))
    deleted, _ = OneTimeCode.objects.filter(expires_at__lt=now - WINDOW).delete()
    return {"masked": masked, "deleted": deleted}


@transaction.atomic
def phone_verify(*, user, code: str) -> None:
    one_time_code_check(phone=user.phone, purpose=OneTimeCode.Purpose.VERIFY_PHONE, code=code)
    user.phone_verified_at = timezone.now()
    user.save(update_fields=["phone_verified_at"])


@transaction.atomic
def password_reset(*, phone: str, code: str, new_password: str) -> None:
    one_time_code_check(phone=phone, purpose=OneTimeCode.Purpose.RESET_PASSWORD, code=code)
    user = get_user_model().objects.filter(phone=phone).first()
    if user is None:
        raise CodeError()
    password_validate(new_password, user=user)
    user.set_password(new_password)
    user.phone_verified_at = user.phone_verified_at or timezone.now()  # the code proved the phone
    user.save(update_fields=["password", "phone_verified_at"])

"""Messages go out through the outbox and a real Celery worker; one-time codes are hashed, expire and burn."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts import services
from accounts.exceptions import CodeError, TooManyCodes
from accounts.models import OneTimeCode, OutboundMessage
from accounts.notifications import HttpSmsSender, LineMessagingSender, Text, deliver, notify_user
from tests.factories import make_user
from tests.helpers import messages_to, wait_until


def _code_from(phone: str, kind: str) -> str:
    body = messages_to(phone, kind).first().body
    return next(word for word in body.replace("(", " ").split() if word.isdigit() and len(word) == 6)


@pytest.mark.django_db(transaction=True)
def test_notify_queues_per_channel_and_the_worker_delivers(celery_worker):
    user = make_user(phone="0812345678", email="m@example.org")
    with transaction.atomic():
        sent = notify_user(user, kind="hello", text=Text("สวัสดี", "Hello"), language="en")
    assert {m.channel for m in sent} == {"sms", "email"}
    wait_until(lambda: OutboundMessage.objects.filter(user=user, status="sent").count() == 2)
    assert messages_to("0812345678", "hello").get().body == "Hello"
    assert any(m.body == "Hello" for m in mail.outbox) or OutboundMessage.objects.get(channel="email").status == "sent"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_never_sends(celery_worker):
    user = make_user(phone="0812345678")
    with pytest.raises(RuntimeError), transaction.atomic():
        notify_user(user, kind="ghost", text=Text("ไม่ควรส่ง", "must not send"))
        raise RuntimeError
    assert not OutboundMessage.objects.filter(kind="ghost").exists()


@pytest.mark.django_db
@override_settings(SAPHAN_SMS_BACKEND="accounts.notifications.HttpSmsSender", SAPHAN_SMS_GATEWAY_URL="",
                   SAPHAN_SMS_GATEWAY_TOKEN="")
def test_an_unconfigured_gateway_fails_visibly_and_is_not_marked_sent():
    user = make_user(phone="0812345678")
    message = notify_user(user, kind="x", text=Text("ก", "a"))[0]
    with pytest.raises(Exception, match="not configured"):
        deliver(message.pk)
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == 1 and "not configured" in message.error


def test_provider_payloads_have_the_documented_shape():
    line = LineMessagingSender.__new__(LineMessagingSender)
    assert line.payload("U123", "สวัสดี") == {"to": "U123", "messages": [{"type": "text", "text": "สวัสดี"}]}
    sms = HttpSmsSender.__new__(HttpSmsSender)
    sms.sender = "Saphan"
    assert sms.payload("0812345678", "hi") == {"msisdn": "0812345678", "message": "hi", "sender": "Saphan"}
    assert sms.payload("0812345678", "hi", "saphan-msg-7")["reference"] == "saphan-msg-7"


@pytest.mark.django_db
def test_codes_verify_once_burn_after_five_wrong_tries_and_expire():
    user = make_user(phone="0812345678")
    services.one_time_code_request(phone=user.phone, purpose="verify")
    code = _code_from(user.phone, "otp_verify")
    assert code not in OneTimeCode.objects.get().code_hash
    with pytest.raises(CodeError):
        services.phone_verify(user=user, code="000000" if code != "000000" else "111111")
    services.phone_verify(user=user, code=code)
    user.refresh_from_db()
    assert user.phone_verified_at is not None
    with pytest.raises(CodeError):  # used
        services.phone_verify(user=user, code=code)

    services.one_time_code_request(phone=user.phone, purpose="reset")
    code = _code_from(user.phone, "otp_reset")
    wrong = "123456" if code != "123456" else "654321"
    for _ in range(5):
        with pytest.raises(CodeError):
            services.password_reset(phone=user.phone, code=wrong, new_password="new-password-1")
    with pytest.raises(CodeError):  # burnt, even with the right code
        services.password_reset(phone=user.phone, code=code, new_password="new-password-1")

    services.one_time_code_request(phone=user.phone, purpose="reset")  # third in 15 minutes: still allowed
    with pytest.raises(TooManyCodes):
        services.one_time_code_request(phone=user.phone, purpose="reset")
    OneTimeCode.objects.update(created_at=timezone.now() - timedelta(hours=1), expires_at=timezone.now())
    services.one_time_code_request(phone=user.phone, purpose="reset")
    OneTimeCode.objects.filter(used_at__isnull=True).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(CodeError):
        services.password_reset(phone=user.phone, code=_code_from(user.phone, "otp_reset"), new_password="x" * 10)


@pytest.mark.django_db
def test_password_reset_pages_in_thai_and_no_account_enumeration(client):
    from django.core.cache import cache

    cache.clear()
    user = make_user(phone="0812345678")
    unknown = client.post("/password-reset/", {"phone": "0899999999"}).content.decode()
    known = client.post("/password-reset/", {"phone": "+66 81 234 5678"}).content.decode()
    assert "ถ้าเบอร์นี้มีบัญชี" in unknown and "ถ้าเบอร์นี้มีบัญชี" in known
    assert not messages_to("0899999999").exists()
    bad = client.post("/password-reset/", {"phone": "12345"}).content.decode()
    assert "เบอร์มือถือไม่ถูกต้อง" in bad
    code = _code_from("0812345678", "otp_reset")
    wrong = client.post("/password-reset/", {"phone": "0812345678", "code": "999999" if code != "999999" else "000000",
                                             "password": "brand-new-pass"}).content.decode()
    assert "รหัสไม่ถูกต้อง" in wrong
    done = client.post("/password-reset/", {"phone": "0812345678", "code": code, "password": "brand-new-pass"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-pass")
    cache.clear()


@pytest.mark.django_db
def test_a_new_code_does_not_buy_new_guesses():
    from django.core.cache import cache

    user = make_user(phone="0812340001")
    cache.delete(services._failures_key(user.phone, "reset"))
    for tries in (3, 2):  # two codes, five wrong tries in all, spread over both
        services.one_time_code_request(phone=user.phone, purpose="reset")
        code = _code_from(user.phone, "otp_reset")
        wrong = "123456" if code != "123456" else "654321"
        for _ in range(tries):
            with pytest.raises(CodeError):
                services.password_reset(phone=user.phone, code=wrong, new_password="new-password-1")
    services.one_time_code_request(phone=user.phone, purpose="reset")  # a third code, still within 15 minutes
    fresh = messages_to(user.phone, "otp_reset").order_by("-created_at").first().body
    right = next(w for w in fresh.replace("(", " ").split() if w.isdigit() and len(w) == 6)
    with pytest.raises(CodeError):  # five failures already counted for this phone: even the right code waits
        services.password_reset(phone=user.phone, code=right, new_password="new-password-1")
    cache.delete(services._failures_key(user.phone, "reset"))  # the hour has passed
    services.password_reset(phone=user.phone, code=right, new_password="new-password-1")


@pytest.mark.django_db
@pytest.mark.parametrize("weak", ["12345678", "password", "abc", "0812340002"])
def test_weak_passwords_are_refused_at_reset_and_the_code_stays_usable(weak):
    from accounts.exceptions import WeakPassword

    user = make_user(phone="0812340002")
    services.one_time_code_request(phone=user.phone, purpose="reset")
    code = _code_from(user.phone, "otp_reset")
    with pytest.raises(WeakPassword) as info:
        services.password_reset(phone=user.phone, code=code, new_password=weak)
    assert info.value.message_th.startswith("รหัสผ่านใช้ไม่ได้") and info.value.message_en
    services.password_reset(phone=user.phone, code=code, new_password="ช่างไฟฟ้า-บ้านไผ่-2569")
    user.refresh_from_db()
    assert user.check_password("ช่างไฟฟ้า-บ้านไผ่-2569")


@pytest.mark.django_db
def test_sign_up_refuses_a_weak_password_and_creates_nothing(reference_data):
    from datetime import date

    from accounts.exceptions import WeakPassword
    from courses.models import District
    from trainees.services import trainee_sign_up

    district = District.objects.first()
    with pytest.raises(WeakPassword):
        trainee_sign_up(phone="0812340003", password="12345678", full_name="ทดสอบ", birth_date=date(2005, 1, 1),
                        district_code=district.code)
    assert not get_user_model().objects.filter(phone="0812340003").exists()

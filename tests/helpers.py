"""Small helpers shared by test modules."""

import time

import pytest


def wait_until(predicate, timeout=15.0, interval=0.1, message="condition"):
    """Poll until predicate() is truthy (for work done by the Celery worker); returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)


@pytest.fixture
def phones_verified():
    """Accounts created during the test count as having verified their phone (as if they had entered the SMS
    code), for tests about something else than seat-holding: taking a seat needs a verified phone (issue 22;
    the verification itself is walked in tests/test_enumeration_and_sms.py)."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import pre_save
    from django.utils import timezone

    def mark(sender, instance, **kwargs):
        if instance.phone and instance.phone_verified_at is None:
            instance.phone_verified_at = timezone.now()

    model = get_user_model()
    pre_save.connect(mark, sender=model, dispatch_uid="tests-phones-verified")
    yield
    pre_save.disconnect(sender=model, dispatch_uid="tests-phones-verified")

"""Small helpers shared by test modules."""

import time
from pathlib import Path

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


SCREENSHOTS = Path(__file__).resolve().parent.parent / ".runtime" / "screenshots"


def save_screenshot(page, name: str, *, full_page: bool = True):
    """Save a PNG of what the browser shows under .runtime/screenshots/ (proof for reviewers; git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


BLOCKING_IMPACTS = ("serious", "critical")


def audit_page(page) -> dict:
    """Run axe-core (bundled by axe-playwright-python) on what the page shows now, and measure its layout width.
    Returns {"url", "violations": [{"id", "impact", "nodes", "targets", "help"}], "scroll_width"}; journeys assert
    no serious/critical violation and no horizontal overflow (scroll_width ≤ the viewport)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    violations = [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]), "help": v["help"],
                   "targets": [n["target"] for n in v["nodes"][:3]]} for v in results["violations"]]
    return {"url": page.url, "violations": violations,
            "scroll_width": page.evaluate("document.documentElement.scrollWidth")}


def blocking(report: dict) -> list[dict]:
    return [v for v in report["violations"] if v["impact"] in BLOCKING_IMPACTS]


def messages_to(phone_or_email: str, kind: str | None = None):
    """The outbound messages (SMS, e-mail, LINE) recorded for one address, optionally of one kind: what a test
    reads instead of a phone."""
    from accounts.models import OutboundMessage

    qs = OutboundMessage.objects.filter(to=phone_or_email)
    return qs.filter(kind=kind) if kind else qs


def referral_status(referral) -> str:
    """The code of the furthest step a referral has reached ("referred", "contacted", ... "placed")."""
    from partners.referrals import referral_current

    return referral_current(referral)[0]
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

"""Small helpers shared by test modules."""

import time
from pathlib import Path


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

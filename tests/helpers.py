"""Small helpers shared by test modules."""

import time


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

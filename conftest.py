"""Shared fixtures for every test directory: real PostgreSQL (pytest-django), a real Celery worker on Redis, real
Elasticsearch indices per test session, and headless Debian Chromium for browser journeys. A missing service fails,
never skips."""

import os
import shutil
from contextlib import suppress

import pytest

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


@pytest.fixture(autouse=True)
def _thai_first():
    """Every test starts in Thai, the source language: a request under /en/ leaves English active in the thread."""
    from django.utils import translation

    translation.activate("th")
    yield
    translation.activate("th")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as pytest-django creates it, plus the reference data (districts, skills) committed
    once: every later test starts with the rows, and a rolled-back test cannot take them away."""
    from tests.factories import reference_data

    with django_db_blocker.unblock():
        reference_data()


@pytest.fixture
def reference_data(django_db_setup):
    """Districts and skills for this test (the test must use the database): two COUNT queries find the rows
    loaded once per session above. A transaction=True test ends by flushing every table, so each such test
    that asks after another one loads them again; pytest-django runs those tests after all other database
    tests, which therefore never pay for a load."""
    from tests.factories import reference_data

    reference_data()


@pytest.fixture(scope="session", autouse=True)
def _search_indices_cleanup():
    """Delete this session's indices at the end (their names carry the session's prefix)."""
    yield
    from django.conf import settings

    from search.indexing import delete_indices

    # cleanup only: a dead ES has already failed the tests that needed it
    with suppress(Exception):
        delete_indices(f"{settings.SEARCH_INDEX_PREFIX}-*")


@pytest.fixture
def search_clean():
    """Start a test with no indices of this session, and the alias cache cleared."""
    from django.conf import settings
    from django.core.cache import cache

    from search.indexing import delete_indices

    delete_indices(f"{settings.SEARCH_INDEX_PREFIX}-*")
    cache.delete_many([f"search:building:{alias}" for alias in settings.SEARCH_DOCUMENTS])
    yield


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real Celery worker (threads, in this process) consuming from the Redis broker.

    Session-wide, so it must see committed data: tests that rely on it use `transaction=True`.
    """
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    # Purge tasks left in the broker by an earlier interrupted run.
    app.control.purge()
    with django_db_blocker.unblock(), start_worker(
        app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=20, loglevel="WARNING"
    ) as worker:
        yield worker


@pytest.fixture(autouse=True)
def _worker_idle_before_flush(request):
    """The session-wide worker outlives each test: tasks a test enqueued and did not wait for would run during the
    test's table flush (a TRUNCATE deadlock that leaves rows for the next test) or against the next test's data.
    So after a test that uses the worker: drop what is still queued and wait for running tasks to end, before the
    database fixture flushes (requested here so it is torn down after this fixture)."""
    if "celery_worker" not in request.fixturenames:
        yield
        return
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")
    yield
    import time

    from celery.worker import state

    from config.celery import app

    app.control.purge()
    deadline = time.monotonic() + 20
    while (state.active_requests or state.reserved_requests) and time.monotonic() < deadline:
        time.sleep(0.05)
    app.control.purge()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for one test module.

    Playwright's sync API registers its event loop as the test thread's running loop for as long as Playwright
    runs, and Django's ORM then takes every query for async code (SynchronousOnlyOperation). Django's check is
    switched off (DJANGO_ALLOW_ASYNC_UNSAFE) exactly while Playwright runs and restored when it stops, so every
    other test keeps the check; module scope bounds that window to the modules that drive a browser."""
    from playwright.sync_api import sync_playwright

    assert shutil.which(CHROMIUM) or os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as pw:
            chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def mobile_page(browser):
    """A 360 px wide Android-like page, Thai first."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True,
        locale="th-TH", timezone_id="Asia/Bangkok",
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()

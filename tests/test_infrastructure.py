"""The foundation against real services: PostgreSQL, Redis + Celery worker, on-commit enqueueing."""

import pytest
from django.db import connection, transaction

from config.celery import echo
from courses.models import District
from tests.factories import make_course
from tests.helpers import wait_until


@pytest.mark.django_db
def test_the_orm_refuses_async_code_outside_the_browser_fixture():
    """DJANGO_ALLOW_ASYNC_UNSAFE is set only while Playwright runs (conftest's `browser`): here Django's check is
    on, so a query from async code is refused instead of silently blocking an event loop."""
    import asyncio

    from django.core.exceptions import SynchronousOnlyOperation

    async def count():
        return District.objects.count()

    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(count())


@pytest.mark.django_db
def test_database_round_trip_on_postgresql():
    assert connection.vendor == "postgresql"
    District.objects.create(code="4099", name_th="ทดสอบ", name_en="Test", lat=16.0, lon=102.0)
    assert District.objects.get(code="4099").name_th == "ทดสอบ"


def test_celery_task_round_trip_through_redis(celery_worker):
    result = echo.delay({"ข้อความ": "สวัสดี", "n": 3})
    assert result.get(timeout=20) == {"ข้อความ": "สวัสดี", "n": 3}


@pytest.mark.django_db(transaction=True)
def test_task_is_enqueued_only_after_commit(celery_worker, search_clean, reference_data):
    """Publishing a course enqueues an index sync on commit; a rolled-back publish enqueues nothing."""
    from search.client import alias_name, get_client

    client = get_client()

    with pytest.raises(RuntimeError), transaction.atomic():
        rolled_back = make_course(title="หลักสูตรที่ถูกยกเลิก", external_id="ROLLBACK-1")
        rolled_back_pk = rolled_back.pk
        raise RuntimeError("abort")

    course = make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", external_id="COMMIT-1")

    def indexed():
        client.indices.refresh(index=alias_name("courses"), ignore_unavailable=True)
        return client.exists(index=alias_name("courses"), id=str(course.pk)).body

    wait_until(indexed, message="the committed course to be indexed by the worker")
    assert not client.exists(index=alias_name("courses"), id=str(rolled_back_pk)).body

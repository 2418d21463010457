"""Publishing, unpublishing, moving and deleting a course page update the index through a real Celery worker."""

import pytest

from courses.models import CourseIndexPage
from search import indexing
from search.client import alias_name, get_client
from tests.factories import catalogue_root, make_course
from tests.helpers import wait_until


def indexed(pk):
    client = get_client()
    client.indices.refresh(index=alias_name("courses"))
    response = client.options(ignore_status=404).get(index=alias_name("courses"), id=str(pk))
    return response.body["_source"] if response.body.get("found") else None


@pytest.mark.django_db(transaction=True)
def test_publish_unpublish_move_delete_reach_the_index_through_the_worker(
        celery_worker, search_clean, reference_data):
    indexing.ensure_index("courses")
    course = make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", external_id="SYNC-1")
    wait_until(lambda: indexed(course.pk), timeout=20, message="published course indexed")

    # a draft edit of a live page never reaches the index
    course.title = "ชื่อร่างที่ยังไม่เผยแพร่"
    course.save_revision()
    course.title = "ช่างซ่อมรถจักรยานยนต์ไฟฟ้า รุ่นใหม่"
    course.save_revision().publish()
    wait_until(lambda: (indexed(course.pk) or {}).get("title_th") == "ช่างซ่อมรถจักรยานยนต์ไฟฟ้า รุ่นใหม่",
               timeout=20, message="re-published title indexed")

    course.unpublish()
    wait_until(lambda: indexed(course.pk) is None, timeout=20, message="unpublished course removed")

    course.refresh_from_db()
    course.save_revision().publish()
    wait_until(lambda: indexed(course.pk), timeout=20, message="re-published course indexed")

    other = catalogue_root().add_child(instance=CourseIndexPage(title="ศูนย์อื่น", slug="other-centre"))
    course.refresh_from_db()
    course.move(other, pos="last-child")
    wait_until(lambda: "/other-centre/" in (indexed(course.pk) or {}).get("url", ""), timeout=20,
               message="moved course re-indexed with its new URL")

    course.refresh_from_db()
    course.delete()
    wait_until(lambda: indexed(course.pk) is None, timeout=20, message="deleted course removed")


@pytest.mark.django_db(transaction=True)
def test_new_draft_course_is_never_indexed(celery_worker, search_clean, reference_data):
    indexing.ensure_index("courses")
    draft = make_course(title="หลักสูตรร่าง", external_id="DRAFT-SYNC", publish=False)
    live = make_course(title="หลักสูตรจริง", external_id="LIVE-SYNC")
    wait_until(lambda: indexed(live.pk), timeout=20, message="live course indexed")
    assert indexed(draft.pk) is None

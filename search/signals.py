"""Keep the courses index in step with Wagtail publishing; handlers only enqueue (on commit)."""

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from .services import search_sync_on_commit


def _course_changed(sender, instance, **kwargs):
    search_sync_on_commit(alias="courses", pk=instance.pk)


def connect():
    from courses.models import CoursePage

    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(_course_changed, sender=CoursePage, dispatch_uid=f"search-courses-{signal!r}")
    post_page_move.connect(_course_moved, dispatch_uid="search-courses-move")


def _course_moved(sender, instance, **kwargs):
    from courses.models import CoursePage

    if isinstance(instance.specific_deferred, CoursePage):
        search_sync_on_commit(alias="courses", pk=instance.pk)

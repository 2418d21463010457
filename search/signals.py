"""Keep the courses index in step with Wagtail publishing; handlers only enqueue (on commit)."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .services import search_sync_on_commit


def _course_changed(sender, instance, **kwargs):
    search_sync_on_commit(alias="courses", pk=instance.pk)


def connect():
    from courses.models import CoursePage

    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(_course_changed, sender=CoursePage, dispatch_uid=f"search-courses-{signal!r}")
    post_page_move.connect(_course_moved, dispatch_uid="search-courses-move")
    from .models import SearchSynonym

    for signal in (post_save, post_delete):
        signal.connect(_synonyms_changed, sender=SearchSynonym, dispatch_uid=f"search-synonyms-{signal!r}")


def _synonyms_changed(sender, instance, **kwargs):
    """Staff changed a synonym: this process sees it now, others within synonyms.ADMIN_TTL; cached answers
    computed without it are dropped."""
    from . import result_cache, synonyms

    synonyms.reset_admin_cache()
    result_cache.bump("courses")


def _course_moved(sender, instance, **kwargs):
    from courses.models import CoursePage

    if isinstance(instance.specific_deferred, CoursePage):
        search_sync_on_commit(alias="courses", pk=instance.pk)

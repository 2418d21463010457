"""Periodic jobs of the courses app."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="courses.publish_scheduled")
def publish_scheduled() -> None:
    """Publish revisions whose go-live time has come and unpublish expired pages (Wagtail's scheduler);
    publishing sends page_published, so the search index follows on commit."""
    call_command("publish_scheduled")

"""Thin Celery tasks of the agents app."""

from celery import shared_task


@shared_task(name="agents.flag_overdue_instalments")
def flag_overdue_instalments() -> int:
    from .services import instalments_flag_overdue

    return len(instalments_flag_overdue())

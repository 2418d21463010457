"""Celery application: broker and results on Redis, configured from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("saphan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="saphan.echo")
def echo(value):
    """Round-trip probe used by the health check and the infrastructure tests."""
    return value

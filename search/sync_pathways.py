"""Keep pathways current: what they read lives in the courses index, so a change to a cohort's seats (an
enrolment taken or given back) or to a cohort itself re-syncs its course on commit, like publishing does; a
graduate becoming discoverable fires employers' pipeline watches. Receivers only enqueue."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .services import search_sync_on_commit

log = logging.getLogger(__name__)


def _enrollment_changed(sender, instance, **kwargs):
    course_id = getattr(instance.cohort, "course_id", None) if instance.cohort_id else None
    if course_id:
        search_sync_on_commit(alias="courses", pk=course_id)


def _cohort_changed(sender, instance, **kwargs):
    if instance.course_id:
        search_sync_on_commit(alias="courses", pk=instance.course_id)


def _send_watch(trainee_id):
    from .pipeline_watch import pipeline_watches_fire_task

    try:
        pipeline_watches_fire_task.delay(trainee_id)
    except Exception:  # broker down: the employer hears at the next change of that graduate
        log.exception("could not enqueue pipeline watches for trainee %s", trainee_id)


def _graduate_changed(sender, trainee_id, **kwargs):
    transaction.on_commit(lambda: _send_watch(trainee_id))


def connect():
    from courses.models import Cohort
    from trainees.models import Enrollment
    from trainees.signals import graduate_changed

    post_save.connect(_enrollment_changed, sender=Enrollment, dispatch_uid="pathways-enrollment-save")
    post_delete.connect(_enrollment_changed, sender=Enrollment, dispatch_uid="pathways-enrollment-delete")
    post_save.connect(_cohort_changed, sender=Cohort, dispatch_uid="pathways-cohort-save")
    post_delete.connect(_cohort_changed, sender=Cohort, dispatch_uid="pathways-cohort-delete")
    graduate_changed.connect(_graduate_changed, dispatch_uid="pathways-pipeline-watch")

"""Keep pathways current: what they read lives in the courses index, so a cohort filling (or a seat of a full
cohort freeing) or a change to a cohort itself re-syncs its course on commit, like publishing does; a
graduate becoming discoverable fires employers' pipeline watches. Receivers only enqueue."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .services import search_sync_on_commit

log = logging.getLogger(__name__)


FILL_EDGE = 1  # seats left at or below which an enrolment change re-syncs the course


def _enrollment_changed(sender, instance, **kwargs):
    """Re-sync the course when its cohort fills or a seat of a full cohort frees (seats left <= FILL_EDGE), not
    on every enrolment: fifty applications in a minute would otherwise queue fifty rebuilds of one document."""
    if not instance.cohort_id:
        return
    cohort = instance.cohort
    if cohort.course_id and cohort.seats_left <= FILL_EDGE:
        search_sync_on_commit(alias="courses", pk=cohort.course_id)


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

"""Employers' "notify me when they graduate" on the training pipeline (see search.pathways.pipeline).

A watch names the cohorts whose learners were counted. When one of those learners graduates (their enrolment is
completed) and becomes discoverable (indexed in `graduates`, i.e. they consented), the watch fires once: the
employer is told how many of the watched learners can now be found, never who before they can be found.
"""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from accounts.notifications import notify_user

from .models import PipelineWatch

log = logging.getLogger(__name__)
KIND = "pipeline_graduated"


@transaction.atomic
def pipeline_watch_create(*, employer, user, skills: list[tuple[str, int]], cohort_ids: list[int],
                          opening=None) -> PipelineWatch:
    """One open watch per employer and opening/skill set: asking twice returns the same watch."""
    skills = [[code, int(level)] for code, level in skills]
    existing = PipelineWatch.objects.filter(employer=employer, opening=opening, skills=skills,
                                            notified_at__isnull=True).first()
    if existing:
        existing.cohort_ids = sorted(set(existing.cohort_ids) | set(cohort_ids))
        existing.save(update_fields=["cohort_ids"])
        return existing
    return PipelineWatch.objects.create(employer=employer, user=user, opening=opening, skills=skills,
                                        cohort_ids=sorted(set(cohort_ids)))


def _discoverable_graduates(cohort_ids: list[int]) -> int:
    """Learners of these cohorts who completed and are now discoverable (the graduates index's own rule)."""
    from trainees.models import Enrollment

    from .registry import get_spec

    spec = get_spec("graduates")
    trainee_ids = set(Enrollment.objects.filter(cohort_id__in=cohort_ids, status=Enrollment.Status.COMPLETED)
                      .values_list("trainee_id", flat=True))
    return sum(1 for obj in spec.get_queryset().filter(pk__in=trainee_ids) if spec.is_indexable(obj))


@transaction.atomic
def pipeline_watches_fire(*, trainee_id: int) -> int:
    """Fire every open watch on a cohort this trainee completed, if the trainee is discoverable now."""
    from trainees.models import Enrollment

    from .registry import get_spec

    cohorts = list(Enrollment.objects.filter(trainee_id=trainee_id, status=Enrollment.Status.COMPLETED)
                   .values_list("cohort_id", flat=True))
    if not cohorts:
        return 0
    spec = get_spec("graduates")
    trainee = spec.get_instance(trainee_id)
    if trainee is None or not spec.is_indexable(trainee):
        return 0
    fired = 0
    for watch in PipelineWatch.objects.select_for_update().filter(notified_at__isnull=True).select_related("user"):
        if not set(watch.cohort_ids) & set(cohorts):
            continue
        count = _discoverable_graduates(watch.cohort_ids)
        where = (format_lazy(gettext_lazy(" สำหรับตำแหน่ง {title}"), title=watch.opening.title)
                 if watch.opening_id else "")
        notify_user(watch.user, kind=KIND, text=format_lazy(
            gettext_lazy("ผู้เรียนที่คุณติดตามจบหลักสูตรแล้ว {count} คน และค้นหาได้แล้ว{where} ดูที่ /employers/"),
            count=count, where=where))
        watch.notified_at = timezone.now()
        watch.save(update_fields=["notified_at"])
        fired += 1
    return fired


@shared_task(name="search.pipeline_watches_fire", acks_late=True)
def pipeline_watches_fire_task(trainee_id: int) -> int:
    return pipeline_watches_fire(trainee_id=trainee_id)

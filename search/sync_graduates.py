"""Keep the graduates and openings indices in step: receivers only enqueue (on commit)."""

from django.db.models.signals import post_delete

from .services import search_sync_on_commit


def _graduate_changed(sender, trainee_id, **kwargs):
    search_sync_on_commit(alias="graduates", pk=trainee_id)


def _opening_changed(sender, opening_id, **kwargs):
    search_sync_on_commit(alias="openings", pk=opening_id)


def _opening_deleted(sender, instance, **kwargs):
    search_sync_on_commit(alias="openings", pk=instance.pk)


def _agent_changed(sender, agent_id, **kwargs):
    search_sync_on_commit(alias="agents", pk=agent_id)


def connect():
    from agents.signals import agent_changed
    from employers.models import Opening
    from employers.signals import opening_changed
    from trainees.signals import graduate_changed

    graduate_changed.connect(_graduate_changed, dispatch_uid="search-graduates")
    opening_changed.connect(_opening_changed, dispatch_uid="search-openings")
    post_delete.connect(_opening_deleted, sender=Opening, dispatch_uid="search-openings-delete")
    agent_changed.connect(_agent_changed, dispatch_uid="search-agents")

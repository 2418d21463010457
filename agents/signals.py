"""Signals the agents app sends so search can keep the public directory in step without agents importing it."""

from django.db import transaction
from django.dispatch import Signal

# Anything shown in the public directory about an agent changed (status, shop details). kwargs: agent_id
agent_changed = Signal()


def announce_agent_changed(agent_id: int) -> None:
    """Send agent_changed once the current transaction commits (nothing is announced for a rollback)."""
    transaction.on_commit(lambda: agent_changed.send(sender=None, agent_id=agent_id))

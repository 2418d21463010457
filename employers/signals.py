"""Signals employers sends so search can re-index without employers importing search."""

from django.dispatch import Signal

# An opening's indexed content changed (created, edited, closed, deleted). kwargs: opening_id
opening_changed = Signal()

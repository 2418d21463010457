"""What other apps call when an indexed row changes: enqueue a sync after the transaction commits."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def _send(alias: str, pk) -> None:
    from .tasks import sync_document

    try:
        sync_document.delay(alias, pk)
    except Exception:  # broker down: the save stands; the periodic reconcile repairs the index
        logger.exception("could not enqueue search sync for %s/%s; reconcile will repair it", alias, pk)


def search_sync_on_commit(*, alias: str, pk) -> None:
    """Schedule `search.sync_document` for after commit, so the worker never reads an uncommitted row."""
    transaction.on_commit(lambda: _send(alias, pk))

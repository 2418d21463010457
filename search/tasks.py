"""Thin Celery tasks: take ids, call one function in search.indexing, retry when ES is unreachable."""

import logging

from celery import shared_task
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch import ConnectionTimeout, TransportError

from . import indexing
from .registry import all_specs

logger = logging.getLogger(__name__)
TRANSIENT = (ESConnectionError, ConnectionTimeout, TransportError)


@shared_task(
    name="search.sync_document", autoretry_for=TRANSIENT, retry_backoff=2, retry_backoff_max=120, max_retries=6,
    acks_late=True,
)
def sync_document(alias: str, pk) -> str:
    return indexing.sync_object(alias, pk)


@shared_task(name="search.reconcile", autoretry_for=TRANSIENT, retry_backoff=10, max_retries=3)
def reconcile_all() -> dict:
    """Periodic repair of drift (e.g. after ES was down while rows were saved)."""
    result = {}
    for alias in all_specs():
        report = indexing.reconcile(alias, fix=True)
        result[alias] = report.drift
        if report.rebuilt:
            logger.info("rebuilt %s: index layout out of date (%s)", alias, ", ".join(report.layout_changes))
        if report.drift:
            logger.info("reconciled %s: %s missing, %s stale, %s extra", alias, len(report.missing),
                        len(report.stale), len(report.extra))
    return result


# `search.job_alerts` (the daily job alerts) is registered by matching.tasks, under the name it had here.


@shared_task(name="search.purge_query_log")
def purge_query_log() -> int:
    """Daily: search records older than SEARCH_LOG_RETENTION_DAYS are deleted (retention, see docs/SEARCH.md)."""
    from .services import search_log_purge

    return search_log_purge()


@shared_task(name="search.resync_age_bands")
def resync_age_bands() -> int:
    """Daily: graduates who turned 15, 18 or 20 get their indexed age band updated (the index has no birth
    dates, so matching's legal-age rules read the band)."""
    from .services import search_resync_age_bands

    return search_resync_age_bands()

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


def search_resync_age_bands(*, lookback_days: int = 3) -> int:
    """Re-sync the graduates whose age band (see search.documents.graduates) changed in the last
    `lookback_days` days, so a birthday crossing 15, 18 or 20 reaches the index the same day (a missed daily run
    is caught by the next within the look-back). Returns how many syncs were enqueued."""
    from datetime import timedelta

    from django.utils import timezone

    from .registry import get_spec

    today = timezone.localdate()
    pks = get_spec("graduates").band_changed_between(today - timedelta(days=lookback_days), today)
    for pk in pks:
        _send("graduates", pk)
    return len(pks)


# --- what youth look for: anonymous search records ------------------------------------------------------------

CLICK_SALT = "search.click"


def search_log_record(*, query: str, results: int, district: str = "", relaxed: str = "") -> int | None:
    """Record one search (no user, session, IP or device: see search.models.SearchQueryLog). Returns the row id,
    or None when the database refused (a search never fails because its record could not be written)."""
    from . import thai
    from .models import SearchQueryLog

    try:
        row = SearchQueryLog.objects.create(query=thai.normalise(query)[:200], results=results,
                                            district=district[:4], relaxed=relaxed[:20])
    except Exception:  # noqa: BLE001
        logger.exception("could not record a search")
        return None
    return row.pk


def search_log_click_token(log_id: int | None, external_id: str) -> str:
    """A signed token naming one search record and one course, for the result link (ids are not forgeable)."""
    from django.core import signing

    return signing.dumps([log_id, external_id], salt=CLICK_SALT, compress=True) if log_id else ""


@transaction.atomic
def search_log_click(*, token: str) -> str | None:
    """Record the course clicked for the search the token names; returns the course's external id, or None for a
    forged or malformed token."""
    from django.core import signing

    from .models import SearchQueryLog

    try:
        log_id, external_id = signing.loads(token, salt=CLICK_SALT, max_age=24 * 3600)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    SearchQueryLog.objects.filter(pk=log_id, clicked_course="").update(clicked_course=str(external_id)[:64])
    return str(external_id)


def search_log_purge(*, days: int | None = None) -> int:
    """Delete search records older than the retention period (SEARCH_LOG_RETENTION_DAYS, default 365)."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from .models import SearchQueryLog

    days = days if days is not None else getattr(settings, "SEARCH_LOG_RETENTION_DAYS", 365)
    deleted, _ = SearchQueryLog.objects.filter(created_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted

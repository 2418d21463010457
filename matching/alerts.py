"""Daily job alerts (the Celery beat task `search.job_alerts`, defined in matching.tasks).

Graduates hear about new openings that match them (opened since their last alert); employers hear about
graduates newly matching their open openings. Only discoverable graduates take part either way (consent), a
person gets at most one alert per 24 hours, and every (opening, graduate) pair is announced at most once per
direction: employers.services.job_alert_send records and enforces both, this module only finds the matches.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from elasticsearch import ApiError, TransportError

from employers import selectors, services
from employers.models import JobAlert, Opening
from search.matching import match_graduate, match_opening

log = logging.getLogger(__name__)
FIRST_ALERT_LOOKBACK = timedelta(days=14)
PER_ALERT = 5  # lines in one message; the page shows the rest


def _graduate_text(pairs):
    """A lazy message, rendered in the recipient's language by notify."""
    first = pairs[0][0]
    more = format_lazy(gettext_lazy(" และอีก {n} ตำแหน่ง"), n=len(pairs) - 1) if len(pairs) > 1 else ""
    return format_lazy(gettext_lazy("งานใหม่ที่ตรงกับทักษะของคุณ: {title} ที่ {shop}{more} ดูที่ /me/openings/"),
                       title=first.title, shop=first.employer.name, more=more)


def _employer_text(pairs):
    openings = sorted({opening.title for opening, _ in pairs})
    return format_lazy(gettext_lazy("มีผู้สำเร็จการฝึกใหม่ {n} คนที่ตรงกับตำแหน่ง {openings} ดูที่ /employers/"),
                       n=len(pairs), openings=", ".join(openings))


def _recently_alerted(user, now) -> bool:
    last = services.job_alert_last_sent(user)
    return last is not None and last > now - services.ALERT_INTERVAL


def alert_graduates(now) -> int:
    sent = 0
    for trainee in selectors.alertable_graduates().iterator(chunk_size=200):
        if _recently_alerted(trainee.user, now):
            continue
        last = services.job_alert_last_sent(trainee.user)
        since = last or now - FIRST_ALERT_LOOKBACK
        try:
            matches = match_graduate(trainee, top=20, since=since)
        except (ApiError, TransportError) as exc:
            log.warning("job alert for graduate %s skipped: %s", trainee.pk, exc)
            continue
        by_id = {o.external_id: o for o in Opening.objects.filter(
            external_id__in=[m.opening for m in matches], status=Opening.Status.OPEN).select_related("employer")}
        pairs = [(by_id[m.opening], trainee) for m in matches if m.opening in by_id][:PER_ALERT]
        if pairs and services.job_alert_send(recipient=trainee.user, kind=JobAlert.Kind.TO_GRADUATE, pairs=pairs,
                                             text_for=_graduate_text, now=now,
                                             language=trainee.preferred_language):
            sent += 1
    return sent


def alert_employers(now) -> int:
    by_employer = defaultdict(list)
    for opening in selectors.alertable_openings():
        by_employer[opening.employer].append(opening)
    sent = 0
    for employer, openings in by_employer.items():
        recipient = selectors.alert_recipient(employer)
        if recipient is None or _recently_alerted(recipient, now):
            continue
        pairs = []
        for opening in openings:
            try:
                matches = match_opening(opening, top=20)
            except (ApiError, TransportError) as exc:
                log.warning("job alert for opening %s skipped: %s", opening.pk, exc)
                continue
            graduates = {t.public_ref: t for t in selectors.discoverable_graduates().filter(
                public_ref__in=[m.graduate for m in matches])}
            pairs += [(opening, graduates[m.graduate]) for m in matches if m.graduate in graduates]
        already = set(JobAlert.objects.filter(kind=JobAlert.Kind.TO_EMPLOYER, opening__in=openings)
                      .values_list("opening_id", "trainee_id"))
        pairs = [(o, t) for o, t in pairs if (o.pk, t.pk) not in already][:PER_ALERT * 4]
        if pairs and services.job_alert_send(recipient=recipient, kind=JobAlert.Kind.TO_EMPLOYER, pairs=pairs,
                                             text_for=_employer_text, now=now):
            sent += 1
    return sent


def send_job_alerts(now=None) -> dict:
    now = now or timezone.now()
    return {"graduates": alert_graduates(now), "employers": alert_employers(now)}

"""The client's address for limits and logs: REMOTE_ADDR, unless the site runs behind a trusted reverse proxy.

Without TRUSTED_PROXY any X-Forwarded-For is the client's own text and is ignored: otherwise anyone could pick a
fresh address for every guess and never reach a limit. With TRUSTED_PROXY (gunicorn reachable only through that
proxy), the address is the entry our outermost proxy appended to X-Forwarded-For: the TRUSTED_PROXY_COUNT-th from
the right. Entries left of it are whatever the client sent and are never read. Used by django-axes
(AXES_CLIENT_IP_CALLABLE) and django-ratelimit (RATELIMIT_IP_META_KEY), so both count the same address.
"""

import ipaddress

from django.conf import settings


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 - a missing address is one bucket, not a bind
    if not getattr(settings, "TRUSTED_PROXY", False):
        return remote
    entries = [item for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()]
    count = max(int(getattr(settings, "TRUSTED_PROXY_COUNT", 1)), 1)
    if len(entries) < count:
        return remote  # the proxy did not set the header: a misconfiguration; fall back to the peer
    return _valid(entries[-count]) or remote

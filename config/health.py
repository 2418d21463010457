"""GET /health/: 200 {"status": "ok"} only when every component is up, else 503 {"status": "degraded"}.

That is all the public (and a load balancer) sees. Which component is down, exception texts and each Elasticsearch
node's view of the cluster are for staff sessions and for callers presenting HEALTH_TOKEN (settings) in the
X-Health-Token header: they name hosts, ports and versions an attacker would like to know.
"""

import hmac
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from redis import Redis


def _timed(check):
    started = time.monotonic()
    try:
        detail = check()
        ok = True
    except Exception as exc:  # any failure is a "down" with its reason, never a 500
        detail = f"{type(exc).__name__}: {exc}"[:300]
        ok = False
    return {"ok": ok, "detail": detail, "ms": round((time.monotonic() - started) * 1000, 1)}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _redis():
    client = Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return "pong"


def _elasticsearch():
    """The cluster as each configured node sees it (status, nodes, unassigned shards). Up while any node answers
    with a status better than red: one dead node of three degrades the cluster but does not take search down, and
    the per-node list shows which one is gone."""
    from search.client import node_health, node_urls

    urls = node_urls()
    if len(urls) == 1:
        from search.client import cluster_health

        health = cluster_health(timeout=2)
        if health["status"] == "red":
            raise RuntimeError("cluster status red")
        return health["status"]
    views = []
    for url in urls:
        try:
            views.append({"node": url, "ok": True, **node_health(url, timeout=2)})
        except Exception as exc:  # a node that does not answer is reported, not raised
            views.append({"node": url, "ok": False, "error": f"{type(exc).__name__}: {exc}"[:200]})
    answering = [view for view in views if view["ok"]]
    if not answering or all(view["status"] == "red" for view in answering):
        raise RuntimeError(f"no node reports a usable cluster: {views}")
    return {"status": max((view["status"] for view in answering), key=["red", "yellow", "green"].index),
            "nodes": views}


def _celery():
    from config.celery import app

    replies = app.control.ping(timeout=1.0)
    if not replies:
        raise RuntimeError("no worker answered")
    return f"{len(replies)} worker(s)"


CHECKS = {"database": _database, "redis": _redis, "elasticsearch": _elasticsearch, "celery": _celery}


def may_see_details(request) -> bool:
    token = getattr(settings, "HEALTH_TOKEN", "")
    given = request.headers.get("X-Health-Token", "")
    if token and given and hmac.compare_digest(token.encode(), given.encode()):
        return True
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


@never_cache
def health(request):
    components = {name: _timed(check) for name, check in CHECKS.items()}
    down = [name for name, state in components.items() if not state["ok"]]
    body = {"status": "ok" if not down else "degraded"}
    if may_see_details(request):
        body |= {"down": down, "components": components}
    return JsonResponse(body, status=200 if not down else 503, json_dumps_params={"ensure_ascii": False})

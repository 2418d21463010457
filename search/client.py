"""The Elasticsearch client: one per process, with timeouts and retries on every call."""

from functools import lru_cache
from urllib.parse import unquote, urlsplit, urlunsplit

from django.conf import settings
from django.utils.translation import gettext_lazy
from elasticsearch import Elasticsearch
from elasticsearch.dsl import connections
from elasticsearch.serializer import OrjsonSerializer

# What a page says when Elasticsearch does not answer (matching, pathways): the reader can only try again later.
UNAVAILABLE = gettext_lazy("ค้นหาไม่ได้ชั่วคราว กรุณาลองใหม่")


def _split_url(url: str) -> tuple[str, tuple[str, str] | None]:
    """(the URL without credentials, (user, password) if it carried them)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url, None
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=host)), (unquote(parts.username or "elastic"), unquote(parts.password))


def node_urls(url: str | None = None) -> list[str]:
    """The cluster's node URLs: ELASTICSEARCH_URL is one URL or a comma-separated list of them (credentials in a
    URL are taken out: see credentials())."""
    return [_split_url(part.strip())[0] for part in (url if url is not None else settings.ELASTICSEARCH_URL).split(",")
            if part.strip()]


def credentials(url: str | None = None) -> tuple[str, str] | None:
    """(user, password) for Elasticsearch: ELASTICSEARCH_PASSWORD (user ELASTICSEARCH_USERNAME), else the first
    credentials found in ELASTICSEARCH_URL, else None (anonymous: only an ES with security off answers)."""
    if settings.ELASTICSEARCH_PASSWORD:
        return settings.ELASTICSEARCH_USERNAME or "elastic", settings.ELASTICSEARCH_PASSWORD
    for part in (url if url is not None else settings.ELASTICSEARCH_URL).split(","):
        found = _split_url(part.strip())[1]
        if found:
            return found
    return None


def _build(urls: list[str], timeout: float, retries: int, auth: tuple[str, str] | None = None) -> Elasticsearch:
    """The client's own (urllib3) node for HTTP and HTTPS alike: pooled kept-alive connections, a connection the
    server closed is noticed before reuse, and a request that fails to connect is retried."""
    return Elasticsearch(
        urls,
        basic_auth=auth,
        request_timeout=timeout,
        # with several nodes, at least one retry per other node: a dead node never fails a request others can answer
        max_retries=max(retries, len(urls) - 1 if len(urls) > 1 else retries),
        retry_on_timeout=True,
        connections_per_node=settings.ELASTICSEARCH_CONNECTIONS_PER_NODE,
        http_compress=False,
        serializer=OrjsonSerializer(),  # bulk indexing spends much of its time encoding JSON
    )


@lru_cache(maxsize=4)
def _client(url: str, timeout: float, retries: int) -> Elasticsearch:
    """One client per process for these nodes. With several nodes, a request that fails to connect or times out is
    retried on the next node and the failed node rests a while (the client's dead-node backoff), so a node going
    down costs a retried request, not a failed search."""
    client = _build(node_urls(url), timeout, retries, credentials(url))
    connections.add_connection("default", client)
    return client


@lru_cache(maxsize=16)
def _node_client(url: str) -> Elasticsearch:
    return _build(node_urls(url), 2.0, 0, credentials(url) or credentials())


def get_client() -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT, settings.ELASTICSEARCH_MAX_RETRIES)


def search_client(timeout: float) -> Elasticsearch:
    """The client for searches a person waits for: answered within `timeout` or not at all. A connection error
    (a node restarted, a kept-alive connection dropped) is retried at once, on another node if there is one; a
    timeout is not, so the wait stays bounded."""
    return _search_client(get_client(), timeout)


@lru_cache(maxsize=16)
def _search_client(base: Elasticsearch, timeout: float) -> Elasticsearch:
    # made once per client and timeout: options() builds a new client with its namespaced sub-clients each time
    return base.options(request_timeout=timeout, max_retries=max(1, settings.ELASTICSEARCH_MAX_RETRIES),
                        retry_on_timeout=False)


def cluster_health(timeout: float = 2.0) -> dict:
    """Cluster health (not `GET /`: the rest-root module may be absent from the ES we run)."""
    return get_client().options(request_timeout=timeout, max_retries=0).cluster.health().body


def alias_name(alias: str) -> str:
    """The real alias for a logical index name ("courses" → "saphan-courses"), prefixed per environment."""
    return f"{settings.SEARCH_INDEX_PREFIX}-{alias}"


def node_health(url: str, timeout: float = 2.0) -> dict:
    """One node's own view of the cluster (`local=true`: answered from that node's cluster state, so a node cut
    off from the master still says what it sees): status, number of nodes, unassigned shards."""
    client = _node_client(url).options(request_timeout=timeout, max_retries=0)
    body = client.cluster.health(local=True).body
    return {"status": body["status"], "nodes": body["number_of_nodes"],
            "unassigned_shards": body["unassigned_shards"]}

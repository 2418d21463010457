"""The Elasticsearch client: one per process, with timeouts and retries on every call."""

from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch.dsl import connections
from elasticsearch.serializer import OrjsonSerializer

from .transport import HttpClientNode


@lru_cache(maxsize=4)
def _client(url: str, timeout: float, retries: int) -> Elasticsearch:
    client = Elasticsearch(
        url,
        request_timeout=timeout,
        max_retries=retries,
        retry_on_timeout=True,
        http_compress=False,
        serializer=OrjsonSerializer(),  # bulk indexing spends much of its time encoding JSON
        node_class=HttpClientNode if url.startswith("http://") else "urllib3",
    )
    connections.add_connection("default", client)
    return client


def get_client() -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_TIMEOUT, settings.ELASTICSEARCH_MAX_RETRIES)


def cluster_health(timeout: float = 2.0) -> dict:
    """Cluster health (not `GET /`: the rest-root module may be absent from the ES we run)."""
    return get_client().options(request_timeout=timeout, max_retries=0).cluster.health().body


def alias_name(alias: str) -> str:
    """The real alias for a logical index name ("courses" → "saphan-courses"), prefixed per environment."""
    return f"{settings.SEARCH_INDEX_PREFIX}-{alias}"

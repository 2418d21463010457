"""Settings and pages for a deployment on several hosts, checked in-process (the faults themselves are in
tests/test_chaos.py): index replicas from the cluster size, health per Elasticsearch node, the Thai 503."""

import json

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from config.errors import server_error
from search.registry import replica_settings


def test_replicas_follow_the_cluster_size_unless_pinned(settings):
    settings.SEARCH_INDEX_REPLICAS, settings.SEARCH_INDEX_MAX_REPLICAS = "auto", 1
    assert replica_settings() == {"auto_expand_replicas": "0-1"}
    settings.SEARCH_INDEX_REPLICAS = "2"
    assert replica_settings() == {"number_of_replicas": 2}


@pytest.mark.django_db
def test_an_index_on_one_node_has_no_replica_and_stays_green(search_clean):
    from search.client import get_client
    from search.indexing import ensure_index

    name = ensure_index("courses")
    client = get_client()
    assert client.indices.get_settings(index=name).body[name]["settings"]["index"]["auto_expand_replicas"] == "0-1"
    assert client.cluster.health(index=name, wait_for_status="green", timeout="10s")["status"] == "green"


@pytest.mark.django_db
def test_health_lists_each_node_and_one_dead_node_is_not_an_outage(client, settings, celery_worker):
    from search.client import node_urls

    settings.HEALTH_TOKEN = "cluster-test-token"
    client.defaults["HTTP_X_HEALTH_TOKEN"] = "cluster-test-token"  # the node list is a detail for operators
    live = node_urls()[0]
    settings.ELASTICSEARCH_URL = f"{live},http://127.0.0.1:9"  # a second node that is down
    response = client.get("/health/")
    body = json.loads(response.content)
    assert response.status_code == 200, body
    views = body["components"]["elasticsearch"]["detail"]["nodes"]
    assert [v["ok"] for v in views] == [True, False]
    assert views[0]["nodes"] >= 1 and views[0]["unassigned_shards"] >= 0 and views[0]["status"] in ("green", "yellow")
    assert "http://127.0.0.1:9" in views[1]["node"] and views[1]["error"]
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9,http://127.0.0.1:7"  # every node down: an outage
    response = client.get("/health/")
    assert response.status_code == 503 and "elasticsearch" in json.loads(response.content)["down"]


def test_an_unreachable_database_answers_a_thai_503_and_other_errors_a_500():
    request = RequestFactory().get("/courses/")
    try:
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "ระบบกำลังกลับมา" in response.content.decode()
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500 and "ระบบขัดข้องชั่วคราว" in response.content.decode()

"""GET /health/ reports every component; 200 only when all are up, 503 naming what is down."""

import pytest

from search.client import _client


@pytest.mark.django_db
def test_health_all_up(client, celery_worker):
    response = client.get("/health/")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok" and body["down"] == []
    assert set(body["components"]) == {"database", "redis", "elasticsearch", "celery"}
    assert body["components"]["elasticsearch"]["detail"] in {"green", "yellow"}


@pytest.mark.django_db
def test_health_503_when_elasticsearch_unreachable(client, settings, celery_worker):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    _client.cache_clear()
    try:
        response = client.get("/health/")
    finally:
        _client.cache_clear()
    assert response.status_code == 503
    assert response.json()["down"] == ["elasticsearch"]


@pytest.mark.django_db
def test_health_503_when_redis_unreachable(client, settings, celery_worker):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    response = client.get("/health/")
    assert response.status_code == 503
    assert "redis" in response.json()["down"]


@pytest.mark.django_db
def test_health_503_when_no_worker_answers(client, monkeypatch):
    from config.celery import app

    monkeypatch.setattr(app.control, "ping", lambda timeout: [])
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["down"] == ["celery"]

"""GET /health/: 200 {"status": "ok"} when every component is up, 503 {"status": "degraded"} otherwise. The
public answer is that and nothing else; which component is down and why is for staff and HEALTH_TOKEN holders."""

import pytest
from django.contrib.auth import get_user_model

from search.client import _client

TOKEN = "health-token-for-tests"


@pytest.fixture
def details(settings):
    """Headers that unlock the details: the token from settings."""
    settings.HEALTH_TOKEN = TOKEN
    return {"HTTP_X_HEALTH_TOKEN": TOKEN}


@pytest.mark.django_db
def test_health_all_up(client, celery_worker, details):
    response = client.get("/health/", **details)
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok" and body["down"] == []
    assert set(body["components"]) == {"database", "redis", "elasticsearch", "celery"}
    assert body["components"]["elasticsearch"]["detail"] in {"green", "yellow"}


@pytest.mark.django_db
def test_health_503_when_elasticsearch_unreachable(client, settings, celery_worker, details):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    _client.cache_clear()
    try:
        response = client.get("/health/", **details)
        public = client.get("/health/")
    finally:
        _client.cache_clear()
    assert response.status_code == 503
    assert response.json()["down"] == ["elasticsearch"]
    assert public.status_code == 503 and public.json() == {"status": "degraded"}  # no exception text, no host


@pytest.mark.django_db
def test_health_503_when_redis_unreachable(client, settings, celery_worker, details):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    response = client.get("/health/", **details)
    assert response.status_code == 503
    assert "redis" in response.json()["down"]


@pytest.mark.django_db
def test_health_503_when_no_worker_answers(client, monkeypatch, details):
    from config.celery import app

    monkeypatch.setattr(app.control, "ping", lambda timeout: [])
    response = client.get("/health/", **details)
    assert response.status_code == 503
    assert response.json()["down"] == ["celery"]


@pytest.mark.django_db
def test_the_public_sees_the_status_only_and_staff_or_the_token_see_details(client, settings, monkeypatch):
    from config.celery import app

    monkeypatch.setattr(app.control, "ping", lambda timeout: [{"w1": "pong"}])
    settings.HEALTH_TOKEN = TOKEN
    public = client.get("/health/")
    assert public.status_code == 200 and public.json() == {"status": "ok"}
    assert client.get("/health/", HTTP_X_HEALTH_TOKEN="wrong").json() == {"status": "ok"}
    assert "components" in client.get("/health/", HTTP_X_HEALTH_TOKEN=TOKEN).json()
    settings.HEALTH_TOKEN = ""  # no token configured: an empty header unlocks nothing
    assert client.get("/health/", HTTP_X_HEALTH_TOKEN="").json() == {"status": "ok"}
    youth = get_user_model().objects.create_user(username="0812340000", phone="0812340000", password="x-long-2026")
    client.force_login(youth)
    assert client.get("/health/").json() == {"status": "ok"}
    staff = get_user_model().objects.create_user(username="officer", password="x-long-2026", is_staff=True)
    client.force_login(staff)
    assert client.get("/health/").json()["components"]["celery"]["detail"] == "1 worker(s)"

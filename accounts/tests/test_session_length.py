"""Sessions on shared phones: short by default (browser close, a few idle hours), "remember me" keeps one for
days; staff sessions stay short whatever box they tick."""

import time

import pytest
from django.contrib.auth import get_user_model

from accounts.sessions import IDLE_KEY, SEEN_KEY
from tests.factories import make_user

PASSWORD = "right-pass-2026"


def _idle(client, seconds: int) -> None:
    """Pretend the last request was `seconds` ago."""
    session = client.session
    session[SEEN_KEY] = int(time.time()) - seconds
    session.save()


def _signed_in(client) -> bool:
    return client.get("/me/").status_code == 200


@pytest.mark.django_db
def test_a_session_ends_at_browser_close_and_after_hours_idle_by_default(client, settings, reference_data):
    from trainees.models import TraineeProfile

    user = make_user(phone="0813334444", password=PASSWORD)
    TraineeProfile.objects.create(user=user, full_name="ทดสอบ", district_id="4010")
    response = client.post("/login/", {"username": "0813334444", "password": PASSWORD}, REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie: gone when it closes
    assert client.session.get_expire_at_browser_close()
    assert client.session[IDLE_KEY] == settings.SAPHAN_SESSION_IDLE_SECONDS == 4 * 3600
    _idle(client, 3 * 3600)  # three quiet hours: still in, and the clock restarts
    assert _signed_in(client)
    assert int(time.time()) - client.session[SEEN_KEY] < 5
    _idle(client, settings.SAPHAN_SESSION_IDLE_SECONDS + 1)
    assert not _signed_in(client)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_remember_me_keeps_the_session_for_days(client, settings, reference_data):
    from trainees.models import TraineeProfile

    user = make_user(phone="0813334444", password=PASSWORD)
    TraineeProfile.objects.create(user=user, full_name="ทดสอบ", district_id="4010")
    page = client.get("/login/").content.decode()
    assert "จดจำฉันไว้ในเครื่องนี้" in page and 'name="remember_me"' in page
    response = client.post("/login/", {"username": "0813334444", "password": PASSWORD, "remember_me": "on"},
                           REMOTE_ADDR="192.0.2.2")
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 14 * 86400  # survives closing the browser
    assert not client.session.get_expire_at_browser_close()
    _idle(client, 5 * 86400)  # five days away: still signed in
    assert _signed_in(client)
    _idle(client, 15 * 86400)
    assert not _signed_in(client)


@pytest.mark.django_db
def test_staff_sessions_stay_short_even_with_remember_me(client, settings):
    get_user_model().objects.create_user(username="officer.kk", password=PASSWORD, is_staff=True,
                                         is_superuser=True)
    response = client.post("/login/", {"username": "officer.kk", "password": PASSWORD, "remember_me": "on"},
                           REMOTE_ADDR="192.0.2.3")
    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""
    assert client.session.get_expire_at_browser_close()
    assert client.session[IDLE_KEY] == settings.SAPHAN_STAFF_SESSION_IDLE_SECONDS == 2 * 3600
    assert client.get("/cms/").status_code == 200
    _idle(client, 2 * 3600 + 1)
    assert client.get("/cms/").status_code == 302  # back to the log-in page


@pytest.mark.django_db
def test_wagtails_remember_box_does_not_keep_a_staff_session(client, settings):
    get_user_model().objects.create_user(username="officer.kk", password=PASSWORD, is_staff=True,
                                         is_superuser=True)
    response = client.post("/cms/login/", {"username": "officer.kk", "password": PASSWORD, "remember": "on"},
                           REMOTE_ADDR="192.0.2.4")
    assert response.status_code == 302
    assert client.get("/cms/").status_code == 200
    assert client.session.get_expire_at_browser_close()  # Wagtail's 'remember' is overridden for staff

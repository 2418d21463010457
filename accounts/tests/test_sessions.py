"""The signed-in user is read fresh on each request and forged ids are nobody; the cache round-trips values."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpRequest

from accounts.backends import PhoneBackend, UsernameBackend


@pytest.mark.django_db
def test_a_session_user_is_read_fresh_each_request_and_loses_access_when_deactivated(client):
    user = get_user_model().objects.create_user(username="shop.owner", password="a-long-secret-2026")
    assert client.login(request=HttpRequest(), username="shop.owner", password="a-long-secret-2026")
    assert client.get("/api/matching/openings/NOPE/graduates").status_code == 404  # signed in: the opening is missing
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)  # no save signal: the next read must see it
    assert client.get("/api/matching/openings/NOPE/graduates").status_code == 401


@pytest.mark.django_db
def test_forged_or_missing_user_ids_are_nobody():
    user = get_user_model().objects.create_user(username="staff.one", password="x-long-secret-2026", first_name="ก")
    for backend in (PhoneBackend(), UsernameBackend()):
        read = backend.get_user(str(user.pk))
        assert (read.pk, read.username, read.first_name) == (user.pk, "staff.one", "ก")
        assert read.check_password("x-long-secret-2026")
        for forged in ("1 OR 1=1", "", None, "9999999", "-1"):
            assert backend.get_user(forged) is None


def test_the_cache_round_trips_values():
    cache.set("test:reused-client", {"ไทย": 1}, 30)
    assert cache.get("test:reused-client") == {"ไทย": 1}
    cache.delete("test:reused-client")
    assert cache.get("test:reused-client") is None

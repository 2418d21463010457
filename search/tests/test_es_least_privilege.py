"""The app talks to Elasticsearch as `saphan_app`, a least-privilege user, never as a superuser (issue 22).

`scripts/services start` gives every node the role in config/elasticsearch/saphan_app_role.json and the user
saphan_app, and exports that identity as ELASTICSEARCH_USERNAME / ELASTICSEARCH_PASSWORD (./run test sources it);
docker-compose makes the same role through the REST API. These tests use the configured identity through the app's
own client: it builds, swaps, searches and deletes its own indices, and is refused (403) everything else — other
indices, Elasticsearch's own security data, cluster settings. Run as `elastic`, the first test fails.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from elasticsearch import AuthorizationException

from search import indexing, thai
from search.client import alias_name, get_client

ROLE_FILE = Path(__file__).resolve().parents[2] / "config" / "elasticsearch" / "saphan_app_role.json"
ROLE = json.loads(ROLE_FILE.read_text(encoding="utf-8"))
OUTSIDE = "not-saphan-probe"  # outside every pattern of the role; never created (as a superuser neither)


def _client():
    return get_client().options(request_timeout=10, max_retries=0)


def _as_the_app_user():
    """The configured identity holds only saphan_app: checked first, so that run as a superuser the refusal tests
    fail here instead of creating an index outside the app's names."""
    me = _client().security.authenticate().body
    assert me["roles"] == ["saphan_app"], me
    return _client()


def test_the_app_signs_in_with_its_own_role_not_as_a_superuser():
    me = _client().security.authenticate().body
    assert me["username"] == settings.ELASTICSEARCH_USERNAME == "saphan_app", me
    assert me["roles"] == ["saphan_app"], me
    granted = _client().security.has_privileges(
        cluster=["all", "manage", "manage_security", "monitor"],
        index=[{"names": [alias_name("courses"), OUTSIDE, ".security"], "privileges": ["read", "all"]}],
    ).body
    assert granted["has_all_requested"] is False
    assert granted["cluster"] == {"all": False, "manage": False, "manage_security": False, "monitor": True}
    assert granted["index"][alias_name("courses")] == {"read": True, "all": False}
    assert granted["index"][OUTSIDE] == {"read": False, "all": False}
    assert granted["index"][".security"] == {"read": False, "all": False}


def test_the_role_covers_the_apps_index_names_and_nothing_broader():
    """The index names the app makes (SEARCH_INDEX_PREFIX + alias, + a timestamp while rebuilding) fall under the
    role's one pattern, which grants exactly the listed privileges there."""
    assert [entry["names"] for entry in ROLE["indices"]] == [["saphan-*"]]
    assert ROLE["cluster"] == ["monitor"]
    wanted = ROLE["indices"][0]["privileges"]
    names = [alias_name("courses"), f"{alias_name('graduates')}-20260101000000"]
    granted = _client().security.has_privileges(index=[{"names": names, "privileges": wanted}]).body
    assert all(all(privileges.values()) for privileges in granted["index"].values()), granted


@pytest.mark.django_db
def test_it_builds_searches_swaps_and_prunes_its_own_indices(search_clean, reference_data):
    from tests.factories import make_course

    courses = {make_course(title=f"ช่างซ่อมรถจักรยานยนต์ไฟฟ้า รุ่น {n}", external_id=f"LP-{n}").external_id
               for n in range(3)}
    first = indexing.rebuild("courses")
    second = indexing.rebuild("courses")  # a new index, the alias swapped onto it, the first one deleted
    assert indexing.indices_behind("courses") == [second.index] and first.index in second.pruned
    client = _client()
    client.indices.refresh(index=alias_name("courses"))
    body = client.search(index=alias_name("courses"), query={"match": {"title_words": thai.words_text("ซ่อม")}},
                         size=10).body
    assert {hit["_source"]["external_id"] for hit in body["hits"]["hits"]} == courses
    assert client.cluster.health(timeout="2s")["status"] in ("green", "yellow")


def _refused(call):
    with pytest.raises(AuthorizationException) as refused:
        call()
    assert refused.value.meta.status == 403
    return str(refused.value)


def test_it_is_refused_outside_its_own_indices():
    client = _as_the_app_user()
    assert "indices:admin/create" in _refused(lambda: client.indices.create(index=OUTSIDE))
    _refused(lambda: client.index(index=OUTSIDE, document={"name": "x"}))
    _refused(lambda: client.search(index=OUTSIDE))
    _refused(lambda: client.indices.delete(index=OUTSIDE))
    _refused(lambda: client.search(index=".security"))


def test_it_cannot_read_users_or_change_the_cluster():
    client = _as_the_app_user()
    _refused(lambda: client.security.get_user())
    _refused(lambda: client.security.get_role())
    # resetting a setting to its default: harmless even where it would be allowed
    _refused(lambda: client.cluster.put_settings(persistent={"cluster.routing.allocation.enable": None}))
    _refused(lambda: client.snapshot.get_repository())

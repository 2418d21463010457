"""docker-compose.yml runs the same system with official images; checked by parsing it."""

from importlib.metadata import version
from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parent.parent / "docker-compose.yml"


def _compose():
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_services_present_with_health_checks():
    services = _compose()["services"]
    assert {"postgres", "redis", "elasticsearch", "web", "worker", "beat"} <= set(services)
    for name in ("postgres", "redis", "elasticsearch"):
        assert "healthcheck" in services[name], name
        assert services[name]["healthcheck"]["test"], name


def test_elasticsearch_image_matches_client_major_and_minor():
    services = _compose()["services"]
    image = services["elasticsearch"]["image"]
    server_version = image.rsplit(":", 1)[1]
    client_major, client_minor = version("elasticsearch").split(".")[:2]
    assert server_version.split(".")[:2] == [client_major, client_minor]
    env = services["elasticsearch"]["environment"]
    env = dict(item.split("=", 1) for item in env) if isinstance(env, list) else env
    assert env["discovery.type"] == "single-node"
    assert "-Xmx" in env["ES_JAVA_OPTS"]


def test_app_services_share_one_definition_and_wait_for_health():
    services = _compose()["services"]
    images = {services[name].get("image") or str(services[name].get("build")) for name in ("web", "worker", "beat")}
    assert len(images) == 1, "web, worker and beat run the same application image"
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        env = dict(item.split("=", 1) for item in env) if isinstance(env, list) else env
        for key in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "SECRET_KEY"):
            assert key in env, (name, key)
        for dependency in ("postgres", "redis", "elasticsearch"):
            assert services[name]["depends_on"][dependency]["condition"] == "service_healthy"
    assert "celery" in " ".join(services["worker"]["command"]) if isinstance(services["worker"]["command"], list) \
        else "celery" in services["worker"]["command"]


def test_elasticsearch_runs_with_security_and_a_required_password():
    services = _compose()["services"]
    es = services["elasticsearch"]
    env = dict(item.split("=", 1) for item in es["environment"]) if isinstance(es["environment"], list) \
        else es["environment"]
    assert env["xpack.security.enabled"] == "true"
    assert env["ELASTIC_PASSWORD"].startswith("${ELASTIC_PASSWORD:?")  # no default: compose stops without one
    health = " ".join(es["healthcheck"]["test"])
    assert '-u "elastic:$${ELASTIC_PASSWORD}"' in health  # $$: expanded by the container's shell, not compose
    for name in ("web", "worker", "beat"):
        app = services[name]["environment"]
        assert app["ELASTICSEARCH_USERNAME"] == "elastic"
        assert app["ELASTICSEARCH_PASSWORD"].startswith("${ELASTIC_PASSWORD:?")
        assert "@" not in app["ELASTICSEARCH_URL"]

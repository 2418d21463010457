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
        # the app's own least-privilege user, never the superuser (issue 22)
        assert app["ELASTICSEARCH_USERNAME"] == "saphan_app"
        assert app["ELASTICSEARCH_PASSWORD"].startswith("${SAPHAN_ES_PASSWORD:?")
        assert "ELASTIC_PASSWORD" not in str(app)
        assert "@" not in app["ELASTICSEARCH_URL"]
        assert services[name]["depends_on"]["elasticsearch-setup"]["condition"] == "service_completed_successfully"


def test_the_setup_container_puts_the_role_file_and_the_app_user(tmp_path):
    """elasticsearch-setup's command, run by a real shell (with compose's `$$` → `$`) against a local HTTP server
    standing in for Elasticsearch: it PUTs config/elasticsearch/saphan_app_role.json as the role saphan_app and
    the user saphan_app with SAPHAN_ES_PASSWORD and only that role, signed in as elastic, and fails when refused."""
    import base64
    import json
    import os
    import subprocess
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    setup = _compose()["services"]["elasticsearch-setup"]
    role_file = COMPOSE.parent / "config" / "elasticsearch" / "saphan_app_role.json"
    assert setup["image"] == _compose()["services"]["elasticsearch"]["image"]
    assert "./config/elasticsearch/saphan_app_role.json:/setup/saphan_app_role.json:ro" in setup["volumes"]
    assert setup["depends_on"]["elasticsearch"]["condition"] == "service_healthy"
    received, answer = [], {"status": 200}

    class FakeElasticsearch(BaseHTTPRequestHandler):
        def do_PUT(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.path, self.headers["Authorization"], json.loads(body)))
            self.send_response(answer["status"])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeElasticsearch)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        script = (setup["command"][0].replace("$$", "$")
                  .replace("http://elasticsearch:9200", f"http://127.0.0.1:{server.server_port}")
                  .replace("/setup/saphan_app_role.json", str(role_file)).replace("/tmp/auth", str(tmp_path / "a")))
        env = {**os.environ, "ELASTIC_PASSWORD": "elastic-pw-1", "SAPHAN_ES_PASSWORD": "AppPw123456789012345"}
        done = subprocess.run([*setup["entrypoint"], script], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        answer["status"] = 403
        refused = subprocess.run([*setup["entrypoint"], script], env=env, capture_output=True, text=True, timeout=60)
    finally:
        server.shutdown()
    admin = "Basic " + base64.b64encode(b"elastic:elastic-pw-1").decode()
    assert received[:2] == [
        ("/_security/role/saphan_app", admin, json.loads(role_file.read_text(encoding="utf-8"))),
        ("/_security/user/saphan_app", admin,
         {"password": "AppPw123456789012345", "roles": ["saphan_app"], "full_name": "Saphan web and workers"}),
    ]
    assert refused.returncode != 0 and len(received) == 3  # stops at the first refusal
    assert not (tmp_path / "a").exists(), "the elastic password is not left behind in the container"

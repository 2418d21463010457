"""scripts/services is idempotent, reports state honestly and refuses ports it does not own.

These run while the shared services are up (./run test starts them first) and never stop them: anything that
needs a stopped or foreign state uses a throwaway SAPHAN_RUNTIME_DIR."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICES = str(ROOT / "scripts" / "services")
RUNTIME = Path(os.environ.get("SAPHAN_RUNTIME_DIR", ROOT / ".runtime"))
LOCAL_URLS = {
    "DATABASE_URL": "postgres://saphan:saphan@127.0.0.1:55432/saphan",
    "REDIS_URL": "redis://127.0.0.1:56379/0",
    "ELASTICSEARCH_URL": "http://127.0.0.1:59200",
}
NO_URLS = {"DATABASE_URL": "", "REDIS_URL": "", "ELASTICSEARCH_URL": ""}


def _run(*args, env=None, timeout=120):
    return subprocess.run(
        [SERVICES, *args], capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )


def _pids(runtime: Path) -> dict:
    run = runtime / "run"
    return {p.name: p.read_text().strip() for p in run.glob("*.pid")} if run.exists() else {}


def _exports(text: str) -> dict:
    """`export NAME='value'` lines as a shell would read them."""
    found = {}
    for line in text.splitlines():
        words = shlex.split(line)
        assert words[0] == "export" and len(words) == 2, line
        name, _, value = words[1].partition("=")
        found[name] = value
    return found


def test_start_twice_is_harmless_and_keeps_the_same_processes():
    before = _pids(RUNTIME)
    result = _run("start")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for name in ("postgres", "redis", "elasticsearch"):
        assert f"{name}: already running" in out or f"{name}: using" in out, out
    assert _pids(RUNTIME) == before


def _reserved_ports() -> set[int]:
    text = Path("/proc/sys/net/ipv4/ip_local_reserved_ports").read_text().strip()
    ports = set()
    for part in filter(None, text.split(",")):
        low, _, high = part.partition("-")
        ports.update(range(int(low), int(high or low) + 1))
    return ports


def test_the_services_ports_are_kept_from_outgoing_connections():
    """A client socket given one of our listening ports as its local port would make a node's start fail to bind
    (seen once in CI: a chaos-cluster node on 59312). Started as root, the launcher reserves the project's blocks."""
    assert os.geteuid() == 0, "CI and ./run run as root; as another user the kernel setting cannot be changed"
    reserved = _reserved_ports()
    for port in (55432, 55440, 56379, 56390, 59200, 59210, 59212, 59240, 59310, 59312, 59340):
        assert port in reserved, port
    assert 60500 not in reserved and 45000 not in reserved  # the rest of the ephemeral range is left alone
    result = _run("start")
    assert result.returncode == 0, result.stderr
    assert _reserved_ports() == reserved  # a second start adds nothing twice


def test_urls_naming_the_launchers_own_ports_count_as_its_services():
    # ./run test exports the local URLs; `start` must recognise its own services, not treat them as external
    if not {"postgres.pid", "redis.pid", "elasticsearch.pid"} <= set(_pids(RUNTIME)):
        # the services come from the environment: nothing of ours to recognise, but start must still succeed
        assert _run("start").returncode == 0
        return
    before = _pids(RUNTIME)
    result = _run("start", env={**LOCAL_URLS, "SAPHAN_RUNTIME_DIR": str(RUNTIME)})
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("postgres", "redis", "elasticsearch"):
        assert f"{name}: already running" in result.stdout, result.stdout
    assert _pids(RUNTIME) == before


def test_status_and_env_report_the_running_services():
    status = _run("status")
    assert status.returncode == 0, status.stdout
    assert status.stdout.count(": up") == 3
    env = _run("env")
    assert env.returncode == 0, env.stderr
    exported = _exports(env.stdout)
    assert set(exported) == {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "ELASTICSEARCH_USERNAME",
                             "ELASTICSEARCH_PASSWORD", "ELASTICSEARCH_ADMIN_USERNAME", "ELASTICSEARCH_ADMIN_PASSWORD"}
    assert exported["DATABASE_URL"].startswith(("postgres://", "postgresql://"))
    assert exported["REDIS_URL"].startswith(("redis://", "rediss://"))
    assert exported["ELASTICSEARCH_URL"].startswith(("http://", "https://"))
    # what `start` wrote for `./run manage` says the same
    assert _exports((RUNTIME / "services.env").read_text()) == exported


def test_elasticsearch_refuses_anonymous_requests_and_the_app_uses_the_generated_password():
    """Security is on: the launcher's Elasticsearch answers 401 without credentials. The app's own user
    saphan_app (not the superuser elastic, exported apart for administration only) and the password generated for
    it (kept readable by its owner only) are what `env` exports and what the project's client uses."""
    import base64
    import json
    import urllib.error
    import urllib.request

    exported = _exports(_run("env").stdout)
    url = exported["ELASTICSEARCH_URL"].split(",")[0].rstrip("/")
    user, password = exported["ELASTICSEARCH_USERNAME"], exported["ELASTICSEARCH_PASSWORD"]
    assert user == "saphan_app" and len(password) >= 20
    assert exported["ELASTICSEARCH_ADMIN_USERNAME"] == "elastic"
    assert exported["ELASTICSEARCH_ADMIN_PASSWORD"] not in ("", password)
    for secret in (RUNTIME / "elastic-password", RUNTIME / "app-es-password", RUNTIME / "services.env"):
        assert secret.stat().st_mode & 0o077 == 0, f"{secret} is readable by others"
    try:
        urllib.request.urlopen(f"{url}/_cluster/health", timeout=10)  # noqa: S310 - loopback
        anonymous = 200
    except urllib.error.HTTPError as exc:
        anonymous = exc.code
    assert anonymous == 401
    request = urllib.request.Request(f"{url}/_cluster/health", headers={
        "Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        assert response.status == 200
    code = ("import django; django.setup(); from search.client import cluster_health; "
            "print(cluster_health(timeout=10)['status'])")
    env = {**os.environ, **exported, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    app = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert app.returncode == 0 and app.stdout.split()[-1] in ("green", "yellow"), app.stderr[-1500:]
    wrong = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "ELASTICSEARCH_PASSWORD": "wrong"},
                           capture_output=True, text=True, timeout=120)
    assert wrong.returncode != 0 and "AuthenticationException" in wrong.stderr
    # that user holds only the role made from config/elasticsearch/saphan_app_role.json: no security reads
    with urllib.request.urlopen(urllib.request.Request(f"{url}/_security/_authenticate", headers=request.headers),
                                timeout=10) as response:  # noqa: S310 - loopback
        assert json.loads(response.read())["roles"] == ["saphan_app"]
    try:
        urllib.request.urlopen(urllib.request.Request(f"{url}/_security/user", headers=request.headers),  # noqa: S310
                               timeout=10)
        users = 200
    except urllib.error.HTTPError as exc:
        users = exc.code
    assert users == 403


def test_stop_with_nothing_started_is_harmless(tmp_path):
    result = _run("stop", env={"SAPHAN_RUNTIME_DIR": str(tmp_path)})
    assert result.returncode == 0
    assert "stopped" not in result.stdout
    assert result.stdout.count("not running") == 3, result.stdout


def test_stop_never_signals_a_stranger_behind_a_stale_pid_file(tmp_path):
    # pid files left from an earlier boot whose numbers now belong to another program
    stranger = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (tmp_path / "run").mkdir()
        for name in ("postgres.pid", "redis.pid", "elasticsearch.pid"):
            (tmp_path / "run" / name).write_text(f"{stranger.pid}\n")
        env = {**NO_URLS, "SAPHAN_RUNTIME_DIR": str(tmp_path)}
        status = _run("status", env={**env, "SAPHAN_PG_PORT": "9", "SAPHAN_REDIS_PORT": "9", "SAPHAN_ES_PORT": "9"})
        assert status.returncode == 1
        assert status.stdout.count(": down") == 3, status.stdout
        stop = _run("stop", env=env)
        assert stop.returncode == 0, stop.stderr
        assert "stopped" not in stop.stdout
        assert stranger.poll() is None, "stop killed a process it did not start"
    finally:
        stranger.kill()
        stranger.wait()


def test_status_of_services_not_running_is_down(tmp_path):
    ports = {"SAPHAN_PG_PORT": "9", "SAPHAN_REDIS_PORT": "9", "SAPHAN_ES_PORT": "9"}
    result = _run("status", env={**ports, **NO_URLS, "SAPHAN_RUNTIME_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert result.stdout.count(": down") == 3


def test_start_refuses_a_port_taken_by_someone_else(tmp_path):
    # Redis' port answers, but not as a PostgreSQL this launcher started: a clear error, nothing started.
    redis_port = os.environ.get("REDIS_URL", LOCAL_URLS["REDIS_URL"]).rsplit(":", 1)[1].split("/")[0]
    result = _run("start", env={**NO_URLS, "SAPHAN_RUNTIME_DIR": str(tmp_path), "SAPHAN_PG_PORT": redis_port})
    assert result.returncode != 0
    assert f"port {redis_port} is taken" in result.stderr
    assert not (tmp_path / "svc" / "pg").exists() and not (tmp_path / "run").exists()

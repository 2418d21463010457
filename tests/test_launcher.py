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
    assert set(exported) == {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL"}
    assert exported["DATABASE_URL"].startswith(("postgres://", "postgresql://"))
    assert exported["REDIS_URL"].startswith(("redis://", "rediss://"))
    assert exported["ELASTICSEARCH_URL"].startswith(("http://", "https://"))
    # what `start` wrote for `./run manage` says the same
    assert _exports((RUNTIME / "services.env").read_text()) == exported


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

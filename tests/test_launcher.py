"""scripts/services is idempotent, reports state honestly and refuses ports it does not own."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICES = str(ROOT / "scripts" / "services")


def _run(*args, env=None, timeout=120):
    return subprocess.run(
        [SERVICES, *args], capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )


def _pids(runtime: Path) -> dict:
    run = runtime / "run"
    return {p.name: p.read_text().strip() for p in run.glob("*.pid")} if run.exists() else {}


def test_start_twice_is_harmless_and_keeps_the_same_processes():
    runtime = Path(os.environ.get("SAPHAN_RUNTIME_DIR", ROOT / ".runtime"))
    before = _pids(runtime)
    result = _run("start")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for name in ("postgres", "redis", "elasticsearch"):
        assert f"{name}: already running" in out or f"{name}: using" in out, out
    assert _pids(runtime) == before


def test_status_and_env_report_the_running_services():
    status = _run("status")
    assert status.returncode == 0, status.stdout
    assert status.stdout.count(": up") == 3
    env = _run("env").stdout
    for key in ("DATABASE_URL=", "REDIS_URL=", "ELASTICSEARCH_URL="):
        assert key in env


def test_stop_with_nothing_started_is_harmless(tmp_path):
    result = _run("stop", env={"SAPHAN_RUNTIME_DIR": str(tmp_path)})
    assert result.returncode == 0
    assert "stopped" not in result.stdout


def test_status_of_services_not_running_is_down(tmp_path):
    ports = {"SAPHAN_PG_PORT": "9", "SAPHAN_REDIS_PORT": "9", "SAPHAN_ES_PORT": "9"}
    clean_env = {"DATABASE_URL": "", "REDIS_URL": "", "ELASTICSEARCH_URL": "", "SAPHAN_RUNTIME_DIR": str(tmp_path)}
    result = _run("status", env={**ports, **clean_env})
    assert result.returncode == 1
    assert result.stdout.count(": down") == 3


def test_start_refuses_a_port_taken_by_someone_else(tmp_path):
    # Redis' port answers, but not as a PostgreSQL this launcher started: a clear error, nothing started.
    redis_port = os.environ.get("REDIS_URL", "redis://127.0.0.1:56379/0").rsplit(":", 1)[1].split("/")[0]
    clean_env = {"DATABASE_URL": "", "REDIS_URL": "", "ELASTICSEARCH_URL": "", "SAPHAN_RUNTIME_DIR": str(tmp_path)}
    result = _run("start", env={**clean_env, "SAPHAN_PG_PORT": redis_port})
    assert result.returncode != 0
    assert f"port {redis_port} is taken" in result.stderr

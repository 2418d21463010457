"""A whole Saphan deployment on loopback for the fault tests: its own PostgreSQL (55440), Redis with an append-only
file (56390) and a 3-node Elasticsearch cluster (59210-59212, transport 59310-59312), all started through
`scripts/services` under `.runtime/chaos/`; two gunicorn web processes (8170, 8171) and two Celery workers with
production settings, as two hosts would run them; and a small SMS gateway that records every request and sends
each message reference once, as a real provider's idempotency key does.

Every process is started here, recorded by pid and stopped here, also when a test fails; a pid file left by an
interrupted run is cleaned up (only when the pid still runs one of our commands) before starting again.
"""

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SERVICES = str(ROOT / "scripts" / "services")
RUNTIME = ROOT / ".runtime" / "chaos"
PG_PORT, REDIS_PORT, ES_PORT, ES_TRANSPORT_PORT = 55440, 56390, 59210, 59310
ES_NODES = 3
WEB_PORTS = (8170, 8171)
DATABASE = "saphan_chaos"
PYTHON = sys.executable
BIN = Path(sys.executable).parent


def http_get(url: str, timeout: float = 10.0, headers: dict | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def wait_until(predicate, timeout: float, message: str, interval: float = 0.3):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except Exception as exc:  # retried until the deadline
            last = exc
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {message} (last: {last!r})")


class SmsGateway:
    """An HTTP SMS provider on loopback. Requests for a reference it has already accepted are answered 200 and
    not sent again. A reference in `hold` is kept waiting until `release()` (so a test can kill the worker
    that is in the middle of sending it); `who` maps a request's client port to the process that sent it."""

    def __init__(self):
        self.attempts: list[dict] = []
        self.sent: dict[str, int] = {}
        self.hold: set[str] = set()
        self.holding_next = False
        self.held = threading.Event()
        self.released = threading.Event()
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                reference = body.get("reference", "")
                with gateway.lock:
                    gateway.attempts.append({"reference": reference, "port": self.client_address[1],
                                             "pid": pid_of_client_port(self.client_address[1],
                                                                            self.server.server_address[1])})
                    if gateway.holding_next and reference not in gateway.sent:
                        gateway.holding_next = False
                        gateway.hold = {reference}
                if reference in gateway.hold:
                    gateway.held.set()
                    gateway.released.wait(60)
                with gateway.lock:
                    gateway.sent[reference] = gateway.sent.get(reference, 0) + (0 if reference in gateway.sent else 1)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"status":"ok"}')

            def log_message(self, *args):
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def hold_next(self):
        """Keep the next request with a reference not seen before waiting until `release()`."""
        with self.lock:
            self.hold = set()
            self.holding_next = True
            self.held.clear()
            self.released.clear()

    def release(self):
        self.released.set()

    def reset(self):
        """Nothing held any more: a failed test must not leave the next one's messages waiting on a hold."""
        with self.lock:
            self.hold = set()
            self.holding_next = False
        self.released.set()

    def attempts_for(self, reference: str) -> list[dict]:
        with self.lock:
            return [a for a in self.attempts if a["reference"] == reference]

    def close(self):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


def pid_of_client_port(port: int, server_port: int) -> int | None:
    """The local process owning the client end of the TCP connection from local port `port` to `server_port`
    (from /proc/net/tcp and fds). Both ends are needed: Linux reuses one ephemeral port for connections to
    different servers, so the local port alone can name another process's socket (a worker's Redis connection)."""
    inode = None
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if (int(fields[1].rsplit(":", 1)[1], 16) == port and int(fields[2].rsplit(":", 1)[1], 16) == server_port
                    and fields[9] != "0"):
                inode = fields[9]
                break
        if inode:
            break
    if not inode:
        return None
    target = f"socket:[{inode}]"
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if os.readlink(fd) == target:
                    return int(proc.name)
        except OSError:
            continue
    return None


class Proc:
    """A process we started in its own session (so a kill reaches its children), with its pid recorded."""

    def __init__(self, name: str, cmd: list[str], env: dict):
        self.name, self.cmd, self.env = name, cmd, env
        self.log = RUNTIME / "logs" / f"{name}.log"
        self.pidfile = RUNTIME / "procs" / f"{name}.pid"
        self.popen: subprocess.Popen | None = None

    def start(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.pidfile.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.popen = subprocess.Popen(self.cmd, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                          start_new_session=True)
        self.pidfile.write_text(str(self.popen.pid))
        return self

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def children(self) -> list[int]:
        found = []
        for proc in Path("/proc").iterdir():
            if proc.name.isdigit():
                try:
                    stat = (proc / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.pid:
                    found.append(int(proc.name))
        return found

    def kill(self, sig=signal.SIGKILL):
        """Signal the whole process group (a worker and its pool, gunicorn and its workers)."""
        if self.alive():
            os.killpg(self.pid, sig)

    def stop(self, timeout: float = 15.0):
        if not self.alive():
            self.pidfile.unlink(missing_ok=True)
            return
        os.killpg(self.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.pid, signal.SIGKILL)
            self.popen.wait(10)
        self.pidfile.unlink(missing_ok=True)


def _kill_leftovers():
    """Processes recorded by an interrupted earlier run, if the pid still runs one of our commands."""
    for pidfile in (RUNTIME / "procs").glob("*.pid"):
        pid = int(pidfile.read_text() or 0)
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            cmdline = ""
        if pid and ("celery" in cmdline or "gunicorn" in cmdline):
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
        pidfile.unlink(missing_ok=True)


class Stack:
    def __init__(self):
        self.es_urls = ",".join(f"http://127.0.0.1:{ES_PORT + i}" for i in range(ES_NODES))
        self.database_url = f"postgres://saphan:saphan@127.0.0.1:{PG_PORT}/{DATABASE}"
        self.redis_url = f"redis://127.0.0.1:{REDIS_PORT}/0"
        self.gateway = SmsGateway()
        self.workers: dict[str, Proc] = {}
        self.webs: dict[int, Proc] = {}
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "SEARCH_", "CACHE_"))},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(48), "SAPHAN_PUBLIC_BASE_URL": "https://saphan.invalid",
            "DATABASE_URL": self.database_url, "REDIS_URL": self.redis_url, "ELASTICSEARCH_URL": self.es_urls,
            "ELASTICSEARCH_TIMEOUT": "3", "SEARCH_INDEX_PREFIX": "saphan-chaos", "CACHE_KEY_PREFIX": "chaos",
            "SEARCH_RESULT_CACHE_SECONDS": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false",
            "SAPHAN_SMS_GATEWAY_URL": self.gateway.url, "SAPHAN_SMS_GATEWAY_TOKEN": "chaos",
            "HEALTH_TOKEN": secrets.token_urlsafe(24),  # the tests read /health/'s per-node details with it
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "CELERY_VISIBILITY_TIMEOUT": "8", "CELERY_RESTORE_INTERVAL": "2", "CELERY_RESTORE_THROTTLE": "1",
            "DB_CONN_MAX_AGE": "60", "LOG_LEVEL": "WARNING",
            "MEDIA_ROOT": str(RUNTIME / "media"), "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1",
            "PYTHONUNBUFFERED": "1",
        }

    # ---------------------------------------------------------------- services (through the launcher)
    @property
    def health_headers(self) -> dict:
        """/health/ answers only its status to the public; these headers unlock the per-component details."""
        return {"X-Health-Token": self.env["HEALTH_TOKEN"]}

    def launcher_env(self, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL")}
        env.update(SAPHAN_RUNTIME_DIR=str(RUNTIME), SAPHAN_PG_PORT=str(PG_PORT), SAPHAN_REDIS_PORT=str(REDIS_PORT),
                   SAPHAN_ES_PORT=str(ES_PORT), SAPHAN_ES_TRANSPORT_PORT=str(ES_TRANSPORT_PORT),
                   SAPHAN_ES_HEAP=os.environ.get("SAPHAN_CHAOS_ES_HEAP", "512m"))
        unpacked = ROOT / ".runtime" / "svc" / "elasticsearch-9.5.4"
        if "SAPHAN_ES_HOME" not in env and (unpacked / "bin" / "elasticsearch").exists():
            env["SAPHAN_ES_HOME"] = str(unpacked)  # reuse the main runtime's unpacked Elasticsearch
        env.update(extra)
        return env

    def launcher(self, *args, timeout=300, **extra) -> str:
        result = subprocess.run([SERVICES, *args], capture_output=True, text=True, timeout=timeout,
                                env=self.launcher_env(**extra))
        assert result.returncode == 0, f"scripts/services {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def use_es_password(self):
        """The launcher made this runtime's passwords (its Elasticsearch runs with security on): the stack's web
        and worker processes sign in as the least-privilege app user saphan_app, as in production; only the
        test's own client, which watches the cluster from outside, is `elastic`."""
        app_password = (RUNTIME / "app-es-password").read_text().strip()
        password = (RUNTIME / "elastic-password").read_text().strip()
        assert password and app_password, "scripts/services wrote no Elasticsearch passwords"
        self.env.update(ELASTICSEARCH_USERNAME="saphan_app", ELASTICSEARCH_PASSWORD=app_password)
        self.es_auth = ("elastic", password)

    def es_client(self, timeout: float = 30):
        from elasticsearch import Elasticsearch

        return Elasticsearch(self.es_urls.split(","), basic_auth=self.es_auth, request_timeout=timeout)

    def run_dir(self) -> Path:
        data = RUNTIME / "services-data"
        return (data if data.exists() else RUNTIME) / "run"

    def es_node_pid(self, node: int) -> int:
        return int((self.run_dir() / f"es-node-{node}.pid").read_text().strip())

    def redis_pid(self) -> int:
        return int((self.run_dir() / "redis.pid").read_text().strip())

    def manage(self, *args, timeout=300, check=True, env=None) -> subprocess.CompletedProcess:
        result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env or self.env, capture_output=True,
                                text=True, timeout=timeout)
        if check:
            assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr[-3000:]}"
        return result

    def driver(self, *args, timeout=300, env=None) -> dict:
        result = subprocess.run([PYTHON, str(ROOT / "tests" / "chaos_driver.py"), *args], cwd=ROOT,
                                env=env or self.env, capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, f"chaos_driver {' '.join(args)}:\n{result.stdout}\n{result.stderr[-3000:]}"
        return json.loads(result.stdout.strip().splitlines()[-1])

    def driver_async(self, name: str, *args) -> Proc:
        return Proc(name, [PYTHON, str(ROOT / "tests" / "chaos_driver.py"), *args], self.env).start()

    # ---------------------------------------------------------------- application processes
    def start_worker(self, name: str) -> Proc:
        proc = Proc(name, [str(BIN / "celery"), "-A", "config", "worker", "--pool=prefork", "--concurrency=1",
                           "-n", f"{name}@chaos", "--loglevel=INFO", "--without-gossip", "--without-mingle"],
                    self.env).start()
        self.workers[name] = proc
        return proc

    def start_web(self, port: int) -> Proc:
        proc = Proc(f"web-{port}", [str(BIN / "gunicorn"), "config.wsgi:application", "-b", f"127.0.0.1:{port}",
                                    "--workers", "1", "--threads", "4", "--timeout", "30",
                                    "--graceful-timeout", "5", "--no-control-socket"], self.env).start()
        self.webs[port] = proc
        return proc

    def workers_ready(self, names=None) -> bool:
        names = names or list(self.workers)
        logs = {name: self.workers[name].log.read_text(errors="replace") for name in names}
        return all("ready." in text.rsplit("celery@", 1)[-1] or " ready." in text for text in logs.values())

    # ---------------------------------------------------------------- lifecycle
    def start(self):
        started = time.monotonic()
        _kill_leftovers()
        RUNTIME.mkdir(parents=True, exist_ok=True)
        # PostgreSQL and Redis first (seconds); the cluster forms while the database is migrated
        self.timings = {}
        self.launcher("start", ELASTICSEARCH_URL=os.environ.get("SAPHAN_CHAOS_BOOT_ES", "http://127.0.0.1:59200"))
        self.use_es_password()
        self.timings["postgres+redis"] = time.monotonic() - started
        es = self.es_start = subprocess.Popen([SERVICES, "start", "--es-nodes", str(ES_NODES)],
                                              env=self.launcher_env(), stdout=subprocess.PIPE,
                                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
        import psycopg

        admin = urlunsplit(urlsplit(self.database_url)._replace(path="/postgres"))
        # a migrated copy is kept as a template in this throwaway cluster, keyed by the migrations' content
        key = _migrations_key()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                               [f"{DATABASE}_template"]).fetchone()
            cached = row is not None and row[0] == key
            conn.execute(f"CREATE DATABASE {DATABASE}" + (f" TEMPLATE {DATABASE}_template" if cached else ""))
        import redis

        redis.Redis.from_url(self.redis_url).flushall()
        if not cached:
            self.manage("migrate", "--noinput", "-v0", timeout=900)  # a busy 2-core machine: minutes
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {DATABASE}_template WITH (FORCE)")
                conn.execute(f"CREATE DATABASE {DATABASE}_template TEMPLATE {DATABASE}")
                conn.execute(f"COMMENT ON DATABASE {DATABASE}_template IS '{key}'")
        self.timings["migrate"] = time.monotonic() - started
        out, _ = es.communicate(timeout=400)
        assert es.returncode == 0, f"Elasticsearch cluster did not start:\n{out}"
        self.timings["es-cluster"] = time.monotonic() - started
        self.driver("seed", "--graduates", os.environ.get("SAPHAN_CHAOS_GRADUATES", "600"))
        self.timings["seed"] = time.monotonic() - started
        self.manage("search_reindex", "--no-progress")
        self.timings["reindex"] = time.monotonic() - started
        for name in ("worker-a", "worker-b"):
            self.start_worker(name)
        for port in WEB_PORTS:
            self.start_web(port)
        for port in WEB_PORTS:
            wait_until(lambda port=port: http_get(f"http://127.0.0.1:{port}/health/")[0] == 200, 90,
                       f"web {port} healthy")
        self.timings["web+workers"] = time.monotonic() - started
        print("chaos stack up:", {k: round(v, 1) for k, v in self.timings.items()})  # noqa: T201
        return self

    def stop(self):
        starting = getattr(self, "es_start", None)
        if starting is not None and starting.poll() is None:  # a failed start: the launcher must not keep its lock
            os.killpg(starting.pid, signal.SIGTERM)
            starting.wait(30)
        for proc in [*self.webs.values(), *self.workers.values()]:
            proc.stop()
        self.gateway.close()
        try:
            result = subprocess.run([SERVICES, "stop"], capture_output=True, text=True, timeout=240,
                                    env=self.launcher_env())
            if result.returncode != 0:
                print(result.stdout, result.stderr)  # noqa: T201 - cleanup report
        finally:  # whatever the launcher could not stop in time: its pid files name our own services
            for pidfile in self.run_dir().glob("*.pid"):
                with contextlib.suppress(OSError, ValueError):
                    pid = int(pidfile.read_text().strip())
                    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
                    if any(name in cmdline for name in (b"postgres", b"redis-server", b"elasticsearch")):
                        os.kill(pid, signal.SIGKILL)


def _migrations_key() -> str:
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha1(f"{version('django')} {version('wagtail')}".encode())
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def percentile(values, pct):
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, max(0, int(round(pct / 100 * len(ordered) + 0.5)) - 1))]

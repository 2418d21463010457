"""Faults on a real deployment on loopback (tests/chaos_stack.py): a 3-node Elasticsearch cluster, two gunicorn
web processes and two Celery workers with production settings, PostgreSQL and Redis of their own. Each test kills
or restarts a real process while the system is busy and asserts what users see during the fault and that nothing
is lost after it. Marker `chaos`; part of the normal run (`./run test`), and a missing part fails, never skips.
"""

import json
import os
import random
import re
import signal
import subprocess
import threading
import time
import urllib.parse

import pytest

from tests.chaos_stack import (
    ES_NODES,
    PYTHON,
    ROOT,
    RUNTIME,
    WEB_PORTS,
    Stack,
    http_get,
    percentile,
    wait_until,
)

pytestmark = pytest.mark.chaos
QUERIES = ["ซ่อมมอไซค์ไฟฟ้า", "แบตเตอรี่", "EV", "ช่างเชื่อม", "โซล่าเซลล์", "ไฟฟ้า", "motorcycle", "ดัดแปลง"]


@pytest.fixture(scope="module")
def stack():
    running = Stack()
    try:
        yield running.start()
    finally:
        running.stop()


@pytest.fixture(autouse=True)
def _every_worker_running_and_nothing_held(request):
    """Each test starts with both workers up and leaves no held SMS and no stopped worker behind, also when it
    fails: a hold left in place kept the next tests' workers waiting on the gateway, one failure became four."""
    if "stack" not in request.fixturenames:
        yield
        return
    running = request.getfixturevalue("stack")
    yield
    running.gateway.reset()
    for name, proc in running.workers.items():
        if proc.alive():
            proc.kill(signal.SIGCONT)  # a test that paused the workers and failed before resuming them
        else:
            running.start_worker(name)
    wait_until(lambda: running.workers_ready(), 90, "both workers after the test")


class SearchLoad:
    """Users searching the catalogue on both web processes while a fault happens: every answer is recorded."""

    def __init__(self, threads: int = 2):
        self.answers: list[tuple[int, bool, float]] = []  # (status, degraded, seconds)
        self.stop_event = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]

    def _run(self, i):
        rng = random.Random(i)
        while not self.stop_event.is_set():
            port = WEB_PORTS[rng.randrange(len(WEB_PORTS))]
            started = time.monotonic()
            query = urllib.parse.quote(rng.choice(QUERIES))
            try:
                status, body = http_get(f"http://127.0.0.1:{port}/api/courses/search?q={query}", 20)
            except OSError as exc:  # refused or timed out: what a user would see as an error
                status, body = 0, str(exc)
            degraded = status == 200 and json.loads(body).get("degraded", False)
            self.answers.append((status, degraded, time.monotonic() - started))
            time.sleep(0.05)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        for thread in self.threads:
            thread.join(30)

    def summary(self) -> dict:
        return {"requests": len(self.answers), "non_200": [a[0] for a in self.answers if a[0] != 200],
                "degraded": sum(a[1] for a in self.answers),
                "p95_s": percentile([a[2] for a in self.answers], 95)}


def _drained(stack, timeout=150):
    """All queued and running tasks are done (both workers idle, broker queue empty). The waits in this module are
    generous: they end as soon as the condition holds, and CI's machine runs the stack at half this one's speed."""
    import redis

    client = redis.Redis.from_url(stack.redis_url)

    def idle():
        return client.llen("celery") == 0 and client.hlen("unacked") == 0

    wait_until(idle, timeout, "the task queue to drain", interval=0.5)
    time.sleep(1.0)


def _worker_of(stack, pid: int | None) -> str:
    owners = {name: {proc.pid, *proc.children()} for name, proc in stack.workers.items()}
    victim = next((name for name, pids in owners.items() if pid in pids), None)
    assert victim, f"process {pid} is none of the workers {owners}"
    return victim


def _no_drift(stack):
    report = stack.driver("reconcile")
    assert all(r["missing"] == 0 and r["stale"] == 0 and r["extra"] == 0 and not r["layout"]
               for r in report.values()), report
    return report


def test_cluster_reports_every_node_and_keeps_a_replica_of_every_shard(stack):
    status, body = http_get(f"http://127.0.0.1:{WEB_PORTS[0]}/health/", headers=stack.health_headers)
    assert status == 200, body
    es = json.loads(body)["components"]["elasticsearch"]
    views = es["detail"]["nodes"]
    assert len(views) == ES_NODES
    assert all(v["ok"] and v["nodes"] == ES_NODES and v["unassigned_shards"] == 0 and v["status"] == "green"
               for v in views), views
    client = stack.es_client(10)
    shards = client.cat.shards(index="saphan-chaos-*", format="json").body
    live = [s for s in shards if s["state"] == "STARTED"]
    assert {s["prirep"] for s in live} == {"p", "r"}
    assert sum(s["prirep"] == "r" for s in live) == sum(s["prirep"] == "p" for s in live)  # one replica each
    # a primary and its replica never share a node
    by_shard = {}
    for s in live:
        by_shard.setdefault((s["index"], s["shard"]), set()).add(s["node"])
    assert all(len(nodes) == 2 for nodes in by_shard.values()), by_shard


def test_a_sign_in_on_one_web_process_is_served_by_the_other(stack):
    """Sessions live in PostgreSQL (read through Redis): any web process serves anyone, as behind a balancer."""
    import requests

    stack.driver("signup", "--count", "1", "--prefix", "0863")
    first, second = (f"http://127.0.0.1:{port}" for port in WEB_PORTS)
    browser = requests.Session()
    browser.get(f"{first}/login/", timeout=30)
    signed_in = browser.post(f"{first}/login/", timeout=30, allow_redirects=False, headers={"Referer": f"{first}/"},
                             data={"username": "0863000000", "password": "chaos-pass-2024",
                                   "csrfmiddlewaretoken": browser.cookies["csrftoken"]})
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/me/", signed_in.text[:500]
    page = browser.get(f"{second}/me/", timeout=30, allow_redirects=False)
    assert page.status_code == 200 and "ทดสอบ 0" in page.text  # the other process knows who this is
    assert requests.get(f"{second}/me/", timeout=30, allow_redirects=False).status_code == 302  # a stranger does not


def test_an_elasticsearch_node_killed_during_reindex_and_sync_loses_nothing(stack):
    victim = 2
    with SearchLoad() as load:
        sync = stack.driver_async("touch-es", "touch", "--count", "300", "--delay", "0.01")
        reindex = subprocess.Popen([PYTHON, "manage.py", "search_reindex", "--no-progress"], cwd=ROOT,
                                   env=stack.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        time.sleep(2.0)
        os.kill(stack.es_node_pid(victim), signal.SIGKILL)
        killed_at = time.monotonic()
        out, _ = reindex.communicate(timeout=240)
        sync.popen.wait(240)
        # during the fault the health page names the dead node and still answers
        status, body = http_get(f"http://127.0.0.1:{WEB_PORTS[1]}/health/", headers=stack.health_headers)
        seen_during = time.monotonic() - killed_at
        time.sleep(1.0)
    health = json.loads(body)["components"]["elasticsearch"]
    assert health["ok"], body
    assert [v["ok"] for v in health["detail"]["nodes"]].count(False) == 1, body
    summary = load.summary()
    assert summary["requests"] > 20, summary
    assert summary["non_200"] == [], summary  # searches kept answering (results, or the fallback with notice)
    assert reindex.returncode == 0, out
    assert sync.popen.returncode == 0, sync.log.read_text()[-2000:]

    stack.launcher("start", "--es-nodes", str(ES_NODES))  # the node comes back through the launcher
    client = stack.es_client(60)
    assert client.cluster.health(wait_for_status="green", timeout="60s")["status"] == "green"
    _drained(stack)
    report = _no_drift(stack)
    print("es-node kill:", summary, "health checked", round(seen_during, 1), "s after the kill", report)  # noqa: T201


def test_a_worker_killed_mid_task_runs_it_again_elsewhere_with_one_effect(stack):
    gateway = stack.gateway
    gateway.hold_next()
    # 1) the worker sending an SMS dies with its host (SIGKILL to the worker and its pool) while sync tasks run
    held = stack.driver("notify", "--count", "1", "--kind", "chaos-kill")["ids"][0]
    held_ref = f"saphan-msg-{held}"
    assert gateway.held.wait(60), "no worker started sending"
    assert gateway.hold == {held_ref}
    sender = gateway.attempts_for(held_ref)[0]["pid"]
    victim = _worker_of(stack, sender)
    survivor = next(name for name in stack.workers if name != victim)
    rest = stack.driver("notify", "--count", "12", "--kind", "chaos-kill")["ids"]
    touch = stack.driver_async("touch-kill", "touch", "--count", "150", "--delay", "0.01")
    time.sleep(1.5)
    stack.workers[victim].kill(signal.SIGKILL)
    gateway.hold.clear()
    gateway.release()
    touch.popen.wait(120)
    # the late-acknowledged task returns after the visibility timeout and the surviving worker sends it
    wait_until(lambda: len(gateway.attempts_for(held_ref)) >= 2, 120, "the killed task to run again")
    survivor_pids = {stack.workers[survivor].pid, *stack.workers[survivor].children()}
    assert gateway.attempts_for(held_ref)[-1]["pid"] in survivor_pids
    wait_until(lambda: stack.driver("state", "--kind", "chaos-kill")["messages"] == {"sent": 13}, 150,
               "every message sent")
    assert gateway.sent[held_ref] == 1  # two requests, one SMS: the reference is the gateway's idempotency key
    assert all(len(gateway.attempts_for(f"saphan-msg-{pk}")) == 1 for pk in rest)  # no other request repeated

    # 2) only the pool process dies mid-task: reject_on_worker_lost puts the task back at once
    stack.start_worker(victim)
    wait_until(lambda: stack.workers_ready([victim]), 60, "the restarted worker")
    gateway.hold_next()
    probe = stack.driver("notify", "--count", "1", "--kind", "chaos-child")["ids"][0]
    child_ref = f"saphan-msg-{probe}"
    assert gateway.held.wait(60), "no worker started sending"
    assert gateway.hold == {child_ref}
    os.kill(gateway.attempts_for(child_ref)[0]["pid"], signal.SIGKILL)  # the pool process, not its worker
    gateway.hold.clear()
    gateway.release()
    wait_until(lambda: len(gateway.attempts_for(child_ref)) >= 2, 60, "the task to be requeued and run again")
    wait_until(lambda: stack.driver("state", "--kind", "chaos-child")["messages"] == {"sent": 1}, 120, "sent")
    assert gateway.sent[child_ref] == 1
    _drained(stack)
    _no_drift(stack)  # the sync tasks the killed worker held ran again too: no index drift without any repair


def test_a_worker_killed_mid_ledger_task_writes_the_repayment_row_once(stack):
    """Money: no Celery task writes a Payment row (payments are confirmed in the request), but paying an agent's
    loan instalment makes `payments.notify_payable_paid` write the fund's repayment ledger row (agents.FundEntry).
    The worker running it dies with its host while the task waits on the fund's row lock; the task runs again on
    the other worker, and the ledger holds exactly one repayment, also after one more (duplicate) delivery."""
    import psycopg

    from tests.chaos_stack import PG_PORT, pid_of_client_port

    for name, proc in stack.workers.items():  # the first test of this module may have left one stopped
        if not proc.alive():
            stack.start_worker(name)
    wait_until(lambda: stack.workers_ready(), 60, "both workers")
    world = stack.driver("repayment-setup", "--suffix", f"{random.randrange(10**5):05d}")
    assert stack.driver("ledger", "--instalment", str(world["instalment"]))["repayments"] == []
    with psycopg.connect(stack.database_url) as held:  # the test holds the fund's lock: the task stops at it
        held.execute("SELECT id FROM agents_fund WHERE id = %s FOR UPDATE", [world["fund"]])
        stack.driver("repayment-pay", "--invoice", str(world["invoice"]))

        def waiting_backend():
            with psycopg.connect(stack.database_url, autocommit=True) as conn:
                return conn.execute("SELECT client_port FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                    "AND query LIKE '%%agents_fund%%' AND pid <> pg_backend_pid()").fetchone()

        port = wait_until(waiting_backend, 60, "a worker to start the ledger task and wait on the fund")[0]
        runner = pid_of_client_port(port, PG_PORT)
        victim = _worker_of(stack, runner)
        survivor = next(name for name in stack.workers if name != victim)
        touch = stack.driver_async("touch-ledger", "touch", "--count", "60", "--delay", "0.01")  # busy meanwhile
        stack.workers[victim].kill(signal.SIGKILL)  # the host dies: worker and pool at once, nothing acknowledged
        time.sleep(0.5)
        held.rollback()  # the lock goes; the dead worker's transaction can never commit
    touch.popen.wait(120)
    # after the visibility timeout the task returns and the surviving worker writes the row
    wait_until(lambda: stack.driver("ledger", "--instalment", str(world["instalment"]))["instalment_paid"], 120,
               "the killed ledger task to run again")
    survivor_log = stack.workers[survivor].log.read_text(errors="replace")
    assert re.search(r"payments\.notify_payable_paid\[[^\]]+\] succeeded", survivor_log), survivor_log[-2000:]
    stack.driver("redeliver", "--invoice", str(world["invoice"]))  # the same task delivered once more
    _drained(stack)
    ledger = stack.driver("ledger", "--instalment", str(world["instalment"]))
    assert ledger["repayments"] == [[f"inv:{_invoice_number(stack, world['invoice'])}", world["amount"],
                                     world["instalment"]]], ledger
    stack.start_worker(victim)
    wait_until(lambda: stack.workers_ready([victim]), 60, "the restarted worker")
    _no_drift(stack)  # the sync tasks around the kill lost nothing either


def _invoice_number(stack, invoice_id: int) -> str:
    import psycopg

    with psycopg.connect(stack.database_url) as conn:
        return conn.execute("SELECT number FROM payments_invoice WHERE id = %s", [invoice_id]).fetchone()[0]


def test_redis_restart_with_tasks_queued_loses_none(stack):
    import redis

    client = redis.Redis.from_url(stack.redis_url)
    _drained(stack)
    for proc in stack.workers.values():  # workers paused: the tasks stay queued across the restart
        proc.kill(signal.SIGSTOP)
    try:
        ids = stack.driver("notify", "--count", "25", "--kind", "chaos-redis")["ids"]
        stack.driver("touch", "--count", "60")
        queued = client.llen("celery")
        assert queued >= 25 + 60 - 2, queued  # a paused worker may already have popped one
        os.kill(stack.redis_pid(), signal.SIGTERM)  # a restart: Redis writes its append-only file and stops
        wait_until(lambda: not _redis_answers(client), 20, "Redis to stop")
        stack.launcher("start", "--es-nodes", str(ES_NODES))
        assert client.llen("celery") == queued  # the queue came back from the append-only file
    finally:
        for proc in stack.workers.values():
            proc.kill(signal.SIGCONT)
    _drained(stack, timeout=180)
    state = stack.driver("state", "--kind", "chaos-redis")
    # what a worker had popped just before the restart may be gone with its connection: the periodic repair
    # (requeue of stuck messages, search reconcile) restores every effect, and nothing is sent twice
    repair = stack.driver("repair")
    wait_until(lambda: stack.driver("state", "--kind", "chaos-redis")["messages"] == {"sent": 25}, 120,
               "every message sent")
    assert repair["requeued"] <= 2 and state["messages"].get("sent", 0) >= 23, (state, repair)
    # one SMS each; a task a paused worker held past the visibility timeout may have been requested twice
    assert all(stack.gateway.sent.get(f"saphan-msg-{pk}") == 1 for pk in ids)
    repeated = sum(len(stack.gateway.attempts_for(f"saphan-msg-{pk}")) > 1 for pk in ids)
    assert repeated <= 2, repeated
    # locks and the cache work again: a rebuild takes the alias lock and the site answers
    stack.manage("search_reindex", "--index", "openings", "--no-progress")
    # web and workers reconnect by themselves (the health page pings the workers through Redis)
    wait_until(lambda: all(http_get(f"http://127.0.0.1:{port}/health/")[0] == 200 for port in WEB_PORTS), 60,
               "every web process healthy again")
    _drained(stack)
    _no_drift(stack)
    print("redis restart:", state, repair)  # noqa: T201


def _redis_answers(client) -> bool:
    try:
        return client.ping()
    except Exception:
        return False


def test_postgresql_restart_gives_a_thai_503_then_recovers_by_itself(stack):
    signups = stack.driver_async("signup-pg", "signup", "--count", "40", "--prefix", "0862", "--delay", "0.05")
    time.sleep(1.0)
    pg_data = _pg_data_dir(stack)
    subprocess.run(["runuser", "-u", "saphan", "--", _pg_ctl(), "-D", pg_data, "-m", "fast", "-w", "stop"]
                   if os.geteuid() == 0 else [_pg_ctl(), "-D", pg_data, "-m", "fast", "-w", "stop"],
                   check=True, capture_output=True, timeout=60)
    during = [http_get(f"http://127.0.0.1:{port}/", 15) for port in WEB_PORTS for _ in range(3)]
    stack.launcher("start", "--es-nodes", str(ES_NODES))
    signups.popen.wait(400)
    assert all(status == 503 for status, _ in during), [s for s, _ in during]
    assert all("ระบบกำลังกลับมา" in body for _, body in during)
    # web and workers recover without a restart: pages answer, tasks run
    wait_until(lambda: all(http_get(f"http://127.0.0.1:{port}/")[0] == 200 for port in WEB_PORTS), 30,
               "pages to answer again")
    ids = stack.driver("notify", "--count", "4", "--kind", "chaos-pg")["ids"]
    wait_until(lambda: stack.driver("state", "--kind", "chaos-pg")["messages"] == {"sent": 4}, 120, "sent")
    assert all(stack.gateway.sent.get(f"saphan-msg-{pk}") == 1 for pk in ids)
    state = stack.driver("state", "--kind", "none", "--prefix", "0862")
    assert state["users"] > 0 and state["users_without_profile"] == 0, state  # nothing half-written
    _drained(stack)
    _no_drift(stack)


def _pg_ctl() -> str:
    for candidate in ("/usr/lib/postgresql/15/bin/pg_ctl", "/usr/local/bin/pg_ctl"):
        if os.path.exists(candidate):
            return candidate
    return "pg_ctl"


def _pg_data_dir(stack) -> str:
    data = stack.run_dir().parent / "svc" / "pg" / "data"
    if not data.exists():
        data = stack.run_dir().parent / "pg" / "data"
    assert data.exists(), data
    return str(data)


def test_concurrent_reindexes_and_a_migration_leave_the_alias_on_one_complete_index(stack):
    import psycopg
    client = stack.es_client(30)
    runs = [subprocess.Popen([PYTHON, "manage.py", "search_reindex", "--index", "graduates", "--no-progress"],
                             cwd=ROOT, env=stack.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for _ in range(2)]
    # a deploy's migration: an exclusive table lock and a data change while the rebuilds read
    time.sleep(1.0)
    with psycopg.connect(stack.database_url) as conn:
        conn.execute("LOCK TABLE trainees_traineeprofile IN ACCESS EXCLUSIVE MODE")
        conn.execute("UPDATE trainees_traineeprofile SET max_commute_km = max_commute_km WHERE id % 7 = 0")
        time.sleep(2.0)
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    behind = list(client.indices.get_alias(name="saphan-chaos-graduates").body)
    assert len(behind) == 1, behind
    assert set(client.indices.get(index="saphan-chaos-graduates-*").body) == set(behind)  # no orphan left
    _no_drift(stack)


def test_a_backup_restored_into_a_fresh_database_answers_the_same_searches_and_matches(stack):
    """docs/DEPLOY.md's restore, step by step: pg_dump, pg_restore into a new database, search_reindex."""
    import psycopg
    before = stack.driver("answers")
    dump = RUNTIME / "backup.dump"
    restored = stack.database_url.rsplit("/", 1)[0] + "/saphan_restored"
    admin = stack.database_url.rsplit("/", 1)[0] + "/postgres"
    pg_bin = os.path.dirname(_pg_ctl())
    subprocess.run([os.path.join(pg_bin, "pg_dump"), "--format=custom", "--file", str(dump), stack.database_url],
                   check=True, capture_output=True, timeout=300)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS saphan_restored WITH (FORCE)")
        conn.execute("CREATE DATABASE saphan_restored")
    env = {**stack.env, "DATABASE_URL": restored, "SEARCH_INDEX_PREFIX": "saphan-restored",
           "CACHE_KEY_PREFIX": "restored"}
    try:
        subprocess.run([os.path.join(pg_bin, "pg_restore"), "--no-owner", "--exit-on-error", "--dbname", restored,
                        str(dump)], check=True, capture_output=True, timeout=300)
        stack.manage("search_reindex", "--no-progress", env=env)
        after = stack.driver("answers", env=env)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS saphan_restored WITH (FORCE)")
        client = stack.es_client(30)
        names = list(client.indices.get(index="saphan-restored-*").body)
        if names:
            client.indices.delete(index=",".join(names))
        dump.unlink(missing_ok=True)
    assert after["counts"] == before["counts"]
    assert before["counts"]["graduates"] > 0 and any(before["matches"].values())
    assert after["catalogue"] == before["catalogue"]
    assert after["matches"] == before["matches"]

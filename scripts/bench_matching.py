"""Matching benchmark: 100,000 graduates and 5,000 openings, indexing speed, API latency under 8 concurrent
clients, and the same matches computed the way a team without Elasticsearch would (SQL + Python scoring).

Run: ./run bench matching  [--graduates 100000 --openings 5000 --requests 800 --baseline 20]
Uses its own database (saphan_bench) and index prefix (bench), dropped afterwards (BENCH_DATABASE and
BENCH_INDEX_PREFIX rename them). Prints the figures and writes
them to benchmarks/results/matching.txt. Targets (2-core machine): indexing >= 2,000 docs/s, match p95 <= 50 ms,
ES >= 20x faster than the SQL baseline.

How cost grows (issue 20, not in CI): ./run bench matching --graduates 1000000 --es-nodes 3
  --es-nodes N   its own N-node Elasticsearch cluster on loopback, started through scripts/services (http ports
                 59240.., transport 59340.., runtime .runtime/bench-es/; replicas follow the cluster size as the
                 project sets them), stopped afterwards; Elasticsearch CPU is summed over those nodes only.
  --compare-with M   the same figures first at M graduates in the same run (default 100,000 when --graduates is
                 above it): generate M, index, measure; then add the rest, index all again, measure; the growth
                 ratio of each figure and which CPU share dominates at the larger size are printed. Results go to
                 benchmarks/results/matching-<size>.txt (matching-1m.txt for 1,000,000). The SQL baseline is off in
                 this mode unless --baseline is given (it takes ~20 s per opening at 1M).
"""

import argparse
import math
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


ES_JIT = "of which JIT compiling"  # part of Elasticsearch's CPU, printed after it
WARM_UP_ROUND = 1000  # requests per warm-up round
WARM_UP_JIT_MS = 0.1  # JIT compiling per request below which a warm-up round counts as settled


# BENCH_DATABASE / BENCH_INDEX_PREFIX: names of one's own, so benchmarks run side by side do not drop each other's
DATABASE = os.environ.get("BENCH_DATABASE", "saphan_bench")
INDEX_PREFIX = os.environ.get("BENCH_INDEX_PREFIX", "saphan-bench")


def bench_database_urls(database: str) -> tuple[str, str]:
    """(the configured database URL, the same server's URL for the benchmark's own database)."""
    base = os.environ.get("DATABASE_URL", "postgres://saphan:saphan@127.0.0.1:55432/saphan")
    return base, urlunsplit(urlsplit(base)._replace(path=f"/{database}"))


def recreate_database(admin_url: str, database: str, drop_only=False):
    import psycopg

    parts = urlsplit(admin_url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        if not drop_only:
            conn.execute(f"CREATE DATABASE {database}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(math.ceil(pct / 100 * len(ordered))) - 1)]


def _cpu_seconds_by_process(server_pid: int, es_pids: frozenset | None = None) -> dict[int, tuple[str, float]]:
    """CPU seconds used so far by each process of the API server, Elasticsearch, PostgreSQL and Redis (from /proc):
    where a request's CPU goes when everything shares the machine's cores. With `es_pids`, only those
    Elasticsearch processes count (the benchmark's own cluster, summed over its nodes)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        pid, ppid, cpu = int(entry.name), int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
        if pid == server_pid or ppid == server_pid:
            used[pid] = ("API server", cpu)
        elif "org.elasticsearch.bootstrap" in cmdline:
            if es_pids is not None and pid not in es_pids:
                continue
            used[pid] = ("Elasticsearch", cpu)
            used[-pid] = (ES_JIT, _jit_compiler_seconds(entry, tick))  # the same process's compiler threads, apart
        elif cmdline.startswith("postgres"):
            used[pid] = ("PostgreSQL", cpu)
        elif cmdline.startswith("redis-server"):
            used[pid] = ("Redis", cpu)
    return used


def _jit_compiler_seconds(process: Path, tick: int) -> float:
    """CPU seconds the JVM's JIT compiler threads have used: a JVM still compiling is not yet the server users meet."""
    total = 0.0
    for task in (process / "task").iterdir():
        try:
            if (task / "comm").read_text().startswith(("C1 CompilerThre", "C2 CompilerThre")):
                fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            continue
    return total


def _cpu_used_by_process_kind(before: dict, after: dict) -> dict[str, float]:
    """CPU used between two samples, per kind of process, counted per process: one that ended in between (say
    an autovacuum worker) must not subtract its whole life from the total. Its last moments are not counted."""
    totals = {"API server": 0.0, "Elasticsearch": 0.0, ES_JIT: 0.0, "PostgreSQL": 0.0, "Redis": 0.0}
    for pid, (kind, cpu) in after.items():
        earlier_kind, earlier = before.get(pid, (kind, 0.0))
        totals[kind] += cpu - (earlier if earlier_kind == kind else 0.0)
    return totals


def generate(graduates: int, openings: int, rng: random.Random):
    """Bulk-create realistic rows: districts, skills, graduates with 2–5 skills, consents, shops, openings."""
    generate_graduates(0, graduates, rng)
    return generate_shops(openings, rng)


def generate_graduates(first: int, count: int, rng: random.Random, batch: int = 5000):
    """Graduates number `first` .. `first + count - 1`, each with 2–5 skills and (90%) a consent, written in
    batches of `batch` rows with bulk_create: memory stays bounded by one batch, whatever the count."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from courses.models import District, Skill
    from courses.reference_data import load_districts, load_skills
    from trainees.models import Consent, EarnedSkill, TraineeProfile

    load_districts()
    load_skills()
    districts = list(District.objects.all())
    skills = list(Skill.objects.all())
    user_model = get_user_model()
    now, today = timezone.now(), timezone.localdate()
    for start in range(first, first + count, batch):
        n = min(batch, first + count - start)
        users = user_model.objects.bulk_create(
            [user_model(username=f"bench-{start + i}", password="!") for i in range(n)]  # noqa: S106 - unusable
        )
        profiles = []
        for i, user in enumerate(users):
            district = rng.choice(districts)
            profiles.append(TraineeProfile(
                user=user, external_id=f"BG{start + i:06d}", public_ref=f"BG{start + i:06d}",
                full_name=f"ผู้เรียน {start + i}",
                birth_date=today - timedelta(days=rng.randint(15 * 365 + 5, 26 * 365)), district=district,
                lat=district.lat + rng.uniform(-0.08, 0.08), lon=district.lon + rng.uniform(-0.08, 0.08),
                max_commute_km=rng.choice([5, 10, 20, 30, 50]), available=rng.random() < 0.85,
                discoverability=rng.choice(["limited", "standard", "standard"]),
            ))
        profiles = TraineeProfile.objects.bulk_create(profiles)
        earned, consents = [], []
        for profile in profiles:
            for skill in rng.sample(skills, rng.randint(2, 5)):
                earned.append(EarnedSkill(trainee=profile, skill=skill, level=rng.randint(1, 3),
                                          certified=False, earned_on=today - timedelta(days=rng.randint(1, 700))))
            if rng.random() < 0.9:
                consents.append(Consent(trainee=profile, purpose="employers", text_version="bench", given_at=now))
        EarnedSkill.objects.bulk_create(earned)
        Consent.objects.bulk_create(consents)


def generate_shops(openings: int, rng: random.Random):
    """50 verified shops with one member (the benchmark's user, returned) and `openings` openings."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from courses.models import District, Skill
    from employers.models import Employer, EmployerMember, Opening, OpeningSkill

    districts = list(District.objects.all())
    skills = list(Skill.objects.all())
    now = timezone.now()
    bench_user = get_user_model().objects.create_user(username="bench-shop", password="bench-password-123")
    employers = Employer.objects.bulk_create([
        Employer(name=f"ร้านทดสอบ {i}", district=rng.choice(districts), verified_at=now) for i in range(50)
    ])
    EmployerMember.objects.bulk_create([EmployerMember(employer=e, user=bench_user) for e in employers])
    rows, links = [], []
    for i in range(openings):
        district = rng.choice(districts)
        rows.append(Opening(
            external_id=f"BO{i:05d}", employer=employers[i % len(employers)], title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า",
            district=district, lat=district.lat, lon=district.lon, radius_km=rng.choice([20, 30, 40, 60]),
            wage_min_thb=400, wage_max_thb=600, hazardous=rng.random() < 0.2,
        ))
    rows = Opening.objects.bulk_create(rows)
    for opening in rows:
        chosen = rng.sample(skills, 4)
        links += [OpeningSkill(opening=opening, skill=s, required=True, min_level=rng.randint(1, 2))
                  for s in chosen[:2]]
        links += [OpeningSkill(opening=opening, skill=s, required=False) for s in chosen[2:]]
    OpeningSkill.objects.bulk_create(links)
    return bench_user


def sql_baseline(opening, top=20):
    """What a team without ES would write: SQL for the hard filters it can express, Python for the rest."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from search.matching import (
        W_CERTIFIED,
        W_LEVEL_STEP,
        W_NEAR,
        W_NICE,
        W_NICE_CERTIFIED,
        W_REQUIRED,
        distance_km,
    )
    from trainees.models import EarnedSkill, TraineeProfile

    skills = list(opening.skills.select_related("skill"))
    required = {s.skill_id: s.min_level for s in skills if s.required}
    nice = {s.skill_id for s in skills if not s.required}
    min_age = 18 if opening.hazardous else 15
    today = timezone.localdate()
    latest_birth = today.replace(year=today.year - min_age)
    has_skill = EarnedSkill.objects.filter(trainee=OuterRef("pk"), skill_id__in=list(required))
    candidates = (
        TraineeProfile.objects.discoverable().filter(available=True, birth_date__lte=latest_birth)
        .filter(Exists(has_skill)).prefetch_related("skills")
    )
    scored = []
    for person in candidates:
        distance = distance_km(opening.lat, opening.lon, person.lat, person.lon)
        if distance > opening.radius_km or distance > person.max_commute_km:
            continue
        levels = {s.skill_id: (s.level, s.certified) for s in person.skills.all()}
        met = [sid for sid, lvl in required.items() if levels.get(sid, (0, False))[0] >= lvl]
        if not met:
            continue
        score = sum(W_REQUIRED + W_LEVEL_STEP * max(0, min(levels[sid][0], 3) - required[sid])
                    + (W_CERTIFIED if levels[sid][1] else 0) for sid in met)
        score += sum(W_NICE + (W_NICE_CERTIFIED if levels[sid][1] else 0) for sid in nice if sid in levels)
        score += W_NEAR * 0.5 ** ((distance / max(opening.radius_km / 2, 1)) ** 2)  # ES gauss, decay 0.5 at scale
        scored.append((score, person.pk, person.public_ref))
    scored.sort(key=lambda item: (-item[0], item[1]))  # ties: the row's key, as matching's graduate_number
    return [(score, ref) for score, _, ref in scored[:top]]


def use_bench_environment(database_url: str, index_prefix: str) -> None:
    """Production settings over loopback for a benchmark: its own database and index prefix, a throwaway secret."""
    os.environ.update({
        "DATABASE_URL": database_url, "SEARCH_INDEX_PREFIX": index_prefix,
        "DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": secrets.token_urlsafe(48),
        "SAPHAN_PUBLIC_BASE_URL": "https://saphan.invalid", "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:56379/0"),
        "ELASTICSEARCH_URL": os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:59200"), "LOG_LEVEL": "WARNING",
    })


class BenchCluster:
    """The benchmark's own N-node Elasticsearch cluster on loopback, started and stopped through scripts/services
    (the launcher's cluster code) with its own runtime folder, ports and data: nothing shared is touched. The
    database and Redis of the environment are used as they are (their URLs answer, so the launcher starts none)."""

    HTTP_PORT, TRANSPORT_PORT = 59240, 59340

    def __init__(self, nodes: int, heap: str):
        self.nodes, self.heap = nodes, heap
        self.runtime = ROOT / ".runtime" / "bench-es"
        self.urls = ",".join(f"http://127.0.0.1:{self.HTTP_PORT + i}" for i in range(nodes))

    def _env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k != "ELASTICSEARCH_URL"}
        env.update(SAPHAN_RUNTIME_DIR=str(self.runtime), SAPHAN_ES_PORT=str(self.HTTP_PORT),
                   SAPHAN_ES_TRANSPORT_PORT=str(self.TRANSPORT_PORT), SAPHAN_ES_HEAP=self.heap,
                   # PostgreSQL and Redis come from DATABASE_URL / REDIS_URL; these ports only keep the launcher
                   # from taking the configured URLs for its own services
                   SAPHAN_PG_PORT="55499", SAPHAN_REDIS_PORT="56499")
        return env

    def _launcher(self, *args) -> str:
        result = subprocess.run([str(ROOT / "scripts" / "services"), *args], env=self._env(), text=True,  # noqa: S603
                                capture_output=True, timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"scripts/services {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def _data_home(self) -> Path:
        linked = self.runtime / "services-data"
        return linked if linked.exists() else self.runtime

    def start(self) -> str:
        self.stop()  # a cluster left by an interrupted run, and its data: every run starts from empty nodes
        print(self._launcher("start", "--es-nodes", str(self.nodes)).rstrip(), flush=True)
        return self.urls

    def password(self) -> str:
        """The password of the app's own user saphan_app, which the launcher made for this runtime (its nodes run
        with security on): the benchmark measures the app as it runs in production, not as a superuser."""
        return (self.runtime / "app-es-password").read_text().strip()

    def pids(self) -> frozenset:
        run = self._data_home() / "run"
        return frozenset(int(f.read_text().strip()) for f in run.glob("es-node-*.pid") if f.read_text().strip())

    def stop(self):
        if self.runtime.exists():
            out = self._launcher("stop")
            if "cluster stopped" in out:
                print(out.rstrip(), flush=True)
        for home in {self.runtime / "svc", self._data_home() / "svc", self._data_home()}:
            shutil.rmtree(home / "es-cluster", ignore_errors=True)


def size_label(graduates: int) -> str:
    """1000000 -> "1m", 20000 -> "20k": the results file's name for a run at that size."""
    if graduates % 1_000_000 == 0:
        return f"{graduates // 1_000_000}m"
    return f"{graduates // 1000}k" if graduates % 1000 == 0 else str(graduates)


def _start_gunicorn(port: int, workers: int, threads: int = 1) -> subprocess.Popen:
    """The app under gunicorn on loopback, with the environment's (production) settings and the result cache
    off: every request computes its answer (a repeated question would cost one Redis GET)."""
    return subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, "SEARCH_RESULT_CACHE_SECONDS": "0"},
    )


def _wait_until_serving(port: int) -> None:
    """Poll the API schema for up to ~20 s; a server that never answers shows up as errors in the measurement."""
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json", timeout=2)  # noqa: S310 - loopback
            break
        except Exception:
            time.sleep(0.2)


def _stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:  # a busy machine: gunicorn's workers did not finish in time
        server.kill()
        server.wait(timeout=20)


def _session_cookie(user) -> str:
    """The Cookie header value of a logged-in session of `user`, for hand-written HTTP requests."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def _get_ok(port: int, request: bytes, body_end: bytes) -> bool:
    """Send one raw HTTP/1.0 request on a new connection, as a phone's would be, and read to the server's close.
    True for status 200 with a complete body (ending in `body_end`). The load generator shares the two cores with
    what it measures, so it speaks just enough HTTP (about a tenth of http.client's CPU)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(request)
            chunks = []
            while chunk := conn.recv(65536):
                chunks.append(chunk)
        response = b"".join(chunks)
        return response.startswith((b"HTTP/1.0 200", b"HTTP/1.1 200")) and response.endswith(body_end)
    except OSError:
        return False


def load_round(port: int, items: list, request_for, clients: int, server_pid: int, es_pids: frozenset | None = None,
               body_end: bytes = b"]}") -> tuple[list[float], int, float, float, dict]:
    """One round of load: `items` shared out among `clients` threads, each sending `request_for(item)` in turn.
    Returns the latencies (ms), the error count, wall seconds, the load generator's CPU seconds and the CPU used
    meanwhile by process kind (see _cpu_used_by_process_kind)."""
    latencies, errors, lock = [], [0], threading.Lock()

    def worker(share):
        for item in share:
            request = request_for(item)
            t0 = time.perf_counter()
            ok = _get_ok(port, request, body_end)
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += 0 if ok else 1

    threads = [threading.Thread(target=worker, args=(items[i::clients],)) for i in range(clients)]
    t0, cpu0 = time.perf_counter(), time.process_time()
    used0 = _cpu_seconds_by_process(server_pid, es_pids)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    used = _cpu_used_by_process_kind(used0, _cpu_seconds_by_process(server_pid, es_pids))
    return list(latencies), errors[0], time.perf_counter() - t0, time.process_time() - cpu0, used


def _warm_up(args, run, opening_ids: list, report) -> float:
    """Warm up at the measured concurrency until Elasticsearch has stopped JIT-compiling; the seconds it took.

    The workers, PostgreSQL's and ES's caches, and ES's JIT-compiled search code warm up. A freshly started ES's JIT
    compiler threads keep working for about 20,000 searches (on 2026-11-29: 8.4 ms of CPU per match in the first
    1,000, 1.1 ms after 5,000, 0.4 ms after 15,000, ~0.02 ms after 20,000), so a fixed warm-up measured a JVM still
    compiling, not the long-running server users meet. Rounds go on until two in a row use under WARM_UP_JIT_MS of
    JIT compiling per request. Each round's figures are printed, not hidden; a run that reaches --warmup-max still
    compiling says so."""
    warm_up_rng = random.Random(11)  # its own stream: how long the warm-up runs leaves the baseline sample alone
    warmed, quiet_rounds, started = 0, 0, time.monotonic()
    while args.warmup and warmed < args.warmup_max and (warmed < args.warmup or quiet_rounds < 2):
        size = min(WARM_UP_ROUND, args.warmup_max - warmed)
        measured, failed, wall, _, used = run([warm_up_rng.choice(opening_ids) for _ in range(size)])
        warmed += size
        jit_ms = 1000 * used[ES_JIT] / size
        quiet_rounds = quiet_rounds + 1 if jit_ms < WARM_UP_JIT_MS else 0
        report(f"warm-up to {warmed} requests (not measured): p95 {percentile(measured, 95):.1f} ms, "
               f"{size / wall:.0f} req/s, {failed} errors; CPU per request: API server "
               f"{1000 * used['API server'] / size:.2f} ms, "
               f"Elasticsearch {1000 * used['Elasticsearch'] / size:.2f} ms (JIT compiling {jit_ms:.2f} ms)")
    if args.warmup and quiet_rounds < 2:
        report(f"NOTE: Elasticsearch was still JIT-compiling after {warmed} warm-up requests (--warmup-max)")
    return time.monotonic() - started


def _api_figures(args, round_result, warm_up_seconds: float, report) -> dict:
    """The measured round's figures (latency percentiles, throughput, CPU per request), reported and returned."""
    measured, failed, wall, client_cpu, used = round_result
    n = len(measured)
    figures = {
        "p50 ms": percentile(measured, 50), "p95 ms": percentile(measured, 95), "p99 ms": percentile(measured, 99),
        "req/s": n / wall, "errors": failed, "API CPU ms/request": 1000 * used["API server"] / n,
        "ES CPU ms/request": 1000 * used["Elasticsearch"] / n, "warm-up s": warm_up_seconds, "measure s": wall,
    }
    report(f"match API, {args.clients} concurrent clients, {n} requests: p50 {figures['p50 ms']:.1f} ms, "
           f"p95 {figures['p95 ms']:.1f} ms, p99 {figures['p99 ms']:.1f} ms, {figures['req/s']:.0f} req/s, "
           f"{failed} errors (load generator: {1000 * client_cpu / n:.2f} ms CPU per request)")
    report("  CPU per request: " + ", ".join(f"{kind} {1000 * seconds / n:.2f} ms" for kind, seconds in used.items())
           + f", load generator {1000 * client_cpu / n:.2f} ms")
    return figures


def measure_api(args, bench_user, rng, report, es_pids=None) -> dict:
    """Serve the match API with gunicorn (production settings), warm up, then measure `args.requests` requests at
    `args.clients` concurrent clients. Returns the figures; prints and records them with `report`."""
    from employers.models import Opening

    port = _free_port()
    cookie = _session_cookie(bench_user)
    server = _start_gunicorn(port, args.workers, args.threads)
    try:
        _wait_until_serving(port)
        opening_ids = list(Opening.objects.values_list("external_id", flat=True))
        work = [rng.choice(opening_ids) for _ in range(args.requests)]

        def request_for(ext: str) -> bytes:
            return (f"GET /api/matching/openings/{ext}/graduates?top=20 HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                    f"Cookie: {cookie}\r\n\r\n").encode()

        def run(items):
            return load_round(port, items, request_for, args.clients, server.pid, es_pids)

        warm_up_seconds = _warm_up(args, run, opening_ids, report)
        return _api_figures(args, run(work), warm_up_seconds, report)
    finally:
        _stop_server(server)


def sql_comparison(args, rng, report):
    """The same openings matched by Elasticsearch and by the SQL + Python baseline, one client."""
    from employers.models import Opening
    from search.matching import match_opening

    opening_ids = list(Opening.objects.values_list("external_id", flat=True))
    sample = Opening.objects.filter(external_id__in=rng.sample(opening_ids, args.baseline))
    es_times, sql_times, overlap = [], [], []
    for opening in sample:
        t0 = time.perf_counter()
        es = match_opening(opening, top=20)
        es_times.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        sql = sql_baseline(opening, top=20)
        sql_times.append((time.perf_counter() - t0) * 1000)
        if sql:
            overlap.append(len({r.graduate for r in es} & {ext for _, ext in sql}) / len(sql))
    es_median, sql_median = statistics.median(es_times), statistics.median(sql_times)
    report(f"single client, same {args.baseline} openings: ES median {es_median:.1f} ms, SQL+Python baseline "
           f"median {sql_median:.1f} ms -> ES {sql_median / es_median:.0f}x faster; top-20 agreement "
           f"{100 * statistics.mean(overlap or [0]):.0f}%")


def report_growth(small: int, large: int, figures: dict, report):
    """Each figure at `large` over the same at `small`, the p95 goal (within 2x) and the dominant CPU share."""
    a, b = figures[small], figures[large]
    report(f"growth {small:,} -> {large:,} graduates ({large / small:.0f}x the data), ratio = at {large:,} / "
           f"at {small:,}:")
    for key in ("indexing docs/s", "p50 ms", "p95 ms", "p99 ms", "req/s", "API CPU ms/request", "ES CPU ms/request"):
        report(f"  {key:<20} {a[key]:>10.2f} -> {b[key]:>10.2f}   x{b[key] / a[key]:.2f}")
    ratio = b["p95 ms"] / a["p95 ms"]
    report(f"  goal p95 within 2x of {small:,}: {'met' if ratio <= 2 else 'NOT met'} (x{ratio:.2f})")
    api, es = b["API CPU ms/request"], b["ES CPU ms/request"]
    top, share = ("Elasticsearch", es) if es >= api else ("the API server", api)
    report(f"  at {large:,}, {top} dominates the CPU per request: {share:.2f} ms of {api + es:.2f} ms "
           f"(API {api:.2f} ms, Elasticsearch {es:.2f} ms summed over its nodes, {100 * share / (api + es):.0f}%)")


def _parse_args() -> argparse.Namespace:
    """The command line, with the defaults that depend on other options filled in (see the module docstring)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--graduates", type=int, default=100_000)
    parser.add_argument("--openings", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--baseline", type=int, default=None,
                        help="openings matched by both ES and the SQL baseline (default 20; 0 with --compare-with)")
    parser.add_argument("--warmup", type=int, default=2000,
                        help="unmeasured requests first, same concurrency (at least this many; 0: none)")
    parser.add_argument("--warmup-max", type=int, default=40000,
                        help="keep warming up in rounds until ES stops JIT-compiling, at most this many")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (1: sync workers)")
    parser.add_argument("--keep", action="store_true", help="keep the bench database and indices")
    parser.add_argument("--reuse", action="store_true",
                        help="measure matching on the data a --keep run left (no generation or indexing)")
    parser.add_argument("--es-nodes", type=int, default=0,
                        help="start the benchmark's own N-node loopback cluster (stopped afterwards)")
    parser.add_argument("--es-heap", default=os.environ.get("SAPHAN_ES_HEAP", "1g"), help="heap per node (--es-nodes)")
    parser.add_argument("--compare-with", type=int, default=None,
                        help="also measure at this many graduates first, in the same run (default 100000 when "
                             "--graduates is above it; 0: off)")
    args = parser.parse_args()
    if args.compare_with is None:
        args.compare_with = 100_000 if args.graduates > 100_000 else 0
    if args.compare_with and not 0 < args.compare_with < args.graduates:
        parser.error("--compare-with must be below --graduates")
    if args.compare_with and (args.reuse or args.keep):
        parser.error("--compare-with measures fresh data at two sizes; it does not combine with --reuse/--keep")
    if args.baseline is None:
        args.baseline = 0 if args.compare_with else 20
    return args


def main():
    args = _parse_args()
    run_started = time.monotonic()
    cluster = BenchCluster(args.es_nodes, args.es_heap) if args.es_nodes else None
    try:
        if cluster:
            started = time.monotonic()
            os.environ.update(ELASTICSEARCH_URL=cluster.start(), ELASTICSEARCH_USERNAME="saphan_app",
                              ELASTICSEARCH_PASSWORD=cluster.password())
            print(f"phase: {args.es_nodes}-node cluster started in {time.monotonic() - started:.1f}s", flush=True)
        run_benchmark(args, cluster, run_started)
    finally:
        if cluster:
            cluster.stop()


class _Report:
    """Prints and records the run's figures; `prefix` names the size being measured when there are two."""

    def __init__(self):
        self.lines, self.prefix = [], ""

    def __call__(self, text: str) -> None:
        print(self.prefix + text, flush=True)
        self.lines.append(self.prefix + text)

    def phase(self, name: str, started: float) -> None:
        """A phase's duration, printed only: progress for whoever watches, not a figure of the results file."""
        print(f"{self.prefix}phase: {name} in {time.monotonic() - started:.1f}s", flush=True)


def _generate_to(size: int, generated: int, args, rng: random.Random, report: _Report):
    """Bring the database from `generated` to `size` graduates. The first size also makes the shops and openings
    and returns the benchmark's user (later sizes add graduates only: None). Ends with fresh planner statistics,
    as a bulk load would."""
    from django.db import connection

    started = time.monotonic()
    bench_user = None
    if generated == 0:
        bench_user = generate(size, args.openings, rng)
        what = f"{size} graduates and {args.openings} openings"
    else:
        generate_graduates(generated, size - generated, rng)
        what = f"{size - generated} more graduates (now {size})"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    report(f"generated {what} in the database in {time.monotonic() - started:.1f}s")
    return bench_user


def _index_all(aliases: tuple[str, ...], report: _Report) -> dict:
    """Rebuild `aliases`; the graduates' indexing speed as a figure."""
    from search import indexing

    figures = {}
    for alias in aliases:
        result = indexing.rebuild(alias, chunk_size=1000)
        report(f"indexed {alias}: {result.indexed} documents in {result.seconds:.1f}s = "
               f"{result.indexed / result.seconds:.0f} docs/s (database read + document build + bulk load)")
        if alias == "graduates":
            figures["indexing docs/s"] = result.indexed / result.seconds
    return figures


def _measure_sizes(args, sizes: list[int], rng: random.Random, report: _Report, es_pids, bench_user) -> dict:
    """For each size in turn: generate up to it and index (unless --reuse), then measure the API. Figures by size."""
    figures, generated = {}, 0
    for size in sizes:
        report.prefix = f"[{size:,} graduates] " if len(sizes) > 1 else ""
        figures[size] = {}
        if not args.reuse:
            bench_user = _generate_to(size, generated, args, rng, report) or bench_user
            generated = size
            # openings do not grow with the graduates: indexed once, at the first size
            aliases = ("graduates", "openings") if len(figures) == 1 else ("graduates",)
            figures[size].update(_index_all(aliases, report))
        started = time.monotonic()
        figures[size].update(measure_api(args, bench_user, rng, report, es_pids))
        report.phase(f"warm-up {figures[size]['warm-up s']:.1f}s + measurement", started)
    report.prefix = ""
    return figures


def _write_results(args, sizes: list[int], cluster, lines: list[str], run_started: float) -> Path:
    """benchmarks/results/matching.txt (matching-<size>.txt for a growth or cluster run), headed by the command."""
    name = "matching.txt" if len(sizes) == 1 and not cluster else f"matching-{size_label(args.graduates)}.txt"
    out = ROOT / "benchmarks" / "results" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    command = f"--graduates {args.graduates} --openings {args.openings}"
    if len(sizes) > 1 or cluster:
        command += f" --compare-with {args.compare_with} --es-nodes {args.es_nodes}"
        lines.append(f"whole run {time.monotonic() - run_started:.0f}s")
    out.write_text(f"# {time.strftime('%Y-%m-%d %H:%M')} python scripts/bench_matching.py {command}\n"
                   + "\n".join(lines) + "\n", encoding="utf-8")
    return out


def drop_bench_data(admin_url: str, database: str = DATABASE, aliases=("graduates", "openings")) -> None:
    """A benchmark's indices and database, gone (not with --keep)."""
    from django.db import connections

    from search import indexing

    for alias in aliases:
        indexing.delete_indices(f"{indexing.alias_name(alias)}-*")
    connections.close_all()
    recreate_database(admin_url, database, drop_only=True)


def run_benchmark(args, cluster, run_started):
    admin_url, bench_url = bench_database_urls(DATABASE)
    if not args.reuse:
        recreate_database(admin_url, DATABASE)
    use_bench_environment(bench_url, INDEX_PREFIX)
    import django

    django.setup()
    from django.core.management import call_command

    report = _Report()
    es_pids = cluster.pids() if cluster else None
    sizes = [args.compare_with, args.graduates] if args.compare_with else [args.graduates]
    if cluster:
        report(f"Elasticsearch: own {args.es_nodes}-node loopback cluster ({cluster.urls}), heap {args.es_heap} "
               f"per node, replicas from the cluster size; its CPU is summed over those {len(es_pids)} processes")
    rng = random.Random(7)
    bench_user = None
    if args.reuse:
        from django.contrib.auth import get_user_model

        bench_user = get_user_model().objects.get(username="bench-shop")
        report("reused the data of an earlier --keep run (no generation or indexing figures)")
    else:
        call_command("migrate", verbosity=0)
    figures = _measure_sizes(args, sizes, rng, report, es_pids, bench_user)
    if len(sizes) > 1:
        report_growth(sizes[0], sizes[1], figures, report)
    if args.baseline:
        started = time.monotonic()
        sql_comparison(args, rng, report)
        report.phase("SQL baseline", started)
    out = _write_results(args, sizes, cluster, report.lines, run_started)
    if not args.keep:
        drop_bench_data(admin_url)
    report(f"written to {out.relative_to(ROOT)}")
    print(f"phase: whole run {time.monotonic() - run_started:.1f}s", flush=True)


if __name__ == "__main__":
    main()

"""Enrolment day: a popular free intake opens; 300 youths sign in and apply to 3 cohorts of 20 seats within a
minute while 50 more browse and search. Real HTTP (Locust, headless) to two gunicorn web processes with production
settings, one Celery worker delivering the SMS.

Run: ./run bench enrolment-day  [--applicants 300 --browsers 50 --cohorts 3 --seats 20 --seconds 60]
Uses its own database (saphan_enrol, dropped afterwards). Prints per-endpoint p50/p95/p99 and throughput, writes them
to benchmarks/results/enrolment-day.txt, and exits 1 when an invariant breaks: an oversold seat, any 5xx, an
applicant neither enrolled nor waitlisted, a waitlist out of arrival order, an SMS queued other than once.
tests/test_enrolment_day.py runs a short version of the same load and checks against the test database.
"""

import argparse
import csv
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
PASSWORD = "enrolment-day-2024"  # noqa: S105 - load-test accounts in a throwaway database
PHONE_PREFIX = "0870"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(*, applicants: int, cohorts: int, seats: int) -> dict:
    """A free (fully sponsored) course with `cohorts` open cohorts of `seats`, and `applicants` youths with a
    password. Committed, so the web processes see it. Returns what the load needs."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.utils import timezone

    from courses.models import Cohort, District
    from tests.factories import make_course, reference_data
    from trainees.models import TraineeProfile

    reference_data()
    course = make_course(title="ช่างซ่อมรถจักรยานยนต์ไฟฟ้า รุ่นพิเศษ", title_en="EV motorcycle repair: open intake",
                         seats=seats, fee=Decimal("0.00"))
    today = timezone.localdate()
    district = District.objects.get(code="4001")
    for n in range(1, cohorts):  # make_course made the first one; later ones start after it ends (no overlap)
        start = today + timedelta(days=30 + 45 * n)
        Cohort.objects.create(course=course, start_date=start, end_date=start + timedelta(days=30), district=district,
                              seats=seats, fee_thb=Decimal("0.00"), status=Cohort.Status.OPEN)
    cohort_ids = list(Cohort.objects.filter(course=course).order_by("start_date").values_list("pk", flat=True))
    # the production hasher, whatever the seeding process's settings (tests hash with MD5 for speed)
    hashed = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    verified = timezone.now()  # a seat is held only for a verified phone (issue 22): these answered a code
    users = get_user_model().objects.bulk_create([
        get_user_model()(username=f"{PHONE_PREFIX}{i:06d}", phone=f"{PHONE_PREFIX}{i:06d}", password=hashed,
                         phone_verified_at=verified)
        for i in range(applicants)
    ])
    TraineeProfile.objects.bulk_create([
        TraineeProfile(user=user, full_name=f"เยาวชน {i}", birth_date=date(2006, 5, 1), district=district)
        for i, user in enumerate(users)
    ])
    return {"phones": [u.phone for u in users], "cohorts": cohort_ids, "course_path": course.url, "seats": seats}


def check(*, phones: list[str], cohorts: list[int], seats: int) -> dict:
    """The invariants after the rush: no oversold seat, every applicant placed once, waitlists in arrival order,
    one SMS per applicant. Returns the findings; `problems` is empty when all hold."""
    from accounts.models import OutboundMessage
    from trainees.models import Enrollment

    problems, per_cohort = [], {}
    S = Enrollment.Status
    for cohort_id in cohorts:
        rows = list(Enrollment.objects.filter(cohort_id=cohort_id).order_by("pk")
                    .values_list("pk", "status", "waitlisted_at", "trainee__user__phone"))
        confirmed = [r for r in rows if r[1] == S.CONFIRMED]
        waitlisted = [r for r in rows if r[1] == S.WAITLISTED]
        per_cohort[cohort_id] = {"applied": len(rows), "confirmed": len(confirmed), "waitlisted": len(waitlisted)}
        if len(confirmed) > seats:
            problems.append(f"cohort {cohort_id}: {len(confirmed)} confirmed for {seats} seats")
        if len(confirmed) < min(seats, len(rows)):
            problems.append(f"cohort {cohort_id}: only {len(confirmed)} confirmed with {len(rows)} applicants")
        others = [r for r in rows if r[1] not in (S.CONFIRMED, S.WAITLISTED)]
        if others:
            problems.append(f"cohort {cohort_id}: {len(others)} applications neither enrolled nor waitlisted")
        # arrival order: the first `seats` to arrive hold the seats, the rest wait in the order they came
        if [r[0] for r in rows[:len(confirmed)]] != [r[0] for r in confirmed]:
            problems.append(f"cohort {cohort_id}: a later applicant got a seat before an earlier one")
        stamps = [r[2] for r in waitlisted]
        if stamps != sorted(stamps):
            problems.append(f"cohort {cohort_id}: waitlist out of arrival order")
    applied = Enrollment.objects.filter(trainee__user__phone__in=phones)
    missing = len(phones) - applied.values("trainee").distinct().count()
    twice = applied.count() - applied.values("trainee").distinct().count()
    if missing:
        problems.append(f"{missing} applicants have no enrolment")
    if twice:
        problems.append(f"{twice} applicants have more than one enrolment")
    sms = OutboundMessage.objects.filter(to__in=phones, channel="sms",
                                         kind__in=["enrolment_confirmed", "application_received"])
    sms_per_phone = {}
    for to in sms.values_list("to", flat=True):
        sms_per_phone[to] = sms_per_phone.get(to, 0) + 1
    not_once = [p for p in phones if sms_per_phone.get(p, 0) != 1]
    if not_once:
        problems.append(f"{len(not_once)} applicants got other than one confirmation SMS queued")
    unsent = sms.exclude(status="sent").count()
    return {"cohorts": per_cohort, "sms_queued": sms.count(), "sms_unsent": unsent, "problems": problems}


def web_env(extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(48),
        "SAPHAN_PUBLIC_BASE_URL": "https://saphan.invalid",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false", "SAPHAN_SMS_BACKEND": "accounts.notifications.DatabaseSmsSender",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "LOG_LEVEL": "WARNING",
        "PYTHAINLP_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1",
    })
    env.update(extra)
    return env


def start_webs(env: dict, ports: list[int], workers: int, logs: Path) -> list[subprocess.Popen]:
    procs = []
    for port in ports:
        log = open(logs / f"web-{port}.log", "ab")  # noqa: SIM115 - closed with the process
        procs.append(subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [str(BIN / "gunicorn"), "config.wsgi:application", "-b", f"127.0.0.1:{port}", "--workers", str(workers),
             "--threads", "4", "--timeout", "60", "--no-control-socket"], cwd=ROOT, env=env, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True))
    import urllib.request

    for port in ports:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except Exception:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.5)
    return procs


def stop(procs):
    import signal

    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def run_locust(*, bases, seeded, applicants, browsers, seconds, spawn_rate, out_dir: Path, env: dict) -> dict:
    """Run the Locust users headless; returns per-endpoint figures and status codes."""
    prefix = out_dir / "locust"
    status_file = out_dir / "status.json"
    locust_env = {**env, "ENROL_BASES": ",".join(bases), "ENROL_PHONES": ",".join(seeded["phones"]),
                  "ENROL_PASSWORD": PASSWORD, "ENROL_COHORTS": ",".join(map(str, seeded["cohorts"])),
                  "ENROL_COURSE_PATH": seeded["course_path"], "ENROL_STATUS_FILE": str(status_file),
                  "ENROL_APPLICANTS": str(applicants), "ENROL_BROWSERS": str(browsers)}
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 - Locust with our own locustfile
        [str(BIN / "locust"), "-f", str(ROOT / "scripts" / "locust_enrolment_day.py"), "--headless",
         "-u", str(applicants + browsers), "-r", str(spawn_rate), "-t", f"{seconds}s", "--host", bases[0],
         "--csv", str(prefix), "--only-summary", "--exit-code-on-error", "0", "--stop-timeout", "10"],
        cwd=ROOT, env=locust_env, capture_output=True, text=True, timeout=seconds + 180)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError(f"locust failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    endpoints = {}
    with open(f"{prefix}_stats.csv") as stats:
        for row in csv.DictReader(stats):
            endpoints[row["Name"]] = {
                "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"] or 0), "p95_ms": float(row["95%"] or 0), "p99_ms": float(row["99%"] or 0),
                "rps": float(row["Requests/s"] or 0),
            }
    codes = json.loads(status_file.read_text())
    five_xx = sum(n for per in codes.values() for code, n in per.items() if code.startswith("5"))
    unanswered = sum(per.get("0", 0) for per in codes.values())  # connection cut or refused: no HTTP answer at all
    return {"endpoints": endpoints, "status": codes, "5xx": five_xx, "unanswered": unanswered, "seconds": elapsed,
            "capped": elapsed >= seconds}


def wait_for_queue(redis_url: str, timeout: float = 120.0) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.llen("celery") == 0 and client.hlen("unacked") == 0:
            return
        time.sleep(0.5)
    raise RuntimeError("tasks still queued after the load")


def report_lines(load: dict, found: dict, args) -> list[str]:
    lines = [f"Enrolment day: {args.applicants} applicants to {args.cohorts} cohorts of {args.seats} seats, "
             f"{args.browsers} browsing; 2 gunicorn processes ({args.web_workers} workers x 4 threads each), "
             f"production settings; {load['seconds']:.0f} s of load",
             f"{'endpoint':32} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7}"]
    for name, e in load["endpoints"].items():
        lines.append(f"{name:32} {e['requests']:>8} {e['p50_ms']:>8.0f} {e['p95_ms']:>8.0f} {e['p99_ms']:>8.0f} "
                     f"{e['rps']:>7.1f}")
    lines += [f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end",
              f"5xx answers: {load['5xx']}; requests without any answer: {load['unanswered']}"
              + (" (the run hit its time cap: Locust cut the requests in flight)" if load["capped"] else ""),
              f"cohorts: {found['cohorts']}",
              f"confirmation SMS queued: {found['sms_queued']} "
              f"(unsent after the queue drained: {found['sms_unsent']})",
              "invariants: " + ("all hold" if not found["problems"] else "; ".join(found["problems"]))]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=300)
    parser.add_argument("--browsers", type=int, default=50)
    parser.add_argument("--cohorts", type=int, default=3)
    parser.add_argument("--seats", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=180,
                        help="duration of the load (every applicant must be through by then)")
    parser.add_argument("--spawn-rate", type=float, default=10.0)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "results" / "enrolment-day.txt"))
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "postgres://saphan:saphan@127.0.0.1:55432/saphan")
    parts = urlsplit(base)
    bench_url = urlunsplit(parts._replace(path="/saphan_enrol"))
    import psycopg

    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS saphan_enrol WITH (FORCE)")
        conn.execute("CREATE DATABASE saphan_enrol")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:56379/0")
    env = web_env({"DATABASE_URL": bench_url, "SEARCH_INDEX_PREFIX": "saphan-enrol", "CACHE_KEY_PREFIX": "enrol",
                   "REDIS_URL": redis_url,
                   "ELASTICSEARCH_URL": os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:59200")})
    os.environ.update(env)  # this process seeds with the web processes' settings (production needs all of them)
    procs = []
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        import django

        django.setup()
        seeded = seed(applicants=args.applicants, cohorts=args.cohorts, seats=args.seats)
        subprocess.run([sys.executable, "manage.py", "search_reindex", "--no-progress"], cwd=ROOT, env=env,
                       check=True, capture_output=True)
        logs = Path(tempfile.mkdtemp(prefix="enrolment-day-"))
        worker_log = open(logs / "worker.log", "ab")  # noqa: SIM115 - closed with the process
        procs.append(subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
            [str(BIN / "celery"), "-A", "config", "worker", "--concurrency=2", "--loglevel=WARNING"], cwd=ROOT,
            env=env, start_new_session=True, stdout=worker_log, stderr=subprocess.STDOUT))
        ports = [free_port(), free_port()]
        procs += start_webs(env, ports, args.web_workers, logs)
        load = run_locust(bases=[f"http://127.0.0.1:{p}" for p in ports], seeded=seeded, applicants=args.applicants,
                          browsers=args.browsers, seconds=args.seconds, spawn_rate=args.spawn_rate, out_dir=logs,
                          env=env)
        wait_for_queue(redis_url)
        found = check(phones=seeded["phones"], cohorts=seeded["cohorts"], seats=args.seats)
    finally:
        stop(procs)
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS saphan_enrol WITH (FORCE)")
    lines = report_lines(load, found, args)
    print("\n".join(lines))  # noqa: T201
    Path(args.output).write_text("\n".join(lines) + "\n")
    sys.exit(1 if found["problems"] or load["5xx"] or load["unanswered"] else 0)


if __name__ == "__main__":
    main()

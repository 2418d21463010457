"""Pathways benchmark: the matching benchmark's data (graduates, openings; scripts/bench_matching.py generates it)
plus live courses with upcoming cohorts, then youth pathways (GET /api/pathways/me) and opening pathways
(GET /api/openings/{ref}/pathways) under concurrent clients, with CPU per request of the API beside
Elasticsearch's.

Run: ./run bench pathways  [--graduates 100000 --openings 5000 --courses 2000 --requests 800 --clients 8]
Uses its own database (saphan_bench_pathways) and index prefix (bench-pathways), dropped afterwards unless --keep.
Target (2-core machine): p95 <= 80 ms at 8 clients for both. Pathways read the courses and openings indices (and
the trainee's skills from PostgreSQL), not the graduates index, so graduates are generated but not indexed.
Figures go to benchmarks/results/pathways.txt.
"""

import argparse
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_matching import (  # noqa: E402 - after the path set-up
    ES_JIT,
    _free_port,
    _session_cookie,
    _start_gunicorn,
    _wait_until_serving,
    bench_database_urls,
    drop_bench_data,
    generate,
    load_round,
    percentile,
    recreate_database,
    use_bench_environment,
)

DATABASE = "saphan_bench_pathways"


def generate_courses(count: int, rng: random.Random) -> None:
    """Live course pages under the catalogue, each teaching 2–5 skills at levels 1–3, with 1–3 upcoming cohorts in
    random districts (some full, some sponsored)."""
    from django.utils import timezone

    from courses.demo import _catalogue, _site_root
    from courses.models import Cohort, CoursePage, CourseSkill, District, Provider, Skill

    index = _catalogue(_site_root())
    districts, skills = list(District.objects.all()), list(Skill.objects.all())
    provider = Provider.objects.create(name_th="ศูนย์ทดสอบ", name_en="Bench centre", slug="bench-centre")
    today = timezone.localdate()
    cohorts, taught = [], []
    for i in range(count):
        page = index.add_child(instance=CoursePage(
            title=f"หลักสูตรทดสอบ {i}", title_en=f"Bench course {i}", summary_th="หลักสูตรทดสอบ",
            external_id=f"BC{i:05d}", provider=provider, hours=60, slug=f"bench-course-{i}"))
        for skill in rng.sample(skills, rng.randint(2, 5)):
            taught.append(CourseSkill(course=page, skill=skill, level=rng.randint(1, 3)))
        for _ in range(rng.randint(1, 3)):
            district = rng.choice(districts)
            start = today + timedelta(days=rng.randint(5, 150))
            fee = Decimal(rng.choice([0, 1500, 3000]))
            cohorts.append(Cohort(
                course=page, start_date=start, end_date=start + timedelta(days=45), district=district,
                seats=rng.choice([0, 10, 20, 25]), fee_thb=fee, sponsor_share_thb=fee / 2 if rng.random() < 0.5 else 0,
                status=Cohort.Status.OPEN))
    CourseSkill.objects.bulk_create(taught)
    Cohort.objects.bulk_create(cohorts)


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--graduates", type=int, default=100_000)
    parser.add_argument("--openings", type=int, default=5_000)
    parser.add_argument("--courses", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=800, help="measured requests per endpoint")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=1000, help="unmeasured requests per endpoint first")
    parser.add_argument("--youths", type=int, default=300, help="distinct logged-in youth sessions")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--keep", action="store_true", help="keep the bench database and indices")
    parser.add_argument("--reuse", action="store_true", help="measure on the data a --keep run left")
    parser.add_argument("--reindex", action="store_true", help="with --reuse: rebuild the two indices first")
    return parser.parse_args()


def _prepare_data(args, rng: random.Random, report) -> None:
    """Generate graduates, openings and courses and index openings and courses; with --reuse, only reindex (if
    --reindex) the data a --keep run left."""
    from django.core.management import call_command
    from django.db import connection

    from search import indexing

    if args.reuse:
        report("reused the data of an earlier --keep run (no generation figures)")
        for alias in ("openings", "courses") if args.reindex else ():
            result = indexing.rebuild(alias, chunk_size=500)
            report(f"indexed {alias}: {result.indexed} documents in {result.seconds:.1f}s")
        return
    call_command("migrate", verbosity=0)
    started = time.monotonic()
    generate(args.graduates, args.openings, rng)
    report(f"generated {args.graduates} graduates and {args.openings} openings in "
           f"{time.monotonic() - started:.1f}s")
    started = time.monotonic()
    generate_courses(args.courses, rng)
    report(f"generated {args.courses} live courses with cohorts in {time.monotonic() - started:.1f}s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    for alias in ("openings", "courses"):
        result = indexing.rebuild(alias, chunk_size=500)
        report(f"indexed {alias}: {result.indexed} documents in {result.seconds:.1f}s")


def _youth_cookies(count: int) -> list[str]:
    """Session cookies of `count` random youth, logged in: each request speaks for one of them."""
    from trainees.models import TraineeProfile

    youths = list(TraineeProfile.objects.order_by("?").select_related("user")[:count])
    return [_session_cookie(youth.user) for youth in youths]


def _measure_endpoints(args, rng: random.Random, cookies: list[str], report) -> None:
    """Under gunicorn: per endpoint, a warm-up round (reported, not measured), then the measured round."""
    from employers.models import Opening

    opening_ids = list(Opening.objects.values_list("external_id", flat=True))
    port = _free_port()
    server = _start_gunicorn(port, args.workers)
    try:
        _wait_until_serving(port)

        def request_for(item) -> bytes:
            path, cookie = item
            return (f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n\r\n").encode()

        def run(items):
            return load_round(port, items, request_for, args.clients, server.pid, body_end=b"}")

        def work(kind, n):
            if kind == "youth":
                return [("/api/pathways/me", rng.choice(cookies)) for _ in range(n)]
            return [(f"/api/openings/{rng.choice(opening_ids)}/pathways", rng.choice(cookies)) for _ in range(n)]

        for kind, label in (("youth", "youth pathways GET /api/pathways/me"),
                            ("opening", "opening pathways GET /api/openings/{ref}/pathways")):
            if args.warmup:
                measured, failed, wall, _, used = run(work(kind, args.warmup))
                report(f"{label}: warm-up {len(measured)} requests (not measured): p95 "
                       f"{percentile(measured, 95):.1f} ms, {failed} errors")
            _report_round(args, label, run(work(kind, args.requests)), report)
    finally:
        server.terminate()
        server.wait(timeout=20)


def _report_round(args, label: str, round_result, report) -> None:
    measured, failed, wall, client_cpu, used = round_result
    n = len(measured)
    report(f"{label}, {args.clients} concurrent clients, {n} requests: p50 {percentile(measured, 50):.1f} ms, "
           f"p95 {percentile(measured, 95):.1f} ms, p99 {percentile(measured, 99):.1f} ms, "
           f"{n / wall:.0f} req/s, {failed} errors")
    report("  CPU per request: " + ", ".join(f"{k} {1000 * s / n:.2f} ms" for k, s in used.items()
                                             if k != ES_JIT)
           + f" ({ES_JIT} {1000 * used[ES_JIT] / n:.2f} ms), load generator {1000 * client_cpu / n:.2f} ms")


def _write_results(args, lines: list[str]) -> Path:
    out = ROOT / "benchmarks" / "results" / "pathways.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"# {time.strftime('%Y-%m-%d %H:%M')} python scripts/bench_pathways.py --graduates "
                   f"{args.graduates} --openings {args.openings} --courses {args.courses} --requests {args.requests} "
                   f"--clients {args.clients}\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return out


def main():
    args = _parse_args()
    admin_url, bench_url = bench_database_urls(DATABASE)
    if not args.reuse:
        recreate_database(admin_url, DATABASE)
    use_bench_environment(bench_url, "saphan-bench-pathways")
    import django

    django.setup()
    lines = []

    def report(text):
        print(text, flush=True)
        lines.append(text)

    rng = random.Random(19)
    _prepare_data(args, rng, report)
    _measure_endpoints(args, rng, _youth_cookies(args.youths), report)
    out = _write_results(args, lines)
    if not args.keep:
        drop_bench_data(admin_url, DATABASE, aliases=("openings", "courses"))
    report(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

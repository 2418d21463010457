#!/usr/bin/env python
"""Catalogue benchmark: search API latency over 2,000 imported courses at 8 concurrent clients, and page weight.

What it does (idempotent; safe to re-run):
1. migrates the database named by DATABASE_URL, loads the demo catalogue, and imports synthetic courses with
   `import_courses --publish` until 2,000 courses exist (a realistic mix of trades, districts and providers);
2. rebuilds the `courses` index (SEARCH_INDEX_PREFIX, default "saphan-bench");
3. builds a long-tail mix of >= 1,000 distinct queries drawn from the catalogue's own vocabulary (title and
   summary words, words inside longer words, two-word phrases, misspellings with a dropped or changed letter,
   English words), plus the relevance set, some with a district filter, a sort or a later page;
4. for the result cache OFF and then ON (SEARCH_RESULT_CACHE_SECONDS 0 / 300, emptied before), starts gunicorn
   (production settings, DEBUG off) on a loopback port, warms up, and runs the same mix from 8 client threads
   against GET /api/courses/search: p50/p95/p99, req/s, and CPU per request of the API processes beside
   Elasticsearch's, PostgreSQL's and Redis's (read from /proc, as scripts/bench_matching.py does);
5. measures the catalogue page weight (HTML incl. inline JS + CSS, raw and gzip);
6. prints the figures and writes them to benchmarks/results/catalogue.txt.

The database is `saphan_catalogue_bench` next to DATABASE_URL's (BENCH_DATABASE overrides the name; created
once, kept between runs).
Usage: ./run bench catalogue [--requests 3000]   (DATABASE_URL, REDIS_URL, ELASTICSEARCH_URL from the environment)
"""

import argparse
import gzip
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SEARCH_INDEX_PREFIX", "saphan-bench")  # under the app role's saphan-*
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

TARGET_COURSES = 2000
TRADES = [
    ("ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", "EV motorcycle repair", "ซ่อมมอเตอร์ไซค์ไฟฟ้า แบตเตอรี่ และมอเตอร์", "ev-motorcycle",
     "ev.battery.safety;ev.drive.system"),
    ("ดัดแปลงรถน้ำมันเป็นรถไฟฟ้า", "Petrol-to-electric conversion", "ถอดเครื่องยนต์ ติดตั้งชุดแปลง", "ev-motorcycle",
     "ev.convert.plan;ev.convert.install"),
    ("ซ่อมแบตเตอรี่ลิเทียม", "Lithium battery repair", "เปลี่ยนเซลล์ ตรวจบีเอ็มเอส", "ev-motorcycle",
     "ev.battery.test;ev.bms.diagnose"),
    ("ซ่อมรถจักรยานยนต์", "Motorcycle repair", "เปลี่ยนน้ำมันเครื่อง ผ้าเบรก ยาง", "small-engine",
     "moto.general.repair"),
    ("ระบบหัวฉีด", "Fuel injection", "วิเคราะห์หัวฉีดและปั๊มติ๊ก", "small-engine", "moto.fuel.injection"),
    ("ช่างไฟฟ้าภายในอาคาร", "Building electrician", "เดินสายไฟ ติดตั้งเบรกเกอร์", "electrical",
     "ev.elec.fundamentals"),
    ("ติดตั้งโซล่าเซลล์", "Solar installation", "แผงโซล่าเซลล์และอินเวอร์เตอร์", "energy", "ev.elec.measure"),
    ("ช่างเชื่อมโลหะ", "Metal welding", "เชื่อมไฟฟ้า ประกอบโครงเหล็ก", "metal", "shop.safety.ohs"),
    ("ทำบัญชีร้านซ่อม", "Repair-shop bookkeeping", "ใบเสนอราคา ใบเสร็จ บัญชีรายรับรายจ่าย", "business",
     "shop.bookkeeping;shop.quote.estimate"),
    ("ซ่อมเครื่องปรับอากาศ", "Air-conditioner repair", "ล้างแอร์ เติมน้ำยา", "electrical", "ev.elec.measure"),
]
LEVELS = [("เบื้องต้น", "basics"), ("ขั้นกลาง", "intermediate"), ("ขั้นสูง", "advanced"), ("สำหรับเยาวชน", "for youth")]
QUERIES = [
    {"q": "ซ่อมมอไซค์ไฟฟ้า"}, {"q": "ซ่อมมอไซค์ไฟฟ้า", "district": "4001"}, {"q": "แบต"}, {"q": "อีวี"},
    {"q": "แปลงรถน้ำมัน"}, {"q": "โซล่าเซลล์"}, {"q": "ช่างเชื่อม"}, {"q": "ช่างไฟ"}, {"q": "ซ่อมแอร์"},
    {"q": "motorcycle repair"}, {"q": "electric motorcyle"}, {"q": "battery", "page": "3"}, {"q": "solar"},
    {"q": "ซ่อม", "sort": "start"}, {"q": "ซ่อม", "sort": "distance", "near": "4012"}, {"category": "metal"},
    {"district": "4005"}, {"funding": "free"}, {"q": "บัญชีร้านซ่อม"}, {"q": "หัวฉีด", "page": "2"}, {},
    {"q": "ev conversion", "district": "4010"}, {"q": "welding"}, {"q": "มอเตอร์ไซค์", "category": "ev-motorcycle"},
]


def _bench_module():
    """scripts/bench_matching.py's CPU accounting (per process, from /proc), reused so both report alike."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_matching", ROOT / "scripts" / "bench_matching.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _relevance_queries() -> list[str]:
    import importlib.util

    path = ROOT / "search" / "tests" / "test_catalogue_relevance.py"
    spec = importlib.util.spec_from_file_location("relevance", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [q for q, _ in module.RELEVANCE_SET]


def query_mix(minimum: int = 1000, seed: int = 42) -> list[dict]:
    """>= `minimum` distinct query strings from the catalogue's vocabulary and the relevance set, as request
    parameters (a few with a district, a sort or page 2): the long tail real traffic has."""
    from courses.models import CoursePage, District
    from search import thai

    rnd = random.Random(seed)
    texts = set(_relevance_queries())
    words, english = set(), set()
    for title, summary, title_en in CoursePage.objects.values_list("title", "summary_th", "title_en"):
        segmented = [w for w in thai.segment(f"{title} {summary}") if thai._THAI.search(w) and len(w) >= 2]
        words.update(segmented)
        texts.update(" ".join(segmented[i:i + 2]).replace(" ", "") for i in range(0, len(segmented) - 1, 3))
        english.update(w for w in re.findall(r"[a-z]{4,}", title_en.lower()))
    for word in sorted(words):
        texts.add(word)
        clusters = thai.grams(word)
        if len(clusters) >= 4:  # a word inside it, and a dropped or changed letter
            texts.add("".join(clusters[1:]))
            texts.add(word[:-1])
            i = rnd.randrange(1, len(word))
            texts.add(word[:i] + rnd.choice("กนมรสอ") + word[i + 1:])
    texts.update(sorted(english))
    texts.update(f"{a} {b}" for a, b in zip(sorted(english), sorted(english)[7:], strict=False))
    texts = sorted(t for t in texts if t.strip())
    rnd.shuffle(texts)
    districts = list(District.objects.values_list("code", flat=True))
    mix = []
    for text in texts:
        params = {"q": text}
        roll = rnd.random()
        if roll < 0.15:
            params["district"] = rnd.choice(districts)
        elif roll < 0.22:
            params.update(sort="distance", near=rnd.choice(districts))
        elif roll < 0.27:
            params["page"] = "2"
        mix.append(params)
    mix += QUERIES  # the 24 shapes of earlier runs, facets and filters without text included
    if len({m["q"] for m in mix if "q" in m}) < minimum:
        raise SystemExit(f"only {len(mix)} distinct queries could be drawn from the catalogue")
    return mix


def use_bench_database() -> None:
    """Run against a database of its own (kept between runs: importing 2,000 courses is slow), never the dev one."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    base = os.environ.get("DATABASE_URL", "postgres://saphan:saphan@127.0.0.1:55432/saphan")
    parts = urlsplit(base)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        name = os.environ.get("BENCH_DATABASE", "saphan_catalogue_bench")
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))


def setup_django(settings_module):
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()


def ensure_catalogue():
    from django.core.management import call_command

    from courses.demo import PROVIDERS
    from courses.demo import load as load_demo
    from courses.models import CoursePage, District
    from courses.services import IMPORT_HEADER, import_courses

    call_command("migrate", verbosity=0)
    load_demo()
    have = CoursePage.objects.count()
    if have >= TARGET_COURSES:
        return have, 0.0
    districts = list(District.objects.values_list("code", flat=True))
    rnd = random.Random(42)
    lines = [",".join(IMPORT_HEADER)]
    for n in range(TARGET_COURSES - have):
        title_th, title_en, summary, category, skills = rnd.choice(TRADES)
        level_th, level_en = rnd.choice(LEVELS)
        start = date(2027, 1, 5) + timedelta(days=rnd.randint(0, 240))
        fee = rnd.choice(["0", "0", "500.00", "1500.00", "4500.00"])
        lines.append(",".join([
            f"BENCH-{n:05d}", f"{title_th} {level_th} รุ่น {n}", f"{title_en} {level_en} {n}", summary,
            f"{title_en} course", rnd.choice(PROVIDERS)[0], category, rnd.choice(districts), skills,
            str(rnd.choice([18, 30, 60, 120])), fee, str(rnd.choice([10, 20, 30])), start.isoformat(),
            (start + timedelta(days=rnd.randint(5, 60))).isoformat(),
        ]))
    started = time.monotonic()
    chunk = 250
    body = lines[1:]
    for i in range(0, len(body), chunk):
        import_courses(data="\n".join([lines[0], *body[i:i + chunk]]) + "\n", publish=True)
        print(f"  imported {min(i + chunk, len(body))}/{len(body)}", flush=True)
    return CoursePage.objects.count(), time.monotonic() - started


def purge_sync_tasks():
    """The imports enqueued on-commit sync tasks; no worker runs here and the rebuild covers them."""
    from config.celery import app

    try:
        app.control.purge()
    except Exception as exc:  # noqa: BLE001
        print(f"  (could not purge broker: {exc})")


def percentile(values, pct):
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_load(base, work, clients, server_pid, bench):
    """Every item of `work` once, spread over `clients` threads; latencies, errors, wall seconds, CPU by kind."""
    import requests

    latencies, errors, lock = [], [], threading.Lock()

    def client(items):
        session = requests.Session()
        for params in items:
            t0 = time.perf_counter()
            try:
                response = session.get(f"{base}/api/courses/search", params=params, timeout=30)
                failed = response.status_code != 200 or response.json().get("degraded")
                status = response.status_code
            except requests.RequestException as exc:  # counted, not fatal: an overloaded machine times out
                failed, status = True, type(exc).__name__
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                if failed:
                    errors.append((params, status))
                latencies.append(elapsed)

    threads = [threading.Thread(target=client, args=(work[i::clients],)) for i in range(clients)]
    before = bench._cpu_seconds_by_process(server_pid)
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    used = bench._cpu_used_by_process_kind(before, bench._cpu_seconds_by_process(server_pid))
    return latencies, errors, seconds, used


def page_weight(base):
    import requests

    html = requests.get(f"{base}/courses/", params={"q": "ซ่อมมอไซค์ไฟฟ้า"}, timeout=10).content
    css = (ROOT / "site" / "static" / "css" / "site.css").read_bytes()
    scripts = b"".join(re.findall(rb"<script[^>]*>(.*?)</script>", html, re.S))
    external_js = re.findall(rb'<script[^>]+src="([^"]+)"', html)
    return {"html": len(html), "css": len(css), "inline_js": len(scripts), "external_js_files": len(external_js),
            "total": len(html) + len(css), "total_gzip": len(gzip.compress(html)) + len(gzip.compress(css))}


def measure(args, env, mix, cache_seconds, bench) -> tuple[list[str], dict | None]:
    """Start gunicorn with the result cache at `cache_seconds`, warm up, run the mix; the report lines."""
    from search import result_cache

    result_cache.bump("courses")  # no answer of an earlier run is reused
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--worker-class", "gthread", "--threads", str(args.threads),
         "--log-level", "warning"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.production",
                       "SEARCH_RESULT_CACHE_SECONDS": str(cache_seconds)},
    )
    base = f"http://127.0.0.1:{args.port}"
    weight = None
    try:
        import requests

        for _ in range(100):
            try:
                if requests.get(f"{base}/api/courses/search", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        rnd = random.Random(7)
        # warm-up (not measured): connections, Python caches, ES's JIT; other queries than the measured ones'
        # order, so the cache-on run still meets most measured queries for the first time
        run_load(base, rnd.sample(mix, min(args.warmup, len(mix))), args.clients, server.pid, bench)
        work = [mix[i % len(mix)] for i in range(args.requests)]
        random.Random(11).shuffle(work)
        latencies, errors, seconds, used = run_load(base, work, args.clients, server.pid, bench)
        if cache_seconds:
            weight = page_weight(base)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)
    n = len(latencies)
    api, es = 1000 * used["API server"] / n, 1000 * used["Elasticsearch"] / n
    label = f"result cache {'ON (' + str(cache_seconds) + ' s)' if cache_seconds else 'OFF'}"
    lines = [
        f"{label}: {n} requests, {args.clients} clients: p50 {percentile(latencies, 50):.1f} ms  "
        f"p95 {percentile(latencies, 95):.1f} ms  p99 {percentile(latencies, 99):.1f} ms  "
        f"mean {statistics.mean(latencies):.1f}  max {max(latencies):.1f}; {n / seconds:.0f} req/s; "
        f"errors/degraded {len(errors)}",
        "  CPU per request: " + ", ".join(f"{kind} {1000 * secs / n:.2f} ms" for kind, secs in used.items())
        + f"; API/Elasticsearch = {api / es:.2f}" if es else "",
    ]
    if not cache_seconds:
        lines.append(f"  targets (cache off): p95 <= 60 ms: {'MET' if percentile(latencies, 95) <= 60 else 'NOT MET'}"
                     f"; API CPU <= 2x Elasticsearch's: {'MET' if es and api <= 2 * es else 'NOT MET'}")
    if errors:
        lines.append(f"  first errors: {errors[:3]}")
    return lines, weight


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000)
    # Elasticsearch JIT-compiles its search code for ~15-20k requests after a start (see the matching benchmark);
    # a short warm-up measures the compiler, not the server users meet
    parser.add_argument("--warmup", type=int, default=15000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--port", type=int, default=8039)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2 CPUs shared with ES and PG)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cache", choices=["both", "off", "on"], default="both")
    return parser.parse_args()


def _header_lines(args, courses: int, indexed: int, import_seconds: float, mix: list[dict]) -> list[str]:
    """What was measured, on what: the head of the results file."""
    distinct = len({m.get("q", "") for m in mix})
    return [
        f"catalogue benchmark — {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        f"command: python scripts/bench_catalogue.py --requests {args.requests} --clients {args.clients}",
        f"courses in database/index: {courses} / {indexed}"
        + (f" (import of new rows took {import_seconds:.0f}s)" if import_seconds else ""),
        f"server: gunicorn {args.workers} workers x {args.threads} threads (gthread), production settings",
        f"load: {args.requests} requests to GET /api/courses/search per run, {distinct} distinct query texts "
        f"({len(mix)} request shapes: catalogue vocabulary, infix words, misspellings, English, the relevance set; "
        f"some with a district, distance sort or page 2), facets on every request, {args.warmup} warm-up requests",
    ]


def _weight_line(weight: dict) -> str:
    """The catalogue page's weight against its 150 KB budget."""
    return (
        f"catalogue page weight (/courses/?q=…): HTML {weight['html']} B (inline JS {weight['inline_js']} B, "
        f"{weight['external_js_files']} external JS files) + CSS {weight['css']} B = {weight['total']} B "
        f"({weight['total'] / 1024:.1f} KB; gzip {weight['total_gzip'] / 1024:.1f} KB); budget 150 KB: "
        f"{'MET' if weight['total'] <= 150 * 1024 else 'NOT MET'}")


def main():
    args = _parse_args()
    env = {**os.environ, "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48),
           "SAPHAN_PUBLIC_BASE_URL": "https://saphan.invalid", "SECURE_SSL_REDIRECT": "0",
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "WARNING"}
    os.environ.update(env)
    use_bench_database()
    env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    setup_django("config.settings.production")
    print("preparing catalogue…", flush=True)
    courses, import_seconds = ensure_catalogue()
    purge_sync_tasks()
    from search import indexing

    result = indexing.rebuild("courses")
    print(f"  {courses} courses; indexed {result.indexed} in {result.seconds:.1f}s", flush=True)
    mix = query_mix()
    bench = _bench_module()
    lines = _header_lines(args, courses, result.indexed, import_seconds, mix)
    weight = None
    for cache_seconds in ([0, 300] if args.cache == "both" else [0] if args.cache == "off" else [300]):
        print(f"measuring with the result cache at {cache_seconds} s…", flush=True)
        measured, w = measure(args, env, mix, cache_seconds, bench)
        weight = weight or w
        lines += measured
        print("\n".join(measured), flush=True)
    lines.append(f"machine: {os.cpu_count()} CPUs shared with other work; load average {os.getloadavg()[0]:.2f} "
                 "at the end: compare ratios within this run, not absolute figures across runs")
    if weight:
        lines.append(_weight_line(weight))
    text = "\n".join(lines)
    print(text)
    out = ROOT / "benchmarks" / "results" / "catalogue.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

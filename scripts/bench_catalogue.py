#!/usr/bin/env python
"""Catalogue benchmark: search API latency over 2,000 imported courses at 8 concurrent clients, and page weight.

What it does (idempotent; safe to re-run):
1. migrates the database named by DATABASE_URL, loads the demo catalogue, and imports synthetic courses with
   `import_courses --publish` until 2,000 courses exist (a realistic mix of trades, districts and providers);
2. rebuilds the `courses` index (SEARCH_INDEX_PREFIX, default "bench");
3. starts gunicorn (production settings, DEBUG off) on a loopback port, warms up, then 8 client threads run a
   mix of Thai/English queries, filters, sorts and pages against GET /api/courses/search;
4. measures the catalogue page weight (HTML incl. inline JS + CSS, raw and gzip);
5. prints the figures and writes them to benchmarks/results/catalogue.txt (catalogue-uncached.txt when run with
   SEARCH_RESULT_CACHE_SECONDS=0, which sends every request to Elasticsearch).

The database is `saphan_catalogue_bench` next to DATABASE_URL's (created once, kept between runs).
Usage: DATABASE_URL=... REDIS_URL=... ELASTICSEARCH_URL=... python scripts/bench_catalogue.py [--requests 2400]
"""

import argparse
import gzip
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SEARCH_INDEX_PREFIX", "bench")
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


def _cache_seconds() -> int:
    return int(os.environ.get("SEARCH_RESULT_CACHE_SECONDS", "300"))


def use_bench_database() -> None:
    """Run against a database of its own (kept between runs: importing 2,000 courses is slow), never the dev one."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    base = os.environ.get("DATABASE_URL", "postgres://saphan:saphan@127.0.0.1:55432/saphan")
    parts = urlsplit(base)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'saphan_catalogue_bench'").fetchone():
            conn.execute("CREATE DATABASE saphan_catalogue_bench")
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/saphan_catalogue_bench"))


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


def run_load(base, total, clients):
    import requests

    latencies, errors, lock = [], [], threading.Lock()
    per_client = total // clients

    def client(seed):
        rnd = random.Random(seed)
        session = requests.Session()
        for _ in range(per_client):
            params = rnd.choice(QUERIES)
            t0 = time.perf_counter()
            response = session.get(f"{base}/api/courses/search", params=params, timeout=10)
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                if response.status_code != 200 or response.json().get("degraded"):
                    errors.append((params, response.status_code))
                latencies.append(elapsed)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.perf_counter() - started


def page_weight(base):
    import requests

    html = requests.get(f"{base}/courses/", params={"q": "ซ่อมมอไซค์ไฟฟ้า"}, timeout=10).content
    css = (ROOT / "site" / "static" / "css" / "site.css").read_bytes()
    scripts = b"".join(re.findall(rb"<script[^>]*>(.*?)</script>", html, re.S))
    external_js = re.findall(rb'<script[^>]+src="([^"]+)"', html)
    return {"html": len(html), "css": len(css), "inline_js": len(scripts), "external_js_files": len(external_js),
            "total": len(html) + len(css), "total_gzip": len(gzip.compress(html)) + len(gzip.compress(css))}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--port", type=int, default=8039)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2 CPUs shared with ES and PG)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    env = {**os.environ, "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only"), "SECURE_SSL_REDIRECT": "0",
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

    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--worker-class", "gthread", "--threads", str(args.threads), "--log-level", "warning"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.production"},
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        import requests

        for _ in range(100):
            try:
                if requests.get(f"{base}/api/courses/search", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        run_load(base, 200, args.clients)  # warm-up: connections, caches, JIT of ES query paths
        latencies, errors, seconds = run_load(base, args.requests, args.clients)
        weight = page_weight(base)
    finally:
        server.terminate()
        server.wait(timeout=20)

    lines = [
        f"catalogue benchmark — {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the end (shared machine)",
        f"courses in database/index: {courses} / {result.indexed}"
        + (f" (import of new rows took {import_seconds:.0f}s)" if import_seconds else ""),
        f"server: gunicorn {args.workers} workers x {args.threads} threads (gthread), production settings, 127.0.0.1:{args.port}",
        f"load: {len(latencies)} requests to GET /api/courses/search from {args.clients} concurrent clients, "
        f"{len(QUERIES)} query shapes (Thai/English text, facets, sorts, pages), facets on every request",
        f"search result cache (search/result_cache.py): {_cache_seconds()} s"
        + (" — repeated queries are answered from Redis until the index changes" if _cache_seconds() else
           " (off: every request goes to Elasticsearch)"),
        f"latency ms: p50 {percentile(latencies, 50):.1f}  p95 {percentile(latencies, 95):.1f}  "
        f"p99 {percentile(latencies, 99):.1f}  mean {statistics.mean(latencies):.1f}  max {max(latencies):.1f}",
        f"throughput: {len(latencies) / seconds:.0f} requests/s; errors/degraded: {len(errors)}",
        f"target p95 <= 80 ms: {'MET' if percentile(latencies, 95) <= 80 else 'NOT MET'}",
        f"catalogue page weight (/courses/?q=…): HTML {weight['html']} B (inline JS {weight['inline_js']} B, "
        f"{weight['external_js_files']} external JS files) + CSS {weight['css']} B = {weight['total']} B "
        f"({weight['total'] / 1024:.1f} KB; gzip {weight['total_gzip'] / 1024:.1f} KB); budget 150 KB: "
        f"{'MET' if weight['total'] <= 150 * 1024 else 'NOT MET'}",
    ]
    text = "\n".join(lines)
    print(text)
    out = ROOT / "benchmarks" / "results" / ("catalogue.txt" if _cache_seconds() else "catalogue-uncached.txt")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    print(f"written to {out.relative_to(ROOT)}")
    if errors:
        print("first errors:", errors[:5])


if __name__ == "__main__":
    main()

"""Enrolment day, short: the Locust load of `./run bench enrolment-day` (scripts/bench_enrolment_day.py) at a
smaller scale, real HTTP to two gunicorn processes with production settings on the test database, the session's
Celery worker sending the SMS. After the rush: no oversold seat, no 5xx, everyone enrolled or waitlisted in
arrival order, one confirmation SMS each."""

import importlib.util
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPLICANTS, BROWSERS, COHORTS, SEATS = 30, 6, 3, 4


def _bench():
    spec = importlib.util.spec_from_file_location("bench_enrolment_day", ROOT / "scripts" / "bench_enrolment_day.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(transaction=True)
def test_enrolment_day_rush_oversells_nothing_and_answers_no_5xx(celery_worker, search_clean, settings, tmp_path):
    from search import indexing

    bench = _bench()
    seeded = bench.seed(applicants=APPLICANTS, cohorts=COHORTS, seats=SEATS)
    indexing.rebuild("courses")
    db = settings.DATABASES["default"]
    env = bench.web_env({
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL, "ELASTICSEARCH_URL": settings.ELASTICSEARCH_URL,
        "SEARCH_INDEX_PREFIX": settings.SEARCH_INDEX_PREFIX, "CACHE_KEY_PREFIX": f"{settings.SEARCH_INDEX_PREFIX}-web",
        # the suite's Elasticsearch as the suite uses it: with its credentials, or explicitly without when it has none
        "ELASTICSEARCH_USERNAME": settings.ELASTICSEARCH_USERNAME,
        "ELASTICSEARCH_PASSWORD": settings.ELASTICSEARCH_PASSWORD,
        "ELASTICSEARCH_ALLOW_ANONYMOUS": "false" if settings.ELASTICSEARCH_PASSWORD else "true",
    })
    ports = [bench.free_port(), bench.free_port()]
    procs = bench.start_webs(env, ports, 1, tmp_path)
    try:
        load = bench.run_locust(bases=[f"http://127.0.0.1:{p}" for p in ports], seeded=seeded, applicants=APPLICANTS,
                                browsers=BROWSERS, seconds=120, spawn_rate=20, out_dir=tmp_path, env=env)
    finally:
        bench.stop(procs)
    deadline = time.monotonic() + 60
    while (found := bench.check(phones=seeded["phones"], cohorts=seeded["cohorts"], seats=SEATS))["sms_unsent"]:
        assert time.monotonic() < deadline, found
        time.sleep(0.5)

    assert load["5xx"] == 0 and load["unanswered"] == 0, load["status"]
    assert found["problems"] == [], (found, load["status"])
    assert all(c == {"applied": APPLICANTS // COHORTS, "confirmed": SEATS, "waitlisted": APPLICANTS // COHORTS - SEATS}
               for c in found["cohorts"].values()), found
    assert found["sms_queued"] == APPLICANTS
    applies = load["status"]["POST apply"]
    assert applies == {"302": APPLICANTS}, applies  # every applicant's application was taken
    assert load["endpoints"]["GET /api/courses/search"]["requests"] > 0
    assert load["endpoints"]["Aggregated"]["p95_ms"] > 0

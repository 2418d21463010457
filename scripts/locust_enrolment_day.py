"""Locust users for enrolment day (run by scripts/bench_enrolment_day.py; not a test by itself).

Applicants sign in with their phone number, open the course and apply to their cohort once; browsers read the home
page, search the catalogue (page and API) and open the course, all the while. The last applicant through asks the
runner to quit; in the runs so far Locust still ran to its -t duration, which therefore bounds the run (known gap).
Two web processes answer: each user sticks to one of them, as behind a load balancer with sticky sessions. Every
answer's status code is counted per endpoint and written to ENROL_STATUS_FILE when Locust quits (the 5xx check reads
it).

Environment: ENROL_BASES (comma-separated base URLs), ENROL_PHONES (comma-separated), ENROL_PASSWORD,
ENROL_COHORTS (comma-separated cohort ids), ENROL_COURSE_PATH, ENROL_STATUS_FILE.
"""

import itertools
import json
import os
import random
import threading
from collections import Counter, defaultdict

from locust import HttpUser, between, events, task
from locust.exception import StopUser

BASES = os.environ["ENROL_BASES"].split(",")
PHONES = os.environ["ENROL_PHONES"].split(",")
PASSWORD = os.environ["ENROL_PASSWORD"]
COHORTS = [int(c) for c in os.environ["ENROL_COHORTS"].split(",")]
COURSE_PATH = os.environ["ENROL_COURSE_PATH"]
QUERIES = ["ซ่อมมอไซค์ไฟฟ้า", "แบตเตอรี่", "EV", "ช่างเชื่อม", "ไฟฟ้า", "ดัดแปลง", "motorcycle"]
_next = itertools.count()
_done = itertools.count(1)
_lock = threading.Lock()
STATUS: dict[str, Counter] = defaultdict(Counter)


@events.request.add_listener
def _count(request_type, name, response, exception, **kwargs):
    code = getattr(response, "status_code", 0) or 0
    STATUS[name][str(code)] += 1


@events.quitting.add_listener
def _write(environment, **kwargs):
    with open(os.environ["ENROL_STATUS_FILE"], "w") as out:
        json.dump({name: dict(codes) for name, codes in STATUS.items()}, out)


def _csrf(client) -> str:
    return client.cookies.get("csrftoken", "")


class Applicant(HttpUser):
    """One youth: sign in, look at the course, apply to one cohort, done."""

    fixed_count = int(os.environ.get("ENROL_APPLICANTS", "300"))
    wait_time = between(0.2, 1.0)

    def on_start(self):
        with _lock:
            number = next(_next)
        if number >= len(PHONES):
            raise StopUser()
        self.phone = PHONES[number]
        self.cohort = COHORTS[number % len(COHORTS)]
        self.base = BASES[number % len(BASES)]

    @task
    def apply(self):
        self.client.get(f"{self.base}/login/", name="GET /login/")
        self.client.post(f"{self.base}/login/", name="POST /login/", allow_redirects=False,
                         data={"username": self.phone, "password": PASSWORD,
                               "csrfmiddlewaretoken": _csrf(self.client)},
                         headers={"Referer": f"{self.base}/login/"})
        self.client.get(f"{self.base}{COURSE_PATH}", name="GET course page")
        # the confirm step: what the intake costs and the consent it needs; the seat is taken by the POST
        apply_url = f"{self.base}/cohorts/{self.cohort}/apply/"
        self.client.get(apply_url, name="GET apply (confirm step)")
        self.client.post(apply_url, name="POST apply", allow_redirects=False,
                         data={"csrfmiddlewaretoken": _csrf(self.client), "training_consent": "on"},
                         headers={"Referer": apply_url, "X-CSRFToken": _csrf(self.client)})
        self.client.get(f"{self.base}/me/", name="GET /me/")
        with _lock:
            finished = next(_done)
        if finished >= min(len(PHONES), self.fixed_count):  # the last applicant is through: the rush is over
            self.environment.runner.quit()
        raise StopUser()


class Browser(HttpUser):
    """Someone reading and searching while the intake opens."""

    fixed_count = int(os.environ.get("ENROL_BROWSERS", "50"))
    wait_time = between(1.0, 3.0)

    def on_start(self):
        self.base = random.choice(BASES)

    @task(3)
    def search_page(self):
        self.client.get(f"{self.base}/courses/?q={random.choice(QUERIES)}", name="GET /courses/?q=")

    @task(3)
    def search_api(self):
        self.client.get(f"{self.base}/api/courses/search?q={random.choice(QUERIES)}", name="GET /api/courses/search")

    @task(2)
    def course(self):
        self.client.get(f"{self.base}{COURSE_PATH}", name="GET course page")

    @task(1)
    def home(self):
        self.client.get(f"{self.base}/", name="GET /")

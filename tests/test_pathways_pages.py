"""Pathways where people meet them: the youth pages, the API and command documentation, the employer's pipeline
with "notify me when they graduate", the course page's demand box and the staff skills-demand report."""

import io

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from accounts.notifications import messages_to
from courses.models import Cohort
from employers.imports import import_graduates
from search import indexing, pathways
from search.models import PipelineWatch
from search.pipeline_watch import pipeline_watches_fire
from tests import employer_world
from tests.factories import reference_data
from tests.test_matching import GRAD_HEADER, grad, opening
from tests.test_pathways import _course, _index, _openings, _youth
from trainees.models import Enrollment, TraineeProfile


def _learners(page, count, status=Enrollment.Status.CONFIRMED, prefix="L"):
    cohort = Cohort.objects.get(course=page)
    return [Enrollment.objects.create(trainee=_youth(f"{prefix}-{page.pk}-{i}"), cohort=cohort, status=status)
            for i in range(count)]


@pytest.mark.django_db
def test_me_openings_links_each_missing_skill_to_a_course_and_the_opening_page_names_it(client, search_clean):
    reference_data()
    _course("C-OHS", {"shop.safety.ohs": 2}, fee=1500, sponsor_share=1000)
    _openings(opening("OP-2", required="ev.battery.safety:1;shop.safety.ohs:2"))
    _index()
    youth = _youth("Y-PAGE", skills={"ev.battery.safety": 2})
    client.force_login(youth.user)
    html = client.get("/me/openings/").content.decode()
    assert 'data-testid="pathways"' in html and 'data-course="C-OHS"' in html
    assert "คุณจ่าย 500" in html  # after the sponsor's 1,000 of 1,500
    assert pathways.COVERS_ALL_TH in html
    page = client.get("/me/openings/OP-2/")
    assert page.status_code == 200
    assert 'data-skill="shop.safety.ohs"' in page.content.decode()
    assert client.get("/me/openings/NOPE/").status_code == 404


@pytest.mark.django_db
def test_a_minor_never_sees_hazardous_work_on_any_youth_page_or_the_api(client, search_clean):
    reference_data()
    _course("C-OHS", {"shop.safety.ohs": 1})
    _openings(opening("OP-HAZ", required="shop.safety.ohs:1", hazardous="true"))
    _index()
    minor = _youth("Y-MINOR", age=16)
    client.force_login(minor.user)
    assert client.get("/me/openings/OP-HAZ/").status_code == 404
    html = client.get("/me/pathways/").content.decode()
    assert 'data-course="C-OHS"' not in html and "อายุต่ำกว่า 18" in html
    assert client.get("/api/pathways/me").json()["positions_nearby"] == 0
    adult = _youth("Y-ADULT", age=19)
    client.force_login(adult.user)
    assert client.get("/me/openings/OP-HAZ/").status_code == 200
    assert 'data-course="C-OHS"' in client.get("/me/pathways/").content.decode()


@pytest.mark.django_db
def test_api_endpoints_answer_and_are_documented(client, search_clean):
    reference_data()
    _course("C-OK", {"ev.battery.safety": 2})
    _openings(opening("OP-1", required="ev.battery.safety:2"))
    _index()
    youth = _youth("Y-API")
    assert client.get("/api/pathways/me").status_code == 401
    client.force_login(youth.user)
    me = client.get("/api/pathways/me").json()
    assert me["courses"][0]["course"] == "C-OK" and me["positions_nearby"] == 1
    body = client.get("/api/openings/OP-1/pathways").json()
    assert body["missing"][0]["courses"][0]["cohorts"][0]["trainee_fee_thb"] == "0.00"
    assert client.get("/api/openings/FORGED/pathways").status_code == 404
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/pathways/me" in paths and "/api/openings/{ref}/pathways" in paths


@pytest.mark.django_db
def test_course_page_shows_demand_and_suppresses_small_counts(client, search_clean):
    reference_data()
    busy = _course("C-BUSY", {"ev.battery.safety": 1})
    quiet = _course("C-QUIET", {"shop.safety.ohs": 1})
    _openings("".join(opening(f"OP-{i}", required="ev.battery.safety:1") for i in range(6))
              + opening("OP-Q", required="shop.safety.ohs:1"))
    _index()
    html = client.get(busy.url).content.decode()
    assert 'data-testid="demand-positions">6<' in html and "400–600" in html
    html = client.get(quiet.url).content.decode()
    assert 'data-testid="demand-positions">&lt;5<' in html and "400–600" not in html


@pytest.mark.django_db
def test_employer_with_few_matches_sees_the_pipeline_as_counts_and_can_subscribe(client, search_clean):
    world = employer_world.build()
    page = _course("C-PIPE", {"ev.battery.safety": 2})
    _learners(page, 6)
    small = _course("C-SMALL", {"ev.battery.safety": 1}, district="4001")
    _learners(small, 2, prefix="S")
    indexing.rebuild("courses")
    client.force_login(world["owner"])
    html = client.get("/employers/openings/MINE/matches/").content.decode()
    assert 'data-testid="pipeline"' in html
    counts = [cell.split("<")[0] for cell in html.split('data-testid="pipeline-learners">')[1:]]
    assert sorted(counts) == ["6"]  # C-SMALL is ~44 km away, beyond the opening's 30 km
    assert "ชื่อ L-" not in html  # no learner's name before graduation
    found = pathways.pipeline([("ev.battery.safety", 1)])
    assert found.total == 8 and found.rows[0]["learners"] == 8  # both cohorts end on the same day: one row
    assert pathways.pipeline([("ev.battery.safety", 1)], origin={"lat": 16.4467, "lon": 102.833},
                             radius_km=5).total == "<5"
    response = client.post("/employers/pipeline/watch/", {"opening": "MINE", "cohort": "999999"})
    assert response.status_code == 302
    watch = PipelineWatch.objects.get()
    assert watch.cohort_ids == [Cohort.objects.get(course=page).pk]  # found again, the posted id ignored
    client.force_login(world["rival"].__class__.objects.get(username="rival-owner"))
    assert client.post("/employers/pipeline/watch/", {"opening": "MINE"}).status_code == 404


@pytest.mark.django_db
def test_watch_fires_once_when_a_watched_learner_graduates_and_is_discoverable(search_clean):
    world = employer_world.build()
    page = _course("C-PIPE", {"ev.battery.safety": 2})
    cohort = Cohort.objects.get(course=page)
    watch = PipelineWatch.objects.create(employer=world["mine"], user=world["owner"], skills=[["ev.battery.safety", 2]],
                                         cohort_ids=[cohort.pk])
    assert import_graduates(GRAD_HEADER + grad("G-NEW") + grad("G-SHY", discoverable="false")).imported
    shy, new = TraineeProfile.objects.get(external_id="G-SHY"), TraineeProfile.objects.get(external_id="G-NEW")
    Enrollment.objects.create(trainee=shy, cohort=cohort, status=Enrollment.Status.COMPLETED)
    assert pipeline_watches_fire(trainee_id=shy.pk) == 0  # graduated but not discoverable: nothing yet
    Enrollment.objects.create(trainee=new, cohort=cohort, status=Enrollment.Status.CONFIRMED)
    assert pipeline_watches_fire(trainee_id=new.pk) == 0  # still learning
    Enrollment.objects.filter(trainee=new).update(status=Enrollment.Status.COMPLETED)
    assert pipeline_watches_fire(trainee_id=new.pk) == 1
    watch.refresh_from_db()
    assert watch.notified_at is not None
    sent = messages_to(world["owner"].phone, "pipeline_graduated")
    assert sent.count() == 1 and "1 คน" in sent.get().body
    assert pipeline_watches_fire(trainee_id=new.pk) == 0  # once


@pytest.mark.django_db
def test_staff_skills_demand_ranks_the_gap_and_exports_are_suppressed(client, search_clean):
    reference_data()
    _course("C-BAT", {"ev.battery.safety": 1}, seats=3)
    _openings("".join(opening(f"OP-B{i}", required="ev.battery.safety:1") for i in range(7))
              + opening("OP-O", required="shop.safety.ohs:1"))
    _index()
    rows = pathways.province_demand()
    assert [(r.code, r.positions, r.seats, r.gap) for r in rows] == [
        ("ev.battery.safety", 7, 3, 4), ("shop.safety.ohs", 1, 0, 1)]
    assert rows[0].by_district == {"4010": 7}
    staff = get_user_model().objects.create_superuser(username="admin", password="x" * 12, phone="0800000001")
    client.force_login(staff)
    html = client.get("/cms/skills-demand/").content.decode()
    assert 'data-skill="ev.battery.safety"' in html and "demand-chart" in html
    csv_text = client.get("/cms/skills-demand/?format=csv").content.decode("utf-8-sig")
    battery = next(line for line in csv_text.splitlines() if line.startswith("ev.battery.safety"))
    assert ",7,<5,," in battery  # 7 positions; 3 seats suppressed, and the gap derived from them blanked
    sheet = load_workbook(io.BytesIO(client.get("/cms/skills-demand/?format=xlsx").content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][:5] == ["ev.battery.safety", rows[0].name_th, rows[0].name_en, 7, "<5"]
    assert values[2][3] == "<5"

"""Pathways where people meet them: the youth pages, the API and command documentation, the employer's pipeline
with "notify me when they graduate", the course page's demand box and the staff skills-demand report."""

import io

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from courses.models import Cohort, Skill
from employers.imports import import_graduates
from search import indexing, pathways
from search.models import PipelineWatch
from search.pipeline_watch import pipeline_watches_fire
from search.tests.test_pathways import _course, _index, _openings, _youth
from tests import employer_world
from tests.helpers import messages_to
from tests.import_rows import GRAD_HEADER, grad, opening
from trainees.models import Enrollment, TraineeProfile


def _learners(page, count, status=Enrollment.Status.CONFIRMED, prefix="L"):
    cohort = Cohort.objects.get(course=page)
    return [Enrollment.objects.create(trainee=_youth(f"{prefix}-{page.pk}-{i}"), cohort=cohort, status=status)
            for i in range(count)]


@pytest.mark.django_db
def test_me_openings_links_each_missing_skill_to_a_course_and_the_opening_page_names_it(
        client, search_clean, reference_data):
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
def test_a_minor_never_sees_hazardous_work_on_any_youth_page_or_the_api(client, search_clean, reference_data):
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
def test_api_endpoints_answer_and_are_documented(client, search_clean, reference_data):
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
def test_course_page_shows_demand_and_suppresses_small_counts(client, search_clean, reference_data):
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
    assert sorted(counts) == ["6"]  # C-SMALL is ~44 km away, beyond the opening's 20 km
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
    watch = PipelineWatch.objects.create(employer=world["mine"], user=world["owner"],
                                         skills=[["ev.battery.safety", 2]], cohort_ids=[cohort.pk])
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
def test_staff_skills_demand_ranks_the_gap_and_exports_are_suppressed(client, search_clean, reference_data):
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


@pytest.mark.django_db(transaction=True)
def test_watch_fires_through_staff_graduation_and_the_worker_only_for_a_discoverable_learner(celery_worker,
                                                                                          search_clean):
    """The real path: staff graduate the cohort (the call their screen makes), certificate_issue announces the
    change on commit, the Celery worker runs the watch. A learner who has not opted in fires nothing; one who has
    fires exactly one message, once."""
    from datetime import date, timedelta

    from celery.signals import task_postrun
    from django.utils import timezone

    from search.pipeline_watch import pipeline_watch_create
    from tests.helpers import wait_until
    from trainees import graduation, privacy
    from trainees.services import enrollment_apply, enrollment_confirm_payment, trainee_sign_up

    ran: list[tuple[int, int]] = []  # (trainee id, watches fired) of each watch task the worker finished

    def _ran(sender=None, args=None, retval=None, **kwargs):
        if sender is not None and sender.name == "search.pipeline_watches_fire":
            ran.append((args[0], retval))

    task_postrun.connect(_ran, weak=False)
    try:
        world = employer_world.build()
        cohort = Cohort.objects.get(course=_course("C-WATCH", {"ev.battery.safety": 2}))
        today = timezone.localdate()
        learners = {}
        for name, phone in (("shy", "0861000001"), ("keen", "0861000002")):
            trainee = trainee_sign_up(phone=phone, password="x" * 12, full_name=f"ผู้เรียน {name}",
                                      birth_date=date(today.year - 22, 1, 1), district_code="4010")
            enrollment = enrollment_apply(trainee=trainee, cohort=cohort)
            if enrollment.status != Enrollment.Status.CONFIRMED:
                enrollment = enrollment_confirm_payment(enrollment_id=enrollment.pk)
            learners[name] = (trainee, enrollment)
        privacy.discoverability_set(trainee=learners["keen"][0], level="standard")  # opted in while learning
        watch = pipeline_watch_create(employer=world["mine"], user=world["owner"],
                                      skills=[("ev.battery.safety", 2)], cohort_ids=[cohort.pk])
        Cohort.objects.filter(pk=cohort.pk).update(start_date=today - timedelta(days=10),
                                                   end_date=today + timedelta(days=1))
        cohort.refresh_from_db()
        session = graduation.session_add(cohort=cohort, on=today - timedelta(days=5))
        graduation.attendance_mark(session=session, present_ids={e.pk for _, e in learners.values()},
                                   by=world["staff"])
        battery = Skill.objects.get(code="ev.battery.safety")  # the rule needs every taught skill assessed
        for _, enrollment in learners.values():
            graduation.assessment_record(enrollment=enrollment, skill=battery, passed=True, by=world["staff"])
        shy, shy_enrolment = learners["shy"]
        keen, keen_enrolment = learners["keen"]

        # graduated, not discoverable: the worker runs the watch and nothing is sent
        result = graduation.cohort_graduate(cohort=cohort, by=world["staff"], enrollment_ids={shy_enrolment.pk})
        assert result["completed"] == [shy_enrolment.pk]
        wait_until(lambda: (shy.pk, 0) in ran, timeout=20, message="watch task ran for the shy graduate")
        watch.refresh_from_db()
        assert watch.notified_at is None and not messages_to(world["owner"].phone, "pipeline_graduated").exists()

        # graduated and discoverable: exactly one message, once the graduate can be found
        result = graduation.cohort_graduate(cohort=cohort, by=world["staff"])
        assert result["completed"] == [keen_enrolment.pk]
        wait_until(lambda: (keen.pk, 1) in ran, timeout=20, message="watch fired for the discoverable graduate")
        sent = messages_to(world["owner"].phone, "pipeline_graduated")
        assert sent.count() == 1 and "1 คน" in sent.get().body  # one of the two watched learners can be found
        watch.refresh_from_db()
        assert watch.notified_at is not None
        from search.client import alias_name, get_client

        wait_until(lambda: get_client().exists(index=alias_name("graduates"), id=str(keen.pk)),
                   timeout=20, message="the graduate indexed for employers")

        # a later change of the same graduate runs the watch again: still one message
        before = len(ran)
        privacy.discoverability_set(trainee=keen, level="limited")
        wait_until(lambda: any(tid == keen.pk for tid, _ in ran[before:]), timeout=20, message="watch re-run")
        assert messages_to(world["owner"].phone, "pipeline_graduated").count() == 1
    finally:
        task_postrun.disconnect(_ran)


@pytest.mark.django_db
def test_staff_skills_demand_counts_zero_result_searches_naming_each_skill(
        client, search_clean, reference_data):
    """Searches logged by the real catalogue page that found nothing are counted against the skills their words
    name (synonyms included); the view shows exact counts, both exports suppress 1–4; the period is honoured."""
    from datetime import timedelta

    from django.utils import timezone

    from search.models import SearchQueryLog

    _course("C-BAT", {"ev.battery.safety": 1}, seats=3)
    _openings(opening("OP-O", required="shop.safety.ohs:1") + opening("OP-W", required="shop.safety.hazwaste:1")
              + opening("OP-B", required="ev.battery.safety:1"))
    _index()
    for q in ["อาชีวอนามัย"] * 3 + ["อบรมความปลอดภัยอาชีวอนามัย"] * 2:
        assert client.get("/courses/", {"q": q}).status_code == 200  # nothing teaches it: logged with 0 results
    for q in ("ของเสียอันตราย", "Hazardous waste"):  # Thai name words, English name words
        client.get("/courses/", {"q": q})
    client.get("/courses/", {"q": "qqqzzz"})  # found nothing, names no skill
    client.get("/courses/", {"q": "มัลติมิเตอร์"})  # a skill no opening asks for and no cohort teaches
    client.get("/courses/", {"q": "แบตเตอรี่"})  # found the course: not a zero-result search
    logged = dict(SearchQueryLog.objects.values_list("query", "results"))
    assert logged["อาชีวอนามัย"] == 0 and logged["ของเสียอันตราย"] == 0 and logged["แบตเตอรี่"] >= 1
    SearchQueryLog.objects.create(query="อาชีวอนามัย", results=0,
                                  created_at=timezone.now() - timedelta(days=200))  # outside 90 days

    staff = get_user_model().objects.create_superuser(username="admin", password="x" * 12, phone="0800000001")
    client.force_login(staff)
    html = client.get("/cms/skills-demand/").content.decode()
    cells = {row.split('"')[0]: row.split('data-testid="zero-result">')[1].split("<")[0]
             for row in html.split('data-skill="')[1:]}
    assert cells == {"shop.safety.ohs": "5", "shop.safety.hazwaste": "2", "ev.battery.safety": "0",
                     "ev.elec.measure": "1"}  # searched for, asked by no opening: still a row, still counted
    assert 'data-testid="chart-zero">ค้นหาไม่พบ 5<' in html
    year = client.get("/cms/skills-demand/", {"days": "365"}).content.decode()
    assert 'data-skill="shop.safety.ohs"' in year and 'data-testid="zero-result">6<' in year
    assert client.get("/cms/skills-demand/", {"days": "-1'"}).status_code == 200  # bad period: the default

    csv_text = client.get("/cms/skills-demand/?format=csv").content.decode("utf-8-sig")
    lines = {line.split(",")[0]: line.split(",") for line in csv_text.splitlines()}
    column = lines["skill"].index("ค้นหาไม่พบ / zero-result searches")
    assert (lines["shop.safety.ohs"][column], lines["shop.safety.hazwaste"][column],
            lines["ev.battery.safety"][column]) == ("5", "<5", "0")
    sheet = load_workbook(io.BytesIO(client.get("/cms/skills-demand/?format=xlsx").content)).active
    values = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert (values["shop.safety.ohs"][column], values["shop.safety.hazwaste"][column]) == (5, "<5")
    assert "90" in csv_text.splitlines()[-1]  # the note names the period

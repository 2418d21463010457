"""Pathways on real Elasticsearch: from a skill a job needs to the cohort that teaches it, nearby work for a youth
with no training, demand on a course page, the employer's pipeline and its "notify me", and the sync that keeps
all of them current."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from courses.models import CourseSkill, Skill
from employers.imports import import_openings
from employers.models import Opening
from search import indexing, pathways
from tests.factories import make_course
from tests.helpers import wait_until
from tests.import_rows import OPEN_HEADER, opening
from trainees.models import EarnedSkill, TraineeProfile

MUEANG = (16.4467, 102.8330)


def _course(ext, skills: dict, district="4010", **kwargs):
    """A published course with one open cohort, in Ban Phai unless told (where the test openings are)."""
    page = make_course(district=district, title=f"หลักสูตร {ext}", title_en=f"Course {ext}", external_id=ext, **kwargs)
    for code, level in skills.items():
        CourseSkill.objects.create(course=page, skill=Skill.objects.get(code=code), level=level)
    return page


def _youth(ext="Y-1", *, age=20, district="4010", skills=None, commute=30):
    from django.contrib.auth import get_user_model

    from courses.models import District

    users = get_user_model().objects
    user = users.create_user(username=f"u-{ext}", password="x" * 12, phone=f"08{users.count():08d}")
    born = date(timezone.localdate().year - age, 1, 1)
    trainee = TraineeProfile.objects.create(user=user, external_id=ext, full_name=f"ชื่อ {ext}", birth_date=born,
                                            district=District.objects.get(code=district), max_commute_km=commute)
    for code, level in (skills or {}).items():
        EarnedSkill.objects.create(trainee=trainee, skill=Skill.objects.get(code=code), level=level)
    return trainee


def _openings(rows: str):
    result = import_openings(OPEN_HEADER + rows)
    assert result.imported, result.errors


def _index():
    indexing.rebuild("courses")
    indexing.rebuild("openings")


def _courses_of(gap):
    return [c.course for c in gap.courses]


@pytest.mark.django_db
def test_course_teaching_a_missing_skill_appears_and_one_below_the_level_does_not(
        search_clean, reference_data):
    _course("C-OK", {"ev.battery.safety": 2})
    _course("C-LOW", {"ev.battery.safety": 1})
    _course("C-OTHER", {"shop.safety.ohs": 3})
    _openings(opening("OP-1", required="ev.battery.safety:2;shop.safety.ohs:1"))
    _index()
    youth = _youth(skills={"shop.safety.ohs": 1})
    result = pathways.opening_pathways(Opening.objects.get(external_id="OP-1"), trainee=youth)
    assert [(g.code, g.level) for g in result.missing] == [("ev.battery.safety", 2)]
    assert _courses_of(result.missing[0]) == ["C-OK"]
    course = result.missing[0].courses[0]
    assert course.teaches == {"ev.battery.safety": 2}
    # the explanation names the skill and the level taught against the level needed, in the reader's language
    thai, english = skill_names("ev.battery.safety")
    assert any(thai in r and "ระดับ 2" in r for r in course.reasons)
    with translation.override("en"):
        in_english = pathways.opening_pathways(Opening.objects.get(external_id="OP-1"), trainee=youth)
    assert any(english in r and "level 2" in r for r in in_english.missing[0].courses[0].reasons)
    assert course.covers_all and result.message_th == pathways.COVERS_ALL_TH
    assert course.cohorts[0].trainee_fee_thb == "0.00" and not course.cohorts[0].full


def skill_names(code):
    skill = Skill.objects.get(code=code)
    return skill.name_th, skill.name_en


@pytest.mark.django_db
def test_nearest_venue_first_with_fee_after_sponsorship_and_full_cohorts_shown_full(
        search_clean, reference_data):
    _course("C-FAR", {"ev.battery.safety": 2}, district="4001")  # Mueang, ~44 km from Ban Phai
    _course("C-NEAR-FULL", {"ev.battery.safety": 3}, district="4010", seats=0)
    _course("C-SPONSORED", {"ev.battery.safety": 2}, district="4010", fee=Decimal("3000.00"),
            sponsor_share=Decimal("2500.00"))
    _openings(opening("OP-1", required="ev.battery.safety:2"))
    _index()
    youth = _youth()
    gap = pathways.opening_pathways(Opening.objects.get(external_id="OP-1"), trainee=youth, per_skill=5).missing[0]
    order = _courses_of(gap)
    assert order.index("C-FAR") == 2 and set(order[:2]) == {"C-NEAR-FULL", "C-SPONSORED"}
    by_ref = {c.course: c for c in gap.courses}
    assert by_ref["C-NEAR-FULL"].cohorts[0].full and by_ref["C-NEAR-FULL"].cohorts[0].seats_left == 0
    assert by_ref["C-SPONSORED"].cohorts[0].trainee_fee_thb == "500.00"
    assert by_ref["C-FAR"].distance_km > 40 > by_ref["C-SPONSORED"].distance_km


@pytest.mark.django_db
def test_a_course_covering_only_some_missing_skills_is_not_called_complete(search_clean, reference_data):
    _course("C-ONE", {"ev.battery.safety": 2})
    _course("C-BOTH", {"ev.battery.safety": 2, "shop.safety.ohs": 1}, district="4001")
    _openings(opening("OP-1", required="ev.battery.safety:1;shop.safety.ohs:1"))
    _index()
    result = pathways.opening_pathways(Opening.objects.get(external_id="OP-1"), trainee=_youth())
    assert [c.course for c in result.complete] == ["C-BOTH"]
    assert _courses_of(result.missing[0]) == ["C-ONE", "C-BOTH"]  # nearest first
    assert not {c.course: c for c in result.missing[0].courses}["C-ONE"].covers_all


@pytest.mark.django_db
def test_youth_without_training_gets_courses_ranked_by_positions_and_minors_never_see_hazardous_work(
        search_clean, reference_data):
    _course("C-BATTERY", {"ev.battery.safety": 2})
    _course("C-OHS", {"shop.safety.ohs": 1})
    rows = (opening("OP-B1", required="ev.battery.safety:1") + opening("OP-B2", required="ev.battery.safety:2")
            + opening("OP-HAZ", required="shop.safety.ohs:1", hazardous="true")
            + opening("OP-HAZ2", required="shop.safety.ohs:1", hazardous="true")
            + opening("OP-HAZ3", required="shop.safety.ohs:1", hazardous="true")
            + opening("OP-FAR", required="ev.battery.safety:1", district="4001", lat=MUEANG[0], lon=MUEANG[1]))
    _openings(rows)
    _index()
    adult = pathways.youth_pathways(_youth("ADULT", age=20))
    assert [c.course for c in adult.courses] == ["C-OHS", "C-BATTERY"]  # 3 positions before 2
    assert [c.positions for c in adult.courses] == [3, 2]
    assert adult.positions_nearby == 5  # OP-FAR is beyond the 30 km commute
    assert adult.courses[1].wages == [{"unit": "day", "min_thb": "400.00", "max_thb": "600.00"}]
    sixteen = _youth("MINOR", age=16)
    minor = pathways.youth_pathways(sixteen)
    assert [c.course for c in minor.courses] == ["C-BATTERY"]
    assert minor.positions_nearby == 2
    assert any("งานอันตราย" in r for r in minor.reasons)
    thai, english = skill_names("ev.battery.safety")
    assert any(thai in r for r in minor.courses[0].reasons)  # one language: the reader's
    with translation.override("en"):
        in_english = pathways.youth_pathways(sixteen)
    assert any(english in r for r in in_english.courses[0].reasons)
    assert not any(thai in r for r in in_english.courses[0].reasons)


@pytest.mark.django_db
def test_when_no_course_gives_every_skill_a_youth_sees_courses_giving_most_of_them_and_what_is_still_missing(
        search_clean, reference_data):
    """Openings asking for three skills nobody teaches together: a youth still gets a way in, never a dead end."""
    _course("C-TWO", {"ev.battery.safety": 2, "shop.safety.ohs": 1})
    _course("C-ONE", {"ev.battery.safety": 2})  # one of three: too little to suggest
    _course("C-ALL-LOW", {"ev.battery.safety": 1, "shop.safety.ohs": 1, "ev.bms.diagnose": 1})  # battery too low
    three = "ev.battery.safety:2;shop.safety.ohs:1;ev.bms.diagnose:1"
    _openings(opening("OP-1", required=three) + opening("OP-2", required=three))
    _index()
    result = pathways.youth_pathways(_youth())
    assert result.positions_nearby == 2
    by_ref = {c.course: c for c in result.courses}
    assert set(by_ref) == {"C-TWO", "C-ALL-LOW"}  # both give two of the three skills at the level asked
    two = by_ref["C-TWO"]
    assert (two.positions, two.positions_partly, two.covers_all) == (0, 2, False)
    assert [m["code"] for m in two.still_missing] == ["ev.bms.diagnose"]
    assert [m["code"] for m in by_ref["C-ALL-LOW"].still_missing] == ["ev.battery.safety"]
    assert two.wages == [{"unit": "day", "min_thb": "400.00", "max_thb": "600.00"}]
    assert any(skill_names("ev.bms.diagnose")[0] in r and "ยังต้องเรียนเพิ่ม" in r for r in two.reasons)
    # a course giving every skill comes first once it exists
    _course("C-FULL", {"ev.battery.safety": 2, "shop.safety.ohs": 1, "ev.bms.diagnose": 1}, district="4001")
    indexing.rebuild("courses")
    ranked = pathways.youth_pathways(_youth("Y-2"))
    assert ranked.courses[0].course == "C-FULL" and ranked.courses[0].positions == 2
    assert ranked.courses[0].still_missing == []


@pytest.mark.django_db
def test_course_demand_counts_nearby_positions_and_suppresses_small_counts(search_clean, reference_data):
    small = _course("C-SMALL", {"shop.safety.ohs": 1})
    big = _course("C-BIG", {"ev.battery.safety": 1})
    _openings(opening("OP-O1", required="shop.safety.ohs:1")
              + "".join(opening(f"OP-B{i}", required="ev.battery.safety:2") for i in range(5))
              + opening("OP-FAR", required="ev.battery.safety:1", district="4001", lat=MUEANG[0], lon=MUEANG[1]))
    _index()
    demand = pathways.demand_for_course_page(big)
    assert demand.positions == 5 and demand.openings == 5  # OP-FAR is ~44 km away
    assert (demand.wage_unit, demand.wage_min_thb, demand.wage_max_thb) == ("day", "400.00", "600.00")
    few = pathways.demand_for_course_page(small)
    assert few.positions == "<5" and few.suppressed and few.wage_min_thb == ""


@pytest.mark.django_db
def test_command_json_gives_the_same_answer(search_clean, reference_data):
    _course("C-OK", {"ev.battery.safety": 2})
    _openings(opening("OP-1", required="ev.battery.safety:2"))
    _index()
    _youth("Y-CMD")
    out = io.StringIO()
    call_command("pathways", "--trainee", "Y-CMD", "--opening", "OP-1", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["missing"][0]["code"] == "ev.battery.safety"
    assert data["missing"][0]["courses"][0]["course"] == "C-OK"
    out = io.StringIO()
    call_command("pathways", "--trainee", "Y-CMD", "--json", stdout=out)
    assert json.loads(out.getvalue())["courses"][0]["positions"] == 1


@pytest.mark.django_db(transaction=True)
def test_unpublishing_filling_and_closing_reach_pathways_within_seconds(
        search_clean, celery_worker, reference_data):
    from trainees.models import Enrollment

    page = _course("C-SYNC", {"ev.battery.safety": 2}, seats=1)
    _openings(opening("OP-1", required="ev.battery.safety:2"))
    _index()
    youth = _youth()
    target = Opening.objects.get(external_id="OP-1")

    def listed():
        indexing.refresh("courses")
        return _courses_of(pathways.opening_pathways(target, trainee=youth).missing[0])

    assert listed() == ["C-SYNC"]
    other = _youth("Y-OTHER")
    from courses.models import Cohort

    Enrollment.objects.create(trainee=other, cohort=Cohort.objects.get(course=page),
                              status=Enrollment.Status.CONFIRMED)

    def full():
        indexing.refresh("courses")
        return pathways.opening_pathways(target, trainee=youth).missing[0].courses[0].cohorts[0].full

    wait_until(full, timeout=20, message="the filled cohort shown as full")
    type(page).objects.get(pk=page.pk).unpublish()
    wait_until(lambda: listed() == [], timeout=20, message="the unpublished course gone from pathways")

    from employers.services import opening_save

    assert pathways.youth_pathways(youth).positions_nearby == 1
    target.status = Opening.Status.CLOSED
    opening_save(opening=target, required=[(Skill.objects.get(code="ev.battery.safety"), 2)], nice=[])

    def closed():
        indexing.refresh("openings")
        return pathways.youth_pathways(youth).positions_nearby == 0

    wait_until(closed, timeout=20, message="the closed opening gone from the youth's nearby work")

"""Pathways API (django-ninja, documented at /api/docs): the same answers as `manage.py pathways --json`.

GET /api/pathways/me — a youth's own pathways: nearby work ↔ the courses that lead there.
GET /api/openings/{ref}/pathways — for each required skill of an open opening the caller lacks (every required
skill for a caller who is not a youth), the upcoming cohorts teaching it at the needed level, nearest first.
"""

import orjson
from django.http import Http404, HttpResponse
from ninja import Router, Schema
from ninja.security import django_auth

from employers import selectors as employer_selectors

from . import pathways

me_router = Router(tags=["pathways"], auth=django_auth)
openings_router = Router(tags=["pathways"], auth=django_auth)


class CohortOut(Schema):
    id: int
    start_date: str
    end_date: str
    district: str
    district_name_th: str
    district_name_en: str
    venue: str
    distance_km: float | None
    seats: int
    seats_left: int
    full: bool
    fee_thb: str
    trainee_fee_thb: str
    enrolment_open: bool


class CourseOut(Schema):
    course: str
    title_th: str
    title_en: str
    url: str
    teaches: dict[str, int]
    covers_all: bool
    distance_km: float | None
    cohorts: list[CohortOut]
    reasons: list[str]
    positions: int
    openings: int
    wages: list[dict]
    positions_partly: int
    still_missing: list[dict]


class YouthPathwaysOut(Schema):
    trainee: str
    commute_km: int
    positions_nearby: int
    openings_nearby: int
    courses: list[CourseOut]
    reasons: list[str]


class SkillGapOut(Schema):
    code: str
    level: int
    name_th: str
    name_en: str
    courses: list[CourseOut]


class OpeningPathwaysOut(Schema):
    opening: str
    missing: list[SkillGapOut]
    complete: list[CourseOut]
    message_th: str
    message_en: str


def _json(data) -> HttpResponse:
    """Already in the documented shape: orjson writes the dataclasses directly (no asdict deep copy)."""
    return HttpResponse(orjson.dumps(data), content_type="application/json")


@me_router.get("/me", response=YouthPathwaysOut, summary="My pathways: nearby work and the courses that lead there",
               description="งานใกล้บ้าน ↔ คอร์สที่พาไปถึง — courses ranked by the open positions within your commute "
               "they teach every required skill for, with wage ranges and cohorts to join. Youth session only; "
               "under-18s never see hazardous work.")
def my_pathways(request):
    trainee = employer_selectors.trainee_of(request.user)
    if trainee is None:
        raise Http404
    return _json(pathways.youth_pathways(trainee))


@openings_router.get("/{ref}/pathways", response=OpeningPathwaysOut,
                     summary="Courses that teach what an opening needs and you lack",
                     description="For each missing required skill: upcoming cohorts teaching it at the needed "
                     "level, nearest venue first, with start date, seats left (full cohorts marked) and the fee "
                     "after sponsorship; `complete` lists courses covering every missing skill.")
def opening_pathways(request, ref: str):
    opening = employer_selectors.open_opening(ref)
    if opening is None:  # closed, draft or unknown: the same answer
        raise Http404
    trainee = employer_selectors.trainee_of(request.user)
    return _json(pathways.opening_pathways(opening, trainee=trainee))

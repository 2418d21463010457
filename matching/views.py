"""Matching pages: an employer's ranked graduates for an opening, the employers' graduate search, and
"openings for you" for a graduate. They live in the matching app, above employers and search (employers may
not import search, search does not import matching); the rules about who may see what come from
employers.selectors, the ranking from search.matching."""

import logging
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from elasticsearch import ApiError, TransportError

from config.errors import or_404
from employers import selectors as employer_selectors
from search.client import UNAVAILABLE
from search.matching import MatchQuery, match_graduate, match_opening, match_query_for
from search.pathway_views import pipeline_or_none, rows_with_pathways, youth_pathways_or_none

from .forms import GraduateSearchForm

log = logging.getLogger(__name__)
PER_PAGE = 10


@dataclass
class Page:
    results: list
    number: int
    has_next: bool


def _page_number(raw) -> int:
    try:
        return min(max(int(raw or 1), 1), 50)
    except (TypeError, ValueError):
        return 1


def _ranked(target, page: int, certified_only: bool) -> Page:
    results = match_opening(target, top=PER_PAGE + 1, offset=(page - 1) * PER_PAGE, certified_only=certified_only)
    return Page(results[:PER_PAGE], page, len(results) > PER_PAGE)


def _query_string(params, page: int) -> str:
    query = params.copy()
    query["page"] = str(page)
    return query.urlencode()


@login_required
def opening_matches(request, external_id):
    # not yours or not there: the same answer
    opening = or_404(employer_selectors.opening_for_member(request.user, external_id))
    employer_selectors.require_verified(opening.employer)
    certified_only = request.GET.get("certified") in ("1", "on", "true")
    page_number = _page_number(request.GET.get("page"))
    page, error = None, ""
    try:
        page = _ranked(opening, page_number, certified_only)
    except (ApiError, TransportError) as exc:
        log.warning("matching failed: %s", exc)
        error = UNAVAILABLE
    return render(request, "employers/matches.html", {
        "employer": opening.employer, "opening": opening, "page": page, "error": error,
        "certified_only": certified_only, "pipeline": pipeline_or_none(page, match_query_for(opening)),
        "prev_query": _query_string(request.GET, page_number - 1) if page_number > 1 else "",
        "next_query": _query_string(request.GET, page_number + 1) if page and page.has_next else "",
    }, status=503 if error else 200)


@login_required
def graduate_search(request):
    employer = employer_selectors.verified_employer(request.user)
    submitted = "skills" in request.GET or "radius_km" in request.GET
    form = GraduateSearchForm(request.GET if submitted else None)
    page, error, status, target = None, "", 200, None
    if submitted and form.is_valid():
        data = form.cleaned_data
        place = data["district"] or employer
        lat = place.lat if data["district"] else employer.latitude
        lon = place.lon if data["district"] else employer.longitude
        target = MatchQuery(lat=lat, lon=lon, radius_km=data["radius_km"],
                            required=[(skill.code, 1) for skill in data["skills"]],
                            available_only=data["available_only"])
        try:
            page = _ranked(target, data["page"] or 1, data["certified_only"])
        except (ApiError, TransportError) as exc:
            log.warning("graduate search failed: %s", exc)
            error, status = UNAVAILABLE, 503
    elif submitted:
        status = 400
    number = (form.cleaned_data.get("page") or 1) if submitted and form.is_valid() else 1
    return render(request, "employers/search.html", {
        "employer": employer, "form": form, "page": page, "error": error, "submitted": submitted,
        "pipeline": pipeline_or_none(page, target) if target is not None else None,
        "prev_query": _query_string(request.GET, number - 1) if number > 1 else "",
        "next_query": _query_string(request.GET, number + 1) if page and page.has_next else "",
    }, status=status)


@login_required
def my_openings(request):
    """Openings for you: the same matching rules seen from the graduate's side, with the same explanation."""
    trainee = or_404(employer_selectors.trainee_of(request.user))
    matches, error = [], ""
    try:
        matches = match_graduate(trainee, top=20)
    except (ApiError, TransportError) as exc:
        log.warning("openings for you failed: %s", exc)
        error = UNAVAILABLE
    why_none = _why_no_openings(trainee) if not matches and not error else ""
    applications = list(employer_selectors.applications_of(trainee))
    applied = {a.opening.external_id: a for a in applications}
    openings = {o.external_id: o for o in employer_selectors.openings_by_external_id([m.opening for m in matches])}
    rows = [{"match": m, "opening": openings.get(m.opening), "application": applied.get(m.opening)}
            for m in matches if m.opening in openings]
    rows_with_pathways(trainee, rows)  # each missing skill → the cohorts that teach it
    untrained = not error and not trainee.skills.exists()
    return render(request, "employers/me_openings.html", {
        "trainee": trainee, "rows": rows, "applications": applications, "error": error, "why_none": why_none,
        "yp": youth_pathways_or_none(trainee) if untrained else None,
    })


def _why_no_openings(trainee) -> str:
    """Why "openings for you" is empty, in the reader's terms ("ไทย / English"), rather than a bare empty list."""
    if not trainee.skills.exists():
        return (gettext("ยังไม่มีทักษะที่ผ่านการประเมิน งานจะแสดงเมื่อคุณจบหลักสูตรและผ่านการประเมิน"))
    if trainee.latitude is None:
        return gettext("กรุณาระบุอำเภอที่อยู่ในโปรไฟล์")
    age = trainee.age_on(timezone.localdate())
    if age is not None and age < 18:
        try:
            adult_only = match_graduate(trainee, top=5, ignore_age=True)
        except (ApiError, TransportError):
            adult_only = []
        if adult_only:
            return (f"งานใกล้คุณที่ตรงกับทักษะ {len(adult_only)} ตำแหน่งเป็นงานอันตราย (เช่น แบตเตอรี่แรงดันสูง) "
                    f"ซึ่งกฎหมายให้รับเฉพาะผู้อายุ 18 ปีขึ้นไป คุณอายุ {age} ปี จึงยังสมัครไม่ได้ / "
                    f"{len(adult_only)} opening(s) near you that match your skills are hazardous work (e.g. "
                    f"high-voltage batteries), which the law allows only from age 18; you are {age}")
    return (f"ยังไม่มีงานที่ตรงกับทักษะของคุณในระยะ {trainee.max_commute_km} กม. ลองเพิ่มระยะเดินทางในโปรไฟล์ / "
            f"no opening matches your skills within {trainee.max_commute_km} km; try a longer commute in your profile")

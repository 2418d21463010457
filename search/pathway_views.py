"""Youth pages of pathways: "งานใกล้บ้าน ↔ คอร์สที่พาไปถึง" (/me/pathways/) and one opening seen by a youth with
the courses that teach what they lack (/me/openings/<ref>/). Elasticsearch down: the page says so, never a 500."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from elasticsearch import ApiError, TransportError

from config.errors import or_404
from employers import selectors as employer_selectors

from . import pathways
from .client import UNAVAILABLE

log = logging.getLogger(__name__)


def rows_with_pathways(trainee, rows: list[dict]) -> None:
    """Add `pathways` to each /me/openings/ row (one course search for all rows); quiet when ES fails."""
    from employers.models import OpeningSkill

    held = pathways.held_levels(trainee)
    openings = {row["opening"].pk: row["opening"].external_id for row in rows if row.get("opening") is not None}
    required: dict[str, list] = {ref: [] for ref in openings.values()}
    for opening_id, code, level in OpeningSkill.objects.filter(opening_id__in=list(openings), required=True).order_by(
            "pk").values_list("opening_id", "skill__code", "min_level"):
        required[openings[opening_id]].append((code, level))
    wanted = [(ref, pathways.missing_for(skills, held)) for ref, skills in required.items()]
    try:
        found = pathways.pathways_for_rows(trainee, wanted)
    except (ApiError, TransportError) as exc:
        log.warning("pathways for openings failed: %s", exc)
        return
    for row in rows:
        if row.get("opening") is not None:
            row["pathways"] = found.get(row["opening"].external_id)


def youth_pathways_or_none(trainee):
    try:
        return pathways.youth_pathways(trainee)
    except (ApiError, TransportError) as exc:
        log.warning("youth pathways failed: %s", exc)
        return None


@login_required
def my_pathways(request):
    trainee = or_404(employer_selectors.trainee_of(request.user))
    result = youth_pathways_or_none(trainee)
    return render(request, "search/me_pathways.html", {
        "trainee": trainee, "yp": result, "error": "" if result is not None else UNAVAILABLE,
    }, status=200 if result is not None else 503)


@login_required
def opening_for_youth(request, external_id):
    """One open opening, its skills against the youth's, and the courses for the missing ones. Hazardous
    openings do not exist for a youth under 18 (the same 404 as an unknown one)."""
    trainee = or_404(employer_selectors.trainee_of(request.user))
    opening = or_404(employer_selectors.open_opening(external_id))
    age = trainee.age_on(timezone.localdate())
    if opening.hazardous and (age is None or age < 18):
        raise Http404
    held = pathways.held_levels(trainee)
    required = [(s.skill.code, s.min_level) for s in opening.skills.select_related("skill") if s.required]
    missing = pathways.missing_for(required, held)
    result, error = None, ""
    try:
        result = pathways.opening_pathways(opening, trainee=trainee)
    except (ApiError, TransportError) as exc:
        log.warning("opening pathways failed: %s", exc)
        error = UNAVAILABLE
    return render(request, "search/me_opening.html", {
        "trainee": trainee, "opening": opening, "pw": result, "error": error,
        "matched": [code for code, level in required if (code, level) not in missing],
        "missing": [code for code, _ in missing],
    })


# --- employers: the training pipeline when matches are few ---------------------------------------------------------

PIPELINE_BELOW = 5  # fewer matches than this on the first page: show who is in training for the skills


def pipeline_or_none(page, wanted) -> "pathways.Pipeline | None":
    """The pipeline for a MatchQuery when its first page has fewer than PIPELINE_BELOW graduates."""
    if page is None or page.number != 1 or len(page.results) >= PIPELINE_BELOW or not wanted.required:
        return None
    try:
        return pathways.pipeline(list(wanted.required), origin={"lat": wanted.lat, "lon": wanted.lon},
                                 radius_km=wanted.radius_km)
    except (ApiError, TransportError) as exc:
        log.warning("pipeline failed: %s", exc)
        return None


@login_required
@require_POST
def pipeline_watch(request):
    """POST: "notify me when they graduate". The cohorts are found again here from the posted skills (and the
    employer's own opening, when named); posted ids are never trusted."""
    from courses.models import Skill

    from .matching import MatchQuery, match_query_for
    from .pipeline_watch import pipeline_watch_create

    employer = employer_selectors.verified_employer(request.user)
    opening = None
    ref = request.POST.get("opening", "")
    if ref:
        opening = or_404(employer_selectors.opening_for_member(request.user, ref))
        wanted = match_query_for(opening)
        back = f"/employers/openings/{opening.external_id}/matches/"
    else:
        known = set(Skill.objects.values_list("code", flat=True))
        codes = [c for c in request.POST.getlist("skill") if c in known][:20]
        try:
            radius = min(max(int(request.POST.get("radius_km", 30)), 1), 300)
        except ValueError:
            radius = 30
        wanted = MatchQuery(lat=employer.latitude, lon=employer.longitude, radius_km=radius,
                            required=[(c, 1) for c in codes])
        back = "/employers/search/"
    if not wanted.required:
        messages.error(request, gettext("เลือกทักษะก่อน"))
        return redirect(back)
    found = pathways.pipeline(list(wanted.required), origin={"lat": wanted.lat, "lon": wanted.lon},
                              radius_km=wanted.radius_km)
    if not found.cohort_ids:
        messages.error(request, gettext("ตอนนี้ไม่มีผู้เรียนในรุ่นที่สอนทักษะนี้"))
        return redirect(back)
    pipeline_watch_create(employer=employer, user=request.user, opening=opening, skills=list(wanted.required),
                          cohort_ids=found.cohort_ids)
    messages.success(request, gettext("เราจะแจ้งเมื่อผู้เรียนจบและค้นหาได้"))
    return redirect(back)

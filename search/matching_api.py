"""Matching API for employers (mounted at /api/matching): the same data as `manage.py match --json`."""

from ninja import Field, Query, Router, Schema
from ninja.security import django_auth
from pydantic import BaseModel

from config.errors import or_404
from employers import selectors as employer_selectors

from .matching import MatchQuery, match_opening

router = Router(tags=["matching"], auth=django_auth)


class MatchParams(Schema):
    top: int = Field(20, ge=1, le=100, description="how many graduates")
    page: int = Field(1, ge=1, le=50)
    certified_only: bool = False


# Plain pydantic models for what goes out: ninja's Schema wraps every nested object in its ORM attribute getter
# on validation (21 times per page of 20), which plain data does not need; the OpenAPI schema is the same.
class MatchOut(BaseModel):
    graduate: str
    distance_band: str = Field(description="0-5, 5-10, 10-20, 20-50 or 50+ (km); never the distance itself")
    matched_skills: list[str]
    missing_skills: list[str]
    matched_nice_skills: list[str]
    certified_skills: list[str]
    reasons: list[str]


class MatchesOut(BaseModel):
    opening: str
    results: list[MatchOut]


@router.get("/openings/{external_id}/graduates", response=MatchesOut,
            summary="Graduates for one of my openings, best first, each with why it matches")
def opening_matches(request, external_id: str, params: Query[MatchParams]):
    # not yours or not there: the same answer; NotVerified while the employer is not verified yet
    opening = or_404(employer_selectors.opening_to_match(request.user, external_id))
    wanted = MatchQuery.for_opening(lat=opening["lat"], lon=opening["lon"], radius_km=opening["radius_km"],
                                    hazardous=opening["hazardous"], skills=opening["skills"])
    results = match_opening(wanted, top=params.top, offset=(params.page - 1) * params.top,
                            certified_only=params.certified_only)
    return {"opening": opening["external_id"], "results": [r.as_json() for r in results]}

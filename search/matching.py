"""Explainable matching of graduates and openings: one bool + function_score query each way.

Hard filters: discoverable (only consenting graduates are indexed), available, legal age (15+ always, 18+ for
hazardous work, exact on the day via date math on birth_date), distance within both the opening's radius and
the graduate's own commute limit, at least one required skill at its minimum level.

The distance-within-commute rule compares a per-document field with a per-document distance, which needs a
script; this Elasticsearch has no painless. So the radius is cut into rings: a graduate in ring [a, b) is kept
when their commute limit is at least a. That is never stricter than the rule, and the few candidates with a
commute limit inside their own ring are then checked exactly in Python (we fetch extra hits to cover them).
Six rings keep the query at a handful of geo clauses (measured: 20 rings cost ~35 ms per query, 6 about 8 ms).

Score (score_mode=sum, boost_mode=replace) is a sum of non-negative terms, each non-decreasing in one criterion:
required skill met (10 each), each level above the minimum (+2), certified required skill (+3), nice-to-have
skill (+2, certified +1), nearness (gauss, up to 3), recency of graduation (gauss, up to 1). Improving any
criterion of a graduate can only raise their score, so their rank never drops. Gender, religion, marital status
and similar attributes are not indexed at all.
"""

import math
from dataclasses import asdict, dataclass, field

from django.utils import timezone

from . import result_cache
from .client import alias_name, get_client

EARTH_RADIUS_KM = 6371.0087714  # the mean radius Elasticsearch's arc distance uses
W_REQUIRED, W_LEVEL_STEP, W_CERTIFIED, W_NICE, W_NICE_CERTIFIED, W_NEAR, W_RECENT = 10, 2, 3, 2, 1, 3, 1
RINGS = 6  # geo queries cost ~1-2 ms each; fewer rings, a few more exact checks in Python


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class GraduateMatch:
    graduate: str
    score: float
    distance_km: float
    matched_skills: list[str]
    missing_skills: list[str]
    matched_nice_skills: list[str]
    certified_skills: list[str]
    reasons: list[str]
    level: str = "limited"
    name: str | None = None
    district: str = ""

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("level"), data.pop("name"), data.pop("district")
        return data


@dataclass
class OpeningMatch:
    opening: str
    title_employer: str
    score: float
    distance_km: float
    matched_skills: list[str]
    missing_skills: list[str]
    matched_nice_skills: list[str]
    reasons: list[str] = field(default_factory=list)


@dataclass
class MatchQuery:
    """An unsaved, opening-like search (employers' free search): a place, a radius and skills wanted."""

    lat: float
    lon: float
    radius_km: int
    required: list[tuple[str, int]]
    nice: list[str] = field(default_factory=list)
    hazardous: bool = False
    available_only: bool = True


def _criteria(opening) -> tuple[list[tuple[str, int]], list[str], bool]:
    if isinstance(opening, MatchQuery):
        return list(opening.required), list(opening.nice), opening.available_only
    skills = list(opening.skills.select_related("skill"))
    return ([(s.skill.code, s.min_level) for s in skills if s.required], [s.skill.code for s in skills if not s.required],
            True)


def _rings(limit_km: float):
    width = max(1.0, math.ceil(limit_km / RINGS))
    low = 0.0
    while low < limit_km:
        high = min(low + width, limit_km)
        yield low, high
        low = high


def _ring_filter(origin: dict, low: float, high: float) -> dict:
    """Within `high` km. Without the inner "beyond `low`" bound the union over rings is the same set of
    candidates (a closer graduate with a long commute qualifies anyway) and costs half the geo queries."""
    return {"geo_distance": {"distance": f"{high}km", "location": origin}}


def _nested_skill(path: str, clauses: list[dict]) -> dict:
    return {"nested": {"path": path, "query": {"bool": {"filter": clauses}}}}


def _reasons(matched, required, certified, nice, distance, commute, hazardous, level_ups) -> list[str]:
    reasons = [f"มีทักษะที่จำเป็น {len(matched)}/{len(required)} ทักษะ / has {len(matched)} of {len(required)} required skills"]
    if level_ups:
        reasons.append(f"ระดับทักษะสูงกว่าที่ต้องการ {level_ups} ขั้น / {level_ups} level(s) above the minimum")
    if certified:
        reasons.append(f"มีใบรับรอง {len(certified)} ทักษะ / {len(certified)} certified skill(s)")
    if nice:
        reasons.append(f"มีทักษะที่เป็นประโยชน์เพิ่ม {len(nice)} ทักษะ / {len(nice)} nice-to-have skill(s)")
    reasons.append(f"ห่าง {distance:.1f} กม. อยู่ในระยะเดินทาง {commute} กม. / {distance:.1f} km away, within a {commute} km commute")
    if hazardous:
        reasons.append("อายุ 18 ปีขึ้นไป (งานอันตราย) / aged 18 or over (hazardous work)")
    return reasons


def opening_query(opening, *, certified_only=False) -> dict:
    """The one query that ranks graduates for an opening (or a MatchQuery)."""
    required, nice, available_only = _criteria(opening)
    origin = {"lat": opening.lat, "lon": opening.lon}
    min_age = 18 if opening.hazardous else 15
    filters = [
        {"term": {"available": True}} if available_only else {"match_all": {}},
        {"range": {"birth_date": {"lte": f"now-{min_age}y/d"}}},
        {"geo_distance": {"distance": f"{opening.radius_km}km", "location": origin}},
        {"bool": {"minimum_should_match": 1, "should": [
            {"bool": {"filter": [_ring_filter(origin, low, high), {"range": {"max_commute_km": {"gte": low}}}]}}
            for low, high in _rings(opening.radius_km)
        ]}},
        {"terms": {"skill_levels": [f"{code}:{level}" for code, level in required]}},
    ]
    if certified_only:
        filters.append({"terms": {"certified_codes": [code for code, _ in required]}})
    functions = []
    for code, level in required:
        functions.append({"filter": {"term": {"skill_levels": f"{code}:{level}"}}, "weight": W_REQUIRED})
        for step in (1, 2):
            if level + step <= 3:
                functions.append({"filter": {"term": {"skill_levels": f"{code}:{level + step}"}}, "weight": W_LEVEL_STEP})
        functions.append({"filter": {"term": {"certified_codes": code}}, "weight": W_CERTIFIED})
    for code in nice:
        functions.append({"filter": {"term": {"skill_codes": code}}, "weight": W_NICE})
        functions.append({"filter": {"term": {"certified_codes": code}}, "weight": W_NICE_CERTIFIED})
    functions.append({"gauss": {"location": {"origin": origin, "scale": f"{max(opening.radius_km / 2, 1)}km"}},
                      "weight": W_NEAR})
    functions.append({"gauss": {"graduated_on": {"origin": "now", "scale": "365d", "decay": 0.5}}, "weight": W_RECENT})
    return {
        "function_score": {
            "query": {"bool": {"filter": filters}},
            "functions": functions, "score_mode": "sum", "boost_mode": "replace",
        }
    }, required, nice


def match_opening(opening, *, top: int = 20, offset: int = 0, certified_only: bool = False) -> list[GraduateMatch]:
    """Ranked graduates for an opening. Reused from the result cache while the graduates index is unchanged
    (the key is the query itself plus the opening's place, so an edited opening never gets old answers)."""
    query, required, nice = opening_query(opening, certified_only=certified_only)
    key = ("opening", repr(query), opening.lat, opening.lon, opening.radius_km, opening.hazardous, top, offset)
    return result_cache.cached("graduates", key, lambda: _match_opening(opening, query, required, nice, top, offset))


def _match_opening(opening, query, required, nice, top, offset) -> list[GraduateMatch]:
    margin = 2 * top + 10  # candidates a ring lets through but the exact commute check may drop
    body = get_client().search(
        index=alias_name("graduates"), query=query, size=offset + top + margin,
        sort=[{"_score": "desc"}, {"external_id": "asc"}], track_total_hits=False,
    ).body
    results = []
    for hit in body["hits"]["hits"]:
        src = hit["_source"]
        loc = src["location"]
        distance = distance_km(opening.lat, opening.lon, loc["lat"], loc["lon"])
        if distance > src["max_commute_km"] or distance > opening.radius_km:
            continue
        levels = {s["code"]: s["level"] for s in src["skills"]}
        matched = [code for code, level in required if levels.get(code, 0) >= level]
        missing = [code for code, level in required if levels.get(code, 0) < level]
        level_ups = sum(max(0, min(levels.get(code, 0), 3) - level) for code, level in required if code in matched)
        certified = [code for code in src.get("certified_codes", []) if code in matched or code in nice]
        nice_matched = [code for code in nice if code in levels]
        results.append(GraduateMatch(
            graduate=src["external_id"], score=round(hit["_score"], 4), distance_km=round(distance, 1),
            matched_skills=matched, missing_skills=missing, matched_nice_skills=nice_matched,
            certified_skills=certified, level=src["level"], name=src.get("name"), district=src["district"],
            reasons=_reasons(matched, required, certified, nice_matched, distance, src["max_commute_km"],
                             opening.hazardous, level_ups),
        ))
    return results[offset: offset + top]


def match_graduate(trainee, *, top: int = 20, since=None) -> list[OpeningMatch]:
    """Openings for a graduate: the same rules seen from the other side (`since`: only openings created after)."""
    skills = {s.skill.code: s.level for s in trainee.skills.select_related("skill")}
    if not skills or trainee.latitude is None:
        return []
    origin = {"lat": trainee.latitude, "lon": trainee.longitude}
    commute = trainee.max_commute_km
    age = trainee.age_on(timezone.localdate()) or 0
    filters = [
        {"geo_distance": {"distance": f"{commute}km", "location": origin}},
        {"bool": {"minimum_should_match": 1, "should": [
            {"bool": {"filter": [_ring_filter(origin, low, high), {"range": {"radius_km": {"gte": low}}}]}}
            for low, high in _rings(commute)
        ]}},
        {"bool": {"minimum_should_match": 1, "should": [
            _nested_skill("required", [{"term": {"required.code": code}}, {"range": {"required.min_level": {"lte": lvl}}}])
            for code, lvl in skills.items()
        ]}},
    ]
    if since is not None:
        filters.append({"range": {"created_at": {"gt": since.isoformat()}}})
    must_not = [{"term": {"hazardous": True}}] if age < 18 else []
    functions = [
        {"filter": _nested_skill("required", [{"term": {"required.code": code}},
                                              {"range": {"required.min_level": {"lte": lvl}}}]), "weight": W_REQUIRED}
        for code, lvl in skills.items()
    ] + [{"filter": {"term": {"nice_codes": code}}, "weight": W_NICE} for code in skills]
    functions.append({"gauss": {"location": {"origin": origin, "scale": f"{max(commute / 2, 1)}km"}}, "weight": W_NEAR})
    functions.append({"gauss": {"created_at": {"origin": "now", "scale": "30d", "decay": 0.5}}, "weight": W_RECENT})
    query = {"function_score": {"query": {"bool": {"filter": filters, "must_not": must_not}}, "functions": functions,
                                "score_mode": "sum", "boost_mode": "replace"}}
    body = get_client().search(index=alias_name("openings"), query=query, size=top * 2,
                               sort=[{"_score": "desc"}, {"external_id": "asc"}]).body
    results = []
    for hit in body["hits"]["hits"]:
        src = hit["_source"]
        loc = src["location"]
        distance = distance_km(origin["lat"], origin["lon"], loc["lat"], loc["lon"])
        if distance > commute or distance > src["radius_km"]:
            continue
        required = [(r["code"], r["min_level"]) for r in src["required"]]
        matched = [c for c, lvl in required if skills.get(c, 0) >= lvl]
        missing = [c for c, lvl in required if skills.get(c, 0) < lvl]
        nice = [c for c in src["nice_codes"] if c in skills]
        results.append(OpeningMatch(
            opening=src["external_id"], title_employer=src["employer_name"], score=round(hit["_score"], 4),
            distance_km=round(distance, 1), matched_skills=matched, missing_skills=missing, matched_nice_skills=nice,
            reasons=_reasons(matched, required, [], nice, distance, commute, src["hazardous"], 0),
        ))
    return results[:top]

"""Explainable matching of graduates and openings: one bool + function_score query each way.

Hard filters: discoverable (only consenting graduates are indexed), available, legal age (15+ always, 18+ for
hazardous work, on the indexed age band: the index holds no birth dates, and a daily task re-syncs graduates
whose band changed on their birthday), distance within both the opening's radius and
the graduate's own commute limit, at least one required skill at its minimum level.

"Distance within the graduate's own commute limit" compares a per-document field with a per-document distance,
which needs a script, and this Elasticsearch has no painless. People pick round limits (5, 10, 20, 30, 50 km),
so the rule is one filter (`reach`): a function_score whose first function with a matching filter scores the
document, with min_score 0.5. For each distinct limit v below the radius present in the index, "limit = v" scores
a gauss on the distance with scale v and decay 0.5; "limit >= radius" scores the same gauss with the radius as
scale. A gauss with decay 0.5 is exactly 0.5 at its scale and falls with distance, so "score >= 0.5" is
"distance <= min(limit, radius)" (to well under a centimetre at the float score's precision). The limits come from
a terms aggregation, remembered per index generation; they only make the filter tighter, never decide who is
found: a limit they do not know (set since they were read, or after a lost generation bump) scores the radius'
gauss, and every hit's distance is checked against its own limit in Python (within DISTANCE_SLACK_KM). When that
check drops a hit from an exact page, the page is computed again from a wider window. (Why gauss functions and
not one geo_distance query per limit: docs/decisions/0001-measured-costs.md.) Should an index ever hold more than
MAX_LIMIT_CLASSES distinct values below the radius, neighbouring values share a class [lo, hi] "within hi km": never
stricter than the rule, and those few hits are then checked exactly in Python with a margin of extra hits. The
distances come from the graduate's point in doc values (`home`), one candidate at a time after the cheap filters;
nearness scoring uses the indexed `location`.
A plain radius check on the same point (`within_radius`) runs before that rule's scoring. Before any distance is
computed, a latitude band on `home_lat_e5` (the graduates index is sorted on it, so the band is one contiguous run
of documents) drops candidates too far north or south: a great-circle distance is never shorter than its
north-south part, so nobody within the radius is outside the band.

Score (score_mode=sum, boost_mode=replace): a sum of non-negative functions, weighted in the order of what matters
to a shop: each required skill met counts 1,000, more than everything else together can add, so meeting more of the
required skills always ranks first; then each level above the minimum (+8), nice-to-have skills (+4, certified +1),
certified required skills (+3), nearness (gauss, up to 2) and recency of graduation (gauss, up to 1). Each function
is non-decreasing in one criterion, so improving any criterion of a graduate can only raise their score and their
rank never drops.
Equal scores are ordered by `graduate_number` (the row's key); each hit's explanation is read from the few
_source fields it needs (MATCH_SOURCE).
Gender, religion, marital status and similar attributes are not indexed at all.
"""

import functools
import math
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_lazy

from . import result_cache
from .client import alias_name, get_client
from .documents.graduates import HOME_LAT_SCALE, MATCH_SOURCE, UNDER_WORKING_AGE, match_card

EARTH_RADIUS_KM = 6371.0087714  # the mean radius Elasticsearch's arc distance uses
KM_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_KM / 180
LATITUDE_BAND_MARGIN_DEG = 0.001  # ~110 m: far more than the rounding of stored points and of home_lat_e5
W_REQUIRED, W_LEVEL_STEP, W_NICE, W_NICE_CERTIFIED, W_CERTIFIED, W_NEAR, W_RECENT = 1000, 8, 4, 1, 3, 2, 1
MAX_LIMIT_CLASSES = 8  # range checks per candidate (at most) for the per-document limit rule
REACH_MIN_SCORE = 0.5  # a gauss with decay 0.5 at its scale: the distance limit itself
DISTANCE_SLACK_KM = 0.001  # where Elasticsearch's distance and ours may differ by rounding: at the limit is within


# What employers see of a graduate's distance (issue 22 item 11): a band, never the figure, so that searches from
# several origins cannot triangulate a home. (upper edge in km or None, key, words in the active language)
DISTANCE_BANDS = (
    (5, "0-5", gettext_lazy("ไม่เกิน 5 กม.")),
    (10, "5-10", gettext_lazy("5–10 กม.")),
    (20, "10-20", gettext_lazy("10–20 กม.")),
    (50, "20-50", gettext_lazy("20–50 กม.")),
    (None, "50+", gettext_lazy("เกิน 50 กม.")),
)
# The radii an employer's free search offers: band edges (and wider), so the radius filter tells no more than the
# band does. Any other radius asked for is rounded up to the next of these.
SEARCH_RADII_KM = (5, 10, 20, 50, 100, 200, 300)


def distance_band(km: float) -> str:
    """The band key for a distance ("0-5" … "50+")."""
    return next(key for upper, key, _ in DISTANCE_BANDS if upper is None or km <= upper)


def distance_band_words(key: str) -> str:
    """A band's words in the active language, from the same per-language table the reasons use."""
    return _reason_texts(get_language())[key]


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

    @property
    def distance_band(self) -> str:
        return distance_band(self.distance_km)

    def as_json(self) -> dict:
        """The public shape (`manage.py match --json`, the API); name and district stay for the pages. Neither
        the distance nor the score (a sort value that includes nearness) leaves: only the distance band."""
        return {"graduate": self.graduate, "distance_band": self.distance_band,
                "matched_skills": self.matched_skills, "missing_skills": self.missing_skills,
                "matched_nice_skills": self.matched_nice_skills, "certified_skills": self.certified_skills,
                "reasons": self.reasons}


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

    @classmethod
    def for_opening(cls, *, lat, lon, radius_km, hazardous, skills) -> "MatchQuery":
        """An opening's search; `skills` = (code, min_level, required) in entry order."""
        return cls(lat=lat, lon=lon, radius_km=radius_km, hazardous=hazardous,
                   required=[(code, level) for code, level, required in skills if required],
                   nice=[code for code, _, required in skills if not required])


def match_query_for(opening) -> MatchQuery:
    """What matching needs of an opening (its place, radius, hazard flag and skills), read once."""
    if isinstance(opening, MatchQuery):
        return opening
    return MatchQuery.for_opening(
        lat=opening.lat, lon=opening.lon, radius_km=opening.radius_km, hazardous=opening.hazardous,
        skills=opening.skills.order_by("pk").values_list("skill__code", "min_level", "required"))


_limit_values_seen: dict[tuple[str, str], tuple[int, list[int]]] = {}  # (alias, field) -> (generation, values)


def limit_values(alias: str, field: str, state: result_cache.Lookup | None = None) -> list[int]:
    """Distinct per-document distance limits in an index (graduates' commute, openings' radius), remembered in this
    process for the index generation they were read at. They make the distance filter tighter; who matches never
    depends on them (a value missing here is checked on the hit)."""
    state = state or result_cache.lookup(alias, ("limit-values",))
    generation = state.settled_generation
    seen = _limit_values_seen.get((alias, field))
    if generation is not None and seen and seen[0] == generation:
        return seen[1]
    body = get_client().search(index=alias_name(alias), size=0, track_total_hits=False,
                               aggs={"values": {"terms": {"field": field, "size": 1000}}}).body
    values = sorted(int(bucket["key"]) for bucket in body["aggregations"]["values"]["buckets"])
    if generation is not None:
        _limit_values_seen[(alias, field)] = (generation, values)
    return values


def limit_classes(values: list[int], radius_km: float) -> tuple[list[tuple[int, int]], bool]:
    """Classes [lo, hi] of the limits below the radius, and whether every class is a single value (exact)."""
    below = [v for v in values if v < radius_km]
    if len(below) <= MAX_LIMIT_CLASSES:
        return [(v, v) for v in below], True
    per_class = math.ceil(len(below) / MAX_LIMIT_CLASSES)
    groups = [below[i:i + per_class] for i in range(0, len(below), per_class)]
    return [(group[0], group[-1]) for group in groups], all(len(group) == 1 for group in groups)


def within_both_limits(origin: dict, radius_km: float, field: str, values: list[int], *,
                       point: str = "location") -> tuple[list[dict], bool]:
    """Filters for "distance <= radius and distance <= the document's own limit in `field`" on the geo field
    `point`, and whether they are exact (see the module docstring)."""
    classes, exact = limit_classes(values, radius_km)

    def within(km) -> dict:
        return {"gauss": {point: {"origin": origin, "scale": f"{km}km", "decay": REACH_MIN_SCORE}}}

    functions = [{"filter": {"range": {field: {"gte": radius_km}}}, **within(radius_km)}]
    functions += [{"filter": {"range": {field: {"gte": lo, "lte": hi}}}, **within(hi)} for lo, hi in classes]
    # a limit the classes do not know (set after the values were read): within the radius here, its own limit is
    # checked on the hit (within_limits)
    functions.append({"filter": {"range": {field: {"lt": radius_km}}}, **within(radius_km)})
    reach = {"function_score": {"query": {"match_all": {}}, "functions": functions, "score_mode": "first",
                                "boost_mode": "replace", "min_score": REACH_MIN_SCORE}}
    return [reach], exact


def within_radius(origin: dict, radius_km: float) -> dict:
    """The opening's radius alone, on the graduate's point in doc values: a cheap check that drops candidates
    before the per-graduate limit rule (`within_both_limits`) scores them; never stricter than that rule."""
    return {"geo_distance": {"distance": f"{radius_km + DISTANCE_SLACK_KM}km", "home": origin}}


def within_limits(distance: float, *limits: float) -> bool:
    """The rule itself, on one hit: within every one of the limits (see DISTANCE_SLACK_KM)."""
    return all(distance <= limit + DISTANCE_SLACK_KM for limit in limits)


def latitude_band(lat: float, radius_km: float) -> dict:
    """Graduates whose home latitude could be within radius_km of `lat` (a superset: the exact distance filters
    decide). A point d km away differs in latitude by at most d / KM_PER_DEGREE_LATITUDE degrees."""
    half = radius_km / KM_PER_DEGREE_LATITUDE + LATITUDE_BAND_MARGIN_DEG
    return {"range": {"home_lat_e5": {"gte": math.floor((lat - half) * HOME_LAT_SCALE),
                                      "lte": math.ceil((lat + half) * HOME_LAT_SCALE)}}}


def _points(clause: dict, weight: float) -> dict:
    return {"filter": clause, "weight": weight}


def _nearness(origin: dict, scale_km: float) -> dict:
    """W_NEAR at the origin, half of it at `scale_km`, falling smoothly with distance."""
    return {"gauss": {"location": {"origin": origin, "scale": f"{max(scale_km, 1)}km", "decay": 0.5}},
            "weight": W_NEAR}


def _recency(field: str, scale: str) -> dict:
    return {"gauss": {field: {"origin": "now", "scale": scale, "decay": 0.5}}, "weight": W_RECENT}


def _scored(filters: list[dict], functions: list[dict], must_not: list[dict] | None = None) -> dict:
    """Hard filters, then the score as a plain sum of the functions (each non-negative)."""
    return {"function_score": {"query": {"bool": {"filter": filters, "must_not": must_not or []}},
                               "functions": functions, "score_mode": "sum", "boost_mode": "replace"}}


def _required_skill(code: str, level: int) -> dict:
    return {"nested": {"path": "required", "query": {"bool": {"filter": [
        {"term": {"required.code": code}}, {"range": {"required.min_level": {"lte": level}}}]}}}}


def _coverage(required: list[tuple[str, int]], levels: dict[str, int]) -> tuple[list[str], list[str], list[int]]:
    """Required skills met and missing (in the opening's order) and, per skill met above its minimum, how many
    levels above (1 or 2 on the 1–3 scale), in one pass: it runs for every hit of every match."""
    matched, missing, level_ups = [], [], []
    for code, level in required:
        held = levels.get(code, 0)
        if held >= level:
            matched.append(code)
            if min(held, 3) > level:
                level_ups.append(min(held, 3) - level)
        else:
            missing.append(code)
    return matched, missing, level_ups


# The sentences of a reason, one lazy msgid each: translated once per language and process (`_reason_texts`),
# not once per hit — a page of 20 hits would otherwise look up the catalogue about 90 times.
REASON_TEXTS = {
    "skills": gettext_lazy("มีทักษะที่จำเป็น %(matched)d/%(required)d ทักษะ"),
    "levels": gettext_lazy("ระดับสูงกว่าที่ต้องการใน %(skills)d ทักษะ (สูงกว่าได้ถึง %(steps)d ขั้น จากระดับ 1–3)"),
    "certified": gettext_lazy("มีใบรับรอง %(n)d ทักษะ"),
    "nice": gettext_lazy("มีทักษะที่เป็นประโยชน์เพิ่ม %(n)d ทักษะ"),
    "band": gettext_lazy("ระยะทาง %(band)s ไม่เกินรัศมีที่ร้านรับ %(radius)s กม. และระยะที่ผู้สำเร็จการฝึกเดินทางได้"),
    "distance": gettext_lazy(
        "ห่าง %(distance).1f กม. ไม่เกินรัศมีที่ร้านรับ %(radius)s กม. และระยะที่เดินทางได้ %(commute)s กม."),
    "hazardous": gettext_lazy("อายุ 18 ปีขึ้นไป (งานอันตราย)"),
}


@functools.cache
def _reason_texts(language: str | None) -> dict[str, str]:
    """REASON_TEXTS and the distance bands' words in one language (the catalogue does not change while a process
    runs)."""
    with translation.override(language):
        return {**{key: str(text) for key, text in REASON_TEXTS.items()},
                **{band: str(words) for _, band, words in DISTANCE_BANDS}}


def _reasons(matched, required, certified, nice, distance, commute, hazardous, level_ups, *, radius,
             banded: bool = False) -> list[str]:
    """Why a match is listed, in the shop owner's terms and the active language (pages: the URL prefix; API:
    `?lang=` / Accept-Language). `distance` is the rounded figure the page shows beside it, or with `banded`
    (employers' side) only its distance band; level steps are counted per skill, so no step ever exceeds the
    1–3 scale."""
    texts = _reason_texts(get_language())
    reasons = [texts["skills"] % {"matched": len(matched), "required": len(required)}]
    if level_ups:
        reasons.append(texts["levels"] % {"skills": len(level_ups), "steps": max(level_ups)})
    if certified:
        reasons.append(texts["certified"] % {"n": len(certified)})
    if nice:
        reasons.append(texts["nice"] % {"n": len(nice)})
    if banded:
        reasons.append(texts["band"] % {"band": texts[distance_band(distance)], "radius": radius})
    else:
        reasons.append(texts["distance"] % {"distance": distance, "radius": radius, "commute": commute})
    if hazardous:
        reasons.append(texts["hazardous"])
    return reasons


def opening_query(opening, *, certified_only=False, state=None) -> tuple[dict, list, list, bool]:
    """The one query that ranks graduates for an opening (or a MatchQuery), and whether its distance filter is
    exact."""
    opening = match_query_for(opening)
    required, nice, available_only = list(opening.required), list(opening.nice), opening.available_only
    origin = {"lat": opening.lat, "lon": opening.lon}
    distance_filters, exact = within_both_limits(origin, opening.radius_km, "max_commute_km",
                                                 limit_values("graduates", "max_commute_km", state), point="home")
    filters = [
        latitude_band(opening.lat, opening.radius_km),
        {"term": {"available": True}} if available_only else {"match_all": {}},
        {"term": {"adult": True}} if opening.hazardous else {"match_all": {}},
        within_radius(origin, opening.radius_km),
        *distance_filters,
        {"terms": {"skill_levels": [f"{code}:{level}" for code, level in required]}},
    ]
    # every graduate document has an age band (indexing needs a birth date), so "not under 15" is "a working age
    # band" — and skips the few under-15 documents instead of walking the three large bands' postings
    too_young = [] if opening.hazardous else [{"term": {"age_band": UNDER_WORKING_AGE}}]
    if certified_only:
        filters.append({"terms": {"certified_codes": [code for code, _ in required]}})
    scoring = []
    for code, level in required:
        scoring.append(_points({"term": {"skill_levels": f"{code}:{level}"}}, W_REQUIRED))
        scoring += [_points({"term": {"skill_levels": f"{code}:{level + step}"}}, W_LEVEL_STEP)
                    for step in (1, 2) if level + step <= 3]
        scoring.append(_points({"term": {"certified_codes": code}}, W_CERTIFIED))
    for code in nice:
        scoring.append(_points({"term": {"skill_codes": code}}, W_NICE))
        scoring.append(_points({"term": {"certified_codes": code}}, W_NICE_CERTIFIED))
    scoring += [_nearness(origin, opening.radius_km / 2), _recency("graduated_on", "365d")]
    return _scored(filters, scoring, too_young), required, nice, exact


def match_opening(opening, *, top: int = 20, offset: int = 0, certified_only: bool = False) -> list[GraduateMatch]:
    """Ranked graduates for an opening. Reused from the result cache while the graduates index is unchanged
    (the key is everything the query is built from, so an edited opening never gets old answers)."""
    opening = match_query_for(opening)
    state = result_cache.lookup("graduates", (
        "opening", opening.lat, opening.lon, opening.radius_km, opening.hazardous, opening.required, opening.nice,
        opening.available_only, certified_only, top, offset, get_language()))  # reasons are in the active language
    if state.hit:
        return state.value
    query, required, nice, exact = opening_query(opening, certified_only=certified_only, state=state)
    results = _match_opening(opening, query, required, nice, exact, top, offset)
    result_cache.store(state, results)
    return results


def _match_opening(opening, query, required, nice, exact, top, offset) -> list[GraduateMatch]:
    # an exact filter pages in Elasticsearch; otherwise (a shared limit class, or a hit over a limit the filter did
    # not know) a wider window is checked below and paged here
    start, size = (offset, top) if exact else (0, offset + 3 * top + 10)
    nice_codes = set(nice)
    search = {"index": alias_name("graduates"), "query": query, "from_": start, "size": size,
              "sort": [{"_score": "desc"}, {"graduate_number": {"order": "asc", "unmapped_type": "long"}}],
              "track_total_hits": False}
    hits = get_client().search(**search, source_includes=MATCH_SOURCE).body["hits"]["hits"]
    cards = [match_card(hit["_source"]) for hit in hits]
    results = []
    for hit, card in zip(hits, cards, strict=True):
        distance = distance_km(opening.lat, opening.lon, card["lat"], card["lon"])
        if not within_limits(distance, card["commute"], opening.radius_km):
            if exact:
                return _match_opening(opening, query, required, nice, False, top, offset)
            continue
        levels = card["skills"]
        matched, missing, level_ups = _coverage(required, levels)
        counted = nice_codes.union(matched)
        certified = [code for code in card["certified"] if code in counted]
        nice_matched = [code for code in nice if code in levels]
        shown = round(distance, 1)  # kept for ordering and tests; employers are shown only its band
        results.append(GraduateMatch(
            graduate=card["id"], score=round(hit["_score"], 4), distance_km=shown,
            matched_skills=matched, missing_skills=missing, matched_nice_skills=nice_matched,
            certified_skills=certified, level=card["level"], name=card["name"], district=card["district"],
            reasons=_reasons(matched, required, certified, nice_matched, shown, card["commute"],
                             opening.hazardous, level_ups, radius=opening.radius_km, banded=True),
        ))
    return results if exact else results[offset: offset + top]


def match_graduate(trainee, *, top: int = 20, since=None, ignore_age: bool = False) -> list[OpeningMatch]:
    """Openings for a graduate: the same rules seen from the other side (`since`: only openings created after).
    `ignore_age` lifts the 18+ rule for hazardous work, only to tell a minor why nothing is listed for them."""
    skills = {s.skill.code: s.level for s in trainee.skills.select_related("skill")}
    if not skills or trainee.latitude is None:
        return []
    origin = {"lat": trainee.latitude, "lon": trainee.longitude}
    commute = trainee.max_commute_km
    age = trainee.age_on(timezone.localdate()) or 0
    distance_filters, exact = within_both_limits(origin, commute, "radius_km", limit_values("openings", "radius_km"))
    filters = [
        *distance_filters,
        {"bool": {"minimum_should_match": 1, "should": [_required_skill(code, lvl) for code, lvl in skills.items()]}},
    ]
    if since is not None:
        filters.append({"range": {"created_at": {"gt": since.isoformat()}}})
    must_not = [{"term": {"hazardous": True}}] if age < 18 and not ignore_age else []
    scoring = [_points(_required_skill(code, lvl), W_REQUIRED) for code, lvl in skills.items()]
    scoring += [_points({"term": {"nice_codes": code}}, W_NICE) for code in skills]
    scoring += [_nearness(origin, commute / 2), _recency("created_at", "30d")]
    query = _scored(filters, scoring, must_not)
    return _match_graduate(query, origin, commute, skills, top, exact)


def _match_graduate(query, origin, commute, skills, top, exact) -> list[OpeningMatch]:
    body = get_client().search(index=alias_name("openings"), query=query, size=top if exact else 3 * top + 10,
                               sort=[{"_score": "desc"}, {"external_id": "asc"}], track_total_hits=False).body
    results = []
    for hit in body["hits"]["hits"]:
        src = hit["_source"]
        loc = src["location"]
        distance = distance_km(origin["lat"], origin["lon"], loc["lat"], loc["lon"])
        if not within_limits(distance, commute, src["radius_km"]):
            if exact:  # a radius the filter did not know: over the limit here, so look at a wider window
                return _match_graduate(query, origin, commute, skills, top, False)
            continue
        required = [(r["code"], r["min_level"]) for r in src["required"]]
        matched, missing, _ = _coverage(required, skills)
        nice = [c for c in src["nice_codes"] if c in skills]
        shown = round(distance, 1)
        results.append(OpeningMatch(
            opening=src["external_id"], title_employer=src["employer_name"], score=round(hit["_score"], 4),
            distance_km=shown, matched_skills=matched, missing_skills=missing, matched_nice_skills=nice,
            reasons=_reasons(matched, required, [], nice, shown, commute, src["hazardous"], [],
                             radius=src["radius_km"]),
        ))
    return results[:top]

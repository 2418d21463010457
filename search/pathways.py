"""The bridge: from a skill a job needs to the course that teaches it, on the openings and courses indices.

Four readers, one set of rules:
- a youth looking at an opening: each missing required skill (code, minimum level) → upcoming cohorts of live
  courses teaching that skill at that level or higher, nearest venue first, with start date, seats left (a full
  cohort is shown, marked full) and what the youth pays after sponsorship; courses teaching every missing skill
  are named first ("เรียนคอร์สนี้แล้วจะมีทักษะครบสำหรับงานนี้");
- a youth with no training yet: open openings within their commute (the same distance rule as matching: within
  the opening's radius and the youth's commute; never hazardous work under 18) grouped by their set of required
  skills with a terms aggregation; a course covers an opening when it teaches every required skill at the
  required level; courses are ranked by the open positions they cover, with those openings' wage ranges; after
  them, courses teaching at least half of an opening's skills, naming what the youth would still have to learn;
- a course page: open positions within DEMAND_RADIUS_KM of any venue asking for a skill it teaches, and the
  typical (median) stated wage, suppressed below partners.suppression.MIN_CELL positions;
- an employer with few matches: learners in cohorts that teach the missing skills, counts by graduation date.

"Teaches code at level >= L" is one term on the course's `skill_levels` ("code:1" … "code:level"), exactly as
matching reads graduates' levels. Every answer carries reasons naming the skills, like matching's explanations.
Nothing here writes: the indices are kept current by the on-commit sync (publishing, unpublishing, enrolments that
fill a cohort, openings closing), so pathways follow within seconds.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_noop

from . import result_cache
from .client import alias_name, get_client
from .documents.courses import PATHWAY_CARD, read_pathway_card
from .matching import distance_km, limit_values, match_query_for, within_both_limits

DEMAND_RADIUS_KM = 30
MIN_CELL = 5  # the outcome reports' small-cell rule (partners.suppression.MIN_CELL)
SUPPRESSED = "<5"
COURSE_CANDIDATES = 60  # nearest courses read per question; far more than a page shows
OPENING_GROUPS = 1000  # distinct required-skill sets within one commute (a few dozen in practice)
COVERS_ALL_TH = gettext_noop("เรียนคอร์สนี้แล้วจะมีทักษะครบสำหรับงานนี้")  # message_th in the API; gettext() on pages
COVERS_ALL_EN = "This course gives you every skill this job asks for"
COURSE_SOURCE = ["external_id", "title_th", "title_en", "url", "skill_levels", "cohorts", "min_age", "max_age"]


_names_seen: tuple[float, dict] = (0.0, {})  # (read at, names): this process's copy, SKILL_NAMES_SECONDS old at most
SKILL_NAMES_SECONDS = 60


def _skill_names() -> dict[str, tuple[str, str]]:
    """Skill names (th, en) by code: kept in the process for a minute (an answer names hundreds of skills; one
    shared-cache read each cost most of a youth pathway's CPU), else from the shared cache, else the database."""
    global _names_seen
    read_at, names = _names_seen
    if names and time.monotonic() - read_at < SKILL_NAMES_SECONDS:
        return names
    names = cache.get("saphan:skill-names")
    if names is None:
        from courses.models import Skill

        names = {code: (th, en) for code, th, en in Skill.objects.values_list("code", "name_th", "name_en")}
        cache.set("saphan:skill-names", names, 300)
    _names_seen = (time.monotonic(), names)
    return names


def skill_label(code: str) -> tuple[str, str]:
    return _skill_names().get(code, (code, code))


def _english() -> bool:
    return (get_language() or "th").startswith("en")


def skill_name(code: str) -> str:
    """The skill's name in the active language (English when it has one)."""
    th, en = skill_label(code)
    return en if _english() and en else th


def _suppress(value: int):
    return SUPPRESSED if 0 < value < MIN_CELL else value


def _levels_taught(skill_levels: list[str]) -> dict[str, int]:
    taught: dict[str, int] = {}
    for term in skill_levels or []:
        code, _, level = term.rpartition(":")
        taught[code] = max(taught.get(code, 0), int(level))
    return taught


@dataclass
class CohortOption:
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
    trainee_fee_thb: str  # what the youth pays after sponsorship (Decimal as a string, two places)
    enrolment_open: bool

    @property
    def starts(self) -> date:
        return date.fromisoformat(self.start_date)


@dataclass
class CourseOption:
    course: str
    title_th: str
    title_en: str
    url: str
    teaches: dict[str, int]  # of the skills asked about: code -> level this course reaches
    covers_all: bool
    distance_km: float | None
    cohorts: list[CohortOption]
    reasons: list[str] = field(default_factory=list)
    positions: int = 0  # youth pathways: open positions this course covers
    openings: int = 0
    wages: list[dict] = field(default_factory=list)  # [{unit, min_thb, max_thb}] of the covered openings
    positions_partly: int = 0  # youth pathways: open positions asking mostly (not only) for what this course teaches
    still_missing: list[dict] = field(default_factory=list)  # [{code, level, name_th, name_en}] for those positions

    def as_json(self) -> dict:
        return asdict(self)


@dataclass
class SkillGap:
    code: str
    level: int
    name_th: str
    name_en: str
    courses: list[CourseOption]


@dataclass
class OpeningPathways:
    opening: str
    missing: list[SkillGap]
    complete: list[CourseOption]  # courses that teach every missing skill at its level
    message_th: str = ""
    message_en: str = ""

    def as_json(self) -> dict:
        return asdict(self)


def _cohorts(src: dict, origin: dict | None, today: date) -> list[CohortOption]:
    """Cohorts a youth can still join (not started, or enrolment still open), nearest venue first, then soonest."""
    options = []
    for card in src.get("cohorts") or []:
        starts = date.fromisoformat(card["start_date"])
        if starts < today and not card.get("enrolment_open"):
            continue
        distance = (round(distance_km(origin["lat"], origin["lon"], card["lat"], card["lon"]), 1)
                    if origin and card.get("lat") is not None else None)
        options.append(CohortOption(
            id=card["id"], start_date=card["start_date"], end_date=card["end_date"], district=card["district"],
            district_name_th=card.get("district_name_th", ""), district_name_en=card.get("district_name_en", ""),
            venue=card.get("venue") or "", distance_km=distance, seats=card["seats"],
            seats_left=card["seats_left"], full=card["seats_left"] <= 0, fee_thb=card["fee_thb"],
            trainee_fee_thb=card["trainee_fee_thb"], enrolment_open=bool(card.get("enrolment_open")),
        ))
    options.sort(key=lambda c: (c.distance_km if c.distance_km is not None else 1e9, c.start_date))
    return options


def _course_search(levels: list[str], *, origin: dict | None, age: int | None, size: int = COURSE_CANDIDATES,
                   radius_km: float | None = None) -> list[dict]:
    """Live courses with an upcoming cohort teaching any of `levels` ("code:L"), nearest venue first."""
    filters: list[dict] = [{"terms": {"skill_levels": levels}}, {"exists": {"field": "next_start"}}]
    if age is not None:
        filters += [{"range": {"min_age": {"lte": age}}}, {"range": {"max_age": {"gte": age}}}]
    if radius_km is not None and origin:
        filters.append({"geo_distance": {"distance": f"{radius_km}km", "location": origin}})
    sort = ([{"_geo_distance": {"location": origin, "order": "asc", "unit": "km"}}] if origin else []) + [
        {"next_start": "asc"}, {"external_id": "asc"}]
    search = {"index": alias_name("courses"), "query": {"bool": {"filter": filters}}, "sort": sort, "size": size,
              "track_total_hits": False}
    hits = get_client().search(**search, stored_fields="_none_", docvalue_fields=[PATHWAY_CARD]).body["hits"]["hits"]
    cards = [read_pathway_card(hit) for hit in hits]
    if None in cards:  # an index built before the card existed, until search_reconcile rebuilds it
        return [hit["_source"] for hit in get_client().search(**search, source=COURSE_SOURCE).body["hits"]["hits"]]
    return cards


def _course_option(src: dict, wanted: list[tuple[str, int]], origin, today) -> CourseOption | None:
    taught = _levels_taught(src.get("skill_levels"))
    teaches = {code: taught[code] for code, level in wanted if taught.get(code, 0) >= level}
    cohorts = _cohorts(src, origin, today)
    if not teaches or not cohorts:
        return None
    reasons = []
    for code, level in wanted:
        if code in teaches:
            reasons.append(gettext("สอน%(skill)s ถึงระดับ %(taught)s (ต้องการระดับ %(needed)s)") % {
                "skill": skill_name(code), "taught": teaches[code], "needed": level})
    nearest = cohorts[0]
    if nearest.distance_km is not None:
        district = nearest.district_name_en if _english() and nearest.district_name_en else nearest.district_name_th
        reasons.append(gettext("รุ่นที่ใกล้ที่สุดห่าง %(km).1f กม. ที่%(district)s") % {
            "km": nearest.distance_km, "district": district})
    covers_all = len(teaches) == len(wanted)
    if covers_all:
        reasons.insert(0, gettext(COVERS_ALL_TH))
    return CourseOption(course=src["external_id"], title_th=src["title_th"], title_en=src.get("title_en") or "",
                        url=src.get("url") or "", teaches=teaches, covers_all=covers_all,
                        distance_km=nearest.distance_km, cohorts=cohorts, reasons=reasons)


def courses_for_missing(missing: list[tuple[str, int]], *, origin: dict | None, age: int | None = None,
                        per_skill: int = 3, opening: str = "") -> OpeningPathways:
    """Courses for each missing (code, level): nearest first, at most `per_skill` each; courses covering every
    missing skill listed in `complete` (nearest first)."""
    gaps = []
    if not missing:
        return OpeningPathways(opening=opening, missing=[], complete=[])
    today = timezone.localdate()
    sources = _course_search([f"{code}:{level}" for code, level in missing], origin=origin, age=age)
    options = [o for o in (_course_option(src, missing, origin, today) for src in sources) if o]
    for code, level in missing:
        th, en = skill_label(code)
        gaps.append(SkillGap(code=code, level=level, name_th=th, name_en=en,
                             courses=[o for o in options if code in o.teaches][:per_skill]))
    complete = [o for o in options if o.covers_all][:per_skill]
    message_th, message_en = (COVERS_ALL_TH, COVERS_ALL_EN) if complete else ("", "")
    return OpeningPathways(opening=opening, missing=gaps, complete=complete, message_th=message_th,
                           message_en=message_en)


def held_levels(trainee) -> dict[str, int]:
    if trainee is None:
        return {}
    return {code: level for code, level in trainee.skills.values_list("skill__code", "level")}


def missing_for(required: list[tuple[str, int]], held: dict[str, int]) -> list[tuple[str, int]]:
    return [(code, level) for code, level in required if held.get(code, 0) < level]


def _home(trainee) -> dict | None:
    if trainee is None or trainee.latitude is None:
        return None
    return {"lat": trainee.latitude, "lon": trainee.longitude}


def opening_pathways(opening, *, trainee=None, per_skill: int = 3) -> OpeningPathways:
    """Pathways for one opening: the trainee's missing required skills (every required skill without a
    trainee), measured from the trainee's home (else from the opening)."""
    wanted = match_query_for(opening)
    held = held_levels(trainee)
    origin = _home(trainee) or {"lat": wanted.lat, "lon": wanted.lon}
    age = trainee.age_on(timezone.localdate()) if trainee is not None else None
    ref = getattr(opening, "external_id", "") or ""
    return courses_for_missing(missing_for(wanted.required, held), origin=origin, age=age, per_skill=per_skill,
                               opening=ref)


def pathways_for_rows(trainee, rows: list[tuple[str, list[tuple[str, int]]]], per_skill: int = 2) -> dict:
    """Pathways for several openings at once ((ref, missing) pairs) with ONE course search: the union of every
    missing skill, then each opening's answer picked from it. {ref: OpeningPathways}."""
    union = sorted({pair for _, missing in rows for pair in missing})
    if not union:
        return {}
    origin = _home(trainee)
    age = trainee.age_on(timezone.localdate()) if trainee is not None else None
    today = timezone.localdate()
    sources = _course_search([f"{code}:{level}" for code, level in union], origin=origin, age=age)
    out = {}
    for ref, missing in rows:
        if not missing:
            continue
        options = [o for o in (_course_option(src, missing, origin, today) for src in sources) if o]
        gaps = [SkillGap(code=code, level=level, name_th=skill_label(code)[0], name_en=skill_label(code)[1],
                         courses=[o for o in options if code in o.teaches][:per_skill]) for code, level in missing]
        complete = [o for o in options if o.covers_all][:per_skill]
        out[ref] = OpeningPathways(opening=ref, missing=gaps, complete=complete,
                                   message_th=COVERS_ALL_TH if complete else "",
                                   message_en=COVERS_ALL_EN if complete else "")
    return out


# --- youth without training: nearby work ↔ the courses that lead there ------------------------------------------

@dataclass
class YouthPathways:
    trainee: str
    commute_km: int
    positions_nearby: int
    openings_nearby: int
    courses: list[CourseOption]
    reasons: list[str]

    def as_json(self) -> dict:
        return asdict(self)


def _nearby_openings(origin: dict, commute_km: int, adult: bool) -> list[dict]:
    """Open openings within the youth's commute and each opening's own radius, grouped by required-skill set:
    [{"key": [(code, level)], "openings": n, "positions": n, "wages": {unit: (min satang, max satang)}}]."""
    state = result_cache.lookup("openings", ("pathways-nearby", origin["lat"], origin["lon"], commute_km, adult))
    if state.hit:
        return state.value
    distance_filters, _exact = within_both_limits(origin, commute_km, "radius_km",
                                                  limit_values("openings", "radius_km", state))
    # the commute circle first: a cheap point-index filter that leaves the per-opening radius rule few candidates
    distance_filters.insert(0, {"geo_distance": {"distance": f"{commute_km}km", "location": origin}})
    must_not = [] if adult else [{"term": {"hazardous": True}}]
    # wage unit first (two values), then the skill sets: one terms aggregator per unit, not one per skill set
    aggs = {"units": {"terms": {"field": "wage_unit", "size": 4}, "aggs": {
        "sets": {"terms": {"field": "required_key", "size": OPENING_GROUPS},
                 "aggs": {"positions": {"sum": {"field": "positions"}},
                          "low": {"min": {"field": "wage_min_satang"}},
                          "high": {"max": {"field": "wage_max_satang"}}}}}}}
    body = get_client().search(index=alias_name("openings"), size=0, track_total_hits=False, aggs=aggs,
                               query={"bool": {"filter": distance_filters, "must_not": must_not}}).body
    by_key: dict[str, dict] = {}
    for unit in body["aggregations"]["units"]["buckets"]:
        for bucket in unit["sets"]["buckets"]:
            if not bucket["key"]:
                continue
            group = by_key.get(bucket["key"])
            if group is None:
                terms = bucket["key"].split("|")
                group = by_key[bucket["key"]] = {
                    "key": [(code, int(level)) for code, _, level in (t.rpartition(":") for t in terms)],
                    "terms": terms, "openings": 0, "positions": 0, "wages": {}}
            group["openings"] += bucket["doc_count"]
            group["positions"] += int(bucket["positions"]["value"])
            group["wages"][unit["key"]] = (int(bucket["low"]["value"]), int(bucket["high"]["value"]))
    groups = list(by_key.values())
    result_cache.store(state, groups)
    return groups


def _thb(satang: int) -> str:
    return f"{Decimal(satang) / 100:.2f}"


def _course_coverage(held: set[str], by_term: dict[str, list[dict]]) -> tuple[list[dict], list[dict]]:
    """The groups whose every "code:level" term `held` holds, and those it holds at least half of (but not all)."""
    hits: dict[int, list] = {}
    for term in held.intersection(by_term):
        for group in by_term[term]:
            entry = hits.setdefault(id(group), [group, 0])
            entry[1] += 1
    full, partial = [], []
    for group, count in hits.values():
        needed = len(group["terms"])
        if count == needed:
            full.append(group)
        elif 2 * count >= needed:
            partial.append(group)
    return full, partial


def _wage_ranges(groups: list[dict]) -> list[dict]:
    wages: dict[str, list[int]] = {}
    for g in groups:
        for unit, (low, high) in g["wages"].items():
            seen = wages.setdefault(unit, [low, high])
            seen[0], seen[1] = min(seen[0], low), max(seen[1], high)
    return [{"unit": unit, "min_thb": _thb(low), "max_thb": _thb(high)} for unit, (low, high) in sorted(wages.items())]


def _still_missing(held: set[str], partial: list[dict], limit: int = 3) -> list[dict]:
    """The skills a partly-covering course leaves out, those blocking the most positions first."""
    blocking: dict[tuple[str, int], int] = defaultdict(int)
    for g in partial:
        for (code, level), term in zip(g["key"], g["terms"], strict=True):
            if term not in held:
                blocking[(code, level)] += g["positions"]
    ranked = sorted(blocking.items(), key=lambda item: (-item[1], item[0]))[:limit]
    missing = []
    for (code, level), _ in ranked:
        name_th, name_en = skill_label(code)
        missing.append({"code": code, "level": level, "name_th": name_th, "name_en": name_en})
    return missing


def _youth_option(src: dict, cohorts: list[CohortOption], held: set[str], full: list[dict],
                  partial: list[dict]) -> CourseOption:
    taught = _levels_taught(held)
    positions, partly = sum(g["positions"] for g in full), sum(g["positions"] for g in partial)
    reasons = []
    if full:
        skills = sorted({code for g in full for code, _ in g["key"]})
        reasons.append(gettext("สอนทักษะที่งานใกล้บ้าน %(positions)s ตำแหน่งต้องการ: %(skills)s") % {
            "positions": positions, "skills": ", ".join(skill_name(c) for c in skills)})
    missing = _still_missing(held, partial)
    if partial:
        skills = sorted({code for g in partial for code, _ in g["key"]} - {m["code"] for m in missing})
        reasons.append(gettext("สอนทักษะส่วนใหญ่ที่งานใกล้บ้านอีก %(positions)s ตำแหน่งต้องการ (%(skills)s); "
                               "ยังต้องเรียนเพิ่ม: %(missing)s") % {
            "positions": partly, "skills": ", ".join(skill_name(c) for c in skills),
            "missing": ", ".join(skill_name(m["code"]) for m in missing)})
    option = CourseOption(
        course=src["external_id"], title_th=src["title_th"], title_en=src.get("title_en") or "",
        url=src.get("url") or "", covers_all=bool(full), distance_km=cohorts[0].distance_km, cohorts=cohorts,
        teaches={code: taught[code] for g in (*full, *partial) for code, _ in g["key"] if code in taught},
        positions=positions, openings=sum(g["openings"] for g in full), positions_partly=partly, still_missing=missing,
        wages=_wage_ranges(full or partial), reasons=reasons,
    )
    if option.distance_km is not None:
        option.reasons.append(gettext("รุ่นที่ใกล้ที่สุดห่าง %(km).1f กม.") % {"km": option.distance_km})
    return option


def youth_pathways(trainee, *, top: int = 5) -> YouthPathways:
    """Courses whose skills cover the most open positions within the youth's commute (see the module docstring);
    when no course gives every skill an opening asks, courses giving at least half of them, with what is still
    missing. Requires a home (district); under-18s never see hazardous work, and the reasons say so."""
    origin = _home(trainee)
    ref = trainee.external_id or str(trainee.pk)
    if origin is None:
        return YouthPathways(trainee=ref, commute_km=trainee.max_commute_km, positions_nearby=0, openings_nearby=0,
                             courses=[], reasons=[gettext("เลือกอำเภอที่อยู่ก่อน")])
    age = trainee.age_on(timezone.localdate())
    adult = age is not None and age >= 18
    commute = trainee.max_commute_km
    groups = _nearby_openings(origin, commute, adult)
    reasons = [gettext("งานที่เปิดรับภายในระยะเดินทาง %(km)s กม. จากบ้าน") % {"km": commute}]
    if not adult:
        reasons.append(gettext("ไม่แสดงงานอันตราย เพราะอายุต่ำกว่า 18 ปี"))
    total_positions = sum(g["positions"] for g in groups)
    total_openings = sum(g["openings"] for g in groups)
    if not groups:
        return YouthPathways(trainee=ref, commute_km=commute, positions_nearby=0, openings_nearby=0, courses=[],
                             reasons=reasons)
    by_term: dict[str, list[dict]] = defaultdict(list)
    for g in groups:
        for term in g["terms"]:
            by_term[term].append(g)
    # coverage is counted for every candidate (cheap set work); cohorts, wages and reasons only for the kept ones
    ranked = []
    for order, src in enumerate(_course_search(sorted(by_term), origin=origin, age=age)):
        held = set(src.get("skill_levels") or ())
        full, partial = _course_coverage(held, by_term)
        if full or partial:
            ranked.append((-sum(g["positions"] for g in full), -sum(g["positions"] for g in partial), order,
                           src, held, full, partial))
    ranked.sort(key=lambda r: r[:3])  # full coverage first, then partial; the nearest course among equals
    today = timezone.localdate()
    options = []
    for *_, src, held, full, partial in ranked:
        cohorts = _cohorts(src, origin, today)
        if cohorts:
            options.append(_youth_option(src, cohorts, held, full, partial))
            if len(options) == top:
                break
    return YouthPathways(trainee=ref, commute_km=commute, positions_nearby=total_positions,
                         openings_nearby=total_openings, courses=options, reasons=reasons)


# --- a course page: demand for what it teaches ---------------------------------------------------------------------

@dataclass
class CourseDemand:
    positions: int | str  # "<5" when suppressed
    openings: int | str
    wage_unit: str = ""
    wage_min_thb: str = ""  # medians of the stated ranges of the most common unit; blank when suppressed
    wage_max_thb: str = ""
    radius_km: int = DEMAND_RADIUS_KM
    suppressed: bool = False


def course_demand(*, skill_codes: list[str], venues: list[tuple[float, float]],
                  radius_km: int = DEMAND_RADIUS_KM) -> CourseDemand | None:
    """Open positions within radius_km of any venue asking (as required) for a skill the course teaches, and the
    median stated wage range; counts of 1–4 and their wages are suppressed. None without skills or venues."""
    if not skill_codes or not venues:
        return None
    near = [{"geo_distance": {"distance": f"{radius_km}km", "location": {"lat": lat, "lon": lon}}}
            for lat, lon in venues]
    query = {"bool": {"filter": [{"terms": {"required_codes": skill_codes}},
                                 {"bool": {"should": near, "minimum_should_match": 1}}]}}
    aggs = {"positions": {"sum": {"field": "positions"}},
            "units": {"terms": {"field": "wage_unit", "size": 4, "order": {"unit_positions": "desc"}},
                      "aggs": {"unit_positions": {"sum": {"field": "positions"}},
                               "low": {"percentiles": {"field": "wage_min_satang", "percents": [50]}},
                               "high": {"percentiles": {"field": "wage_max_satang", "percents": [50]}}}}}
    body = get_client().search(index=alias_name("openings"), size=0, query=query, aggs=aggs,
                               track_total_hits=True).body
    openings = body["hits"]["total"]["value"]
    positions = int(body["aggregations"]["positions"]["value"])
    if 0 < positions < MIN_CELL:
        return CourseDemand(positions=SUPPRESSED, openings=_suppress(openings), radius_km=radius_km,
                            suppressed=True)
    demand = CourseDemand(positions=positions, openings=_suppress(openings), radius_km=radius_km)
    units = body["aggregations"]["units"]["buckets"]
    if units and positions:
        top = units[0]
        low, high = next(iter(top["low"]["values"].values())), next(iter(top["high"]["values"].values()))
        if low is not None and high is not None:
            demand.wage_unit = top["key"]
            demand.wage_min_thb = _thb(int(round(low / 100)) * 100)
            demand.wage_max_thb = _thb(int(round(high / 100)) * 100)
    return demand


def demand_for_course_page(page) -> CourseDemand | None:
    """course_demand for a CoursePage: its skills and its upcoming cohorts' venues (else its provider's district)."""
    codes = list(page.course_skills.values_list("skill__code", flat=True))
    venues = [(c.latitude, c.longitude) for c in page.upcoming_cohorts()]
    if not venues and page.provider_id and page.provider.district_id:
        venues = [(page.provider.district.lat, page.provider.district.lon)]
    return course_demand(skill_codes=codes, venues=venues)


# --- employers: who is in training for what the search is missing -------------------------------------------------

@dataclass
class Pipeline:
    skills: list[tuple[str, int]]
    rows: list[dict]  # [{"graduates_on": date, "learners": n | "<5", "courses": n, "skills": [codes]}]
    total: int | str
    cohort_ids: list[int]

    def as_json(self) -> dict:
        data = asdict(self)
        data["rows"] = [{**row, "graduates_on": row["graduates_on"].isoformat()} for row in data["rows"]]
        return data


LEARNING = ("confirmed",)  # enrolment statuses that count as "in training now" (Enrollment.Status.CONFIRMED)


def pipeline(skills: list[tuple[str, int]], *, origin: dict | None = None, radius_km: float | None = None) -> Pipeline:
    """Learners now in cohorts teaching any of `skills` at the needed level (within radius_km of origin when
    given), as counts by graduation date (cohort end): never names; 1–4 shown as "<5"."""
    from django.db.models import Count

    from trainees.models import Enrollment

    if not skills:
        return Pipeline(skills=[], rows=[], total=0, cohort_ids=[])
    levels = [f"{code}:{level}" for code, level in skills]
    today = timezone.localdate()
    sources = _course_search(levels, origin=origin, age=None, size=200, radius_km=radius_km)
    cohort_skills: dict[int, tuple[str, str, set]] = {}
    for src in sources:
        taught = _levels_taught(src.get("skill_levels"))
        codes = {code for code, level in skills if taught.get(code, 0) >= level}
        for card in src.get("cohorts") or []:
            if date.fromisoformat(card["end_date"]) >= today:
                cohort_skills[card["id"]] = (card["end_date"], src["external_id"], codes)
    counts = dict(Enrollment.objects.filter(cohort_id__in=list(cohort_skills), status__in=LEARNING)
                  .values("cohort_id").annotate(n=Count("pk")).values_list("cohort_id", "n"))
    by_day: dict[str, dict] = defaultdict(lambda: {"learners": 0, "courses": set(), "skills": set()})
    for cohort_id, (ends, course, codes) in cohort_skills.items():
        learners = counts.get(cohort_id, 0)
        if learners:
            row = by_day[ends]
            row["learners"] += learners
            row["courses"].add(course)
            row["skills"] |= codes
    rows = [{"graduates_on": date.fromisoformat(day), "learners": _suppress(row["learners"]),
             "courses": len(row["courses"]), "skills": sorted(row["skills"])} for day, row in sorted(by_day.items())]
    total = sum(row["learners"] for row in by_day.values())
    return Pipeline(skills=list(skills), rows=rows, total=_suppress(total),
                    cohort_ids=sorted(c for c in cohort_skills if counts.get(c)))


# --- staff and funders: the province's skills demand against upcoming seats ----------------------------------------

@dataclass
class SkillDemandRow:
    code: str
    name_th: str
    name_en: str
    positions: int  # open positions whose required skills include this one
    openings: int
    seats: int  # seats left in upcoming cohorts of live courses teaching it
    courses: int
    gap: int  # positions - seats: how many more people employers ask for than the next cohorts can train
    by_district: dict[str, int]
    by_month: dict[str, int]  # month the opening was posted (YYYY-MM)
    zero_result_searches: int | None = None  # set by the admin view from the search records; None = not read


def province_demand(*, district: str = "") -> list[SkillDemandRow]:
    """Per skill: open positions (by district, by month posted) against seats left in upcoming cohorts teaching
    it, ranked by the gap; skills taught but asked by no open opening too (a negative gap). Two aggregations, one
    per index."""
    opening_filter = [{"term": {"district": district}}] if district else []
    opening_aggs = {"skills": {"terms": {"field": "required_codes", "size": 500}, "aggs": {
        "positions": {"sum": {"field": "positions"}},
        "districts": {"terms": {"field": "district", "size": 50},
                      "aggs": {"positions": {"sum": {"field": "positions"}}}},
        "months": {"date_histogram": {"field": "created_at", "calendar_interval": "month", "format": "yyyy-MM",
                                      "time_zone": "Asia/Bangkok", "min_doc_count": 1},
                   "aggs": {"positions": {"sum": {"field": "positions"}}}},
    }}}
    client = get_client()
    opened = client.search(index=alias_name("openings"), size=0, track_total_hits=False, aggs=opening_aggs,
                           query={"bool": {"filter": opening_filter}}).body
    course_aggs = {"skills": {"terms": {"field": "skills", "size": 500},
                              "aggs": {"seats": {"sum": {"field": "seats_left"}}}}}
    taught = client.search(index=alias_name("courses"), size=0, track_total_hits=False, aggs=course_aggs,
                           query={"bool": {"filter": [{"exists": {"field": "next_start"}}]}}).body
    seats = {b["key"]: (int(b["seats"]["value"]), b["doc_count"]) for b in taught["aggregations"]["skills"]["buckets"]}
    rows = []
    for bucket in opened["aggregations"]["skills"]["buckets"]:
        code = bucket["key"]
        positions = int(bucket["positions"]["value"])
        seat_count, courses = seats.get(code, (0, 0))
        th, en = skill_label(code)
        rows.append(SkillDemandRow(
            code=code, name_th=th, name_en=en, positions=positions, openings=bucket["doc_count"], seats=seat_count,
            courses=courses, gap=positions - seat_count,
            by_district={b["key"]: int(b["positions"]["value"]) for b in bucket["districts"]["buckets"]},
            by_month={b["key_as_string"]: int(b["positions"]["value"]) for b in bucket["months"]["buckets"]}))
    asked = {row.code for row in rows}
    for code, (seat_count, courses) in seats.items():  # taught, asked by no open opening: seats with no demand yet
        if code not in asked:
            rows.append(demand_row_without_openings(code, seats=seat_count, courses=courses))
    rows.sort(key=demand_rank)
    return rows


def demand_row_without_openings(code: str, *, seats: int = 0, courses: int = 0) -> SkillDemandRow:
    th, en = skill_label(code)
    return SkillDemandRow(code=code, name_th=th, name_en=en, positions=0, openings=0, seats=seats, courses=courses,
                          gap=-seats, by_district={}, by_month={})


def demand_rank(row: SkillDemandRow) -> tuple:
    """The widest gap first; among equal gaps the skill more people searched for and found nothing."""
    return (-row.gap, -row.positions, -(row.zero_result_searches or 0), row.code)

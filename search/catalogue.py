"""Catalogue search: one query builder used by the HTML catalogue and the JSON API.

How a query is understood (the ES we run has no Thai analyzer, synonym or ngram filters, so this is Python):
* The query is segmented like the documents (search.thai). Each word is a *concept*; a concept matches when the
  word or any of its trade synonyms (search.synonyms, expanded here at query time) matches the boosted `*_words`
  fields, or when its Thai character-cluster bigrams match the `*_grams` fields (recall for segmentation
  differences). Latin words get `fuzziness: AUTO` (typo tolerance); Thai words never do (an edit in Thai changes
  the word). Filler words ("หลักสูตร", "course") only add score.
* Facets (category, district, provider, funding, starting month) are aggregations; each facet's counts are
  computed with every *other* filter applied, and filters are applied to hits through `post_filter`.
* Sort: relevance, next start date, or distance from a chosen district (geo_distance on cohort venues).
* Highlighting is done here on the original Thai/English text (indexed fields are space-joined segments, which
  would read badly), marking the query words and synonyms that occur.
If Elasticsearch is unreachable, `search_courses` raises SearchUnavailable and callers fall back to
`database_courses`, a plain listing from PostgreSQL.
"""

from __future__ import annotations

import logging
import math
import os
import re
import time
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch import ApiError, TransportError

from config.dates import format_date
from config.errors import SaphanError

from . import result_cache, synonyms, thai
from .client import alias_name, search_client

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
MAX_PAGE = 100
SEARCH_TIMEOUT = 3.0
SORTS = ("relevance", "start", "distance")
FACETS = ("category", "district", "provider", "funding", "month")
FACET_FIELDS = {
    "category": "category", "district": "districts", "provider": "provider", "funding": "funding",
    "month": "start_months",
}
FILLER_WORDS = {
    "หลักสูตร", "เรียน", "อบรม", "ฝึก", "ฝึกอบรม", "คอร์ส", "วิชา", "การ", "ที่", "และ", "ของ", "ใน", "กับ", "สอน",
    "course", "courses", "training", "class", "learn", "the", "a", "an", "of", "and", "in", "for", "to", "how",
    "เป็น", "สำหรับ", "อยาก", "อยากเรียน", "หา", "ได้", "แบบ", "ให้", "ทำ",
}
WORD_FIELDS = [
    "title_words^4", "summary_words^2", "skills_words^1.5", "facts_words^1.2", "body_words^0.8",
]
GRAM_FIELDS = [("title_grams", 1.0), ("summary_grams", 0.6), ("skills_grams", 0.5)]
_LATIN = re.compile(r"^[a-z0-9.+]+$")
_THAI = re.compile(r"[\u0E00-\u0E7F]")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_DISTRICT = re.compile(r"^40\d{2}$")
_SLUG = re.compile(r"^[\w-]{1,80}$", re.UNICODE)


class SearchUnavailable(Exception):
    """Elasticsearch could not answer; the caller shows the database listing with a notice."""


class InvalidSearch(SaphanError):
    """A parameter is malformed (forged district, page, sort…); mapped to a 400 in the user's language."""

    status_code = 400


@dataclass
class CatalogueQuery:
    q: str = ""
    category: str = ""
    district: str = ""
    provider: str = ""
    funding: str = ""
    month: str = ""
    sort: str = "relevance"
    near: str = ""  # district code to measure distance from
    page: int = 1

    @classmethod
    def from_params(cls, params) -> CatalogueQuery:
        """Validate raw GET parameters; raises InvalidSearch with a clear message for forged values."""
        def get(name):
            value = params.get(name) or ""
            return str(value).strip()[:200]

        query = cls(q=get("q"), category=get("category"), district=get("district"), provider=get("provider"),
                    funding=get("funding"), month=get("month"), sort=get("sort") or "relevance", near=get("near"))
        raw_page = get("page") or "1"
        if not raw_page.isdigit() or not 1 <= int(raw_page) <= MAX_PAGE:
            raise InvalidSearch(f"หน้าที่ขอไม่ถูกต้อง (1–{MAX_PAGE})", f"Invalid page number (1–{MAX_PAGE}).")
        query.page = int(raw_page)
        for code in (query.district, query.near):
            if code and not _DISTRICT.match(code):
                raise InvalidSearch("รหัสอำเภอไม่ถูกต้อง (ต้องเป็นรหัส 4 หลักของขอนแก่น เช่น 4001)",
                                    "Invalid district code (a 4-digit Khon Kaen code such as 4001).")
        for value in (query.category, query.provider):
            if value and not _SLUG.match(value):
                raise InvalidSearch("ตัวกรองไม่ถูกต้อง", "Invalid filter value.")
        if query.funding and query.funding not in {"free", "sponsored", "paid"}:
            raise InvalidSearch("ประเภทค่าเรียนไม่ถูกต้อง", "Invalid funding filter (free, sponsored or paid).")
        if query.month and not _MONTH.match(query.month):
            raise InvalidSearch("เดือนไม่ถูกต้อง (รูปแบบ ปปปป-ดด)", "Invalid month (YYYY-MM).")
        if query.sort not in SORTS:
            raise InvalidSearch("การเรียงลำดับไม่ถูกต้อง", "Invalid sort (relevance, start or distance).")
        if query.sort == "distance" and not (query.near or query.district):
            raise InvalidSearch("เลือกอำเภอก่อนเรียงตามระยะทาง", "Choose a district to sort by distance.")
        if any(code and _district_point(code) is None for code in (query.near, query.district)):
            raise InvalidSearch("ไม่พบอำเภอนี้ในจังหวัดขอนแก่น", "No such district in Khon Kaen.")
        return query

    def filters(self) -> dict[str, str]:
        values = {"category": self.category, "district": self.district, "provider": self.provider,
                  "funding": self.funding, "month": self.month}
        return {k: v for k, v in values.items() if v}

    @property
    def origin(self) -> str:
        return self.near or self.district


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class CourseHit:
    external_id: str
    title_th: str
    title_en: str
    url: str
    score: float | None
    next_cohort: dict | None
    summary_th: str = ""
    summary_en: str = ""
    distance_km: float | None = None
    highlight_title: str = ""
    highlight_summary: str = ""
    provider_name: str = ""


@dataclass
class CatalogueResult:
    query: CatalogueQuery
    count: int
    hits: list[CourseHit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    degraded: bool = False  # True when listed from the database because ES was down
    relaxed: str = ""  # "", corrected, any, category or upcoming: see search_courses
    did_you_mean: str = ""
    notice_th: str = ""
    notice_en: str = ""

    @property
    def pages(self) -> int:
        return max(1, min(MAX_PAGE, math.ceil(self.count / PAGE_SIZE)))


# --- understanding the query -------------------------------------------------------------------------------

@dataclass
class Concept:
    word: str
    alternatives: list[str]
    filler: bool = False


@lru_cache(maxsize=4096)
def _segment(text: str) -> tuple[str, ...]:
    return tuple(thai.segment(text))


@lru_cache(maxsize=4096)
def _words_text(text: str) -> str:
    return " ".join(_segment(text))


@lru_cache(maxsize=4096)
def _grams_text(word: str) -> str:
    return thai.grams_text(word)


@lru_cache(maxsize=2048)
def _concepts(q: str, synonym_index_id: int, vocab: frozenset[str]) -> tuple[Concept, ...]:
    words = _segment(q)
    out, seen = [], set()
    for start, end, alternatives in synonyms.match_runs(words):
        word = "".join(words[start:end]) if all(_THAI.search(w) for w in words[start:end]) else " ".join(
            words[start:end])
        if word in seen:
            continue
        seen.add(word)
        alternatives = [a for a in alternatives if a != word]
        if _THAI.search(word) and vocab and (fix := _closest(word, vocab)):
            alternatives.append(fix)  # one missing or wrong character in a Thai word of 4+ clusters
        out.append(Concept(word, alternatives, filler=word in FILLER_WORDS))
    if out and all(c.filler for c in out):  # a query of filler words only: treat them as real words
        out = [Concept(c.word, c.alternatives) for c in out]
    return tuple(out)


def concepts(q: str) -> list[Concept]:
    """Query words (segmented; a run of words that is one synonym term is one concept) with their synonyms;
    repeated words collapse."""
    return list(_concepts(q, id(synonyms.lookup_index()), vocabulary()))


def _alternative_query(text: str, *, boost: float, fuzzy: bool) -> dict:
    words = _words_text(text)
    clause = {"query": words, "fields": WORD_FIELDS, "type": "best_fields", "operator": "and", "boost": boost}
    if fuzzy:
        # typo tolerance is costly per field: only where typed words are expected to be, with a fixed first 2
        clause.update(fields=WORD_FIELDS[:3], fuzziness="AUTO", prefix_length=2, max_expansions=10)
    return {"multi_match": clause}


def _gram_queries(text: str, *, boost: float) -> list[dict]:
    """The text's Thai character clusters as a phrase in the cluster fields: found wherever it occurs inside
    the title, summary or skills, whatever the word segmentation did there."""
    gram_text = _grams_text(text)
    if not gram_text:
        return []
    return [{"match_phrase": {field: {"query": gram_text, "boost": boost * weight}}}
            for field, weight in GRAM_FIELDS]


def _thai_fuzzy(word: str) -> dict | None:
    """Not used: one missing or wrong character is corrected in Python against the catalogue's vocabulary (see
    `_closest`, a deletion index) and searched as an alternative (why: docs/decisions/0001-measured-costs.md)."""
    return None


def _concept_query(concept: Concept) -> dict:
    word = concept.word
    latin = bool(_LATIN.match(word))
    should = [_alternative_query(word, boost=1.0, fuzzy=latin and len(word) >= 4)]
    should += [_alternative_query(alt, boost=0.8, fuzzy=False) for alt in concept.alternatives]
    if not latin:
        should += _gram_queries(word, boost=0.5)
        should += [q for alt in concept.alternatives if _THAI.search(alt) for q in _gram_queries(alt, boost=0.4)]
        if len(word) >= 2:
            # a short Thai word is often the start of the indexed one (ไฟ → ไฟฟ้า); index_prefixes makes this cheap
            should.append({"prefix": {"title_words": {"value": word, "boost": 0.4}}})
        fuzzy = _thai_fuzzy(word)
        if fuzzy:
            should.append(fuzzy)
        parts = thai.compound_parts(word) if " " not in word else ()
        if parts and all(len(p) >= 3 for p in parts):
            # a compound whose parts stand apart in the text (เชื่อมเหล็ก: เชื่อมไฟฟ้า … โครงเหล็ก)
            should.append({"bool": {"must": [
                {"bool": {"should": [_alternative_query(p, boost=0.3, fuzzy=False), *_gram_queries(p, boost=0.2)],
                          "minimum_should_match": 1}} for p in parts]}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _verbatim_query(q: str) -> dict | None:
    chunks = [c for c in thai.normalise(q).split(" ") if c and c not in FILLER_WORDS]
    if not chunks or not all(_THAI.search(c) for c in chunks):
        return None
    return {"bool": {"must": [{"bool": {"should": _gram_queries(c, boost=0.5), "minimum_should_match": 1}}
                              for c in chunks]}}


def words_needed(n: int, mode: str = "all") -> int:
    """How many of n (non-filler) query words must match: all up to three, one may be missing from longer."""
    return 1 if mode == "any" else (n if n <= 3 else max(n - 1, math.ceil(n * 0.7)))


@lru_cache(maxsize=4096)
def _text_words(text: str) -> tuple[frozenset[str], str]:
    return frozenset(_segment(text)), thai.normalise(text).replace(" ", "")


def query_names(q: str, text: str) -> bool:
    """Whether `text` (a skill's name, say) answers query `q` as text_query's `all` mode would: enough of the
    query's words, each as typed or as one of its synonyms, are words of `text`, or for Thai occur inside it
    as they are. For reports that ask which skill a logged search was about; no Elasticsearch call."""
    required = [c for c in concepts(q) if not c.filler]
    if not required:
        return False
    words, joined = _text_words(text)

    def found(form: str) -> bool:
        parts = _segment(form)
        if parts and all(p in words for p in parts):
            return True
        return bool(_THAI.search(form)) and thai.normalise(form).replace(" ", "") in joined

    hits = sum(1 for c in required if any(found(form) for form in (c.word, *c.alternatives)))
    return hits >= words_needed(len(required))


def text_query(q: str, mode: str = "all") -> dict | None:
    """`all`: every query word (or its synonym) must match, up to three words; one may be missing from longer
    queries. `any`: one is enough (the first relaxation when nothing matches every word)."""
    items = concepts(q)
    if not items:
        return None
    required = [c for c in items if not c.filler]
    optional = [c for c in items if c.filler]
    needed = words_needed(len(required), mode)
    must = {"bool": {"should": [_concept_query(c) for c in required], "minimum_should_match": needed}}
    verbatim = _verbatim_query(q) if required else None
    if verbatim:
        # or every typed chunk occurs as it is, cluster for cluster, whatever newmm made of it (เตอร์ไซค์ is cut
        # into เตอร์|ไซ|ค์ as a query, yet occurs inside มอเตอร์ไซค์)
        must = {"bool": {"should": [must, verbatim], "minimum_should_match": 1}}
    should = [_concept_query(c) for c in optional]
    should.append({"match_phrase": {"title_words": {"query": _words_text(q), "slop": 2, "boost": 3}}})
    whole = _grams_text(q)
    if whole and len(required) > 1:
        should.append({"match_phrase": {"title_grams": {"query": whole, "boost": 2}}})
    return {"bool": {"must": [must], "should": should}}


def _filter_clauses(query: CatalogueQuery, *, skip: str = "") -> list[dict]:
    return [{"term": {FACET_FIELDS[name]: value}} for name, value in query.filters().items() if name != skip]


_POINTS: dict[str, dict] = {}


def _district_point(code: str) -> dict | None:
    """District towns do not move; found ones are cached per process (unknown codes are not)."""
    if code not in _POINTS:
        from courses.models import District

        district = District.objects.filter(code=code).only("lat", "lon").first()
        if district is None:
            return None
        _POINTS[code] = {"lat": district.lat, "lon": district.lon}
    return _POINTS[code]


SOURCE_FIELDS = ["external_id", "title_th", "title_en", "url", "next_cohort", "summary_th", "summary_en",
                 "provider_name", "provider_name_en"]


def build_body(query: CatalogueQuery, *, facets: bool = True, mode: str = "all", q: str | None = None,
               categories: list[str] | None = None) -> dict:
    """The ES request body for a catalogue query (exposed for tests and the benchmark). `mode` and `q` are the
    relaxation steps of search_courses; `categories` restricts to related categories (the last text-free step)."""
    text = None if categories is not None else text_query(query.q if q is None else q, mode)
    filtered = {"bool": {"filter": [{"terms": {"category": categories}}]}} if categories else None
    body: dict = {
        "query": text or filtered or {"match_all": {}},
        "from": (query.page - 1) * PAGE_SIZE,
        "size": PAGE_SIZE,
        "track_total_hits": True,
        "_source": SOURCE_FIELDS,
    }
    post = _filter_clauses(query)
    if post:
        body["post_filter"] = {"bool": {"filter": post}}
    if facets:
        body["aggs"] = {
            name: {
                "filter": {"bool": {"filter": _filter_clauses(query, skip=name)}},
                "aggs": {"values": {"terms": {"field": FACET_FIELDS[name], "size": 30}}},
            }
            for name in FACETS
        }
    origin = _district_point(query.origin) if query.origin else None
    if query.sort == "start":
        body["sort"] = [{"next_start": {"order": "asc", "missing": "_last"}}, "_score"]
    elif query.sort == "distance" and origin:
        body["sort"] = [{"_geo_distance": {"location": origin, "order": "asc", "unit": "km", "mode": "min"}},
                        "_score"]
    elif not text:
        body["sort"] = [{"next_start": {"order": "asc", "missing": "_last"}}]
    return body


def _kwargs(body: dict) -> dict:
    """The client takes the body as keyword arguments (`from_`, `source`)."""
    out = dict(body)
    if "from" in out:
        out["from_"] = out.pop("from")
    if "_source" in out:
        out["source"] = out.pop("_source")
    return out


# --- highlighting ------------------------------------------------------------------------------------------

def highlight_terms(q: str) -> list[str]:
    terms = set()
    for concept in concepts(q):
        terms.add(concept.word)
        terms.update(concept.alternatives)
    return sorted((t for t in terms if len(t) >= 2), key=len, reverse=True)


def highlight(text: str, terms: list[str]) -> str:
    """Escape `text` and wrap occurrences of `terms` (case-insensitive) in <mark>."""
    if not text:
        return ""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece is escaped above


# --- running it --------------------------------------------------------------------------------------------

def _client():
    return search_client(SEARCH_TIMEOUT)


_LABELS: dict = {"at": 0.0, "value": None}
LABELS_TTL = 60.0


def _facet_labels() -> dict[str, dict[str, tuple[str, str]]]:
    """Facet labels, kept in-process for a minute (they are names of categories, districts and providers)."""
    now = time.monotonic()
    if _LABELS["value"] is None or now - _LABELS["at"] > LABELS_TTL:
        _LABELS["value"], _LABELS["at"] = _load_facet_labels(), now
    return _LABELS["value"]


def _load_facet_labels() -> dict[str, dict[str, tuple[str, str]]]:
    from courses.models import Category, District, Provider

    return {
        "category": {c.slug: (c.name_th, c.name_en or c.name_th) for c in Category.objects.all()},
        "district": {d.code: (d.name_th, d.name_en) for d in District.objects.all()},
        "provider": {p.slug: (p.name_th, p.name_en or p.name_th) for p in Provider.objects.all()},
        "funding": {"free": ("เรียนฟรี", "Free"), "sponsored": ("มีทุนช่วยบางส่วน", "Partly sponsored"),
                    "paid": ("ชำระเอง", "Paid")},
    }


def month_label(value: str, language: str) -> str:
    """"2027-02" → "ก.พ. 2570" in Thai, "Feb 2027" in English."""
    return format_date(date(int(value[:4]), int(value[5:7]), 1), "month_short", language)


def _facets(aggs: dict, query: CatalogueQuery, language: str) -> dict[str, list[FacetValue]]:
    labels = _facet_labels()
    selected = query.filters()
    out = {}
    for name in FACETS:
        buckets = aggs.get(name, {}).get("values", {}).get("buckets", [])
        values = []
        for bucket in buckets:
            key = str(bucket["key"])
            if name == "month":
                label = month_label(key, language)
            else:
                th, en = labels.get(name, {}).get(key, (key, key))
                label = en if language == "en" else th
            values.append(FacetValue(key, label, bucket["doc_count"], selected.get(name) == key))
        if name == "month":
            values.sort(key=lambda v: v.value)
        out[name] = values
    return out


RELAXED_NOTICES = {
    "corrected": ("ไม่พบ “{q}” จึงแสดงผลของ “{fix}”", "Nothing for “{q}”; showing results for “{fix}”."),
    "any": ("ไม่พบหลักสูตรที่ตรงกับทุกคำใน “{q}” จึงแสดงหลักสูตรที่ตรงกับบางคำ",
            "No course matches every word of “{q}”; showing courses that match some of them."),
    "category": ("ยังไม่มีหลักสูตรที่ตรงกับ “{q}” จึงแสดงหลักสูตรในประเภทใกล้เคียง",
                 "No course matches “{q}” yet; showing courses in related categories."),
    "upcoming": ("ยังไม่มีหลักสูตรที่ตรงกับ “{q}” ลองดูหลักสูตรที่กำลังจะเปิดรับด้านล่าง",
                 "No course matches “{q}” yet; here are the courses starting soonest."),
}


def _run(body: dict) -> dict:
    """One search: hits (post_filter applied) and facet counts (aggregations, each with the other filters) in
    one request, so the query is evaluated once. (Splitting the facets into a cached size-0 half of an msearch
    only paid off for repeated queries; with a long tail of distinct ones it evaluated every query twice.)"""
    try:
        return _client().search(index=alias_name("courses"), **_kwargs(body)).body
    except (TransportError, ApiError, OSError) as exc:
        logger.warning("catalogue search unavailable: %s", exc)
        raise SearchUnavailable(str(exc)) from exc


def _related_categories(q: str) -> list[str]:
    """Categories of the courses that share most of the query's character clusters or a loosely spelled word:
    where to look when no course matches any word."""
    gram_text = _grams_text(q)
    should = [{"multi_match": {"query": _words_text(q), "fields": WORD_FIELDS, "fuzziness": "AUTO"}}]
    if gram_text:
        should.append({"multi_match": {"query": gram_text, "fields": [f for f, _ in GRAM_FIELDS],
                                       "minimum_should_match": "60%"}})
    body = {"query": {"bool": {"should": should, "minimum_should_match": 1}}, "size": 0,
            "aggs": {"c": {"terms": {"field": "category", "size": 3}}}}
    try:
        response = _client().search(index=alias_name("courses"), **body).body
    except (TransportError, ApiError, OSError) as exc:
        raise SearchUnavailable(str(exc)) from exc
    return [b["key"] for b in response["aggregations"]["c"]["buckets"]]


def search_courses(query: CatalogueQuery, *, language: str = "th", facets: bool = True) -> CatalogueResult:
    """Run the catalogue query on Elasticsearch. Raises SearchUnavailable when ES cannot answer.

    Never an empty page for a text query: when nothing matches every word it relaxes, in order, to the closest
    corrected spelling, to any word, to related categories, then to the courses starting soonest, and says so
    (`relaxed`, `notice_th`/`notice_en`). `did_you_mean` carries a corrected query whenever one exists."""
    did_you_mean = spelling_suggestion(query.q) if query.q else ""
    response = _run(build_body(query, facets=facets))
    relaxed, shown_q = "", query.q
    if response["hits"]["total"]["value"] == 0 and query.q.strip() and concepts(query.q):
        steps = []
        if did_you_mean:
            steps.append(("corrected", {"q": did_you_mean}))
        steps.append(("any", {"mode": "any"}))
        for name, kwargs in steps:
            response = _run(build_body(query, facets=facets, **kwargs))
            if response["hits"]["total"]["value"]:
                relaxed, shown_q = name, kwargs.get("q", query.q)
                break
        else:
            categories = _related_categories(query.q)
            relaxed = "category" if categories else "upcoming"
            response = _run(build_body(query, facets=facets, categories=categories))
            if not response["hits"]["total"]["value"] and categories:
                relaxed = "upcoming"
                response = _run(build_body(query, facets=facets, categories=[]))
    terms = highlight_terms(shown_q) if relaxed not in {"category", "upcoming"} else []
    hits = []
    for hit in response["hits"]["hits"]:
        src = hit["_source"]
        distance = None
        if query.sort == "distance" and hit.get("sort"):
            distance = round(float(hit["sort"][0]), 1)
        hits.append(CourseHit(
            external_id=src.get("external_id", ""), title_th=src.get("title_th", ""),
            title_en=src.get("title_en", ""), url=src.get("url", ""), score=hit.get("_score"),
            next_cohort=src.get("next_cohort"), summary_th=src.get("summary_th", ""),
            summary_en=src.get("summary_en", ""), distance_km=distance,
            highlight_title=highlight(src.get("title_en") if language == "en" and src.get("title_en")
                                      else src.get("title_th", ""), terms),
            highlight_summary=highlight(src.get("summary_en") if language == "en" and src.get("summary_en")
                                        else src.get("summary_th", ""), terms),
            provider_name=(src.get("provider_name_en") if language == "en" else "") or src.get("provider_name", ""),
        ))
    result = CatalogueResult(query, response["hits"]["total"]["value"], hits, relaxed=relaxed,
                             did_you_mean=did_you_mean)
    if relaxed:
        th, en = RELAXED_NOTICES[relaxed]
        result.notice_th = th.format(q=query.q, fix=did_you_mean)
        result.notice_en = en.format(q=query.q, fix=did_you_mean)
    if facets:
        result.facets = _facets(response.get("aggregations", {}), query, language)
    return result


# --- spelling suggestions ("หมายถึง …?") -------------------------------------------------------------------

VOCABULARY_TTL = 60.0
_VOCABULARY: dict = {"at": -1e9, "value": frozenset()}


def vocabulary() -> frozenset[str]:
    """Words of the indexed titles, summaries and skills (the `vocab` field) and the synonym terms; kept
    in-process for a minute. Empty when ES cannot answer (then nothing is suggested)."""
    now = time.monotonic()
    if now - _VOCABULARY["at"] > VOCABULARY_TTL:
        words: set[str] = set()
        try:
            response = _client().search(index=alias_name("courses"), size=0,
                                        aggs={"v": {"terms": {"field": "vocab", "size": 50000}}}).body
            words = {b["key"] for b in response["aggregations"]["v"]["buckets"]}
        except (TransportError, ApiError, OSError) as exc:
            logger.warning("search vocabulary unavailable: %s", exc)
        words |= {t for group in synonyms.groups() for t in group if " " not in t}
        if words != _VOCABULARY["value"]:  # the same object while unchanged: what is derived from it stays cached
            _VOCABULARY["value"] = frozenset(words)
        _VOCABULARY["at"] = now
    return _VOCABULARY["value"]


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _deletes(word: str, n: int) -> set[str]:
    """`word` with up to `n` characters deleted (itself included)."""
    out, frontier = {word}, {word}
    for _ in range(n):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


@lru_cache(maxsize=2)
def _deletion_index(vocab: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Symmetric-delete index of the vocabulary: two words within the edit limit share a deletion variant, so
    candidates are dictionary lookups instead of an edit distance against every word."""
    index: dict[str, set[str]] = {}
    for word in vocab:
        if len(word) >= 3:
            for variant in _deletes(word, 2 if len(word) >= 7 else 1):
                index.setdefault(variant, set()).add(word)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=8192)
def _closest(word: str, vocab: frozenset[str]) -> str:
    """The vocabulary word one character away (two for 8+ characters) from a Thai word of 4+ clusters or a
    Latin word of 4+ letters; "" when there is none or the word is known."""
    if word in vocab:
        return ""
    if _THAI.search(word):
        if thai.cluster_count(word) < 4:
            return ""
    elif len(word) < 4:
        return ""
    limit = 2 if len(word) >= 8 else 1
    index = _deletion_index(vocab)
    candidates = {c for variant in _deletes(word, limit) for c in index.get(variant, ())}
    best, best_key = "", None
    for candidate in candidates:
        distance = _edit_distance(word, candidate, limit)
        if distance <= limit and candidate != word:
            common = len(os.path.commonprefix([word, candidate]))
            key = (distance, -common, candidate)
            if best_key is None or key < best_key:
                best, best_key = candidate, key
    return best


def _correct_chunk(chunk: str, vocab: frozenset[str]) -> str:
    words = _segment(chunk)
    if not words or all(w in vocab or w in FILLER_WORDS for w in words):
        return ""
    whole = _closest(chunk, vocab)
    if whole:
        return whole
    for k in range(1, len(words)):
        left, right = "".join(words[:k]), "".join(words[k:])
        if all(w in vocab for w in words[:k]) and (fix := _closest(right, vocab)):
            return left + fix
        if all(w in vocab for w in words[k:]) and (fix := _closest(left, vocab)):
            return fix + right
    return ""


@lru_cache(maxsize=2048)
def _spelling_suggestion(q: str, vocab: frozenset[str]) -> str:
    chunks = thai.normalise(q).split(" ")
    fixed = [(_correct_chunk(c, vocab) or c) for c in chunks if c]
    suggestion = " ".join(fixed)
    return suggestion if suggestion != " ".join(c for c in chunks if c) else ""


def spelling_suggestion(q: str) -> str:
    """The closest corrected query ("หมายถึง …?"), or "" when every word is known or nothing is close."""
    return _spelling_suggestion(q[:100], vocabulary())


def database_courses(query: CatalogueQuery, *, language: str = "th") -> CatalogueResult:
    """The fallback when ES is down: live courses from PostgreSQL, simple filters, soonest cohort first."""
    from django.db.models import Min, Q
    from django.utils import timezone

    from courses.models import CoursePage

    today = timezone.localdate()
    qs = CoursePage.objects.live().public().select_related("provider", "category")
    for word in [c.word for c in concepts(query.q) if not c.filler][:5]:
        alts = [word, *synonyms.expand([word])]
        cond = Q()
        for alt in alts:
            cond |= Q(title__icontains=alt) | Q(title_en__icontains=alt) | Q(summary_th__icontains=alt) | Q(
                summary_en__icontains=alt)
        qs = qs.filter(cond)
    if query.category:
        qs = qs.filter(category__slug=query.category)
    if query.provider:
        qs = qs.filter(provider__slug=query.provider)
    if query.district:
        qs = qs.filter(cohorts__district_id=query.district, cohorts__end_date__gte=today)
    qs = qs.annotate(next_start=Min("cohorts__start_date", filter=Q(cohorts__end_date__gte=today))).order_by(
        "next_start", "title").distinct()
    count = qs.count()
    start = (query.page - 1) * PAGE_SIZE
    terms = highlight_terms(query.q)
    hits = []
    for page in qs.prefetch_related("cohorts__district")[start:start + PAGE_SIZE]:
        cohort = page.next_cohort(today)
        hits.append(CourseHit(
            external_id=page.external_id or str(page.pk), title_th=page.title, title_en=page.title_en,
            url=page.url or "", score=None, summary_th=page.summary_th, summary_en=page.summary_en,
            next_cohort=cohort_summary(cohort, today) if cohort else None,
            highlight_title=highlight(page.title_en if language == "en" and page.title_en else page.title, terms),
            highlight_summary=highlight(page.summary_en if language == "en" and page.summary_en
                                        else page.summary_th, terms),
            provider_name=((page.provider.name_en if language == "en" else "") or page.provider.name_th)
            if page.provider else "",
        ))
    return CatalogueResult(query, count, hits, {}, degraded=True)


def cohort_summary(cohort, today: date) -> dict:
    return {
        "id": cohort.pk, "start_date": cohort.start_date.isoformat(), "end_date": cohort.end_date.isoformat(),
        "district": cohort.district_id, "district_name_th": cohort.district.name_th,
        "district_name_en": cohort.district.name_en, "seats": cohort.seats, "seats_left": cohort.seats_left,
        "fee_thb": str(cohort.fee_thb), "sponsor_share_thb": str(cohort.sponsor_share_thb),
        "trainee_fee_thb": str(cohort.trainee_fee_thb), "enrolment_open": cohort.is_enrolment_open(today),
    }


def catalogue(query: CatalogueQuery, *, language: str = "th") -> CatalogueResult:
    """Search, or the database listing if ES is down (never an error page for the youth)."""
    try:
        return result_cache.cached("courses", ("catalogue", language, repr(query)),
                                   lambda: search_courses(query, language=language))
    except SearchUnavailable:
        return database_courses(query, language=language)


def _prefix_alternatives(prefix: str) -> list[str]:
    """Synonym-list terms that start with a half-typed word ("มอ" → มอไซค์, มอเตอร์ไซค์ and their group)."""
    if len(prefix) < 2:
        return []
    return synonyms.terms_starting_with(prefix)


def suggest_body(prefix: str, size: int = 6) -> dict | None:
    words = thai.segment(prefix)
    if not words:
        return None
    *complete, last = words
    must = [_concept_query(Concept(w, synonyms.expand([w]))) for w in complete if w not in FILLER_WORDS]
    last_should = [
        # index_prefixes on title_words makes this prefix query a single term lookup
        {"match_bool_prefix": {"title_words": {"query": last}}},
        {"match_bool_prefix": {"title_en": {"query": last}}},
    ]
    tail = thai.normalise(prefix).split(" ")[-1]
    alternatives = _prefix_alternatives(last) + [a for a in _prefix_alternatives(tail) if a != last]
    last_should += [{"match_phrase": {"title_words": {"query": thai.words_text(alt), "boost": 0.8}}}
                    for alt in dict.fromkeys(alternatives)]
    must.append({"bool": {"should": last_should, "minimum_should_match": 1}})
    return {"query": {"bool": {"must": must}}, "size": size,
            "_source": ["title_th", "title_en", "url", "external_id"]}


def suggest(prefix: str, *, language: str = "th", size: int = 6) -> list[dict]:
    """Course titles for a half-typed query: the finished words (with synonyms) must match the title and the last
    word may be a prefix — `match_bool_prefix` on `title_words`, indexed with `index_prefixes` ("ซ่อมมอ" → ซ่อม +
    มอ*). Completion suggesters would only match from the start of a title; this matches any word in it."""
    body = suggest_body(prefix.strip()[:100], size)
    if body is None:
        return []
    try:
        response = search_client(2.0).search(
            index=alias_name("courses"), **_kwargs(body)).body
    except (TransportError, ApiError, OSError) as exc:
        logger.warning("suggestions unavailable: %s", exc)
        return []
    out = []
    for hit in response["hits"]["hits"]:
        src = hit["_source"]
        title = src.get("title_en") if language == "en" and src.get("title_en") else src.get("title_th")
        out.append({"title": title, "url": src.get("url", ""), "external_id": src.get("external_id", "")})
    return out

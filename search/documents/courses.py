"""The `courses` index: live course pages with their upcoming cohorts, in Thai and English.

Text is segmented in Python (search.thai) into `*_words` fields (boosted, precise) and the Thai character clusters
of each whole Thai run in `*_grams` fields (recall: a query word is found inside any longer word through a phrase
query on them). `vocab` lists the distinct words, for spelling suggestions. `title_words` carries `index_prefixes`
so suggestions while typing are a `match_bool_prefix` query (the ES we run has no edge_ngram). Facet fields are
keywords; the trainee's cost is kept in satang as a long because scaled_float (mapper-extras) is absent.
"""

import base64

import orjson
from elasticsearch.dsl import Binary, Boolean, Date, Document, GeoPoint, Integer, Keyword, Long, Object, Text

from search import thai
from search.registry import DocumentSpec


class CourseDocument(Document):
    external_id = Keyword()
    url = Keyword(index=False)
    title_th = Text(analyzer="standard")
    title_en = Text(analyzer="standard")
    title_words = Text(analyzer="standard", index_prefixes={"min_chars": 1, "max_chars": 8})
    title_grams = Text(analyzer="whitespace")
    summary_th = Text(analyzer="standard", index=False)
    summary_en = Text(analyzer="standard", index=False)
    summary_words = Text(analyzer="standard")
    summary_grams = Text(analyzer="whitespace")
    body_words = Text(analyzer="standard")
    skills_words = Text(analyzer="standard")
    skills_grams = Text(analyzer="whitespace")
    vocab = Keyword(index=False)  # distinct words of title, summary and skills: the spelling vocabulary
    facts_words = Text(analyzer="standard")  # provider, category and district names
    provider = Keyword()
    provider_name = Text(analyzer="standard")
    provider_name_en = Keyword(index=False)
    category = Keyword()
    skills = Keyword()
    hours = Integer()
    districts = Keyword()
    location = GeoPoint()
    next_start = Date()
    start_months = Keyword()
    funding = Keyword()  # free / sponsored / paid, one per upcoming cohort
    min_trainee_fee_satang = Long()  # scaled_float needs mapper-extras, absent here
    is_free = Boolean()
    next_cohort = Object(enabled=False)
    indexed_version = Long()
    # Pathways (search.pathways): "teaches code at level >= L" is one term on skill_levels ("code:1" … "code:L",
    # as on graduates); every upcoming cohort's card for nearest-venue, seats and fee; seats left for the
    # province demand view; the course's age range so a youth is shown only courses they may join.
    skill_levels = Keyword()
    cohorts = Object(enabled=False)
    seats_left = Integer()
    min_age = Integer()
    max_age = Integer()
    # What pathways read of a course hit (PATHWAY_CARD_FIELDS) as one JSON value in binary doc values, left out of
    # the stored _source (docs/decisions/0001-measured-costs.md).
    pathway_card = Binary(doc_values=True)


PATHWAY_CARD = "pathway_card"
PATHWAY_CARD_FIELDS = ("external_id", "title_th", "title_en", "url", "skill_levels", "cohorts")


def read_pathway_card(hit: dict) -> dict | None:
    """The card of a hit searched with `docvalue_fields=[PATHWAY_CARD]`; None when the index has none yet."""
    values = hit.get("fields", {}).get(PATHWAY_CARD)
    return orjson.loads(base64.b64decode(values[0])) if values else None


def funding_of(cohort) -> str:
    """free: the trainee pays nothing; sponsored: a sponsor pays part; paid: the trainee pays the whole fee."""
    if cohort.trainee_fee_thb <= 0:
        return "free"
    if cohort.sponsor_share_thb and cohort.sponsor_share_thb > 0:
        return "sponsored"
    return "paid"


def _block_text(value) -> str:
    """Plain text of one StreamField block value (rich text, structs, lists), without markup."""
    from django.utils.html import strip_tags

    if value is None:
        return ""
    if hasattr(value, "source"):  # RichText
        return strip_tags(value.source)
    if isinstance(value, dict) or hasattr(value, "items"):
        return " ".join(_block_text(v) for k, v in value.items() if k not in {"hours", "image"})
    if isinstance(value, list | tuple):
        return " ".join(_block_text(v) for v in value)
    if isinstance(value, str):
        return strip_tags(value)
    return ""


class CourseDocumentSpec(DocumentSpec):
    """Registered in settings.SEARCH_DOCUMENTS as "courses"."""

    document = CourseDocument

    def mapping(self) -> dict:
        return {**super().mapping(), "_source": {"excludes": [PATHWAY_CARD]}}

    def get_queryset(self):
        from courses.models import CoursePage

        return CoursePage.objects.select_related("provider", "category").prefetch_related(
            "cohorts__district", "cohorts__sponsor", "course_skills__skill"
        )

    def is_indexable(self, obj) -> bool:
        """Only public, live pages: no drafts, nothing unpublished or behind a privacy restriction."""
        return bool(obj.live) and not obj.get_view_restrictions().exists()

    def version_of(self, obj) -> int:
        stamp = obj.last_published_at or obj.latest_revision_created_at
        return int(stamp.timestamp() * 1000) if stamp else 0

    def changed_since(self, when):
        return self.get_queryset().filter(last_published_at__gte=when)

    def to_source(self, obj) -> dict:
        from django.utils import timezone

        today = timezone.localdate()
        cohorts = sorted(obj.upcoming_cohorts(today), key=lambda c: c.start_date)
        next_cohort = cohorts[0] if cohorts else None
        skills = [cs.skill for cs in obj.course_skills.all()]
        districts = {c.district_id: c.district for c in cohorts}
        source = {
            "external_id": obj.external_id or str(obj.pk),
            "url": obj.url or "",
            **text_fields(obj, skills, districts),
            "provider": obj.provider.slug if obj.provider else None,
            "provider_name": obj.provider.name_th if obj.provider else "",
            "provider_name_en": (obj.provider.name_en or obj.provider.name_th) if obj.provider else "",
            "category": obj.category.slug if obj.category else None,
            "skills": [s.code for s in skills],
            "hours": obj.hours,
            "districts": sorted(districts),
            "location": [{"lat": c.latitude, "lon": c.longitude} for c in cohorts] or None,
            "next_start": next_cohort.start_date.isoformat() if next_cohort else None,
            "start_months": sorted({c.start_date.strftime("%Y-%m") for c in cohorts}),
            "funding": sorted({funding_of(c) for c in cohorts}),
            "min_trainee_fee_satang": int(min(c.trainee_fee_thb for c in cohorts) * 100) if cohorts else None,
            "is_free": bool(cohorts) and min(c.trainee_fee_thb for c in cohorts) == 0,
            "next_cohort": next_cohort_card(next_cohort, today) if next_cohort else None,
            "indexed_version": self.version_of(obj),
            **pathway_fields(obj, cohorts, today),
        }
        source[PATHWAY_CARD] = base64.b64encode(orjson.dumps({k: source[k] for k in PATHWAY_CARD_FIELDS})).decode()
        return source


def text_fields(obj, skills: list, districts: dict) -> dict:
    """The searched text of a course: Thai and English titles and summaries as given, their segmented words
    (`*_words`), Thai character clusters (`*_grams`), the spelling vocabulary and the facts (provider, category
    and districts of upcoming cohorts) as words."""
    body_text = " ".join(_block_text(block.value) for block in obj.body) if obj.body else ""
    facts = " ".join(
        filter(None, [
            obj.provider.name_th if obj.provider else "", obj.provider.name_en if obj.provider else "",
            obj.category.name_th if obj.category else "", obj.category.name_en if obj.category else "",
            *(f"{d.name_th} {d.name_en}" for d in districts.values()),
        ])
    )
    skills_text = " ".join(f"{s.name_th} {s.name_en}" for s in skills)
    words = {
        field: thai.words_text(text) for field, text in (
            ("title_words", f"{obj.title} {obj.title_en}"),
            ("summary_words", f"{obj.summary_th} {obj.summary_en}"),
            ("skills_words", skills_text))
    }
    return {
        "title_th": obj.title,
        "title_en": obj.title_en,
        "title_words": words["title_words"],
        "title_grams": thai.grams_text(obj.title),
        "summary_th": obj.summary_th,
        "summary_en": obj.summary_en,
        "summary_words": words["summary_words"],
        "summary_grams": thai.grams_text(obj.summary_th),
        "body_words": thai.words_text(body_text),
        "skills_words": words["skills_words"],
        "skills_grams": thai.grams_text(" ".join(s.name_th for s in skills)),
        "vocab": sorted({w for text in words.values() for w in text.split() if len(w) >= 2}),
        "facts_words": thai.words_text(facts),
    }


def next_cohort_card(cohort, today) -> dict:
    """The next upcoming cohort as the catalogue's card shows it (fees as strings: JSON has no Decimal)."""
    return {
        "id": cohort.pk,
        "start_date": cohort.start_date.isoformat(),
        "end_date": cohort.end_date.isoformat(),
        "district": cohort.district_id,
        "district_name_th": cohort.district.name_th,
        "district_name_en": cohort.district.name_en,
        "seats": cohort.seats,
        "seats_left": cohort.seats_left,
        "fee_thb": str(cohort.fee_thb),
        "sponsor_share_thb": str(cohort.sponsor_share_thb),
        "trainee_fee_thb": str(cohort.trainee_fee_thb),
        "enrolment_open": cohort.is_enrolment_open(today),
    }


def pathway_fields(obj, cohorts, today) -> dict:
    """What search.pathways reads of a course: skill levels taught and every upcoming cohort's card."""
    cards = [{
        "id": c.pk, "start_date": c.start_date.isoformat(), "end_date": c.end_date.isoformat(),
        "district": c.district_id, "district_name_th": c.district.name_th, "district_name_en": c.district.name_en,
        "venue": c.venue, "lat": c.latitude, "lon": c.longitude, "seats": c.seats, "seats_left": c.seats_left,
        "fee_thb": f"{c.fee_thb:.2f}", "trainee_fee_thb": f"{c.trainee_fee_thb:.2f}",
        "enrolment_open": c.is_enrolment_open(today),
    } for c in cohorts]
    return {
        "skill_levels": sorted({f"{cs.skill.code}:{level}" for cs in obj.course_skills.all()
                                for level in range(1, min(cs.level, 3) + 1)}),
        "cohorts": cards,
        "seats_left": sum(card["seats_left"] for card in cards),
        "min_age": obj.min_age,
        "max_age": obj.max_age,
    }

"""The `openings` index: open openings, with required skills (and minimum level) and nice-to-have skills."""

from django.utils import timezone
from elasticsearch.dsl import Boolean, Date, Document, GeoPoint, Integer, Keyword, Long, Nested, Text

from search import thai
from search.registry import DocumentSpec


class OpeningDocument(Document):
    external_id = Keyword()
    employer = Keyword()
    employer_name = Text(analyzer="standard")
    title_words = Text(analyzer="standard")
    district = Keyword()
    location = GeoPoint()
    radius_km = Integer()
    hazardous = Boolean()
    wage_min_thb = Keyword(index=False)
    wage_max_thb = Keyword(index=False)
    wage_unit = Keyword()
    required = Nested(properties={"code": Keyword(), "min_level": Integer()})
    required_codes = Keyword()
    nice_codes = Keyword()
    created_at = Date()
    closing_date = Date()
    indexed_version = Long()
    # Pathways (search.pathways): required skills as exact "code:min_level" terms and as one sorted key (a course
    # covers an opening when it teaches every one of them), how many people are wanted, and the stated wage in
    # satang (scaled_float needs mapper-extras) so aggregations can sum positions and summarise wages.
    required_levels = Keyword()
    required_key = Keyword()
    positions = Integer()
    wage_min_satang = Long()
    wage_max_satang = Long()


class OpeningDocumentSpec(DocumentSpec):
    document = OpeningDocument

    def get_queryset(self):
        from employers.models import Opening

        return Opening.objects.select_related("employer", "district").prefetch_related("skills__skill")

    def is_indexable(self, obj) -> bool:
        open_now = obj.status == "open" and (obj.closing_date is None or obj.closing_date >= timezone.localdate())
        return open_now and any(s.required for s in obj.skills.all())

    def to_source(self, obj) -> dict:
        skills = list(obj.skills.all())
        return {
            "external_id": obj.external_id,
            "employer": str(obj.employer_id),
            "employer_name": obj.employer.name,
            "title_words": thai.words_text(obj.title),
            "district": obj.district_id,
            "location": {"lat": obj.lat, "lon": obj.lon},
            "radius_km": obj.radius_km,
            "hazardous": obj.hazardous,
            "wage_min_thb": str(obj.wage_min_thb),
            "wage_max_thb": str(obj.wage_max_thb),
            "wage_unit": obj.wage_unit,
            "required": [{"code": s.skill.code, "min_level": s.min_level} for s in skills if s.required],
            "required_codes": [s.skill.code for s in skills if s.required],
            "nice_codes": [s.skill.code for s in skills if not s.required],
            "created_at": obj.created_at.isoformat(),
            "closing_date": obj.closing_date.isoformat() if obj.closing_date else None,
            "indexed_version": self.version_of(obj),
            "required_levels": sorted(f"{s.skill.code}:{s.min_level}" for s in skills if s.required),
            "required_key": "|".join(sorted(f"{s.skill.code}:{s.min_level}" for s in skills if s.required)),
            "positions": obj.positions,
            "wage_min_satang": int(obj.wage_min_thb * 100),
            "wage_max_satang": int(obj.wage_max_thb * 100),
        }

"""The `courses` index: live course pages with their open cohorts, in Thai and English."""

from elasticsearch.dsl import Boolean, Date, Document, GeoPoint, Integer, Keyword, Long, Object, Text

from search import thai
from search.registry import DocumentSpec


class CourseDocument(Document):
    external_id = Keyword()
    url = Keyword(index=False)
    title_th = Text(analyzer="standard")
    title_en = Text(analyzer="standard")
    title_words = Text(analyzer="standard")
    title_grams = Text(analyzer="whitespace")
    summary_words = Text(analyzer="standard")
    summary_grams = Text(analyzer="whitespace")
    body_words = Text(analyzer="standard")
    provider = Keyword()
    provider_name = Text(analyzer="standard")
    category = Keyword()
    skills = Keyword()
    hours = Integer()
    districts = Keyword()
    location = GeoPoint()
    next_start = Date()
    start_months = Keyword()
    min_trainee_fee_satang = Long()  # scaled_float needs mapper-extras, absent here
    is_free = Boolean()
    next_cohort = Object(enabled=False)
    indexed_version = Long()


class CourseDocumentSpec(DocumentSpec):
    """Registered in settings.SEARCH_DOCUMENTS as "courses"."""

    document = CourseDocument

    def get_queryset(self):
        from courses.models import CoursePage

        return CoursePage.objects.select_related("provider", "category").prefetch_related(
            "cohorts__district", "course_skills__skill"
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
        cohorts = [c for c in obj.cohorts.all() if c.end_date >= today and c.status != "cancelled"]
        cohorts.sort(key=lambda c: c.start_date)
        next_cohort = cohorts[0] if cohorts else None
        body_text = " ".join(
            str(block.value.get("title", "")) if hasattr(block.value, "get") else str(block.value)
            for block in obj.body
        ) if obj.body else ""
        return {
            "external_id": obj.external_id or str(obj.pk),
            "url": obj.url or "",
            "title_th": obj.title,
            "title_en": obj.title_en,
            "title_words": thai.words_text(f"{obj.title} {obj.title_en}"),
            "title_grams": thai.grams_text(obj.title),
            "summary_words": thai.words_text(f"{obj.summary_th} {obj.summary_en}"),
            "summary_grams": thai.grams_text(obj.summary_th),
            "body_words": thai.words_text(body_text),
            "provider": obj.provider.slug if obj.provider else None,
            "provider_name": obj.provider.name_th if obj.provider else "",
            "category": obj.category.slug if obj.category else None,
            "skills": [cs.skill.code for cs in obj.course_skills.all()],
            "hours": obj.hours,
            "districts": sorted({c.district_id for c in cohorts}),
            "location": {"lat": next_cohort.latitude, "lon": next_cohort.longitude} if next_cohort else None,
            "next_start": next_cohort.start_date.isoformat() if next_cohort else None,
            "start_months": sorted({c.start_date.strftime("%Y-%m") for c in cohorts}),
            "min_trainee_fee_satang": int(min(c.trainee_fee_thb for c in cohorts) * 100) if cohorts else None,
            "is_free": bool(cohorts) and min(c.trainee_fee_thb for c in cohorts) == 0,
            "next_cohort": {
                "id": next_cohort.pk,
                "start_date": next_cohort.start_date.isoformat(),
                "district": next_cohort.district_id,
                "seats": next_cohort.seats,
                "fee_thb": str(next_cohort.fee_thb),
                "trainee_fee_thb": str(next_cohort.trainee_fee_thb),
            } if next_cohort else None,
            "indexed_version": self.version_of(obj),
        }

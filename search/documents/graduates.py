"""The `graduates` index: only graduates who consented to be found, at the level they chose.

limited: skills and district only (no name, no certificates); standard: name and certificates too.
Birth date is kept (never returned to employers) so the legal-age filters are exact on the day of the search.
"""

import zlib

from django.db.models import Exists, OuterRef, Prefetch
from elasticsearch.dsl import Boolean, Date, Document, GeoPoint, Integer, Keyword, Long, Object, Text

from search.registry import DocumentSpec


class GraduateDocument(Document):
    external_id = Keyword()
    level = Keyword()  # discoverability: limited | standard
    name = Text(analyzer="standard")
    district = Keyword()
    location = GeoPoint()
    max_commute_km = Integer()
    available = Boolean()
    birth_date = Date()
    graduated_on = Date()
    # Read back for explanations only; matching uses the flat keyword fields below (no nested documents:
    # cheaper to index and to query).
    skills = Object(enabled=False)
    skill_codes = Keyword()
    skill_levels = Keyword()  # "code:1" … "code:<level>": "has code at level ≥ L" is one term query
    certified_codes = Keyword()
    certificates = Keyword(index=False)
    indexed_version = Long()


class GraduateDocumentSpec(DocumentSpec):
    document = GraduateDocument

    def get_queryset(self):
        from employers.models import Placement
        from trainees.models import Certificate, Consent, EarnedSkill, TraineeProfile

        consent = Consent.objects.filter(
            trainee=OuterRef("pk"), purpose=Consent.Purpose.EMPLOYERS, withdrawn_at__isnull=True
        )
        hired = Placement.objects.filter(trainee=OuterRef("pk"), ended_on__isnull=True)
        return (
            TraineeProfile.objects.select_related("district")
            .annotate(has_consent=Exists(consent), is_hired=Exists(hired))
            .prefetch_related(
                Prefetch("skills", queryset=EarnedSkill.objects.select_related("skill")),
                Prefetch("certificates", queryset=Certificate.objects.filter(revoked_at__isnull=True)),
                "consents",
            )
        )

    def is_indexable(self, obj) -> bool:
        return (
            obj.has_consent and not obj.is_hired and obj.anonymised_at is None
            and obj.discoverability in ("limited", "standard") and obj.latitude is not None and obj.birth_date
            and any(True for _ in obj.skills.all())
        )

    def changed_since(self, when):
        return self.get_queryset().filter(updated_at__gte=when)

    def version_of(self, obj) -> int:
        """Profile, skills and consents all count: the newest change of any of them."""
        stamps = [obj.updated_at] + [c.given_at for c in obj.consents.all()] + [
            c.withdrawn_at for c in obj.consents.all() if c.withdrawn_at
        ]
        base = int(max(stamps).timestamp() * 1000)
        skills = sorted(f"{s.skill.code}:{s.level}:{s.certified}" for s in obj.skills.all())
        return base * 1000 + zlib.crc32("|".join(skills).encode()) % 1000

    def to_source(self, obj) -> dict:
        standard = obj.discoverability == "standard"
        skills = [{"code": s.skill.code, "level": s.level,
                   "certified": bool(s.certified and s.certificate_id and standard)} for s in obj.skills.all()]
        graduated = max((s.earned_on for s in obj.skills.all() if s.earned_on), default=None)
        return {
            "external_id": obj.external_id or str(obj.pk),
            "level": obj.discoverability,
            "name": obj.full_name if standard else None,
            "district": obj.district_id,
            "location": {"lat": obj.latitude, "lon": obj.longitude},
            "max_commute_km": obj.max_commute_km,
            "available": obj.available,
            "birth_date": obj.birth_date.isoformat(),
            "graduated_on": graduated.isoformat() if graduated else None,
            "skills": skills,
            "skill_codes": [s["code"] for s in skills],
            "skill_levels": [f"{s['code']}:{level}" for s in skills for level in range(1, min(s["level"], 3) + 1)],
            "certified_codes": [s["code"] for s in skills if s["certified"]],
            "certificates": [c.code for c in obj.certificates.all()] if standard else [],
            "indexed_version": self.version_of(obj),
        }

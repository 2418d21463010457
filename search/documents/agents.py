"""The `agents` index: approved conversion agents for the public "conversion shop near me" directory.

Only approved agents are indexed; a suspended agent is deleted from the index by the on-commit sync."""

from elasticsearch.dsl import Date, Document, GeoPoint, Keyword, Long, Text

from search import thai
from search.registry import DocumentSpec


class AgentDocument(Document):
    shop_name = Keyword(index=False)
    shop_words = Text(analyzer="standard")
    district = Keyword()
    district_name_th = Keyword(index=False)
    district_name_en = Keyword(index=False)
    location = GeoPoint()
    address = Keyword(index=False)
    phone = Keyword(index=False)
    services = Keyword()
    opening_hours = Keyword(index=False)
    badge_code = Keyword()
    approved_at = Date()
    indexed_version = Long()


class AgentDocumentSpec(DocumentSpec):
    document = AgentDocument

    def get_queryset(self):
        from agents.models import Agent

        return Agent.objects.select_related("district")

    def is_indexable(self, obj) -> bool:
        return obj.status == "approved" and bool(obj.badge_code)

    def to_source(self, obj) -> dict:
        return {
            "shop_name": obj.shop_name,
            "shop_words": thai.words_text(obj.shop_name),
            "district": obj.district_id,
            "district_name_th": obj.district.name_th,
            "district_name_en": obj.district.name_en,
            "location": {"lat": obj.lat, "lon": obj.lon},
            "address": obj.address,
            "phone": obj.phone,
            "services": list(obj.services),
            "opening_hours": obj.opening_hours,
            "badge_code": obj.badge_code,
            "approved_at": obj.approved_at.isoformat() if obj.approved_at else None,
            "indexed_version": self.version_of(obj),
        }

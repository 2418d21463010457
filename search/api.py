"""JSON API of the search app (mounted under /api/ by config/api.py).

`catalogue_router` is mounted at /api/courses so the catalogue endpoint is exactly GET /api/courses/search.
"""

from django.conf import settings
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema, Status

from . import catalogue as cat
from .views import record_search

router = Router(tags=["search"])
catalogue_router = Router(tags=["courses"])


class CatalogueParams(Schema):
    q: str = Field("", description="ข้อความค้นหา ไทยหรืออังกฤษ / query text, Thai or English", max_length=200)
    district: str = Field("", description="รหัสอำเภอ DOPA 4 หลัก เช่น 4001 / 4-digit DOPA district code")
    category: str = Field("", description="slug ของประเภทหลักสูตร / category slug")
    provider: str = Field("", description="slug ของผู้จัด / provider slug")
    funding: str = Field("", description="free | sponsored | paid")
    month: str = Field("", description="เดือนที่เริ่ม YYYY-MM / starting month")
    sort: str = Field("relevance", description="relevance | start | distance")
    near: str = Field("", description="รหัสอำเภอสำหรับเรียงตามระยะทาง / district code to sort by distance from")
    page: str = Field("1", description="หน้าที่ 1–100 / page 1–100")
    lang: str = Field("", description="th | en (default: the language cookie, else Thai)")


class NextCohort(Schema):
    id: int
    start_date: str
    end_date: str | None = None
    district: str
    district_name_th: str | None = None
    district_name_en: str | None = None
    seats: int
    seats_left: int | None = None
    fee_thb: str = Field(description="ค่าเรียนเต็ม (บาท, ทศนิยม 2 ตำแหน่ง) / full fee, THB")
    sponsor_share_thb: str | None = None
    trainee_fee_thb: str = Field(description="ค่าเรียนหลังหักทุน / what the trainee pays after sponsorship")
    enrolment_open: bool | None = None


class CourseResult(Schema):
    external_id: str
    title_th: str
    title_en: str
    url: str
    score: float | None = Field(None, description="ES relevance score; null in the database fallback")
    next_cohort: NextCohort | None
    distance_km: float | None = None
    provider_name: str = Field("", description="ผู้จัดหลักสูตร / the course's provider")


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class CatalogueOut(Schema):
    count: int
    results: list[CourseResult]
    facets: dict[str, list[FacetValueOut]]
    degraded: bool = Field(False, description="true when ES was down and the list comes from the database")
    notice: str = ""
    relaxed: str = Field("", description="ไม่พบที่ตรงทุกคำจึงผ่อนเงื่อนไข / how the search was relaxed: corrected, "
                                         "any, category, upcoming (empty: every word matched)")
    did_you_mean: str = Field("", description="คำค้นที่สะกดใกล้เคียง (หมายถึง …?) / closest corrected query")


class ErrorOut(Schema):
    error: str
    message_th: str
    message_en: str


@catalogue_router.get(
    "/search", response={200: CatalogueOut, 400: ErrorOut}, summary="Search the course catalogue",
    description="ค้นหาหลักสูตร (ไทย/อังกฤษ) พร้อมตัวกรองและจำนวนในแต่ละตัวกรอง — Thai/English search with facets. "
    "If Elasticsearch is down, live courses are listed from the database with `degraded: true`.",
)
def search_courses(request, params: Query[CatalogueParams]):
    chosen = params.lang or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or get_language() or "th"
    language = "en" if chosen.startswith("en") else "th"
    try:
        query = cat.CatalogueQuery.from_params(params.dict())
    except cat.InvalidSearch as exc:
        return Status(400, {"error": exc.user_message(language), "message_th": exc.message_th,
                            "message_en": exc.message_en})
    result = cat.catalogue(query, language=language)
    record_search(query, result)
    notice = result.notice_en if language == "en" else result.notice_th
    if result.degraded:
        notice = ("Search is temporarily unavailable; showing all courses." if language == "en"
                  else "ระบบค้นหาขัดข้องชั่วคราว แสดงหลักสูตรทั้งหมดแทน")
    return {
        "count": result.count,
        "results": [
            {"external_id": h.external_id, "title_th": h.title_th, "title_en": h.title_en, "url": h.url,
             "score": h.score, "next_cohort": h.next_cohort, "distance_km": h.distance_km,
             "provider_name": h.provider_name}
            for h in result.hits
        ],
        "facets": {name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
                   for name, values in result.facets.items()},
        "degraded": result.degraded,
        "notice": notice,
        "relaxed": result.relaxed,
        "did_you_mean": result.did_you_mean,
    }

"""The public "conversion shop near me" directory (ร้านแปลงรถมอเตอร์ไซค์ไฟฟ้าใกล้ฉัน): approved agents near a
district's town or the phone's location, nearest first, by geo_distance on the `agents` index.

Page at /conversion-shops/ (mobile first, works without JavaScript; a button fills in the phone's location) and
JSON at GET /api/agents/near. Bad coordinates or an unknown district get a clear 400, never a 500; if
Elasticsearch is down the page says so (the API answers 503 through config/api.py)."""

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from elasticsearch import ApiError, TransportError
from ninja import Field, Query, Router, Schema

from config.errors import SaphanError

from .client import alias_name, search_client
from .indexing import ensure_index

SEARCH_TIMEOUT = 3.0
DEFAULT_RADIUS_KM = 30
MAX_RADIUS_KM = 200
SERVICE_LABELS = {
    "conversion": ("แปลงรถน้ำมันเป็นไฟฟ้า", "Petrol-to-electric conversion"),
    "repair": ("ซ่อมรถจักรยานยนต์ไฟฟ้า", "EV motorcycle repair"),
    "battery": ("ตรวจและเปลี่ยนแบตเตอรี่", "Battery check and replacement"),
    "inspection": ("ตรวจสภาพก่อนจดทะเบียน", "Pre-registration inspection"),
}


class InvalidPlace(SaphanError):
    message = gettext_lazy("ตำแหน่งไม่ถูกต้อง กรุณาเลือกอำเภอหรือใช้ตำแหน่งของโทรศัพท์")


@dataclass
class Origin:
    lat: float
    lon: float
    radius_km: int
    district: str = ""


def parse_origin(*, district: str = "", lat: str = "", lon: str = "", radius: str = "") -> Origin | None:
    """Where to search from: the phone's coordinates win over a district; None when neither is given."""
    from courses.models import District

    try:
        radius_km = int(radius) if str(radius or "").strip() else DEFAULT_RADIUS_KM
    except ValueError:
        raise InvalidPlace("ระยะทางต้องเป็นตัวเลข กม.", "The radius must be a number of km") from None
    if not 1 <= radius_km <= MAX_RADIUS_KM:
        raise InvalidPlace(f"ระยะทางต้องอยู่ระหว่าง 1–{MAX_RADIUS_KM} กม.", f"The radius must be 1–{MAX_RADIUS_KM} km")
    if str(lat or "").strip() or str(lon or "").strip():
        try:
            la, lo = float(lat), float(lon)
        except (TypeError, ValueError):
            raise InvalidPlace() from None
        if not (-90 <= la <= 90 and -180 <= lo <= 180) or la != la or lo != lo:
            raise InvalidPlace()
        return Origin(la, lo, radius_km)
    if str(district or "").strip():
        found = District.objects.filter(code=str(district).strip()).first()
        if found is None:
            raise InvalidPlace("ไม่พบอำเภอนี้", "Unknown district")
        return Origin(found.lat, found.lon, radius_km, found.code)
    return None


def nearby(origin: Origin, *, service: str = "", size: int = 20) -> list[dict]:
    """Approved agents within origin.radius_km, nearest first, each with `distance_km`."""
    point = {"lat": origin.lat, "lon": origin.lon}
    filters = [{"geo_distance": {"distance": f"{origin.radius_km}km", "location": point}}]
    if service:
        filters.append({"term": {"services": service}})
    ensure_index("agents")
    res = search_client(SEARCH_TIMEOUT).search(
        index=alias_name("agents"), query={"bool": {"filter": filters}}, size=size,
        sort=[{"_geo_distance": {"location": point, "order": "asc", "unit": "km"}}])
    hits = []
    for hit in res["hits"]["hits"]:
        source = dict(hit["_source"])
        source["distance_km"] = round(hit["sort"][0], 1)
        source["id"] = hit["_id"]
        hits.append(source)
    return hits


def _language(request) -> str:
    return "en" if (get_language() or "th").startswith("en") else "th"


def _labelled(hits: list[dict], language: str) -> list[dict]:
    index = 1 if language == "en" else 0
    for hit in hits:
        hit["service_labels"] = [SERVICE_LABELS[s][index] for s in hit.get("services", []) if s in SERVICE_LABELS]
        hit["district_name"] = hit.get("district_name_en" if language == "en" else "district_name_th")
    return hits


def directory_page(request):
    from courses.models import District

    language = _language(request)
    params = request.GET
    error, hits, origin, status, unavailable = "", None, None, 200, False
    service = params.get("service", "") if params.get("service", "") in SERVICE_LABELS else ""
    try:
        origin = parse_origin(district=params.get("district", ""), lat=params.get("lat", ""),
                              lon=params.get("lon", ""), radius=params.get("radius", ""))
    except InvalidPlace as exc:
        error, status = exc.user_message(language), 400
    if origin is not None:
        try:
            hits = _labelled(nearby(origin, service=service), language)
        except (ApiError, TransportError):
            unavailable = True
    return render(request, "search/conversion_shops.html", {
        "districts": District.objects.all(), "origin": origin, "hits": hits, "error": error, "service": service,
        "services": [(code, labels[1] if language == "en" else labels[0]) for code, labels in SERVICE_LABELS.items()],
        "unavailable": unavailable, "params": params, "language": language,
    }, status=status)


api_router = Router(tags=["agents"])


class NearParams(Schema):
    district: str = Field("", description="รหัสอำเภอ 4 หลัก เช่น 4001 / 4-digit DOPA district code")
    lat: str = Field("", description=gettext_lazy("ละติจูดของโทรศัพท์"))
    lon: str = Field("", description=gettext_lazy("ลองจิจูดของโทรศัพท์"))
    radius: str = Field("", description=f"รัศมี กม. (1–{MAX_RADIUS_KM}, ค่าเริ่มต้น {DEFAULT_RADIUS_KM})")
    service: str = Field("", description="conversion | repair | battery | inspection")


class AgentOut(Schema):
    id: str
    shop_name: str
    district: str
    district_name_th: str
    district_name_en: str
    address: str
    phone: str
    services: list[str]
    opening_hours: str
    badge_code: str
    badge_url: str
    lat: float
    lon: float
    distance_km: float


class NearOut(Schema):
    count: int
    results: list[AgentOut]


@api_router.get("/near", response=NearOut, summary="Approved conversion shops near a district or a location",
                description="ร้านแปลงรถมอเตอร์ไซค์ไฟฟ้าใกล้ฉัน — nearest first; give `lat`+`lon` or `district`.")
def near(request, params: Query[NearParams]):
    origin = parse_origin(district=params.district, lat=params.lat, lon=params.lon, radius=params.radius)
    if origin is None:
        raise InvalidPlace()
    service = params.service if params.service in SERVICE_LABELS else ""
    hits = nearby(origin, service=service)
    return {"count": len(hits), "results": [
        dict(h, lat=h["location"]["lat"], lon=h["location"]["lon"], badge_url=f"/agents/badge/{h['badge_code']}/")
        for h in hits]}

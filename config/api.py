"""The public JSON API (django-ninja, shipped with Wagtail); OpenAPI at /api/docs and /api/openapi.json."""

from django.utils.translation import gettext_lazy
from elasticsearch import ApiError, TransportError
from ninja import NinjaAPI

from config.errors import SaphanError

api = NinjaAPI(
    title="Saphan API",
    version="1.0",
    description="สะพานอาชีพ — courses, matching and more. Thai first, English second.",
    urls_namespace="api",
)


@api.exception_handler(SaphanError)
def _saphan_error(request, exc: SaphanError):
    return api.create_response(
        request, {"error": exc.user_message(), "message_th": exc.message_th, "message_en": exc.message_en},
        status=exc.status_code,
    )


class _SearchUnavailable(SaphanError):
    message = gettext_lazy("ระบบค้นหาไม่พร้อมใช้งานชั่วคราว กรุณาลองใหม่อีกครั้ง")
    status_code = 503


@api.exception_handler(ApiError)
@api.exception_handler(TransportError)
def _search_unavailable(request, exc):
    """Elasticsearch down or refusing: a clear, retryable answer instead of a 500 (saves never depend on it),
    mapped like every other error the API gives."""
    return _saphan_error(request, _SearchUnavailable())


api.add_router("/courses", "courses.api.router")
api.add_router("/courses", "search.api.catalogue_router")  # GET /api/courses/search (search reads courses)
api.add_router("/trainees", "trainees.api.router")
api.add_router("/employers", "employers.api.router")
api.add_router("/payments", "payments.api.router")
api.add_router("/partners", "partners.api.router")
api.add_router("/search", "search.api.router")
api.add_router("/matching", "search.matching_api.router")
api.add_router("/agents", "search.agent_directory.api_router")  # GET /api/agents/near
api.add_router("/pathways", "search.pathways_api.me_router")
api.add_router("/openings", "search.pathways_api.openings_router")

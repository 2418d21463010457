"""Catalogue HTML (served for courses.CourseIndexPage through settings.SAPHAN_CATALOGUE_VIEW) and suggestions."""

from datetime import date
from decimal import Decimal

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from config.dates import format_date

from . import catalogue as cat


def _language() -> str:
    return "en" if (get_language() or "th").startswith("en") else "th"


def catalogue_page(request, page):
    """The catalogue at /courses/ (and at a provider's sub-catalogue, pre-filtered to that provider)."""
    from courses.models import District, Provider

    params = request.GET.copy()
    own_provider = Provider.objects.filter(courses_root=page).values_list("slug", flat=True).first()
    if own_provider and not params.get("provider"):
        params["provider"] = own_provider
    language = _language()
    status, error, result = 200, "", None
    try:
        query = cat.CatalogueQuery.from_params(params)
    except cat.InvalidSearch as exc:
        status, error = 400, exc.user_message(language)
        query = cat.CatalogueQuery()
    if not error:
        result = cat.catalogue(query, language=language)
        log_id = record_search(query, result)
        _decorate(result, params, language, log_id)
    context = {
        "page": page, "self": page, "request": request, "query": query, "result": result, "error": error,
        "districts": District.objects.all(), "language": language,
        "sorts": [("relevance", gettext("ตรงที่สุด")), ("start", gettext("เริ่มเร็วที่สุด")),
                  ("distance", gettext("ใกล้ที่สุด"))],
        "facet_titles": {
            "category": gettext("ประเภท"), "district": gettext("อำเภอ"), "provider": gettext("ผู้จัด"),
            "funding": gettext("ค่าเรียน"), "month": gettext("เดือนที่เริ่ม"),
        },
    }
    return TemplateResponse(request, "search/catalogue.html", context, status=status)


def date_label(iso: str, language: str) -> str:
    """Thai users read Buddhist-era years (1 ก.พ. 2570); English readers get 1 Feb 2027."""
    return format_date(date.fromisoformat(iso), "short", language)


def baht(amount: str) -> str:
    value = Decimal(amount)
    return f"{value:,.0f}" if value == value.to_integral() else f"{value:,.2f}"


def _url_with(params, **changes) -> str:
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value:
            query[key] = value
        else:
            query.pop(key, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def record_search(query, result) -> int | None:
    """Page 1 of a text search or a district choice is recorded (anonymously) for the demand report."""
    from .services import search_log_record

    if query.page != 1 or not (query.q or query.district) or result.degraded:
        return None
    return search_log_record(query=query.q, results=0 if result.relaxed else result.count,
                             district=query.district, relaxed=result.relaxed)


def _decorate(result, params, language: str, log_id: int | None = None) -> None:
    """Labels and links the template needs (dates in the reader's calendar, facet toggles, page links)."""
    from django.urls import reverse

    from .services import search_log_click_token

    if result.did_you_mean:
        result.did_you_mean_url = _url_with(params, q=result.did_you_mean)
    for name, values in result.facets.items():
        for value in values:
            value.url = _url_with(params, **{name: "" if value.selected else value.value})
    for hit in result.hits:
        if language == "en" and hit.url.startswith("/") and not hit.url.startswith("/en/"):
            hit.url = "/en" + hit.url  # English pages live under /en/ (i18n_patterns)
        token = search_log_click_token(log_id, hit.external_id)
        hit.link = f"{reverse('search:click')}?t={token}" if token else hit.url
        cohort = hit.next_cohort
        if cohort:
            cohort["start_label"] = date_label(cohort["start_date"], language)
            cohort["district_label"] = cohort.get(f"district_name_{language}") or cohort.get("district", "")
            cohort["fee_label"] = baht(cohort["fee_thb"])
            cohort["trainee_fee_label"] = baht(cohort["trainee_fee_thb"])
            cohort["sponsored"] = Decimal(cohort.get("sponsor_share_thb") or "0") > 0
            cohort["free"] = Decimal(cohort["trainee_fee_thb"]) == 0
    page = result.query.page
    result.prev_url = _url_with(params, page=str(page - 1)) if page > 1 else ""
    result.next_url = _url_with(params, page=str(page + 1)) if page < result.pages else ""


@require_GET
def click(request):
    """A result link: records which course was clicked for the search, then goes to the course page. Only
    courses that exist are redirected to (a signed token, never a URL from the request)."""
    from courses.models import CoursePage

    from .services import search_log_click

    external_id = search_log_click(token=request.GET.get("t", ""))
    page = CoursePage.objects.live().filter(external_id=external_id).first() if external_id else None
    if page is None:
        raise Http404(gettext("ไม่พบหลักสูตร"))
    url = page.url or "/"
    if _language() == "en" and url.startswith("/") and not url.startswith("/en/"):
        url = "/en" + url
    return HttpResponseRedirect(url)


@require_GET
@cache_control(max_age=30, public=True)
def suggest(request):
    """Course titles for what has been typed so far (JSON). Empty list when ES is down."""
    prefix = (request.GET.get("q") or "").strip()[:100]
    if len(prefix) < 2:
        return JsonResponse({"suggestions": []})
    return JsonResponse({"suggestions": cat.suggest(prefix, language=_language())},
                        json_dumps_params={"ensure_ascii": False})

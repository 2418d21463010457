"""Map business-rule errors raised in views to a clear page in the user's language (never a 500)."""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from config.errors import SaphanError


def _in_admin(request) -> bool:
    """Wagtail's admin, or a page Wagtail renders for its preview panel: it runs the middleware again on a
    dummy request for the page's public URL (`is_dummy`), and that answer is shown framed inside /cms/."""
    return request.path_info.startswith("/cms/") or getattr(request, "is_dummy", False)


class SaphanErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SaphanError):
            return render(request, "error.html", {"message": exception.user_message()}, status=exception.status_code)
        return None


class AdminPreviewFramingMiddleware:
    """Let Wagtail's admin frame its own pages (the live preview panel) while everything else stays DENY.
    The preview's page is rendered on a dummy request for its public URL: that one counts as admin too.

    Listed after XFrameOptionsMiddleware so its header is set first and kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _in_admin(request) and "X-Frame-Options" not in response:
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with one relaxation: Wagtail's admin (/cms/, including the page preview it renders
    in an iframe) gets SAPHAN_CSP_ADMIN_DIRECTIVES, because the admin's own pages still carry inline scripts.
    Everything else (public, youth, employer, partner pages) gets CONTENT_SECURITY_POLICY: scripts only from our
    own static files, never inline."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and _in_admin(request):
            parts.config = default_config(settings.SAPHAN_CSP_ADMIN_DIRECTIVES)
        return parts
class ApiLanguageMiddleware:
    """API answers follow `?lang=en|th`, else the `Accept-Language` header, else Thai.

    LocaleMiddleware pins every URL outside i18n_patterns to LANGUAGE_CODE (Thai) because the default language
    has no prefix; the JSON API is not prefixed, so its clients choose the language here. Listed right after
    LocaleMiddleware. The interactive docs (/api/docs) keep the site's default.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/") and not request.path_info.startswith("/api/docs"):
            language = api_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", language)
            patch_vary_headers(response, ("Accept-Language",))
            return response
        return self.get_response(request)


def api_language(request) -> str:
    """"en" or "th" from `?lang=` (exact codes or variants such as en-GB) or the Accept-Language header."""
    supported = dict(settings.LANGUAGES)
    wanted = (request.GET.get("lang") or "").strip().lower()
    if wanted:
        try:
            return translation.get_supported_language_variant(wanted)
        except LookupError:
            pass
    for code, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            variant = translation.get_supported_language_variant(code)
        except LookupError:
            continue
        if variant in supported:
            return variant
    return settings.LANGUAGE_CODE

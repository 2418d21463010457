"""Map business-rule errors raised in views to a clear page in the user's language (never a 500)."""

from django.shortcuts import render

from config.errors import SaphanError


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

    Listed after XFrameOptionsMiddleware so its header is set first and kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/cms/") and "X-Frame-Options" not in response:
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response

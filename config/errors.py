"""The one exception hierarchy for business-rule errors, mapped once at the web/API edge to the user's language."""

from django.contrib import messages
from django.http import Http404
from django.utils.translation import get_language, gettext_lazy, override


class SaphanError(Exception):
    """A rule was broken; `message` says so to the user.

    `message` is a lazy Thai msgid (`gettext_lazy("…")`, or `format_lazy(gettext_lazy("… {0}"), value)` when it
    carries values); the English is in the catalogue, so the text renders in whatever language is active where it
    is shown. Raise `SomeError(gettext_lazy("ไทย"))`, or set `message` on the subclass.

    `message_th` / `message_en` render it in each language (JSON errors carry both), `user_message(language)` in
    one. The older pair form `SomeError(message_th="ไทย", message_en="English")` still works: the English given
    is used as is (for text built at run time that no catalogue can hold)."""

    message = gettext_lazy("ไม่สามารถดำเนินการได้")
    status_code = 400

    def __init__(self, message=None, message_en: str | None = None, *, message_th=None, **context):
        message = message if message is not None else message_th
        if message:
            self.message = message
        self._english = message_en or None
        self.context = context
        super().__init__(self.message_en)

    @property
    def message_th(self) -> str:
        with override("th"):
            return str(self.message)

    @property
    def message_en(self) -> str:
        if self._english:
            return self._english
        with override("en"):
            return str(self.message)

    def user_message(self, language: str | None = None) -> str:
        language = (language or get_language() or "th")[:2]
        return self.message_en if language == "en" else self.message_th


class NotAllowed(SaphanError):
    message = gettext_lazy("คุณไม่มีสิทธิ์ทำรายการนี้")
    status_code = 403


def attempt(request, action, success: str | None = None) -> bool:
    """Run one service call for a posted form: a broken rule becomes an error message in the user's language, a
    success the given confirmation. Returns whether it went through."""
    try:
        action()
    except SaphanError as exc:
        messages.error(request, exc.user_message())
        return False
    if success:
        messages.success(request, success)
    return True


def or_404(found):
    """What a scoped selector returned, or 404: a forged or foreign id looks exactly like a missing one."""
    if found is None:
        raise Http404
    return found


def server_error(request):
    """handler500: an unreachable database (restart, failover) answers 503 with a short Thai page and Retry-After,
    not a 500 storm; anything else is the usual 500 page. Both render without the database or a request context,
    since either may be what failed."""
    import sys

    from django.db import InterfaceError, OperationalError
    from django.http import HttpResponse, HttpResponseServerError
    from django.template import loader

    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))

"""The language switch: the same page in the other language, wherever the person is.

Django's set_language translates `next` by resolving it in the current (Thai) URLconf, which reads an English path
such as /en/conversion-shops/ as a Wagtail page slug and sends the person to /en/en/…; with Thai unprefixed the
mapping is simply adding or removing the prefix, done here.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.i18n import set_language as django_set_language

# Paths that are the same in every language (outside i18n_patterns in config.urls).
NOT_TRANSLATED = ("/cms/", "/api/", "/documents/", "/health/", "/i18n/", "/sitemap.xml", "/static/", "/media/")


def language_path(url: str, language: str) -> str:
    """'/en/x/?q=1' ↔ '/x/?q=1' (the default language has no prefix); other paths unchanged."""
    parts = urlsplit(url)
    path = parts.path or "/"
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and (path == f"/{code}" or path.startswith(f"/{code}/")):
            path = path[len(code) + 1:] or "/"
            break
    if language != settings.LANGUAGE_CODE and not path.startswith(NOT_TRANSLATED):
        path = f"/{language}{path}"
    return urlunsplit(parts._replace(path=path))


def set_language(request):
    """POST language + next: remember the choice (cookie) and go to the same page in that language."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                      require_https=request.is_secure())
    if response.status_code == 302 and safe and language in dict(settings.LANGUAGES):
        response["Location"] = language_path(target, language)
    return response

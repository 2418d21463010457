"""The site's URLs plus one view that fails, to see the 500 page the way a visitor would (tests only)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a bug the 500 page must hide")


urlpatterns = i18n_patterns(path("boom/", boom), prefix_default_language=False) + list(site_urlpatterns)

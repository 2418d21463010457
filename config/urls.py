from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api
from config.health import health
from config.language import set_language
from config.slugs import SLUG_CHARACTERS
from config.webapp import manifest
from partners.views import impact, my_referrals

handler500 = "config.errors.server_error"

urlpatterns = [
    path("health/", health, name="health"),
    path("manifest.webmanifest", manifest, name="manifest"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("api/", api.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("impact/", impact, name="impact"),  # app pages that exist in both languages sit before Wagtail's catch-all
    path("me/referrals/", my_referrals, name="my_referrals"),
    path("", include("trainees.urls")),
    path("", include("config.app_urls")),
    path("", include(wagtail_urls)),
    # pages whose slugs keep Thai vowels and tone marks (Wagtail's own pattern is [\w-]+, which has no marks)
    re_path(rf"^((?:{SLUG_CHARACTERS}+/)*)$", wagtail_views.serve, name="wagtail_serve"),
    prefix_default_language=False,
)

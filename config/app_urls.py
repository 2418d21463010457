"""Each app's own pages, mounted once here inside config.urls' i18n_patterns: Thai at /..., English at /en/...
The JSON API is mounted outside (config.urls) and picks its language from `?lang=` / Accept-Language."""

from django.urls import include, path

urlpatterns = [
    path("", include("search.urls")),
    path("employers/", include("employers.urls")),
    path("", include("employers.graduate_urls")),
    path("payments/", include("payments.urls")),
    path("partners/", include("partners.urls")),
    path("agents/", include("agents.urls")),
]

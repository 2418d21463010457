"""Each app's own pages, mounted once here inside config.urls' i18n_patterns: Thai at /..., English at /en/...
The JSON API is mounted outside (config.urls) and picks its language from `?lang=` / Accept-Language."""

from django.urls import include, path

from matching import urls as matching_urls
from search import urls as search_urls

urlpatterns = [
    # the matching app's pages keep the `search:` names they had when they lived in search (matching/urls.py)
    path("", include((search_urls.urlpatterns + matching_urls.urlpatterns, search_urls.app_name))),
    path("employers/", include("employers.urls")),
    path("", include("employers.graduate_urls")),
    path("payments/", include("payments.urls")),
    path("partners/", include("partners.urls")),
    path("agents/", include("agents.urls")),
]

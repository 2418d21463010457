"""Each app's own URLs, mounted once here (the youth pages of `trainees` sit in config.urls under
i18n_patterns, so they also answer in English under /en/)."""

from django.urls import include, path

from config.api import api

urlpatterns = [
    path("api/", api.urls),
    path("", include("search.urls")),
    path("", include("courses.urls")),
    path("employers/", include("employers.urls")),
    path("", include("employers.graduate_urls")),
    path("payments/", include("payments.urls")),
    path("partners/", include("partners.urls")),
    path("agents/", include("agents.urls")),
]

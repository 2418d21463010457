"""The web app manifest (name, colours, icon) so a phone can add Saphan to its home screen."""

import json

from django.http import HttpResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control


@cache_control(public=True, max_age=86400)
def manifest(request):
    data = {
        "name": "สะพานอาชีพ Saphan", "short_name": "สะพานอาชีพ", "lang": "th", "start_url": "/",
        "display": "standalone", "background_color": "#ffffff", "theme_color": "#0b5c4a",
        "icons": [{"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")

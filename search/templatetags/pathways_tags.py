"""{% course_demand page %}: the demand box on a course page (courses may not import search; its template may
load this tag). Elasticsearch being down hides the box, never the page."""

import logging

from django import template
from elasticsearch import ApiError, TransportError

register = template.Library()
log = logging.getLogger(__name__)


@register.inclusion_tag("search/_course_demand.html", takes_context=True)
def course_demand(context, page):
    from search.pathways import demand_for_course_page

    try:
        demand = demand_for_course_page(page)
    except (ApiError, TransportError) as exc:
        log.warning("course demand unavailable: %s", exc)
        demand = None
    return {"demand": demand, "LANGUAGE_CODE": context.get("LANGUAGE_CODE")}

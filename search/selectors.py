"""Reads of the search app: what youth look for (from the anonymous search records)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from .models import SearchQueryLog


def search_demand(*, month: date | None = None, district: str = "", limit: int = 50) -> dict:
    """The most frequent queries (with how often one led to a click) and the zero-result queries (nothing matched
    every word, so the page was relaxed) by month and district: the demand the catalogue does not meet yet."""
    rows = SearchQueryLog.objects.exclude(query="")
    if month:
        rows = rows.filter(created_at__year=month.year, created_at__month=month.month)
    if district:
        rows = rows.filter(district=district)
    frequent = list(rows.values("query").annotate(
        searches=Count("id"), clicks=Count("id", filter=~Q(clicked_course="")),
        zero=Count("id", filter=Q(results=0)),
    ).order_by("-searches", "query")[:limit])
    zero = list(rows.filter(results=0).annotate(month=TruncMonth("created_at")).values(
        "month", "district", "query").annotate(searches=Count("id")).order_by("-month", "-searches", "district",
                                                                              "query")[:limit * 4])
    months = [d.date() if hasattr(d, "date") else d for d in SearchQueryLog.objects.annotate(
        m=TruncMonth("created_at")).values_list("m", flat=True).distinct().order_by("-m")[:24]]
    return {"frequent": frequent, "zero": zero, "months": months, "total": rows.count()}


ZERO_QUERIES_READ = 2000  # distinct zero-result queries read per report (the most frequent first)


def zero_result_searches_by_skill(skills: dict[str, tuple[str, str]], *, since, district: str = "") -> dict[str, int]:
    """Per skill code, the zero-result catalogue searches since `since` (and in `district` when given) whose query
    names the skill: its Thai or English name answers the query the way the catalogue's own text matching reads it
    (query words, their synonyms, filler words ignored; search.catalogue.query_names). A query naming several
    skills counts for each. Skills no search named are left out."""
    from .catalogue import query_names

    rows = SearchQueryLog.objects.filter(results=0, created_at__gte=since).exclude(query="")
    if district:
        rows = rows.filter(district=district)
    queries = rows.values("query").annotate(searches=Count("id")).order_by("-searches", "query")[:ZERO_QUERIES_READ]
    names = {code: f"{th} {en}" for code, (th, en) in skills.items()}
    out: dict[str, int] = {}
    for row in queries:
        for code, text in names.items():
            if query_names(row["query"], text):
                out[code] = out.get(code, 0) + row["searches"]
    return out

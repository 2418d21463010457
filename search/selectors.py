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

"""The outcomes dashboard in the Wagtail admin: funnel, placements by district, trend by month; CSV/XLSX export.
Server-rendered (CSS bars and inline SVG), no JavaScript. Staff see exact counts; exports are suppressed."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .exports import report_csv, report_xlsx
from .forms import ReportFilterForm
from .reports import (
    EXPORT_COLUMNS,
    STAGES,
    export_rows,
    funnel,
    placements_by_district,
    totals,
    trend_by_month,
)
from .suppression import suppress

PERMISSION = "partners.view_outcome_reports"
SERIES = [("referred", gettext_lazy("ส่งต่อ"), "#9aa5b5"), ("enrolled", gettext_lazy("ได้ที่เรียน"), "#0b6e4f"),
          ("completed", gettext_lazy("เรียนจบ"), "#f2a900"), ("placed", gettext_lazy("ได้งาน"), "#1f5fbf")]
CHART_H, BAR_W, GAP = 220, 14, 18
LEFT, TOP = 56, 16  # room for the y-axis tick labels and its title


def can_view(user) -> bool:
    return user.is_active and user.has_perm(PERMISSION)


def _funnel_bars(total: dict) -> list[dict]:
    top = max([total[k] for k, _, _ in STAGES] + [1])
    bars, previous = [], None
    for key, th, en in STAGES:
        value = total[key]
        step = round(value * 100 / previous) if previous else None
        bars.append({"key": key, "th": th, "en": en, "value": value, "pct": round(value * 100 / top), "step": step})
        if key != "referred":
            previous = value
    return bars


def _nice_top(value: int) -> int:
    """Round the axis up to 1, 2 or 5 × 10ⁿ so its ticks are whole, easy numbers."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if value <= m * step:
                return m * step
        step *= 10


def _trend_svg(trend: list[dict]) -> dict:
    """Grouped bars per month, with a y-axis (ticks, gridlines, "people") and Thai Buddhist-era month labels."""
    import datetime as dt

    from config.dates import format_date

    scale = _nice_top(max([r[k] for r in trend for k, _, _ in SERIES] + [1]))
    group_w = len(SERIES) * BAR_W + GAP
    base_y = TOP + CHART_H
    months = []
    for i, row in enumerate(trend):
        x0 = LEFT + 8 + i * group_w
        bars = []
        for j, (key, label, colour) in enumerate(SERIES):
            h = round(row[key] * CHART_H / scale)
            bars.append({"x": x0 + j * BAR_W, "y": base_y - h, "h": h, "w": BAR_W - 1, "colour": colour,
                         "value": row[key], "label": label})
        year, month = (int(part) for part in row["month"].split("-"))
        label = format_date(dt.date(year, month, 1), "month_short")  # "ธ.ค. 2569": month, then the BE year
        name, _, year_label = label.rpartition(" ")
        months.append({"month": row["month"], "label": label, "name": name,
                       "year": year_label if i == 0 or month == 1 else "",  # the year where it starts or changes
                       "x": x0, "label_x": x0 + (group_w - GAP) / 2, "bars": bars})
    steps = next(d for d in (5, 4, 2, 1) if scale % d == 0)
    ticks = [{"value": scale * n // steps, "y": base_y - round(CHART_H * n / steps)} for n in range(steps + 1)]
    width = LEFT + 16 + len(trend) * group_w
    return {"months": months, "width": width, "height": base_y + 62, "scale": scale, "ticks": ticks,
            "base_y": base_y, "left": LEFT, "series": SERIES, "axis_mid_y": TOP + CHART_H // 2,
            "x_title_x": LEFT + (width - LEFT) // 2, "x_title_y": base_y + 54}


def _districts(rows: list[dict]) -> dict:
    """Districts with placements, most first; the ones with none are folded away (still listed, all 26)."""
    placed = sorted((r for r in rows if r["placed"]), key=lambda r: (-r["placed"], r["name_th"]))
    return {"districts": placed, "districts_none": [r for r in rows if not r["placed"]]}


def outcomes(request):
    if not can_view(request.user):
        raise PermissionDenied
    form = ReportFilterForm(request.GET or None)
    flt, by = form.report_filter()
    export = request.GET.get("export")
    stamp = timezone.localdate().isoformat()
    if export == "csv":
        resp = HttpResponse(report_csv(export_rows(flt, by), EXPORT_COLUMNS), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="saphan-outcomes-{stamp}.csv"'
        return resp
    if export == "xlsx":
        districts = [dict(r, placed=suppress(r["placed"])) for r in placements_by_district(flt)]
        trend = [{k: (suppress(v) if k != "month" else v) for k, v in r.items()} for r in trend_by_month(flt)]
        data = report_xlsx(rows=export_rows(flt, by), columns=EXPORT_COLUMNS, districts=districts, trend=trend,
                           filters=flt.as_query())
        resp = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="saphan-outcomes-{stamp}.xlsx"'
        return resp
    total = totals(flt)
    trend = trend_by_month(flt)
    query = request.GET.copy()
    query.pop("export", None)
    return render(request, "partners/admin/outcomes.html", {
        "form": form, "total": total, "bars": _funnel_bars(total), "rows": funnel(flt, by) if by else [],
        "by": by, "trend": trend, "svg": _trend_svg(trend), **_districts(placements_by_district(flt)),
        "query": query.urlencode(),
    })

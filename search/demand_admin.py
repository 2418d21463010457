"""Wagtail admin: the province's skills demand (/cms/skills-demand/) — for each skill, open positions by district
and by month against seats left in upcoming cohorts teaching it, the gap ranked; chart (CSS bars, no JavaScript)
and table; CSV and XLSX exports with small-cell suppression (1–4 → "<5", as the outcome reports). Staff see exact
counts on screen; exports are suppressed. This is what a provincial network reads to decide the next course.
Beside each skill: the catalogue searches of the chosen period (30, 90 or 365 days; in the chosen district) that
found nothing and whose words name the skill (search.selectors.zero_result_searches_by_skill), from the anonymous
search records."""

import csv
import io
from datetime import timedelta

from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import TemplateView
from elasticsearch import ApiError, TransportError
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from partners.suppression import suppress

from .pathways import SkillDemandRow, demand_rank, demand_row_without_openings, province_demand
from .selectors import zero_result_searches_by_skill

PERIODS = (30, 90, 365)  # days of search records read for the zero-result column
DEFAULT_PERIOD = 90
NOTE = "จำนวน 1–4 แสดงเป็น <5 / counts of 1–4 show as <5"


def with_zero_result_searches(rows: list[SkillDemandRow], *, district: str, since) -> list[SkillDemandRow]:
    """The zero-result searches beside every skill of the taxonomy: a skill people searched for and found nothing,
    yet asked by no opening and taught by no cohort, gets a row of its own (it is a course nobody offers yet)."""
    from courses.models import Skill

    names = {code: (th, en) for code, th, en in Skill.objects.values_list("code", "name_th", "name_en")}
    searched = zero_result_searches_by_skill(names, district=district, since=since)
    listed = {row.code for row in rows}
    rows = rows + [demand_row_without_openings(code) for code in searched if code not in listed]
    for row in rows:
        row.zero_result_searches = searched.get(row.code, 0)
    return sorted(rows, key=demand_rank)


def _note(days: int) -> str:
    return (f"{NOTE}; ค้นหาไม่พบ = การค้นหาหลักสูตรที่ไม่พบผลใน {days} วันที่ผ่านมาซึ่งระบุทักษะนั้น / "
            f"zero-result searches = catalogue searches of the last {days} days that found nothing and name the skill")


def _districts() -> dict[str, tuple[str, str]]:
    from courses.models import District

    return {code: (th, en) for code, th, en in District.objects.values_list("code", "name_th", "name_en")}


def export_rows(rows) -> tuple[list[str], list[list]]:
    """Header and suppressed rows: one line per skill, then one column per district and per month."""
    districts = sorted({d for r in rows for d in r.by_district})
    months = sorted({m for r in rows for m in r.by_month})
    names = _districts()
    header = (["skill", "ทักษะ / skill (th)", "skill (en)", "ตำแหน่งงาน / open positions", "ที่นั่งว่าง / seats",
               "ส่วนต่าง / gap", "หลักสูตร / courses", "ค้นหาไม่พบ / zero-result searches"]
              + [f"{names.get(d, (d, d))[0]} / {names.get(d, (d, d))[1]}" for d in districts] + months)
    out = []
    for r in rows:
        small = 0 < r.positions < 5 or 0 < r.seats < 5
        out.append([r.code, r.name_th, r.name_en, suppress(r.positions), suppress(r.seats),
                    "" if small else r.gap, r.courses, suppress(r.zero_result_searches or 0)]
                   + [suppress(r.by_district.get(d, 0)) for d in districts]
                   + [suppress(r.by_month.get(m, 0)) for m in months])
    return header, out


def demand_csv(rows, days: int = DEFAULT_PERIOD) -> str:
    header, body = export_rows(rows)
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(body)
    writer.writerow([_note(days)])
    return buf.getvalue()


def demand_xlsx(rows, days: int = DEFAULT_PERIOD) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, body = export_rows(rows)
    wb = Workbook()
    ws = wb.active
    ws.title = "skills demand"
    ws.append(header)
    for row in body:
        ws.append(row)
    ws.append([])
    ws.append([_note(days)])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class SkillsDemandView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/skills_demand.html"
    page_title = gettext_lazy("ความต้องการทักษะในจังหวัด")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": gettext_lazy("หน้าหลัก")},
                {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        district = request.GET.get("district", "")[:4]
        district = district if district.isdigit() else ""
        days = request.GET.get("days", "")
        days = int(days) if days.isdigit() and int(days) in PERIODS else DEFAULT_PERIOD
        try:
            rows, error = province_demand(district=district), ""
        except (ApiError, TransportError) as exc:
            rows, error = [], gettext("ระบบค้นหาขัดข้อง: %(error)s") % {"error": type(exc).__name__}
        if not error:
            rows = with_zero_result_searches(rows, district=district, since=timezone.now() - timedelta(days=days))
        fmt = request.GET.get("format")
        if fmt == "csv" and not error:
            response = HttpResponse(demand_csv(rows, days), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="skills-demand.csv"'
            return response
        if fmt == "xlsx" and not error:
            response = HttpResponse(demand_xlsx(rows, days), content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
            response["Content-Disposition"] = 'attachment; filename="skills-demand.xlsx"'
            return response
        self.rows, self.error, self.district, self.days = rows, error, district, days
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        top = max([max(r.positions, r.seats) for r in self.rows] or [1]) or 1
        names = _districts()
        context.update({
            "rows": self.rows, "error": self.error, "district": self.district, "days": self.days,
            "periods": PERIODS,
            "districts": sorted(names.items(), key=lambda kv: kv[0]),
            "bars": [{"row": r, "pos_pct": round(100 * r.positions / top), "seat_pct": round(100 * r.seats / top),
                      "top_districts": sorted(((names.get(d, (d, d))[0], n) for d, n in r.by_district.items()),
                                              key=lambda x: -x[1])[:3]}
                     for r in self.rows],
        })
        return context


@hooks.register("register_admin_urls")
def _urls():
    return [path("skills-demand/", SkillsDemandView.as_view(), name="skills_demand")]


@hooks.register("register_reports_menu_item")
def _menu():
    return MenuItem(gettext_lazy("ความต้องการทักษะ"), reverse("skills_demand"), icon_name="table", order=910)

"""Outcome reports on a known population (tests/outcomes_fixture.py): funnel, retention, wages, time to a job,
breakdowns and filters, suppressed exports, the staff dashboard and the public impact page."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache

from partners import reports
from partners.reports import ReportFilter, daily_wage, decimal_median
from partners.services import add_months
from partners.suppression import COMPLEMENTARY, SUPPRESSED
from tests import outcomes_fixture

STAGES = ["referred", "applied", "enrolled", "attended", "completed", "certified", "placed"]


def _stages(row):
    return [row[k] for k in STAGES]


def test_daily_wage_and_median_are_decimal():
    assert daily_wage(Decimal("10400"), "month") == Decimal("400.00")
    assert daily_wage(Decimal("9000"), "month") == Decimal("346.15")  # 9000 / 26 = 346.153…
    assert daily_wage(Decimal("357"), "day") == Decimal("357.00")
    assert decimal_median([Decimal("1"), Decimal("2")]) == Decimal("1.50")
    assert decimal_median([]) is None
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 5, 15), -3) == dt.date(2027, 2, 15)


@pytest.mark.django_db
def test_funnel_retention_wage_and_days_on_the_known_fixture():
    fx = outcomes_fixture.build()
    total = reports.totals(ReportFilter())
    assert _stages(total) == [9, 12, 10, 7, 8, 5, 7]
    assert (total["observed_3m"], total["retained_3m"], total["rate_retained_3m"]) == (5, 4, Decimal("80.0"))
    assert (total["observed_6m"], total["retained_6m"], total["rate_retained_6m"]) == (4, 2, Decimal("50.0"))
    assert total["median_daily_wage_thb"] == Decimal("400.00")
    assert total["median_days_to_placement"] == 20

    p1 = reports.totals(ReportFilter(partner_id=fx.p1.pk))
    assert _stages(p1) == [8, 6, 6, 6, 6, 5, 5]
    assert p1["median_daily_wage_thb"] == Decimal("400.00")  # 380, 400, 400, 420, 500
    p2 = reports.totals(ReportFilter(partner_id=fx.p2.pk))
    assert _stages(p2) == [2, 2, 2, 1, 1, 1, 2]

    mueang = reports.totals(ReportFilter(district_code="4001"))
    assert _stages(mueang) == [7, 10, 8, 7, 6, 5, 6]  # only referred youth who applied to a cohort there
    banphai = reports.totals(ReportFilter(district_code="4010"))
    assert _stages(banphai) == [0, 2, 2, 0, 2, 0, 1]
    assert banphai["median_days_to_placement"] == 10
    assert _stages(reports.totals(ReportFilter(sponsor_id=fx.eef.pk))) == _stages(mueang)
    assert _stages(reports.totals(ReportFilter(cohort_id=fx.c2.pk))) == _stages(banphai)
    assert _stages(reports.totals(ReportFilter(course_id=fx.course_b.pk))) == _stages(banphai)
    recent = reports.totals(ReportFilter(date_from=fx.today - dt.timedelta(days=150),
                                         date_to=fx.today - dt.timedelta(days=1)))
    assert recent["applied"] == 2 and recent["referred"] == 0  # the referrals were made today, not in range…
    assert _stages(reports.totals(ReportFilter(date_from=fx.today))) == [9, 0, 0, 0, 0, 0, 0]  # …but in this one
    empty = reports.totals(ReportFilter(course_id=999999))
    assert _stages(empty) == [0] * 7 and empty["median_daily_wage_thb"] is None


@pytest.mark.django_db
def test_breakdowns_by_course_partner_and_district():
    fx = outcomes_fixture.build()
    by_course = {r["key"]: r for r in reports.funnel(ReportFilter(), "course")}
    assert _stages(by_course[fx.course_a.pk]) == [7, 10, 8, 7, 6, 5, 6]
    assert _stages(by_course[fx.course_b.pk]) == [0, 2, 2, 0, 2, 0, 1]
    by_partner = {r["key"]: r for r in reports.funnel(ReportFilter(), "partner")}
    assert by_partner[fx.p1.pk]["referred"] == 8 and by_partner[fx.p1.pk]["placed"] == 5
    assert by_partner[fx.p2.pk]["applied"] == 2
    assert _stages(by_partner[None]) == [0, 5, 3, 1, 2, 0, 1]  # t8–t12: never referred
    by_cohort = {r["key"]: r for r in reports.funnel(ReportFilter(), "cohort")}
    assert "EV-C1" in by_cohort[fx.c1.pk]["label"]
    districts = {r["code"]: r["placed"] for r in reports.placements_by_district(ReportFilter())}
    assert len(districts) == 26
    assert districts["4010"] == 4 and districts["4001"] == 3 and sum(districts.values()) == 7  # t6 not counted
    trend = reports.trend_by_month(ReportFilter())
    assert len(trend) == 12 and trend[-1]["month"] == fx.today.strftime("%Y-%m")
    assert trend[-1]["referred"] == 9
    assert sum(r["placed"] for r in trend) == 7  # every job started within the last 12 months


@pytest.mark.django_db
def test_exports_suppress_small_cells():
    fx = outcomes_fixture.build()
    rows = reports.export_rows(ReportFilter(), "course")
    b = next(r for r in rows if r["label"] == fx.course_b.title)
    assert b["applied"] == SUPPRESSED and b["placed"] == SUPPRESSED and b["referred"] == 0
    assert b["median_daily_wage_thb"] is None and b["median_days_to_placement"] is None
    total = rows[-1]
    assert total["certified"] == 5 and total["applied"] == 12 and total["retained_6m"] == SUPPRESSED
    assert total["rate_retained_6m"] is None
    for row in rows:
        for key in reports.COUNT_KEYS:
            assert row[key] in (0, SUPPRESSED, COMPLEMENTARY) or row[key] >= 5, (row["label"], key, row[key])


def _programme_officer(username="po1"):
    user = get_user_model().objects.create_user(username=username, password="pw-Secret-1", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"),
                              Permission.objects.get(codename="view_outcome_reports"))
    return user


@pytest.mark.django_db
def test_dashboard_shows_the_funnel_and_exports_csv_and_xlsx(client):
    from openpyxl import load_workbook

    fx = outcomes_fixture.build()
    url = "/cms/outcomes/"
    assert client.get(url).status_code == 302  # to the admin login
    plain_staff = get_user_model().objects.create_user(username="staff2", password="pw-Secret-1", is_staff=True)
    plain_staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(plain_staff)
    assert client.get(url).status_code in (302, 403)
    assert "/cms/outcomes/" not in client.get("/cms/").content.decode()  # no menu item either

    client.force_login(_programme_officer())
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "/cms/outcomes/" in client.get("/cms/").content.decode()
    assert 'data-testid="stage-placed">7<' in html and 'data-testid="stage-applied">12<' in html
    assert "<svg" in html and "ไผ่" in html and "<script src=\"http" not in html
    shown = html.count('class="bar district"')  # districts with jobs; the ones without are folded, still listed
    folded = re.search(r'data-testid="districts-none"><summary>[^<]*?(\d+) อำเภอ', html)
    assert shown >= 1 and folded and shown + int(folded.group(1)) == 26

    filtered = client.get(url, {"partner": fx.p2.pk, "by": "course"}).content.decode()
    assert 'data-testid="stage-applied">2<' in filtered and 'data-testid="breakdown"' in filtered
    for forged in ({"course": "999999"}, {"cohort": "abc"}, {"district": "9999"}, {"date_from": "2026-13-45"},
                   {"by": "salary"}, {"partner": "-1"}):
        assert client.get(url, forged).status_code == 200

    resp = client.get(url, {"by": "course", "export": "csv"})
    assert resp["Content-Type"].startswith("text/csv") and "attachment" in resp["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    b = next(r for r in rows if r[0] == fx.course_b.title)
    assert b[2] == SUPPRESSED and b[1] == "0"
    total = next(r for r in rows if r[0].startswith("รวม"))
    assert total[1:8] == ["9", "12", "10", "7", "8", "5", "7"]

    resp = client.get(url, {"by": "partner", "export": "xlsx"})
    wb = load_workbook(io.BytesIO(resp.content))
    values = [[c for c in row] for row in wb["funnel"].iter_rows(values_only=True)]
    p2 = next(r for r in values if r[0] == fx.p2.name)
    assert p2[1] == SUPPRESSED and p2[7] == SUPPRESSED
    districts = {r[0]: r[3] for r in wb["districts"].iter_rows(min_row=2, values_only=True)}
    assert len(districts) == 26 and districts["4010"] == SUPPRESSED and districts["4002"] == 0


@pytest.mark.django_db
def test_impact_page_figures_suppressed_cached_and_in_english(client):
    fx = outcomes_fixture.build()
    cache.clear()
    f = reports.impact_figures()
    assert (f["courses_run"], f["cohorts_run"], f["youth_trained"], f["certificates"],
            f["placements"]) == (2, 2, 8, 5, 7)
    assert f["median_daily_wage_thb"] == Decimal("400.00") and f["retention_6m_pct"] is None  # 4 observed < 5
    assert f["funds_used_thb"] == Decimal("0.00")
    courses = {c["label"]: c for c in f["courses"]}
    assert courses[fx.course_b.title]["enrolled"] == SUPPRESSED
    # two courses: course B's "<5" placements would be total − 6, so course A's 6 is hidden beside it
    assert courses[fx.course_a.title]["placed"] == COMPLEMENTARY
    assert courses[fx.course_a.title]["median_daily_wage_thb"] is None

    page = client.get("/impact/")
    html = page.content.decode()
    assert page.status_code == 200 and "ผลลัพธ์ของสะพานอาชีพ" in html
    assert 'data-testid="placements"><b>7</b>' in html and 'data-testid="certificates"><b>5</b>' in html
    assert "&lt;5" in html
    english = client.get("/en/impact/").content.decode()
    assert "Our impact in Khon Kaen" in english and "graduates in a job" in english

    # cached briefly: a new job shows only when the cache expires
    from employers.models import Placement

    Placement.objects.create(trainee=fx.trainees[12], employer=fx.shop, start_date=fx.today, wage_thb=Decimal("400"))
    assert 'data-testid="placements"><b>7</b>' in client.get("/impact/").content.decode()
    cache.clear()
    assert 'data-testid="placements"><b>8</b>' in client.get("/impact/").content.decode()


@pytest.mark.django_db
def test_demo_makes_the_dashboard_and_impact_page_meaningful_and_is_idempotent(client):
    from courses import demo as courses_demo
    from partners import demo
    from partners.models import Referral

    courses_demo.load()
    first = demo.load()
    counts = (Referral.objects.count(), reports.totals(ReportFilter())["applied"])
    second = demo.load()
    assert "76 youth" in first and "already loaded" in second
    assert (Referral.objects.count(), reports.totals(ReportFilter())["applied"]) == counts
    total = reports.totals(ReportFilter())
    assert total["applied"] == 76 and total["placed"] >= 20 and total["certified"] >= 20
    assert total["median_daily_wage_thb"] and total["observed_6m"] >= 5
    assert sum(1 for r in reports.trend_by_month(ReportFilter()) if r["placed"]) >= 4
    cache.clear()
    f = reports.impact_figures()
    assert f["placements"] != SUPPRESSED and f["funds_used_thb"] == Decimal("7200.00")
    client.force_login(get_user_model().objects.get(username="programme.officer"))
    assert client.get("/cms/outcomes/").status_code == 200

"""Outcome reports: the funnel from referral to job, retention, wages, time to a job; the public impact figures.

Definitions (what a programme officer reads):
- The population is every enrolment in the cohorts the filter selects (course, cohort, district of the cohort,
  sponsor of the cohort, cohorts starting in the period) and, with a partner filter, only youth that partner
  referred. Each step counts *people* (a youth in two cohorts of a group counts once).
- referred: partner referrals made in the period (by the partner filter). With a course/cohort/district/sponsor
  filter, only referred youth who applied to such a cohort (so "referred" may then be smaller than "applied").
- applied: any application; enrolled: held a confirmed place (confirmed, completed or not completed);
  attended: present at ≥ the course's completion_min_attendance_pct of the sessions where attendance was taken
  (the completion rule's own denominator);
  completed: completed; certified: holds a valid (not revoked) certificate for the enrolment;
  placed: an enrolled youth with a placement that started on or after the cohort started.
- Retention at 3/6 months: of placements started at least 3/6 months ago, those not ended before then.
- Starting wage: per day; monthly wages are divided by WORKING_DAYS_PER_MONTH (Decimal, 2 places).
- Days to a job: from graduation (the certificate's finish date, else the cohort's end) to the placement start,
  for completed enrolments; a job that started before graduation counts as 0 days.
Small cells are suppressed (partners/suppression.py) in exports and on the public page, not on staff screens.
"""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from courses.models import Cohort, District
from employers.models import WORKING_DAYS_PER_MONTH, Placement
from trainees.models import Certificate, CohortSession, Enrollment

from .models import Disbursement, Partner, Referral
from .suppression import suppress, suppress_table

CENTS = Decimal("0.01")
ENROLLED = {"confirmed", "completed", "not_completed"}
STAGES = [
    ("referred", "ส่งต่อ", "Referred"),
    ("applied", "สมัครเรียน", "Applied"),
    ("enrolled", "ได้ที่เรียน", "Enrolled"),
    ("attended", "เข้าเรียนครบเกณฑ์", "Attended enough"),
    ("completed", "เรียนจบ", "Completed"),
    ("certified", "ได้ใบรับรอง", "Certified"),
    ("placed", "ได้งาน", "Placed"),
]
STAGE_KEYS = [key for key, _, _ in STAGES]
COUNT_KEYS = STAGE_KEYS + ["observed_3m", "retained_3m", "observed_6m", "retained_6m"]
DIMENSIONS = {
    "course": ("หลักสูตร", "Course"),
    "cohort": ("รุ่น", "Cohort"),
    "district": ("อำเภอที่จัดอบรม", "District of the cohort"),
    "sponsor": ("ผู้สนับสนุน", "Sponsor"),
    "partner": ("ภาคีที่ส่งต่อ", "Referring partner"),
    "month": ("เดือนที่รุ่นเริ่ม", "Month the cohort started"),
}
NONE_LABEL = {"sponsor": "ไม่มีผู้สนับสนุน / no sponsor", "partner": "ไม่ได้มาจากการส่งต่อ / not referred"}


@dataclass(frozen=True)
class ReportFilter:
    course_id: int | None = None
    cohort_id: int | None = None
    district_code: str | None = None
    sponsor_id: int | None = None
    partner_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def scopes_cohorts(self) -> bool:
        return any([self.course_id, self.cohort_id, self.district_code, self.sponsor_id])

    def as_query(self) -> dict:
        names = {"course_id": "course", "cohort_id": "cohort", "district_code": "district", "sponsor_id": "sponsor",
                 "partner_id": "partner", "date_from": "date_from", "date_to": "date_to"}
        return {names[f.name]: str(getattr(self, f.name)) for f in fields(self) if getattr(self, f.name)}


def daily_wage(amount: Decimal, unit: str) -> Decimal:
    """A wage per day in THB: monthly wages over WORKING_DAYS_PER_MONTH days, rounded half-up to satang."""
    amount = Decimal(amount)
    if unit == "month":
        amount = amount / WORKING_DAYS_PER_MONTH
    return amount.quantize(CENTS, rounding=ROUND_HALF_UP)


def decimal_median(values) -> Decimal | None:
    values = sorted(values)
    if not values:
        return None
    return Decimal(statistics.median(values)).quantize(CENTS, rounding=ROUND_HALF_UP)


def _add_months(day: dt.date, months: int) -> dt.date:
    from .services import add_months

    return add_months(day, months)


@dataclass
class _Group:
    key: object
    label: str
    people: dict = field(default_factory=lambda: defaultdict(set))  # stage -> person keys
    placements: dict = field(default_factory=dict)  # placement id -> row
    days: dict = field(default_factory=dict)  # trainee id -> days from graduation to job

    def row(self, today: dt.date) -> dict:
        out = {"key": self.key, "label": self.label}
        for stage in STAGE_KEYS:
            out[stage] = len(self.people[stage])
        for months in (3, 6):
            observed = [p for p in self.placements.values() if _add_months(p["start_date"], months) <= today]
            kept = [p for p in observed
                    if p["ended_on"] is None or p["ended_on"] >= _add_months(p["start_date"], months)]
            out[f"observed_{months}m"], out[f"retained_{months}m"] = len(observed), len(kept)
            out[f"rate_retained_{months}m"] = (
                (Decimal(len(kept)) * 100 / len(observed)).quantize(Decimal("0.1")) if observed else None)
        out["median_daily_wage_thb"] = decimal_median(daily_wage(p["wage_thb"], p["wage_unit"])
                                                      for p in self.placements.values())
        days = sorted(self.days.values())
        out["median_days_to_placement"] = statistics.median_low(days) if days else None
        return out


def _enrolments(f: ReportFilter):
    qs = Enrollment.objects.all()
    if f.course_id:
        qs = qs.filter(cohort__course_id=f.course_id)
    if f.cohort_id:
        qs = qs.filter(cohort_id=f.cohort_id)
    if f.district_code:
        qs = qs.filter(cohort__district_id=f.district_code)
    if f.sponsor_id:
        qs = qs.filter(cohort__sponsor_id=f.sponsor_id)
    if f.date_from:
        qs = qs.filter(cohort__start_date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(cohort__start_date__lte=f.date_to)
    if f.partner_id:
        qs = qs.filter(Exists(Referral.objects.filter(partner_id=f.partner_id, trainee_id=OuterRef("trainee_id"))))
    # the same denominator as trainees.graduation.attendance_rate: sessions where attendance was taken
    sessions = (CohortSession.objects.filter(cohort_id=OuterRef("cohort_id"), attendance__isnull=False)
                .values("cohort_id").annotate(n=Count("id", distinct=True)).values("n"))
    certificate = Certificate.objects.filter(enrollment_id=OuterRef("pk"), revoked_at__isnull=True)
    return qs.annotate(
        present=Count("attendance", filter=Q(attendance__present=True), distinct=True),
        sessions=Coalesce(Subquery(sessions), 0),
        certified=Exists(certificate),
        cert_finished=Subquery(certificate.values("finished_on")[:1]),
    ).values(
        "id", "trainee_id", "status", "created_at", "cohort_id", "cohort__code", "cohort__start_date",
        "cohort__end_date", "cohort__course_id", "cohort__course__title",
        "cohort__course__completion_min_attendance_pct", "cohort__district_id", "cohort__district__name_th",
        "cohort__sponsor_id", "cohort__sponsor__name_th", "present", "sessions", "certified", "cert_finished",
    ).order_by("cohort__start_date", "id")


def _group_keys(dimension: str | None, e: dict, partners_of: dict) -> list[tuple[object, str]]:
    if dimension is None:
        return [("all", "รวม / total")]
    if dimension == "course":
        return [(e["cohort__course_id"], e["cohort__course__title"])]
    if dimension == "cohort":
        return [(e["cohort_id"], f"{e['cohort__course__title']} · {e['cohort__code'] or e['cohort__start_date']}")]
    if dimension == "district":
        return [(e["cohort__district_id"], e["cohort__district__name_th"])]
    if dimension == "sponsor":
        return [(e["cohort__sponsor_id"], e["cohort__sponsor__name_th"] or NONE_LABEL["sponsor"])]
    if dimension == "month":
        return [(e["cohort__start_date"].strftime("%Y-%m"), e["cohort__start_date"].strftime("%Y-%m"))]
    if dimension == "partner":
        return partners_of.get(e["trainee_id"]) or [(None, NONE_LABEL["partner"])]
    raise ValueError(dimension)


def _referrals(f: ReportFilter):
    qs = Referral.objects.all()
    if f.partner_id:
        qs = qs.filter(partner_id=f.partner_id)
    if f.date_from:
        qs = qs.filter(created_at__date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(created_at__date__lte=f.date_to)
    return qs


def _referring_partners(f: ReportFilter, trainee_ids: set) -> dict[int, list[tuple[int, str]]]:
    """Trainee id -> the (partner id, name) pairs that referred them, each once (only the filter's partner, if any)."""
    partners_of = defaultdict(list)
    for r in Referral.objects.filter(trainee_id__in=trainee_ids).values("trainee_id", "partner_id", "partner__name"):
        if not f.partner_id or r["partner_id"] == f.partner_id:
            pair = (r["partner_id"], r["partner__name"])
            if pair not in partners_of[r["trainee_id"]]:
                partners_of[r["trainee_id"]].append(pair)
    return partners_of


def _placements_of(trainee_ids: set) -> dict[int, list[dict]]:
    """Trainee id -> their placements, earliest start first."""
    placements = defaultdict(list)
    for p in (Placement.objects.filter(trainee_id__in=trainee_ids).order_by("start_date", "id")
              .values("id", "trainee_id", "start_date", "wage_thb", "wage_unit", "ended_on", "employer__district_id")):
        placements[p["trainee_id"]].append(p)
    return placements


class _Groups(dict):
    """Group key -> _Group, made on first use with the label it is first met with."""

    def get_or_add(self, key, label) -> _Group:
        if key not in self:
            self[key] = _Group(key, label)
        return self[key]


def _count_enrolment(g: _Group, e: dict, job: dict | None) -> None:
    """The stages one enrolment reaches, counted once per person in group `g` (see the module's definitions)."""
    person = ("t", e["trainee_id"])
    g.people["applied"].add(person)
    if e["status"] not in ENROLLED:
        return
    g.people["enrolled"].add(person)
    pct = e["cohort__course__completion_min_attendance_pct"] or 0
    if e["sessions"] and e["present"] * 100 >= pct * e["sessions"]:
        g.people["attended"].add(person)
    if e["status"] == "completed":
        g.people["completed"].add(person)
    if e["certified"]:
        g.people["certified"].add(person)
    if job:
        g.people["placed"].add(person)
        g.placements[job["id"]] = job
        if e["status"] == "completed":
            graduated = e["cert_finished"] or e["cohort__end_date"]
            days = max(0, (job["start_date"] - graduated).days)
            g.days[e["trainee_id"]] = min(days, g.days.get(e["trainee_id"], days))


def _count_referrals(
    groups: _Groups, referrals: list[dict], f: ReportFilter, dimension: str | None, keys_of_trainee: dict
) -> None:
    """The period's referrals into the groups: by partner; all in the total, unless the filter scopes cohorts;
    otherwise (and in every other dimension) a referred youth counts in the groups they applied in."""
    for r in referrals:
        person = ("t", r["trainee_id"]) if r["trainee_id"] else ("r", r["id"])
        if dimension == "partner":
            groups.get_or_add(r["partner_id"], r["partner__name"]).people["referred"].add(person)
        elif dimension is None and not f.scopes_cohorts:
            groups.get_or_add("all", "รวม / total").people["referred"].add(person)
        else:
            for key, label in keys_of_trainee.get(r["trainee_id"], ()):
                groups.get_or_add(key, label).people["referred"].add(person)


def funnel(
    f: ReportFilter = ReportFilter(), dimension: str | None = None, *, today: dt.date | None = None
) -> list[dict]:
    """One row per group of `dimension` (None: a single total row), with every stage, retention and medians."""
    today = today or timezone.localdate()
    facts = list(_enrolments(f))
    trainee_ids = {e["trainee_id"] for e in facts}
    referrals = list(_referrals(f).values("id", "trainee_id", "partner_id", "partner__name"))
    partners_of = _referring_partners(f, trainee_ids)
    placements = _placements_of(trainee_ids)
    groups = _Groups()
    keys_of_trainee = defaultdict(set)
    for e in facts:
        job = next((p for p in placements[e["trainee_id"]] if p["start_date"] >= e["cohort__start_date"]), None)
        for key, label in _group_keys(dimension, e, partners_of):
            keys_of_trainee[e["trainee_id"]].add((key, label))
            _count_enrolment(groups.get_or_add(key, label), e, job)
    _count_referrals(groups, referrals, f, dimension, keys_of_trainee)
    if dimension is None and not groups:
        groups.get_or_add("all", "รวม / total")
    rows = [g.row(today) for g in groups.values()]
    return sorted(rows, key=lambda r: (-r["applied"], -r["referred"], str(r["label"])))


def totals(f: ReportFilter = ReportFilter(), *, today: dt.date | None = None) -> dict:
    return funnel(f, None, today=today)[0]


def placements_by_district(f: ReportFilter = ReportFilter()) -> list[dict]:
    """All 26 districts (none left out, so an empty one is visible) with the placements whose job is there."""
    facts = list(_enrolments(f).filter(status__in=ENROLLED))
    start_of = {}
    for e in facts:
        start_of[e["trainee_id"]] = min(e["cohort__start_date"],
                                        start_of.get(e["trainee_id"], e["cohort__start_date"]))
    counts = defaultdict(set)
    for p in Placement.objects.filter(trainee_id__in=start_of).values("id", "trainee_id", "start_date",
                                                                       "employer__district_id"):
        if p["start_date"] >= start_of[p["trainee_id"]]:
            counts[p["employer__district_id"]].add(p["trainee_id"])
    rows = [{"code": d.code, "name_th": d.name_th, "name_en": d.name_en, "placed": len(counts.get(d.code, ()))}
            for d in District.objects.order_by("name_th")]
    top = max([r["placed"] for r in rows] + [1])
    for r in rows:
        r["pct"] = round(r["placed"] * 100 / top)
    return rows


def _month_range(first: dt.date, last: dt.date) -> list[str]:
    months, day = [], first.replace(day=1)
    while day <= last and len(months) < 60:
        months.append(day.strftime("%Y-%m"))
        day = _add_months(day, 1)
    return months


def trend_by_month(f: ReportFilter = ReportFilter(), *, today: dt.date | None = None) -> list[dict]:
    """Per calendar month of the period (default: the last 12 months): referrals made, places confirmed,
    graduations and jobs started in the filtered population."""
    today = today or timezone.localdate()
    last = f.date_to or today
    first = f.date_from or _add_months(last.replace(day=1), -11)
    months = _month_range(first, last)
    counts = {m: defaultdict(set) for m in months}

    def add(month_key, stage, person):
        if month_key in counts:
            counts[month_key][stage].add(person)

    for r in _referrals(f).values("id", "trainee_id", "created_at"):
        add(timezone.localtime(r["created_at"]).strftime("%Y-%m"), "referred", r["trainee_id"] or f"r{r['id']}")
    facts = list(_enrolments(f))
    starts = {}
    for e in facts:
        if e["status"] not in ENROLLED:
            continue
        add(timezone.localtime(e["created_at"]).strftime("%Y-%m"), "enrolled", e["trainee_id"])
        if e["status"] == "completed":
            add((e["cert_finished"] or e["cohort__end_date"]).strftime("%Y-%m"), "completed", e["trainee_id"])
        starts[e["trainee_id"]] = min(e["cohort__start_date"], starts.get(e["trainee_id"], e["cohort__start_date"]))
    for p in Placement.objects.filter(trainee_id__in=starts).values("trainee_id", "start_date"):
        if p["start_date"] >= starts[p["trainee_id"]]:
            add(p["start_date"].strftime("%Y-%m"), "placed", p["trainee_id"])
    rows = [{"month": m, **{k: len(counts[m][k]) for k in ("referred", "enrolled", "completed", "placed")}}
            for m in months]
    top = max([r[k] for r in rows for k in ("referred", "enrolled", "completed", "placed")] + [1])
    for r in rows:
        r["scale"] = top
    return rows


def export_rows(f: ReportFilter, dimension: str | None) -> list[dict]:
    """The rows of an export: groups then the total, small cells suppressed (counts and their derived figures)."""
    groups = funnel(f, dimension) if dimension else []
    shown, total = suppress_table(groups, dict(totals(f), label="รวม / total"), COUNT_KEYS)
    return shown + [total]


EXPORT_COLUMNS = ["label"] + COUNT_KEYS[:7] + ["observed_3m", "retained_3m", "rate_retained_3m", "observed_6m",
                                                "retained_6m", "rate_retained_6m", "median_daily_wage_thb",
                                                "median_days_to_placement"]


# ---------------------------------------------------------------------------------------------------------------
# Public impact page

def impact_figures(*, today: dt.date | None = None) -> dict:
    """Aggregate figures for /impact/, computed live; people counts below 5 are suppressed, and so is the amount
    of money paid out when fewer than 5 people received it."""
    today = today or timezone.localdate()
    ran = Cohort.objects.filter(start_date__lte=today).exclude(status=Cohort.Status.CANCELLED)
    totals_row = totals(ReportFilter(), today=today)
    # support paid to youth; a revolving fund's loans to agents are not "funds used" (they come back)
    paid = Disbursement.objects.filter(scheme__revolving=False).aggregate(
        total=Sum("amount"), people=Count("promptpay_id", distinct=True))
    per_course = funnel(ReportFilter(), "course", today=today)
    course_keys = ["enrolled", "completed", "certified", "placed"]
    courses, shown_totals = suppress_table(
        [{"label": r["label"], **{k: r[k] for k in course_keys}, "median_daily_wage_thb": r["median_daily_wage_thb"]}
         for r in per_course if r["enrolled"]],
        {k: totals_row[k] for k in course_keys}, course_keys)
    for row in courses:  # the median wage of fewer than five jobs would describe individuals
        placed = next(r["placed"] for r in per_course if r["label"] == row["label"])
        if placed < 5:
            row["median_daily_wage_thb"] = None
    observed = totals_row["observed_6m"]
    return {
        "courses_run": ran.values("course_id").distinct().count(),
        "cohorts_run": ran.count(),
        "youth_trained": shown_totals["completed"],
        "enrolled": shown_totals["enrolled"],
        # youth of the same population (enrolments) holding a valid certificate from it, like "youth_trained";
        # certificates of imported graduates (no enrolment here) are not part of that population
        "certificates": shown_totals["certified"],
        "placements": shown_totals["placed"],
        "retention_6m_pct": totals_row["rate_retained_6m"] if observed >= 5 else None,
        "median_daily_wage_thb": totals_row["median_daily_wage_thb"] if totals_row["placed"] >= 5 else None,
        "funds_used_thb": (paid["total"] or Decimal("0.00")) if (paid["people"] or 0) >= 5 or not paid["total"]
        else None,
        "funds_recipients": suppress(paid["people"] or 0),
        "partners": Partner.objects.count(),
        "courses": courses,
        "as_of": timezone.localtime(),
    }

"""Reads of the agents app: the fund's books, the fund report, conversions for the impact page."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from partners.suppression import suppress

from .models import Agent, Conversion, Fund, FundEntry, Instalment, Loan
from .services import _totals

ZERO = Decimal("0.00")
AGE_BUCKETS = [(1, 30, "1–30"), (31, 60, "31–60"), (61, 90, "61–90"), (91, None, "90+")]


def fund_books(fund: Fund) -> dict:
    """capital, repaid, disbursed, available (= capital + repaid − disbursed), committed (approved, not yet sent),
    free (available − committed), and outstanding (lent and not yet repaid)."""
    books = _totals(fund.pk)
    books["outstanding"] = books["disbursed"] - books["repaid"]
    return books


def books_balance(fund: Fund) -> bool:
    """The invariant, recomputed from the rows themselves, and the funding ledger agreeing with it."""
    rows = FundEntry.objects.filter(fund=fund)
    total = sum((e.amount if e.kind != FundEntry.Kind.DISBURSEMENT else -e.amount) for e in rows)
    b = fund_books(fund)
    return (total == b["available"] == b["capital"] + b["repaid"] - b["disbursed"] and b["available"] >= 0
            and ledger_agrees(fund))


def ledger_agrees(fund: Fund) -> bool:
    """The fund's account in the funding ledger (partners) holds the same money: allocation = capital, ledger
    payouts = loans paid out, returns = repaid, and every payout and repayment entry is linked to its ledger row.
    True for a fund without a ledger account (none made before the ledger carried funds)."""
    if not fund.scheme_id:
        return True
    from partners.models import SupportScheme
    from partners.selectors import scheme_balance

    b, ledger = fund_books(fund), scheme_balance(SupportScheme.objects.get(pk=fund.scheme_id))  # not a stale copy
    unlinked = (FundEntry.objects.filter(fund=fund, kind=FundEntry.Kind.DISBURSEMENT, disbursement__isnull=True)
                .exists() or FundEntry.objects.filter(fund=fund, kind=FundEntry.Kind.REPAYMENT,
                                                      ledger_return__isnull=True).exists())
    return (not unlinked and ledger["allocated"] == b["capital"] and ledger["disbursed"] == b["disbursed"]
            and ledger["returned"] == b["repaid"] and ledger["balance"] == b["available"])


def overdue_instalments(fund: Fund | None = None, *, today: dt.date | None = None):
    today = today or timezone.localdate()
    qs = Instalment.objects.filter(paid_at__isnull=True, due_on__lt=today, loan__status=Loan.Status.DISBURSED)
    return qs.filter(loan__fund=fund) if fund else qs


def fund_report(fund: Fund, *, today: dt.date | None = None) -> dict:
    """Money lent, repaid, outstanding, overdue by age, repayment rate (repaid ÷ what has fallen due), and the
    agents funded per district."""
    today = today or timezone.localdate()
    books = fund_books(fund)
    buckets = []
    overdue = list(overdue_instalments(fund, today=today))
    for low, high, label in AGE_BUCKETS:
        rows = [i for i in overdue
                if (today - i.due_on).days >= low and (high is None or (today - i.due_on).days <= high)]
        buckets.append({"label": label, "count": len(rows), "amount": sum((i.amount for i in rows), ZERO)})
    fallen_due = Instalment.objects.filter(loan__fund=fund, due_on__lt=today).aggregate(s=Sum("amount"))["s"] or ZERO
    repaid_of_due = Instalment.objects.filter(loan__fund=fund, due_on__lt=today, paid_at__isnull=False).aggregate(
        s=Sum("amount"))["s"] or ZERO
    rate = None if not fallen_due else (repaid_of_due * 100 / fallen_due).quantize(Decimal("0.1"))
    by_district = (Loan.objects.filter(fund=fund, status__in=[Loan.Status.DISBURSED, Loan.Status.REPAID])
                   .values("agent__district__code", "agent__district__name_th", "agent__district__name_en")
                   .annotate(agents=Count("agent", distinct=True), lent=Sum("amount"))
                   .order_by("agent__district__code"))
    return {
        "books": books, "lent": books["disbursed"], "repaid": books["repaid"], "outstanding": books["outstanding"],
        "overdue": buckets, "overdue_amount": sum((b["amount"] for b in buckets), ZERO),
        "repayment_rate_pct": rate, "loans": Loan.objects.filter(fund=fund).count(),
        "by_district": [{"district": r["agent__district__code"], "name_th": r["agent__district__name_th"],
                         "name_en": r["agent__district__name_en"], "agents": r["agents"], "lent_thb": r["lent"]}
                        for r in by_district],
    }


def export_rows(fund: Fund) -> list[dict]:
    """The report's district rows for export, with the outcome reports' suppression: counts of 1–4 agents become
    "<5" and the money lent in such a district is blanked (it would describe one or two shops' borrowing)."""
    rows = []
    for row in fund_report(fund)["by_district"]:
        shown = suppress(row["agents"])
        rows.append({"district": row["district"], "name_th": row["name_th"], "agents": shown,
                     "lent_thb": None if shown == "<5" else row["lent_thb"]})
    return rows


def conversions_by_district_month(*, months: int = 12, today: dt.date | None = None) -> dict:
    """Conversions per district and per month (last `months` months), for the public impact page. Conversions are
    vehicles, not people, and carry no owner data, so they are shown exactly."""
    today = today or timezone.localdate()
    first = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    qs = Conversion.objects.filter(converted_on__gte=first, converted_on__lte=today)
    per_month = {r["m"].strftime("%Y-%m"): r["n"] for r in qs.annotate(m=TruncMonth("converted_on"))
                 .values("m").annotate(n=Count("id"))}
    month_keys = []
    cursor = first
    while cursor <= today:
        month_keys.append(cursor.strftime("%Y-%m"))
        cursor = (cursor + dt.timedelta(days=32)).replace(day=1)
    by_district = defaultdict(int)
    names = {}
    for r in qs.values("district_id", "district__name_th", "district__name_en").annotate(n=Count("id")):
        by_district[r["district_id"]] += r["n"]
        names[r["district_id"]] = (r["district__name_th"], r["district__name_en"])
    return {
        "total": Conversion.objects.count(),
        "agents": Agent.objects.filter(status=Agent.Status.APPROVED).count(),
        "months": [{"month": m, "first": dt.date(int(m[:4]), int(m[5:]), 1), "count": per_month.get(m, 0)}
                   for m in month_keys],
        "districts": sorted(({"code": c, "name_th": names[c][0], "name_en": names[c][1], "count": n}
                             for c, n in by_district.items()), key=lambda r: (-r["count"], r["code"])),
    }

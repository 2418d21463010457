"""Reads of the payments app, scoped to who is asking."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncDate

from .models import Invoice, Payee, Payment, SponsorShare


def payee_exists(key: str) -> bool:
    """Is there a receiving organisation with this key (a training provider's slug)?"""
    return bool(key) and Payee.objects.filter(key=key).exists()


def invoices_visible_to(user):
    """A payer sees their own invoices; centre staff their payee's; superusers everything."""
    if not user.is_authenticated:
        return Invoice.objects.none()
    if user.is_superuser:
        return Invoice.objects.all()
    return Invoice.objects.filter(Q(payer=user) | Q(payee__staff_group__in=user.groups.all())).distinct()


def invoices_for_payable(kind: str, ref: str):
    return Invoice.objects.filter(payable_kind=kind, payable_ref=str(ref)).order_by("-created_at")


def daily_totals(invoices) -> list[dict]:
    """Applied payments per day (Asia/Bangkok), for the staff's books."""
    return list(
        Payment.objects.filter(invoice__in=invoices, outcome=Payment.Outcome.APPLIED)
        .annotate(day=TruncDate("confirmed_at")).values("day").annotate(total=Sum("amount")).order_by("-day")
    )


def sponsor_statement(sponsor_key: str, *, payees=None) -> dict:
    """What a sponsor owes or paid, for whom (payable references), with totals.

    `payees` limits it to fees invoiced by those payees (a centre's staff see their own centre's part only);
    None means every payee (superusers)."""
    shares = SponsorShare.objects.filter(sponsor_key=sponsor_key).order_by("created_at")
    if payees is not None:
        invoiced_here = Invoice.objects.filter(payee__in=payees, payable_kind=OuterRef("payable_kind"),
                                               payable_ref=OuterRef("payable_ref"))
        shares = shares.filter(Exists(invoiced_here))
    totals = defaultdict(lambda: Decimal("0.00"))
    for share in shares:
        totals["settled" if share.settled_at else "owed"] += share.amount_thb
    return {"lines": list(shares), "owed": totals["owed"], "settled": totals["settled"]}

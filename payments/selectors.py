"""Reads of the payments app, scoped to who is asking."""

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.utils.module_loading import import_string

from .models import Invoice, Payee, Payment, SponsorShare


def payee_exists(key: str) -> bool:
    """Is there a receiving organisation with this key (a training provider's slug)?"""
    return bool(key) and Payee.objects.filter(key=key).exists()


def _staff_payee_q(user, prefix: str = "") -> Q:
    """Payees a staff user works for: their payee's own staff group (finance), or the organisation they are staff
    of, named by settings.SAPHAN_STAFF_PAYEE_KEYS (the training centre whose staff group they are in; payments
    does not import courses). `prefix` reaches the payee from another model (e.g. "payee__")."""
    q = Q(**{f"{prefix}staff_group__in": user.groups.all()})
    path = getattr(settings, "SAPHAN_STAFF_PAYEE_KEYS", "")
    keys = list(import_string(path)(user)) if path else []
    if keys:
        q |= Q(**{f"{prefix}key__in": keys})
    return q


def staff_payees(user):
    """Receiving organisations whose money this staff user handles (all of them for superusers)."""
    if not user.is_authenticated:
        return Payee.objects.none()
    return Payee.objects.all() if user.is_superuser else Payee.objects.filter(_staff_payee_q(user))


def staff_invoices(user):
    """Invoices of the payees this staff user handles: a centre editor sees their own centre's."""
    if not user.is_authenticated:
        return Invoice.objects.none()
    if user.is_superuser:
        return Invoice.objects.all()
    return Invoice.objects.filter(_staff_payee_q(user, "payee__")).distinct()


def invoices_visible_to(user):
    """A payer sees their own invoices; centre staff their payee's; superusers everything."""
    if not user.is_authenticated:
        return Invoice.objects.none()
    if user.is_superuser:
        return Invoice.objects.all()
    return Invoice.objects.filter(Q(payer=user) | _staff_payee_q(user, "payee__")).distinct()


def payer_name(invoice) -> str:
    """Who pays, as staff know them: the payable's own name for its payer (e.g. the learner's full name) when its
    handler offers `payer_name(ref)`, else the account's name, phone or username."""
    from .payables import get_handler

    try:
        name = getattr(get_handler(invoice.payable_kind), "payer_name", lambda ref: "")(invoice.payable_ref)
    except (LookupError, ObjectDoesNotExist):
        name = ""
    user = invoice.payer
    return name or user.get_full_name() or getattr(user, "phone", "") or user.get_username()


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

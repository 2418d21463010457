"""Reads of the funding ledger: balances and the consistency checks staff see."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from .models import Disbursement, Grant, SchemeReturn, SupportScheme

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class LedgerFlag:
    code: str
    message_th: str
    message_en: str
    gap: Decimal = ZERO


def scheme_balance(scheme: SupportScheme) -> dict:
    """allocated + returned (revolving schemes only) − disbursed = balance."""
    agg = scheme.disbursements.aggregate(s=Sum("amount"), n=Count("id"))
    spent = agg["s"] or ZERO
    returned = (scheme.returns.aggregate(s=Sum("amount"))["s"] or ZERO) if scheme.revolving else ZERO
    return {"allocated": scheme.allocated, "disbursed": spent, "returned": returned,
            "balance": scheme.allocated + returned - spent, "recipients": agg["n"]}


def grant_balance(grant: Grant) -> dict:
    allocated = grant.schemes.aggregate(s=Sum("allocated"))["s"] or ZERO
    disbursed = Disbursement.objects.filter(scheme__grant=grant).aggregate(s=Sum("amount"))["s"] or ZERO
    returned = SchemeReturn.objects.filter(scheme__grant=grant, scheme__revolving=True).aggregate(
        s=Sum("amount"))["s"] or ZERO
    return {"amount": grant.amount, "allocated": allocated, "unallocated": grant.amount - allocated,
            "disbursed": disbursed, "returned": returned, "balance": grant.amount + returned - disbursed}


def scheme_transfers(scheme: SupportScheme) -> list[dict]:
    """Money out (disbursements) and, for a revolving scheme, money back (returns), oldest first."""
    rows = [{"on": d.paid_on, "kind": "out", "name": d.recipient_name, "promptpay_id": d.promptpay_id,
             "amount": d.amount, "reference": d.reference, "id": d.pk} for d in scheme.disbursements.all()]
    if scheme.revolving:
        rows += [{"on": r.returned_on, "kind": "back", "name": r.payer_name, "promptpay_id": "", "amount": r.amount,
                  "reference": r.reference, "id": r.pk} for r in scheme.returns.all()]
    return sorted(rows, key=lambda r: (r["on"], r["kind"] == "back", r["id"]))


def grant_checks(grant: Grant) -> list[LedgerFlag]:
    """Every mismatch between stated and computed figures, with the gap in THB; nothing is rounded away."""
    flags: list[LedgerFlag] = []
    computed_total = ZERO
    schemes = list(grant.schemes.order_by("id"))
    for s in schemes:
        bal = scheme_balance(s)
        if s.per_head_amount is not None and s.stated_recipients is not None:
            product = s.per_head_amount * s.stated_recipients
            computed_total += product
            if s.stated_total is not None and product != s.stated_total:
                gap = s.stated_total - product
                flags.append(LedgerFlag(
                    "scheme_total_mismatch",
                    f"{s.name}: {s.stated_recipients:,} × {s.per_head_amount:,.2f} = {product:,.2f} บาท "
                    f"แต่รายงาน {s.stated_total:,.2f} บาท (ต่าง {gap:,.2f})",
                    f"{s.name}: {s.stated_recipients:,} × {s.per_head_amount:,.2f} = {product:,.2f} THB "
                    f"but {s.stated_total:,.2f} THB stated (gap {gap:,.2f})", gap))
        elif s.stated_total is not None:
            computed_total += s.stated_total
        if s.per_head_amount is not None:
            wrong = s.disbursements.exclude(amount=s.per_head_amount).count()
            if wrong:
                flags.append(LedgerFlag("per_head_amount_differs",
                                        f"{s.name}: {wrong} รายการจ่ายไม่เท่ากับเงินต่อหัว",
                                        f"{s.name}: {wrong} payments differ from the per-head amount"))
        if bal["balance"] < 0:
            flags.append(LedgerFlag("scheme_negative", f"{s.name}: ยอดคงเหลือติดลบ", f"{s.name}: negative balance",
                                    bal["balance"]))
        if s.requires_out_of_school:
            inelig = s.disbursements.filter(trainee__isnull=True).count() + s.disbursements.filter(
                trainee__out_of_school=False).count()
            if inelig:
                flags.append(LedgerFlag("ineligible_recipient",
                                        f"{s.name}: ผู้รับ {inelig} คนไม่มีสถานะเยาวชนนอกระบบที่ยืนยันได้",
                                        f"{s.name}: {inelig} recipients without a verified out-of-school status"))
    if grant.reported_total is not None and schemes and computed_total != grant.reported_total:
        gap = grant.reported_total - computed_total
        terms = " + ".join(f"{s.stated_recipients:,} × {s.per_head_amount:,.0f}" for s in schemes
                           if s.per_head_amount is not None and s.stated_recipients is not None)
        flags.append(LedgerFlag(
            "reported_total_mismatch",
            f"{terms} = {computed_total:,.2f} บาท แต่รายงานยอดรวม {grant.reported_total:,.2f} บาท "
            f"(ต่าง {gap:,.2f} บาท)",
            f"{terms} = {computed_total:,.2f} THB but the stated total is {grant.reported_total:,.2f} THB "
            f"(gap {gap:,.2f} THB)", gap))
    bal = grant_balance(grant)
    if bal["balance"] < 0 or bal["unallocated"] < 0:
        flags.append(LedgerFlag("grant_negative", "ทุนมียอดคงเหลือติดลบ", "The grant balance is negative",
                                min(bal["balance"], bal["unallocated"])))
    return flags


def grants_visible_to(user):
    """The grants whose ledger this user may read: superusers all; other staff only the grants kept by an
    organisation (Grant.staff_group) they belong to. Anyone else none."""
    if not (user.is_authenticated and user.is_staff):
        return Grant.objects.none()
    if user.is_superuser:
        return Grant.objects.all()
    return Grant.objects.filter(staff_group__in=user.groups.values("pk"))

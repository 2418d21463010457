"""Writes of the funding ledger. Every write locks the grant row so two clerks cannot overspend it together."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum

from payments.promptpay import PromptPayError, _classify_target

from .exceptions import InsufficientBalance, LedgerError
from .models import Disbursement, Grant, SupportScheme

ZERO = Decimal("0.00")


def _money(value, *, what_th: str, what_en: str) -> Decimal:
    if isinstance(value, float):
        raise LedgerError(f"{what_th}ต้องไม่ใช่ float", f"{what_en} must not be a float")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise LedgerError(f"{what_th}ไม่ถูกต้อง: {value}", f"{what_en} is not a number: {value}") from None
    if not amount.is_finite() or amount <= 0 or amount.as_tuple().exponent < -2:
        raise LedgerError(f"{what_th}ต้องมากกว่าศูนย์ ทศนิยมไม่เกิน 2 ตำแหน่ง", f"{what_en} must be > 0 with at most 2 decimals")
    return amount.quantize(Decimal("0.01"))


def normalize_promptpay_id(value: str) -> str:
    """Mobile (0812345678), 13-digit national/tax ID or 15-digit e-wallet ID, as the bank file expects it."""
    try:
        kind, encoded = _classify_target(value)
    except PromptPayError as exc:
        raise LedgerError(f"พร้อมเพย์ไม่ถูกต้อง: {exc.message_th}", f"Invalid PromptPay ID: {exc}") from None
    return "0" + encoded[4:] if kind == "01" else encoded


@transaction.atomic
def grant_create(*, sponsor_name: str, title: str, amount, period_start: dt.date, period_end: dt.date,
                 purpose: str = "", reported_total=None) -> Grant:
    if period_end < period_start:
        raise LedgerError("วันสิ้นสุดต้องไม่ก่อนวันเริ่ม", "The period ends before it starts")
    return Grant.objects.create(
        sponsor_name=sponsor_name, title=title, purpose=purpose, period_start=period_start, period_end=period_end,
        amount=_money(amount, what_th="จำนวนทุน", what_en="Grant amount"),
        reported_total=None if reported_total is None else _money(reported_total, what_th="ยอดรวมที่รายงาน",
                                                                  what_en="Reported total"),
    )


@transaction.atomic
def scheme_create(*, grant: Grant, name: str, allocated, per_head_amount=None, stated_recipients=None,
                  stated_total=None, requires_out_of_school: bool = True) -> SupportScheme:
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    allocated = _money(allocated, what_th="เงินจัดสรร", what_en="Allocation")
    already = grant.schemes.aggregate(s=Sum("allocated"))["s"] or ZERO
    if already + allocated > grant.amount:
        raise InsufficientBalance(
            f"จัดสรรเกินทุน: คงเหลือ {grant.amount - already:,.2f} บาท",
            f"Allocation exceeds the grant: {grant.amount - already:,.2f} THB left",
        )
    return SupportScheme.objects.create(
        grant=grant, name=name, allocated=allocated, stated_recipients=stated_recipients,
        per_head_amount=None if per_head_amount is None else _money(per_head_amount, what_th="เงินต่อหัว",
                                                                    what_en="Per-head amount"),
        stated_total=None if stated_total is None else _money(stated_total, what_th="ยอดรวม", what_en="Total"),
        requires_out_of_school=requires_out_of_school,
    )


@transaction.atomic
def disbursement_record(*, scheme: SupportScheme, recipient_name: str, promptpay_id: str, amount,
                        paid_on: dt.date, reference: str, trainee=None, recorded_by=None) -> Disbursement:
    """Refuses overspending a scheme (so the grant balance can never go negative) and reused bank references."""
    Grant.objects.select_for_update().get(pk=scheme.grant_id)
    scheme = SupportScheme.objects.select_for_update().get(pk=scheme.pk)
    amount = _money(amount, what_th="จำนวนเงิน", what_en="Amount")
    reference = (reference or "").strip()
    if not reference:
        raise LedgerError("ต้องระบุเลขอ้างอิงการโอน", "A transfer reference is required")
    if not (recipient_name or "").strip():
        raise LedgerError("ต้องระบุชื่อผู้รับ", "A recipient name is required")
    if Disbursement.objects.filter(reference=reference).exists():
        raise LedgerError(f"เลขอ้างอิง {reference} ถูกใช้แล้ว", f"Reference {reference} is already used")
    ppid = normalize_promptpay_id(promptpay_id)
    spent = scheme.disbursements.aggregate(s=Sum("amount"))["s"] or ZERO
    if spent + amount > scheme.allocated:
        raise InsufficientBalance(
            f"เงินในโครงการ {scheme.name} คงเหลือ {scheme.allocated - spent:,.2f} บาท ไม่พอจ่าย {amount:,.2f} บาท",
            f"Scheme {scheme.name} has {scheme.allocated - spent:,.2f} THB left, not enough for {amount:,.2f} THB",
        )
    return Disbursement.objects.create(
        scheme=scheme, trainee=trainee, recipient_name=recipient_name.strip(), promptpay_id=ppid, amount=amount,
        paid_on=paid_on, reference=reference, recorded_by=recorded_by,
    )

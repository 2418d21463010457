"""Every write of the payments app. Confirmation is idempotent; an invoice is paid once; money is Decimal."""

import hashlib
from datetime import datetime, timedelta
from decimal import Decimal

from celery import current_app
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from config.money import AmountError, parse_thb

from . import promptpay
from .exceptions import (
    InvalidAmount,
    InvoiceAlreadyPaid,
    InvoiceNotOpen,
    NoFreeAmount,
    PaymentError,
    ReferenceAlreadyUsed,
    StatementFormatError,
    UnknownPayee,
)
from .models import Invoice, Payee, Payment, SponsorShare, StatementImport, StatementLine
from .statements import read_statement, transfer_key

CENT = Decimal("0.01")
DEFAULT_DUE = timedelta(days=3)
MATCH_GRACE = timedelta(days=2)  # a transfer seen up to two days after the due time still matches


def _money(value) -> Decimal:
    try:
        return parse_thb(value, positive=False)
    except AmountError as exc:
        raise InvalidAmount(message_th=exc.message_th, message_en=exc.message_en) from None


def _next_number(payee: Payee) -> str:
    """The next number in this month's series of the payee's prefix. Numbers are unique across payees while payees
    share prefixes (default "INV"), so the series runs over every payee's invoices, serialised by a transaction
    lock on the prefix (the payee's row lock covers only one payee)."""
    stamp = timezone.localtime().strftime("%y%m")
    prefix = f"{payee.invoice_prefix}{stamp}-"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"saphan-invoice-number:{prefix}"])
    last = (Invoice.objects.filter(number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    following = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}{following:05d}"


@transaction.atomic
def invoice_create(*, payable_kind: str, payable_ref: str, payer, payee_key: str, amount: Decimal,
                   description_th: str, description_en: str, due_at: datetime | None = None) -> Invoice:
    """An open invoice whose amount is unique among the payee's open invoices (a satang offset of 0–0.99)."""
    base = _money(amount)
    if base <= 0:
        raise InvalidAmount(gettext_lazy("ยอดที่ต้องชำระต้องมากกว่าศูนย์"))
    try:
        payee = Payee.objects.select_for_update().get(key=payee_key)  # serialises numbering and offsets per payee
    except Payee.DoesNotExist:
        raise UnknownPayee(context=payee_key) from None
    taken = set(
        Invoice.objects.filter(payee=payee, status=Invoice.Status.OPEN, amount__gte=base, amount__lt=base + 1)
        .values_list("amount", flat=True)
    )
    # Bill-payment payees are matched by ref1 first, but a unique amount costs nothing and is a second key.
    for offset in range(100):
        candidate = base + Decimal(offset) * CENT
        if candidate not in taken:
            break
    else:
        raise NoFreeAmount()
    number = _next_number(payee)
    return Invoice.objects.create(
        number=number, bill_ref=number.replace("-", ""), payee=payee, payer=payer, payable_kind=payable_kind,
        payable_ref=str(payable_ref),
        description_th=description_th, description_en=description_en, base_amount=base, amount=candidate,
        due_at=due_at or timezone.now() + DEFAULT_DUE,
    )


@transaction.atomic
def fee_split_record(*, payable_kind: str, payable_ref: str, total_thb: Decimal, payer_thb: Decimal,
                     shares: list[tuple[str, str, Decimal]]) -> None:
    """Record who pays what of one fee. The parts must add up to the total."""
    total, payer_part = _money(total_thb), _money(payer_thb)
    parts = [(key, name, _money(value)) for key, name, value in shares]
    if payer_part < 0 or any(value < 0 for _, _, value in parts) or payer_part + sum(v for _, _, v in parts) != total:
        raise InvalidAmount(gettext_lazy("ส่วนแบ่งค่าเรียนรวมกันไม่เท่ากับค่าเรียนทั้งหมด"))
    for key, name, value in parts:
        SponsorShare.objects.update_or_create(
            payable_kind=payable_kind, payable_ref=str(payable_ref), sponsor_key=key,
            defaults={"sponsor_name": name, "amount_thb": value, "total_thb": total, "payer_thb": payer_part},
        )


def _notify_on_commit(task_name: str, invoice_id: int) -> None:
    # by task name: the tasks module imports this one, never the other way round
    transaction.on_commit(lambda: current_app.send_task(f"payments.{task_name}", args=[invoice_id]))


@transaction.atomic
def invoice_confirm(*, invoice_id: int, amount: Decimal, method: str, reference: str | None = None, by=None,
                    reason: str = "", sending_bank: str = "", slip_image=None) -> Payment:
    """Record money for an invoice. Idempotent for a repeated reference on the same invoice; one winner when
    several confirmations race; a wrong amount or a paid/expired/cancelled invoice is flagged, not accepted."""
    paid = _money(amount)
    invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
    if reference:
        existing = Payment.objects.filter(reference=reference).first()
        if existing is not None:
            if existing.invoice_id == invoice.pk and method != Payment.Method.SLIP:
                return existing  # the same statement line seen again: nothing changes
            raise ReferenceAlreadyUsed()
    if method == Payment.Method.MANUAL and not reason.strip():
        raise PaymentError(gettext_lazy("กรุณาระบุเหตุผลของการยืนยันด้วยตนเอง"))
    if invoice.status == Invoice.Status.PAID:
        if method == Payment.Method.MANUAL or not reference:
            raise InvoiceAlreadyPaid()
        outcome = Payment.Outcome.REFUND_DUE  # real money arrived twice: keep it visible for a refund
    elif invoice.status in (Invoice.Status.EXPIRED, Invoice.Status.CANCELLED):
        outcome = Payment.Outcome.REFUND_DUE
    elif paid != invoice.amount:
        outcome = Payment.Outcome.AMOUNT_MISMATCH
    else:
        outcome = Payment.Outcome.APPLIED
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                invoice=invoice, method=method, outcome=outcome, amount=paid, reference=reference or None,
                sending_bank=sending_bank, reason=reason, confirmed_by=by,
                **({"slip_image": slip_image} if slip_image else {}),
            )
    except IntegrityError:
        raise ReferenceAlreadyUsed() from None
    if outcome == Payment.Outcome.APPLIED:
        invoice.status = Invoice.Status.PAID
        invoice.paid_at = timezone.now()
        invoice.save(update_fields=["status", "paid_at", "updated_at"])
        _notify_on_commit("notify_payable_paid", invoice.pk)
    return payment


def confirm_by_slip(*, invoice_id: int, amount: Decimal, by, transaction_ref: str = "", slip_payload: str = "",
                    slip_image=None) -> Payment:
    """Staff confirm with a transfer slip: the reference is read from the slip's mini-QR when given."""
    bank = ""
    if slip_payload:
        try:
            parsed = promptpay.parse_payload(slip_payload)
        except promptpay.PromptPayError as exc:
            raise PaymentError(message_th=f"QR บนสลิปไม่ถูกต้อง: {exc.message_th}", message_en=str(exc)) from None
        if parsed.kind != "slip_verification":
            raise PaymentError(gettext_lazy("QR นี้ไม่ใช่ QR บนสลิปโอนเงิน"))
        transaction_ref, bank = parsed.transaction_ref, parsed.sending_bank
    transaction_ref = (transaction_ref or "").strip()
    if not transaction_ref:
        raise PaymentError(gettext_lazy("กรุณาระบุเลขอ้างอิงรายการบนสลิป"))
    return invoice_confirm(invoice_id=invoice_id, amount=amount, method=Payment.Method.SLIP,
                           reference=transfer_key(transaction_ref), by=by, sending_bank=bank, slip_image=slip_image)


@transaction.atomic
def invoice_cancel(*, invoice, by=None, reason: str) -> Invoice:
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != Invoice.Status.OPEN:
        raise InvoiceNotOpen()
    invoice.status = Invoice.Status.CANCELLED
    invoice.save(update_fields=["status", "updated_at"])
    return invoice


@transaction.atomic
def payment_refund_record(*, payment: Payment, by, reference: str) -> Payment:
    """Money sent back (for a refund-due or mismatched payment), recorded separately from the invoice's status."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.outcome == Payment.Outcome.APPLIED:
        raise PaymentError(gettext_lazy("รายการนี้ใช้ชำระใบแจ้งหนี้แล้ว ให้ยกเลิกการลงทะเบียนก่อนคืนเงิน"))
    if payment.refunded_at:
        return payment
    payment.refunded_at = timezone.now()
    payment.reason = f"{payment.reason}\nrefund {reference.strip()} by {getattr(by, 'username', '?')}".strip()
    payment.save(update_fields=["refunded_at", "reason"])
    return payment


def invoices_expire_overdue(*, now: datetime | None = None) -> list[int]:
    """Expire open invoices past due; each payable is told (on commit) so a held seat is released."""
    now = now or timezone.now()
    expired = []
    for invoice_id in Invoice.objects.filter(status=Invoice.Status.OPEN, due_at__lt=now).values_list("pk", flat=True):
        with transaction.atomic():
            updated = Invoice.objects.filter(pk=invoice_id, status=Invoice.Status.OPEN).update(
                status=Invoice.Status.EXPIRED, updated_at=now)
            if updated:
                expired.append(invoice_id)
                _notify_on_commit("notify_payable_expired", invoice_id)
    return expired


def _match_line(payee: Payee, row) -> tuple[Invoice | None, str]:
    """The invoice a statement row pays: by reference (bill payment) or by unique amount within the time window."""
    text = f"{row.reference} {row.description}".upper()
    tokens = set(text.replace(",", " ").split())
    by_number = Invoice.objects.filter(Q(number__in=tokens) | Q(bill_ref__in=tokens), payee=payee).first()
    if by_number is not None:
        return by_number, "reference"
    window = Q(created_at__lte=row.posted_at + timedelta(hours=1)) & Q(due_at__gte=row.posted_at - MATCH_GRACE)
    candidates = list(Invoice.objects.filter(window, payee=payee, amount=row.amount).order_by("-created_at")[:2])
    open_ones = [inv for inv in candidates if inv.status == Invoice.Status.OPEN]
    if open_ones:
        return open_ones[0], "amount"
    if candidates:
        return candidates[0], "amount"
    return None, ""


def statement_import(*, payee: Payee, content: bytes, filename: str, bank_format: str, by=None) -> dict:
    """Import a bank statement whole or not at all: every row is checked first, then all are applied in one
    transaction. Re-importing a file counts nothing twice; a transfer already confirmed by its slip is recognised."""
    digest = hashlib.sha256(content).hexdigest()
    rows, errors = read_statement(content, bank_format)
    if errors:
        raise StatementFormatError(
            message_th="ไฟล์มีแถวที่อ่านไม่ได้ ยังไม่ได้นำเข้ารายการใดเลย แก้ไขแล้วอัปโหลดใหม่: " + "; ".join(errors[:10]),
            message_en="Some rows could not be read; nothing was imported. Fix them and upload again: "
                       + "; ".join(errors[:10]),
        )
    summary = {"matched": 0, "unmatched": 0, "flagged": 0, "duplicate": 0, "errors": [], "already_imported": False}
    with transaction.atomic():
        statement, created = StatementImport.objects.get_or_create(
            payee=payee, file_sha256=digest,
            defaults={"filename": filename[:255], "bank_format": bank_format, "imported_by": by},
        )
        if not created:
            summary["already_imported"] = True
            summary["duplicate"] = statement.lines.count()
            return summary
        for row in rows:
            state, invoice, note = _apply_line(payee, row, by)
            StatementLine.objects.create(
                statement=statement, row_number=row.row_number, line_key=row.line_key, posted_at=row.posted_at,
                amount=row.amount, reference=row.reference, description=row.description, state=state,
                invoice=invoice, note=note,
            )
            summary[state] += 1
    return summary


def _apply_line(payee: Payee, row, by) -> tuple[str, Invoice | None, str]:
    earlier = Payment.objects.filter(reference=row.line_key).select_related("invoice").first()
    if earlier is not None:
        how = "slip" if earlier.method == Payment.Method.SLIP else "an earlier statement"
        return StatementLine.State.DUPLICATE, earlier.invoice, f"already counted ({how})"
    invoice, how = _match_line(payee, row)
    if invoice is None:
        return StatementLine.State.UNMATCHED, None, ""
    payment = invoice_confirm(invoice_id=invoice.pk, amount=row.amount, method=Payment.Method.STATEMENT,
                              reference=row.line_key, by=by)
    if payment.outcome == Payment.Outcome.APPLIED:
        return StatementLine.State.MATCHED, invoice, f"matched by {how}"
    return StatementLine.State.FLAGGED, invoice, payment.get_outcome_display()

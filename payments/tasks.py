"""Thin tasks: tell the payable (e.g. an enrolment) that its invoice was paid or expired; expire overdue ones."""

from celery import shared_task

from .models import Invoice
from .payables import get_handler
from .services import invoices_expire_overdue


@shared_task(name="payments.notify_payable_paid", autoretry_for=(Exception,), retry_backoff=5, max_retries=5)
def notify_payable_paid(invoice_id: int) -> None:
    invoice = Invoice.objects.get(pk=invoice_id)
    get_handler(invoice.payable_kind).on_paid(invoice.payable_ref, invoice.pk)


@shared_task(name="payments.notify_payable_expired", autoretry_for=(Exception,), retry_backoff=5, max_retries=5)
def notify_payable_expired(invoice_id: int) -> None:
    invoice = Invoice.objects.get(pk=invoice_id)
    get_handler(invoice.payable_kind).on_expired(invoice.payable_ref, invoice.pk)


@shared_task(name="payments.expire_overdue")
def expire_overdue() -> int:
    return len(invoices_expire_overdue())

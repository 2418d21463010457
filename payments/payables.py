"""What an invoice is for, without payments knowing about courses or enrolments.

An app that wants to be paid registers a handler class per kind in `settings.PAYMENTS_PAYABLES`
(e.g. "enrollment" → "trainees.payables.EnrollmentPayable"). An invoice stores (payable_kind, payable_ref);
payments calls the handler back, from an on-commit Celery task, when the invoice is paid or expires.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PayableInfo:
    description_th: str
    description_en: str
    amount_thb: Decimal  # what the payer owes after any sponsor share
    payer_user_id: int
    payee_key: str  # which receiving organisation (Payee.key), e.g. a training provider's slug


class PayableHandler(Protocol):
    def describe(self, ref: str) -> PayableInfo: ...

    def on_paid(self, ref: str, invoice_id: int) -> None: ...

    def on_expired(self, ref: str, invoice_id: int) -> None: ...


def get_handler(kind: str) -> PayableHandler:
    try:
        path = settings.PAYMENTS_PAYABLES[kind]
    except KeyError:
        raise LookupError(f"no payable handler registered for {kind!r}") from None
    return import_string(path)()

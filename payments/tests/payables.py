"""A payable handler for payments' own tests, so they do not depend on trainees (the worker runs in-process)."""

from decimal import Decimal

from payments.payables import PayableInfo

CALLS: list[tuple[str, str, int]] = []


class RecordingPayable:
    def describe(self, ref):
        return PayableInfo("ทดสอบ", "test", Decimal("100.00"), 0, "centre")

    def on_paid(self, ref, invoice_id):
        CALLS.append(("paid", ref, invoice_id))

    def on_expired(self, ref, invoice_id):
        CALLS.append(("expired", ref, invoice_id))

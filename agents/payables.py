"""Fund instalments as payables: payments calls back here (from on-commit tasks) when an invoice is paid or expires."""

from payments.payables import PayableInfo

from . import services
from .models import Instalment


class InstalmentPayable:
    def describe(self, ref: str) -> PayableInfo:
        inst = Instalment.objects.select_related("loan__agent", "loan__fund").get(pk=int(ref))
        loan = inst.loan
        return PayableInfo(f"ผ่อนชำระกองทุนหมุนเวียน งวดที่ {inst.number}/{loan.instalments}",
                           f"Revolving fund repayment {inst.number}/{loan.instalments}", inst.amount,
                           loan.agent.user_id, loan.fund.payee_key)

    def on_paid(self, ref: str, invoice_id: int) -> None:
        services.instalment_mark_paid(instalment_id=int(ref), invoice_id=invoice_id)

    def on_expired(self, ref: str, invoice_id: int) -> None:
        """Nothing to release: the instalment stays due and the agent can get a fresh invoice."""

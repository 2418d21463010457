from django.utils.translation import gettext_lazy

from config.errors import NotAllowed, SaphanError
from partners.exceptions import InsufficientBalance, LedgerError  # noqa: F401  (one family for money errors)


class AgentError(SaphanError):
    message = gettext_lazy("บันทึกใบสมัครตัวแทนไม่ได้")


class CertificateNotValid(AgentError):
    message = gettext_lazy("ใบรับรองไม่ถูกต้อง")


class LoanError(SaphanError):
    message = gettext_lazy("บันทึกรายการเงินกู้ไม่ได้")


class ConflictOfInterest(NotAllowed):
    message = gettext_lazy("กรรมการอนุมัติคำขอของหน่วยงานตนเองไม่ได้")

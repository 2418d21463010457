from config.errors import NotAllowed, SaphanError
from partners.exceptions import InsufficientBalance, LedgerError  # noqa: F401  (one family for money errors)


class AgentError(SaphanError):
    message_th = "บันทึกใบสมัครตัวแทนไม่ได้"
    message_en = "The agent application was refused."


class CertificateNotValid(AgentError):
    message_th = "ใบรับรองไม่ถูกต้อง"
    message_en = "A certificate is not valid."


class LoanError(SaphanError):
    message_th = "บันทึกรายการเงินกู้ไม่ได้"
    message_en = "The loan action was refused."


class ConflictOfInterest(NotAllowed):
    message_th = "กรรมการอนุมัติคำขอของหน่วยงานตนเองไม่ได้"
    message_en = "A committee member cannot approve their own organisation's application."

from django.utils.translation import gettext_lazy

from config.errors import SaphanError


class LedgerError(SaphanError):
    message = gettext_lazy("บันทึกรายการเงินไม่ได้")


class InsufficientBalance(LedgerError):
    message = gettext_lazy("ยอดคงเหลือของทุนไม่พอ")


class ReferralError(SaphanError):
    message = gettext_lazy("บันทึกการส่งต่อไม่ได้")


class SurveyError(SaphanError):
    message = gettext_lazy("บันทึกคำตอบไม่ได้")


class SurveyNotFound(SurveyError):
    message = gettext_lazy("ไม่พบแบบสอบถามนี้ ลิงก์อาจไม่ถูกต้อง")
    status_code = 404


class SurveyAlreadyAnswered(SurveyError):
    message = gettext_lazy("ตอบแบบสอบถามนี้แล้ว ขอบคุณค่ะ")
    status_code = 409

from config.errors import SaphanError


class LedgerError(SaphanError):
    message_th = "บันทึกรายการเงินไม่ได้"
    message_en = "The ledger entry was refused."


class InsufficientBalance(LedgerError):
    message_th = "ยอดคงเหลือของทุนไม่พอ"
    message_en = "The grant or scheme balance is not enough."


class ReferralError(SaphanError):
    message_th = "บันทึกการส่งต่อไม่ได้"
    message_en = "The referral was refused."


class SurveyError(SaphanError):
    message_th = "บันทึกคำตอบไม่ได้"
    message_en = "The answer was not recorded."


class SurveyNotFound(SurveyError):
    message_th = "ไม่พบแบบสอบถามนี้ ลิงก์อาจไม่ถูกต้อง"
    message_en = "This survey link is not valid."
    status_code = 404


class SurveyAlreadyAnswered(SurveyError):
    message_th = "ตอบแบบสอบถามนี้แล้ว ขอบคุณค่ะ"
    message_en = "This survey has already been answered. Thank you."
    status_code = 409
